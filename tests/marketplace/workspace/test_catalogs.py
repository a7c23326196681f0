"""Every text the workspace shows a merchant is translated into every workspace language:
its own Python and templates, the preview's and the portal's labels it borrows, and the new
texts of the portal's approved page and e-mail that lead to it."""

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file, extract_python
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

from marketplace.portal.labels import CATEGORIES
from marketplace.preview.labels import BUYER_TYPES, LISTING_STATUSES, STATUSES
from marketplace.workspace.context import WORKSPACE_LANGUAGES

ROOT = Path(settings.BASE_DIR)
PYTHON = ["marketplace/workspace/forms.py", "marketplace/workspace/views.py",
          "marketplace/workspace/translations.py", "marketplace/workspace/apps.py",
          "marketplace/workspace/company.py", "marketplace/workspace/machine.py",
          # The payout page's IBAN, BIC and account messages.
          "regions/core/bank_accounts.py"]
TEMPLATES = sorted((ROOT / "marketplace/workspace/templates").rglob("*.html"))
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
SAME_WORD = {"de": {"Status", "Region", "Bank"}, "nl": {"Status", "Product", "Document", "Bank"},
             "pl": {"Status", "Region", "Bank"}, "sv": {"Status", "Region", "Bank"},
             "fr": {"Description", "Actions", "Document", "Pages"},
             # Django's own catalogs (contrib apps, which take precedence) say "Email" too.
             "it": {"Email"}, "pt": {"Email"}}


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
    # A plural comes as (singular, plural, None): the two texts are what is looked up.
    return sorted({m[:2] if isinstance(m, tuple) else m for m in found}, key=str)


def test_the_sources_have_messages():
    assert len(messages()) > 100


@pytest.mark.parametrize("language", [code for code in WORKSPACE_LANGUAGES if code != "en"])
def test_every_merchant_message_is_translated(language):
    with translation.override(language):
        missing = [message for message in messages()
                   if (translation.ngettext(*message, 2) in message
                       if isinstance(message, tuple) else translation.gettext(message) == message)
                   and message not in SAME_WORD.get(language, ())]

    assert missing == []
