"""Human labels for the codes stored on compliance reports, for the admin's filters and
columns. A code without a label here (a pack's or a new one) is humanized, never shown raw."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from regions.compliance import codes
from regions.core.admin_filters import humanize_code

FINDING_CODES: dict[str, Promise] = {
    codes.CERTIFICATE_MISSING: _("Certificate missing"),
    codes.CERTIFICATE_EXPIRED: _("Certificate expired"),
    codes.CERTIFICATE_EXPIRING: _("Certificate expiring soon"),
    codes.CERTIFICATE_PENDING: _("Certificate waiting for verification"),
    codes.CERTIFICATE_REJECTED: _("Certificate rejected"),
    codes.CERTIFICATE_INVALID_IDENTIFIER: _("Certificate number in the wrong format"),
    codes.CERTIFICATE_OUT_OF_SCOPE: _("Certificate does not cover the listing"),
    codes.CERTIFICATE_NOT_YET_VALID: _("Certificate not yet valid"),
    codes.AI_REVIEW_SKIPPED: _("AI review skipped"),
    codes.AI_REVIEW_FAILED: _("AI review failed"),
}
AI_STATUSES: dict[str, Promise] = {
    "completed": _("Completed"),
    "skipped": _("Skipped"),
    "failed": _("Failed"),
    "not_run": _("Not run"),
}
TRIGGERS: dict[str, Promise] = {
    "api": _("API"),
    "command": _("Command"),
    "beat": _("Scheduled"),
    "admin": _("Admin"),
    "workspace": _("Supplier workspace"),
    "ai_review": _("AI review"),
    "ai_decision": _("Decision on an AI finding"),
}


def finding_code_label(code: str) -> str:
    return str(FINDING_CODES.get(code) or humanize_code(code))


def ai_status_label(status: str) -> str:
    return str(AI_STATUSES.get(status) or humanize_code(status))


def trigger_label(trigger: str) -> str:
    return str(TRIGGERS.get(trigger) or humanize_code(trigger))
