"""Every message the portal can show an applicant is translated into every portal language,
including the messages of the validators it uses (regions.core, regions.compliance): a changed
wording there must reach the portal's catalogs, or a Polish page would show English."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from django.conf import settings
from django.utils import translation

from marketplace.portal.models import Application, Document, Warehouse

ROOT = Path(settings.BASE_DIR)
SOURCES = [
    "marketplace/portal/forms.py", "marketplace/portal/labels.py",
    "marketplace/portal/steps.py", "marketplace/portal/services.py",
    "marketplace/portal/views.py", "marketplace/portal/models.py",
    "regions/core/business_ids.py", "regions/core/registration.py", "regions/core/phones.py",
    "regions/core/addresses.py", "regions/compliance/documents.py",
    # Registration schemes: their labels and refusals reach the portal's company step.
    *sorted(str(path.relative_to(ROOT))
            for path in (ROOT / "regions/packs").glob("*/registration.py")),
]
# Texts only ops read in the (English) admin.
ADMIN_ONLY = {
    "Supplier onboarding", "supplier application", "applicant warehouse", "certificate document",
    "Reason", "The applicant reads this on the portal and in the email.",
    "Only a submitted application can be approved or rejected.",
    "Give the reason: the applicant reads it to correct the application.",
}
LANGUAGES = [code for code in settings.PORTAL_UI_LANGUAGES if code != "en"]
# Words that are the same in English and the language.
SAME_WORD = {"it": {"Password"}, "fr": {"Contact"}, "nl": {"Contact"}}


def admin_labels() -> set[str]:
    """The portal models' names, field names and help texts: only ops read them, in the admin
    (the portal's forms carry their own labels). Choice labels (the status) stay: applicants
    read those."""
    found = set()
    for model in (Application, Document, Warehouse):
        with translation.override(None):
            found |= {str(model._meta.verbose_name), str(model._meta.verbose_name_plural)}
            for field in model._meta.get_fields():
                for text in (getattr(field, "verbose_name", ""), getattr(field, "help_text", "")):
                    if text:
                        found.add(str(text))
    return found


def messages() -> list[str]:
    found = []
    for source in SOURCES:
        # A model label is ops-only where the models declare it, not where a form reuses it.
        ops_only = ADMIN_ONLY | (admin_labels() if source.endswith("/models.py") else set())
        for _line, message, _comments, _context in extract_from_file(
                "python", ROOT / source, keywords={"_": None, "gettext_lazy": None}):
            if isinstance(message, str) and message not in ops_only:
                found.append(message)
    return sorted(set(found))


def test_the_sources_have_messages():
    assert len(messages()) > 90


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_applicant_message_is_translated(language):
    with translation.override(language):
        missing = [message for message in messages()
                   if translation.gettext(message) == message
                   and message not in SAME_WORD.get(language, ())]

    assert missing == []
