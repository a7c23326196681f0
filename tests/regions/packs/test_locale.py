"""The jp and ae packs bring Japanese and Arabic in their own locale/ folders: every message a
buyer or merchant reads in the checkout, the preview, the listing engine and API, the supplier
portal and the compliance findings is translated (not fuzzy), with the language's plural rule."""

import re
import shutil
import subprocess
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from regions.core.pack_names import pack_name, pack_names
from tests.marketplace.portal.test_catalogs import messages as portal_messages

ROOT = Path(settings.BASE_DIR)
PACK_CATALOGS = {
    "ja": ROOT / "regions/packs/jp/locale/ja/LC_MESSAGES/django.po",
    "ar": ROOT / "regions/packs/ae/locale/ar/LC_MESSAGES/django.po",
}
PLURAL_FORMS = {
    "ja": "nplurals=1; plural=0;",
    "ar": "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
          "n%100>=11 ? 4 : 5;",
}
# The catalogs whose msgids the packs translate: the project's UI (portal, preview, listing
# engine, validators), the checkout's and the compliance findings'.
REFERENCE_CATALOGS = [
    ROOT / "locale/de/LC_MESSAGES/django.po",
    ROOT / "marketplace/checkout/locale/de/LC_MESSAGES/django.po",
    ROOT / "regions/compliance/locale/zh_Hans/LC_MESSAGES/django.po",
]
# Texts only ops read, in the (English) admin.
OPS_FILES = {"marketplace/translation/qa.py", "admin.py", "marketplace/checkout/admin.py",
             "marketplace/compliance/admin.py", "marketplace/catalog/admin.py"}
OPS_ONLY = {
    "Supplier onboarding", "supplier application", "applicant warehouse", "certificate document",
    "Reason", "The applicant reads this on the portal and in the email.",
    "Only a submitted application can be approved or rejected.",
    "Give the reason: the applicant reads it to correct the application.", "Home",
    "Unknown categories: %(unknown)s. Use: %(known)s.", "Say why the certificate was rejected.",
    "The responsible person must be established in a country of the region; %(country)s is not.",
    "Keep the reason under %(max)s characters.",
}


def read(path: Path):
    with path.open("rb") as po_file:
        return read_po(po_file)


def key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


# The extracted comment that marks an entry as read only by ops in the admin (model labels and
# help texts of the configuration and job tables): the packs' languages need not carry it.
OPS_ADMIN_COMMENT = "Ops admin only."


def buyer_and_merchant_messages() -> set[str]:
    found = set()
    for path in REFERENCE_CATALOGS:
        for message in read(path):
            files = {location for location, _line in message.locations}
            ops = (key(message) in OPS_ONLY or (files and files <= OPS_FILES)
                   or OPS_ADMIN_COMMENT in message.auto_comments)
            if message.id and not ops:
                found.add(key(message))
    return found


def test_the_reference_catalogs_have_the_messages():
    messages = buyer_and_merchant_messages()

    assert len(messages) > 350
    assert "Pro-forma invoice" in messages and "Supplier portal" in messages
    assert "Placeholders, markup and numbers kept" not in messages  # translation QA: ops


@pytest.mark.parametrize("language", ["ja", "ar"])
def test_every_buyer_and_merchant_message_is_translated(language):
    catalog = {key(message): message for message in read(PACK_CATALOGS[language])
               if message.id}

    missing = sorted(text for text in buyer_and_merchant_messages() if text not in catalog)
    untranslated = sorted(
        text for text, message in catalog.items()
        if message.fuzzy or not all(message.string if isinstance(message.string, tuple)
                                    else (message.string,)))

    assert missing == []
    assert untranslated == []


@pytest.mark.parametrize("language", ["ja", "ar"])
def test_the_catalog_carries_the_languages_plural_rule(language):
    catalog = read(PACK_CATALOGS[language])
    nplurals = int(PLURAL_FORMS[language].split(";")[0].split("=")[1])

    assert catalog.language_team.startswith(language)
    assert PLURAL_FORMS[language] in PACK_CATALOGS[language].read_text(encoding="utf-8") \
        .replace('"\n"', "")
    assert catalog.num_plurals == nplurals
    assert {len(message.string) for message in catalog if isinstance(message.id, tuple)} \
        == {nplurals}


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("language", ["ja", "ar"])
def test_msgfmt_accepts_the_catalog(language, tmp_path):
    result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "django.mo"),
                             str(PACK_CATALOGS[language])], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr


def test_compile_translations_compiles_the_packs_catalogs():
    out = StringIO()
    call_command("compile_translations", stdout=out)

    for pack, language in (("jp", "ja"), ("ae", "ar")):
        line = next(line for line in out.getvalue().splitlines()
                    if f"regions/packs/{pack}/locale/{language}/LC_MESSAGES/django.po" in line)
        assert line.endswith(" translated, 0 fuzzy skipped, 0 untranslated.")


