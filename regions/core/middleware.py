"""Admin pages show times in the operator's region time zone (regions.core.timezones); the
admin header names the zone, and labelled columns add its abbreviation ("14:05 CET")."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from regions.core.scoping import regions_for
from regions.core.timezones import operator_time_zone


class OperatorTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if not (user is not None and user.is_authenticated and user.is_staff
                and not user.is_superuser and request.path.startswith(reverse("admin:index"))):
            return self.get_response(request)
        codes = list(regions_for(user).values_list("code", flat=True))
        timezone.activate(zoneinfo.ZoneInfo(operator_time_zone(codes)))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
