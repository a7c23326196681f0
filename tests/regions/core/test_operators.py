"""Ops permissions come from the apps' declarations, and reach an existing group on migrate."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from regions.core.operators import OPS_GROUP, ops_group, refresh_ops_group
from regions.core.permissions import ops_permission_codenames

pytestmark = pytest.mark.django_db


def held(group: Group) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")}


def test_every_app_brings_what_its_ops_may_do():
    permissions = held(ops_group())

    assert {"regions_core.change_country", "regions_core.change_region",
            "regions_payments.delete_paymentmethod", "supplier_compliance.add_certificate",
            "supplier_compliance.view_compliancereport", "compliance_review.change_claimfinding",
            "portal.view_application"} <= permissions
    # what no app grants: regions are created by superusers, reports written by the checks,
    # applications decided by approve/reject, AI findings never deleted by hand
    assert not {"regions_core.add_region", "supplier_compliance.change_compliancereport",
                "portal.change_application", "compliance_review.delete_claimfinding",
                "catalog.change_listing", "auth.change_user"} & permissions
    assert len(permissions) == len(ops_permission_codenames())


def test_migrate_brings_an_existing_group_up_to_date():
    group = Group.objects.create(name=OPS_GROUP)
    configs = list(apps.get_app_configs())

    refresh_ops_group(sender=configs[0])  # other apps' permissions may not exist yet
    assert held(group) == set()

    refresh_ops_group(sender=configs[-1])
    assert "portal.view_application" in held(group)


def test_migrate_creates_no_group_nobody_asked_for():
    refresh_ops_group(sender=list(apps.get_app_configs())[-1])
    assert not Group.objects.filter(name=OPS_GROUP).exists()
