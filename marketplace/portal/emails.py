"""Emails to applicants, written in the language they read (not the sender's: the ops user
approving in English must still send the Polish applicant Polish mail): the one they use the
portal in, and once approved the language their supplier reads (catalog.languages)."""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from marketplace.catalog.languages import supplier_language
from marketplace.portal.models import Application, Status


def reader_language(application: Application) -> str:
    if application.supplier_id is not None:
        return supplier_language(application.supplier)
    return application.language


def _send(application: Application, template: str, context: dict) -> None:
    with translation.override(reader_language(application)):
        context = {"application": application, **context}
        subject = render_to_string(f"portal/email/{template}_subject.txt", context)
        body = render_to_string(f"portal/email/{template}_body.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL,
              [application.user.email])


def send_confirmation(application: Application, confirm_url: str) -> None:
    _send(application, "confirm", {"confirm_url": confirm_url})


def send_decision(application: Application, portal_url: str) -> None:
    template = "approved" if application.status == Status.APPROVED else "rejected"
    _send(application, template, {"portal_url": portal_url,
                                  "workspace_url": workspace_url(portal_url, application)})


def workspace_url(portal_url: str, application: Application) -> str:
    """The supplier workspace on the same host as the portal link, in the language the
    applicant reads (the workspace sends a language it does not speak to its closest one)."""
    if not portal_url:
        return ""
    return urljoin(portal_url, reverse("workspace:home",
                                       kwargs={"lang": reader_language(application)}))
