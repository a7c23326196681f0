"""Emails to applicants, written in the language they use the portal in (not the sender's:
the ops user approving in English must still send the Polish applicant Polish mail)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from marketplace.portal.models import Application, Status


def _send(application: Application, template: str, context: dict) -> None:
    with translation.override(application.language):
        context = {"application": application, **context}
        subject = render_to_string(f"portal/email/{template}_subject.txt", context)
        body = render_to_string(f"portal/email/{template}_body.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL,
              [application.user.email])


def send_confirmation(application: Application, confirm_url: str) -> None:
    _send(application, "confirm", {"confirm_url": confirm_url})


def send_decision(application: Application, portal_url: str) -> None:
    template = "approved" if application.status == Status.APPROVED else "rejected"
    _send(application, template, {"portal_url": portal_url})
