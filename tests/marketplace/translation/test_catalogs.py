"""translate_catalogs: machine drafts of the UI catalogs, fuzzy, placeholders checked."""

import json
from io import StringIO
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.marketplace.ai.conftest import FAKE_KEY
from tests.marketplace.ai.fake_openai import FAKE_MODEL

pytestmark = pytest.mark.django_db

TEMPLATE = """\
msgid ""
msgstr ""
"Language: zh_Hans\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Merchant preview"
msgstr "商家预览"

msgid "Ships in %(days)s days"
msgstr "%(days)s 天内发货"

msgid "Pay with {0}"
msgstr "使用 {0} 支付"
"""

GERMAN = """\
msgid ""
msgstr ""
"Language: de\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Merchant preview"
msgstr "Händlervorschau"

msgid "Ships in %(days)s days"
msgstr ""

msgid "Pay with {0}"
msgstr ""
"""


@pytest.fixture
def locale_dir(tmp_path: Path) -> Path:
    for language, text in (("zh_Hans", TEMPLATE), ("de", GERMAN)):
        folder = tmp_path / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "django.po").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def ai_settings(settings, fake_openai):
    settings.AI_API_KEY = FAKE_KEY
    settings.AI_BASE_URL = fake_openai.base_url
    settings.AI_MODEL = FAKE_MODEL
    settings.AI_MAX_RETRIES = 0
    return settings


def run(locale_dir: Path, *args: str) -> str:
    out = StringIO()
    call_command("translate_catalogs", "--locale-dir", str(locale_dir), *args, stdout=out)
    return out.getvalue()


def catalog(locale_dir: Path, language: str) -> dict[str, tuple[str, bool]]:
    with (locale_dir / language / "LC_MESSAGES" / "django.po").open("rb") as po_file:
        return {m.id: (m.string, m.fuzzy) for m in read_po(po_file) if m.id}


def sent_texts(fake_openai, index: int = 0) -> list[str]:
    payload = json.loads(fake_openai.requests[index].body["messages"][1]["content"])
    return [item["text"] for item in payload["items"]]


def test_drafts_are_fuzzy_with_placeholders_and_keep_existing(locale_dir, ai_settings,
                                                              fake_openai):
    fake_openai.push_json({"items": [
        {"key": "m0", "text": "Versand in ⟦P1⟧ Tagen"},
        {"key": "m1", "text": "Mit ⟦P1⟧ bezahlen"},
    ]})

    output = run(locale_dir, "--lang", "de")

    # Only the untranslated entries were sent, with placeholders as tokens.
    assert sent_texts(fake_openai) == ["Ships in ⟦P1⟧ days", "Pay with ⟦P1⟧"]
    assert catalog(locale_dir, "de") == {
        "Merchant preview": ("Händlervorschau", False),
        "Ships in %(days)s days": ("Versand in %(days)s Tagen", True),
        "Pay with {0}": ("Mit {0} bezahlen", True),
    }
    assert output.startswith("de: 2 drafted as fuzzy, 0 left untranslated")


def test_a_reply_dropping_a_placeholder_is_not_written(locale_dir, ai_settings, fake_openai):
    fake_openai.push_json({"items": [
        {"key": "m0", "text": "Versand in wenigen Tagen"},
        {"key": "m1", "text": "Mit ⟦P1⟧ bezahlen"},
    ]})

    output = run(locale_dir, "--lang", "de")

    assert catalog(locale_dir, "de")["Ships in %(days)s days"] == ("", False)
    assert catalog(locale_dir, "de")["Pay with {0}"] == ("Mit {0} bezahlen", True)
    assert ("  'Ships in %(days)s days': The reply's tokens differ from the source's: "
            "missing ⟦P1⟧.") in output.splitlines()


def test_a_new_language_starts_from_the_template_msgids(locale_dir, ai_settings, fake_openai):
    fake_openai.push_json({"items": [
        {"key": "m0", "text": "Aperçu marchand"},
        {"key": "m1", "text": "Expédié sous ⟦P1⟧ jours"},
        {"key": "m2", "text": "Payer avec ⟦P1⟧"},
    ]})

    run(locale_dir, "--lang", "fr")

    assert catalog(locale_dir, "fr") == {
        "Merchant preview": ("Aperçu marchand", True),
        "Ships in %(days)s days": ("Expédié sous %(days)s jours", True),
        "Pay with {0}": ("Payer avec {0}", True),
    }


def test_without_a_key_nothing_is_written(locale_dir, settings):
    settings.AI_API_KEY = ""
    before = (locale_dir / "de" / "LC_MESSAGES" / "django.po").read_bytes()

    with pytest.raises(CommandError) as error:
        run(locale_dir, "--lang", "de,fr")

    assert str(error.value) == ("Machine translation is not configured: set AI_API_KEY (and "
                                "AI_BASE_URL for a self-hosted server). Nothing was written.")
    assert (locale_dir / "de" / "LC_MESSAGES" / "django.po").read_bytes() == before
    assert not (locale_dir / "fr").exists()


def test_dry_run_counts_and_sends_nothing(locale_dir, ai_settings, fake_openai):
    output = run(locale_dir, "--lang", "de,fr", "--dry-run")

    assert output.splitlines() == [
        "de: 2 untranslated entries would be sent. Dry run: nothing sent or written.",
        "fr: 3 untranslated entries would be sent (new catalog). Dry run: nothing sent or "
        "written.",
    ]
    assert fake_openai.requests == []
    assert not (locale_dir / "fr").exists()
