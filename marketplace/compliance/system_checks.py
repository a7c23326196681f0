"""System checks for the settings of the suppliers' compliance records (`manage.py check`);
the document and expiry settings are checked by regions/compliance/system_checks.py."""

from django.conf import settings
from django.core import checks


@checks.register()
def check_recheck_schedule(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The daily re-check (Celery beat, marketplace/celery.py) runs at a UTC hour."""
    if not 0 <= settings.COMPLIANCE_RECHECK_HOUR <= 23:
        return [checks.Error(
            f"COMPLIANCE_RECHECK_HOUR is {settings.COMPLIANCE_RECHECK_HOUR}; use an hour from "
            "0 to 23.", id="compliance.E004")]
    return []
