"""Regional ops users: the permission group they share and their region memberships."""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from regions.core.models import Region, RegionOperator

OPS_GROUP = "Regional ops"

# app label → models ops may view, add, change and delete within their regions.
OPS_MODELS = {
    "regions_core": ["country"],
    "regions_languages": ["regionlanguage"],
    "regions_payments": ["paymentmethod", "paymentmethodcurrency"],
    "regions_compliance": ["certificatetype", "compliancerule", "certificate"],
    "regions_warehouses": ["warehouse", "shippingoption"],
    "regions_taxes": ["vatrate", "taxpolicy"],
}
# Regions themselves are created by superusers; ops may view and edit their own.
OPS_REGION_ACTIONS = ["view", "change"]


def ops_group() -> Group:
    """The group with every permission regional ops need, created or brought up to date."""
    group, _ = Group.objects.get_or_create(name=OPS_GROUP)
    wanted = [
        (app, f"{action}_{model}")
        for app, models in OPS_MODELS.items()
        for model in models
        for action in ("view", "add", "change", "delete")
    ] + [("regions_core", f"{action}_region") for action in OPS_REGION_ACTIONS]
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in wanted
    ]
    group.permissions.set(permissions)
    return group


@transaction.atomic
def make_operator(user, region_codes: Iterable[str]) -> None:
    """Give `user` staff access to the admin for exactly these regions."""
    codes = list(region_codes)
    regions = list(Region.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {region.code for region in regions})
    if missing:
        raise Region.DoesNotExist(f"No region {', '.join(missing)}; load its pack first.")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(ops_group())
    RegionOperator.objects.filter(user=user).exclude(region__in=regions).delete()
    for region in regions:
        RegionOperator.objects.get_or_create(user=user, region=region)
