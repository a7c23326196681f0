"""Every text the workspace shows a merchant is translated into every workspace language:
its own Python and templates, its own catalogs' messages (validators it shows), the preview's
and the portal's labels it borrows, and the new texts of the portal's approved page and e-mail
that lead to it. The languages come from settings (English, Simplified Chinese and
PORTAL_UI_LANGUAGES, with the packs' languages), so a pack that brings a new language fails
here until it brings the workspace's text too."""

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file, extract_python
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

from marketplace.catalog.languages import merchant_languages
from marketplace.portal.labels import CATEGORIES
from marketplace.preview.labels import BUYER_TYPES, LISTING_STATUSES, STATUSES

ROOT = Path(settings.BASE_DIR)
PYTHON = ["marketplace/workspace/forms.py", "marketplace/workspace/views.py",
          "marketplace/workspace/translations.py", "marketplace/workspace/apps.py",
          "marketplace/workspace/company.py", "marketplace/workspace/machine.py",
          # The payout page's IBAN, BIC and account messages.
          "regions/core/bank_accounts.py",
          # The certificate and responsible-person models' texts its forms show (help texts,
          # validation messages).
          "marketplace/compliance/models.py",
          # The tax notes of listings and invoices a merchant reads in the preview: the
          # standard calculator's and every pack's own.
          "regions/taxes/standard.py", *sorted(
              str(path.relative_to(ROOT)) for path in (ROOT / "regions/packs").glob("*/tax.py"))]
TEMPLATES = sorted((ROOT / "marketplace/workspace/templates").rglob("*.html"))
CATALOGS = sorted((ROOT / "marketplace/workspace/locale").glob("*/LC_MESSAGES/django.po"))
KEYWORDS = {"_": None, "gettext_lazy": None, "gettext": None, "ngettext": (1, 2)}
PORTAL_LINKS = [
    "Open your supplier workspace",
    "Add your listings, upload certificates and follow where your products may be sold.",
    "Add your listings and certificates in your supplier workspace (sign in with this e-mail "
    "address and your password):",
    # The rest of the approval e-mail: written in the language the supplier reads.
    "Your supplier application was approved", "Hello,",
    "Good news: %(company)s has been approved as a supplier in the %(region)s region. Your "
    "certificates will now be verified by our compliance team.",
    "Your application:", "Kind regards,", "The marketplace team",
]
# Words that are the same in English and the language.
SAME_WORD = {"de": {"Status", "Region", "Bank"},
             "nl": {"Status", "status", "Product", "Document", "Bank"},
             "pl": {"Status", "status", "Region", "region", "Bank", "Importer"},
             "sv": {"Status", "status", "Region", "region", "Bank"},
             "fr": {"Description", "Actions", "Document", "Pages"},
             # Django's own catalogs (contrib apps, which take precedence) say "Email" too.
             "it": {"Email", "file"}, "pt": {"Email"}}


def messages() -> list[str | tuple[str, str]]:
    found = []
    for source in PYTHON:
        found += [message for _line, message, _comments, _context in
                  extract_from_file("python", ROOT / source, keywords=KEYWORDS)]
    for template in TEMPLATES:
        code = templatize(template.read_text(), origin=str(template))
        found += [message for _line, _function, message, _comments in
                  extract_python(io.BytesIO(code.encode()), KEYWORDS.keys(), [], {})]
    labels = (*BUYER_TYPES.values(), *STATUSES.values(), *LISTING_STATUSES.values(),
              *CATEGORIES.values())
    with translation.override(None):  # no catalog: the lazy labels give their msgids
        found += [str(label) for label in labels] + PORTAL_LINKS
    for catalog in CATALOGS:  # messages of other modules the workspace shows (validators)
        with catalog.open("rb") as po_file:
            found += [message.id for message in read_po(po_file) if message.id]
    # A plural comes as (singular, plural, None): the two texts are what is looked up.
    return sorted({m[:2] if isinstance(m, tuple) else m for m in found}, key=str)


LANGUAGES = [code for code in merchant_languages() if code != settings.LANGUAGE_CODE]


def test_the_sources_have_messages():
    found = messages()

    assert len(found) > 100
    assert {"Where it is established, as the region's pack allows.",
            "Unknown categories: %(unknown)s. Use: %(known)s.",
            "No tax on this invoice: the buyer accounts for it (reverse charge).",
            "%(rate)s %% VAT is added."} <= set(found)


def test_the_workspace_speaks_every_portal_language_and_simplified_chinese():
    # PORTAL_UI_LANGUAGES holds the installed packs' languages (ja from jp, ar from ae).
    assert {"zh-hans", *settings.PORTAL_UI_LANGUAGES} - {"en"} <= set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_merchant_message_is_translated(language):
    with translation.override(language):
        missing = [message for message in messages()
                   if (translation.ngettext(*message, 2) in message
                       if isinstance(message, tuple) else translation.gettext(message) == message)
                   and message not in SAME_WORD.get(language, ())]

    assert missing == []
