"""System checks for compliance settings (`manage.py check`). Named apart from checks.py, which
holds the rule check itself. The daily re-check's hour is checked where the re-check lives
(marketplace/compliance/system_checks.py)."""

from pathlib import Path

from django.conf import settings
from django.core import checks


@checks.register()
def check_private_documents(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Supplier documents must not land where a web server serves files publicly."""
    messages: list[checks.CheckMessage] = []
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, name, None)
        if public and (private == Path(public).resolve()
                       or Path(public).resolve() in private.parents):
            messages.append(checks.Error(
                f"PRIVATE_MEDIA_ROOT ({private}) is inside {name} ({public}); certificates "
                "uploaded there could be downloaded by anyone.",
                hint=f"Point PRIVATE_MEDIA_ROOT outside {name}.", id="compliance.E001"))
    if settings.CERTIFICATE_MAX_UPLOAD_BYTES <= 0:
        messages.append(checks.Error(
            "CERTIFICATE_MAX_UPLOAD_BYTES must be a positive number of bytes.",
            id="compliance.E002"))
    if settings.COMPLIANCE_EXPIRY_WARNING_DAYS < 0:
        messages.append(checks.Error(
            "COMPLIANCE_EXPIRY_WARNING_DAYS must be 0 or more.", id="compliance.E003"))
    return messages