@pytest.mark.parametrize(("language", "expected"), [
    ("ja", {"Place order": "注文を確定する",
            "Pro-forma invoice": "プロフォーマインボイス（仮請求書）",
            "Supplier portal": "サプライヤーポータル", "Shipping": "配送"}),
    ("ar", {"Place order": "تأكيد الطلب", "Pro-forma invoice": "الفاتورة المبدئية",
            "Supplier portal": "بوابة الموردين", "Shipping": "الشحن"}),
])
def test_django_finds_the_packs_catalogs(language, expected):
    with translation.override(language):
        found = {text: translation.gettext(text) for text in expected}

    assert found == expected


@pytest.mark.parametrize(("count", "expected"), [
    (0, "لا توجد خيارات شحن"), (1, "خيار شحن واحد"), (2, "خيارا شحن"), (3, "3 خيارات شحن"),
    (10, "10 خيارات شحن"), (11, "11 خيارًا للشحن"), (99, "99 خيارًا للشحن"),
    (100, "100 خيار شحن"), (102, "102 خيار شحن"), (103, "103 خيارات شحن"),
])
def test_arabic_counts_take_the_six_plural_forms(count, expected):
    with translation.override("ar"):
        text = translation.ngettext("%(n)s shipping option", "%(n)s shipping options", count)

    assert text % {"n": count} == expected


def test_japanese_counts_take_one_form():
    with translation.override("ja"):
        texts = [translation.ngettext("%(n)s payment method", "%(n)s payment methods", count)
                 % {"n": count} for count in (1, 2, 5)]

    assert texts == ["1件のお支払い方法", "2件のお支払い方法", "5件のお支払い方法"]


@pytest.mark.parametrize("language", ["ja", "ar"])
def test_every_applicant_message_of_the_portal_is_translated(language):
    # The portal's own check (tests/marketplace/portal/test_catalogs.py) runs for the languages
    # in PORTAL_UI_LANGUAGES; this one holds the packs' languages to it before they are listed.
    with translation.override(language):
        missing = [message for message in portal_messages()
                   if translation.gettext(message) == message]

    assert missing == []


# The eu pack's names (pack.toml) in its own catalogs, one per language it offers.
EU_PACK = ROOT / "regions/packs/eu"
BRAND_COMMENT = "a brand name: the same in every language"
# A city many languages write as English does (Rotterdam), as each writes it.
PLACE_COMMENT = "a place name: as the language writes it (a warehouse's city)"


def _eu_languages() -> list[str]:
    data = tomllib.loads((EU_PACK / "pack.toml").read_text(encoding="utf-8"))
    return sorted({row["language"] for row in data["languages"]
                   if "country" not in row and row["language"] != "en"})


def test_the_eu_pack_offers_the_languages_its_catalogs_cover():
    assert _eu_languages() == ["de", "es", "fr", "it", "nl", "pl", "pt", "sv"]


@pytest.mark.parametrize("language", _eu_languages())
def test_every_eu_pack_name_is_translated_keeping_its_numbers(language):
    names = pack_names(tomllib.loads((EU_PACK / "pack.toml").read_text(encoding="utf-8")))
    catalog = {message.id: message for message in
               read(EU_PACK / f"locale/{language}/LC_MESSAGES/django.po") if message.id}

    missing = [name for name in names if name not in catalog or not catalog[name].string
               or catalog[name].fuzzy]
    # Only a name the catalog marks as a brand or a place may stay English.
    untranslated = [name for name in names if name in catalog
                    and catalog[name].string == name
                    and not {BRAND_COMMENT, PLACE_COMMENT} & set(catalog[name].user_comments)]
    # "30 %", "EN 71", "2006/42", "30–90 days": a translation keeps every number.
    numbers = [name for name in names if name in catalog and catalog[name].string
               and re.findall(r"\d+", name) != re.findall(r"\d+", catalog[name].string)]

    assert len(names) > 50
    assert (missing, untranslated, numbers) == ([], [], [])


def test_eu_pack_names_come_out_in_the_buyers_language():
    with translation.override("de-at"):  # a regional variant reads its base language
        german = pack_name("SEPA credit transfer")
    with translation.override("pl"):
        polish = (pack_name("SEPA credit transfer"), pack_name("European Union"))
    with translation.override("fr"):
        french = pack_name("SEPA credit transfer")

    assert (german, polish, french) == ("SEPA-Überweisung", ("Przelew SEPA", "Unia Europejska"),
                                        "Virement SEPA")
