"""Which regions a user may see and edit, and whether a row falls inside them."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models

from regions.core.models import Region


def regions_for(user: AbstractBaseUser) -> models.QuerySet[Region]:
    """Superusers see every region; ops users the regions they belong to; others none."""
    if not (user.is_authenticated and user.is_active):
        return Region.objects.none()
    if user.is_superuser:
        return Region.objects.all()
    return Region.objects.filter(operators__user=user)


def scope_queryset(queryset: models.QuerySet, user: AbstractBaseUser) -> models.QuerySet:
    """Restrict `queryset` to rows of the user's regions, following the model's region_path."""
    if user.is_active and user.is_superuser:
        return queryset
    path = queryset.model.region_path
    region_ids = regions_for(user).values("pk")
    lookup = "pk__in" if path == "pk" else f"{path}__in"
    return queryset.filter(**{lookup: region_ids})

