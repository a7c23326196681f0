"""Who may see a supplier's compliance data in a region: the supplier's own members, the
region's ops, and superusers. One place, so the API, downloads and admin agree."""

from django.contrib.auth.base_user import AbstractBaseUser

from regions.core.models import RegionOperator


def is_supplier_member(user: AbstractBaseUser, supplier_id: int) -> bool:
    return bool(user.is_authenticated and user.is_active) and user.suppliers.filter(
        pk=supplier_id).exists()


def operates_region(user: AbstractBaseUser, region_id: int) -> bool:
    """Superusers operate every region; ops (staff) the regions they are members of."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.is_staff and RegionOperator.objects.filter(user=user,
                                                           region_id=region_id).exists()


def may_see_compliance(user: AbstractBaseUser, supplier_id: int, region_id: int) -> bool:
    return is_supplier_member(user, supplier_id) or operates_region(user, region_id)
