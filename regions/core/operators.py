"""Regional ops users: the permission group they share and their region memberships."""

from collections.abc import Iterable

from django.apps import AppConfig, apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from regions.core.models import Region, RegionOperator
from regions.core.permissions import ops_permission_codenames

OPS_GROUP = "Regional ops"


def ops_group() -> Group:
    """The group with every permission regional ops need, created or brought up to date."""
    group, _ = Group.objects.get_or_create(name=OPS_GROUP)
    wanted = ops_permission_codenames()
    match = Q(pk__in=[])
    for app, codename in wanted:
        match |= Q(content_type__app_label=app, codename=codename)
    permissions = list(Permission.objects.filter(match).select_related("content_type"))
    missing = set(wanted) - {(p.content_type.app_label, p.codename) for p in permissions}
    if missing:
        raise Permission.DoesNotExist(f"Unknown ops permissions {sorted(missing)}; migrate first.")
    group.permissions.set(permissions)
    return group


def refresh_ops_group(sender: AppConfig, **kwargs: object) -> None:
    """post_migrate: an existing ops group gains the permissions of newly installed apps.
    Django creates each app's permissions in its own post_migrate, app by app: only after the
    last app's are all of them there."""
    if sender is list(apps.get_app_configs())[-1] and \
            Group.objects.filter(name=OPS_GROUP).exists():
        ops_group()


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
