"""How a server-rendered form answers when it refuses what was sent: the whole page again, in
the reader's language, with the reasons beside the fields, and status 400 (Bad Request), so
that a browser, a proxy's log and a test all see a refusal, not a success. Every form page of
the portal, the supplier workspace, the checkout and the merchants' sign-in answers through
here; the admin's own forms keep Django's 200.

Other refusals keep their own 4xx: 409 when the data changed meanwhile (a stale translation, a
changed quote), 429 when throttled, 403/404 for what the user may not see."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

REFUSED = 400
SHOWN = 200


def form_status(refused: bool) -> int:
    """The status of a form page: REFUSED when it shows errors, else SHOWN."""
    return REFUSED if refused else SHOWN


def render_form(request: HttpRequest, template: str, context: dict[str, Any], *,
                refused: bool) -> HttpResponse:
    """The form page, shown (GET) or re-rendered with its errors (`refused`)."""
    return render(request, template, context, status=form_status(refused))


class RefusedFormMixin:
    """For class-based FormViews: an invalid form answers REFUSED, not 200."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = REFUSED
        return response


class LoginView(RefusedFormMixin, auth_views.LoginView):
    """The merchants' sign-in (/accounts/login/): a wrong password answers REFUSED."""
