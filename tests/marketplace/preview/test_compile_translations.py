"""`compile_translations`: .po → .mo with Babel, no GNU gettext needed, fuzzy entries left out."""

import gettext
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from marketplace.preview.management.commands import compile_translations

PO = '''\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Compliance"
msgstr "合规"

#, fuzzy
msgid "Shipping"
msgstr "运费"

msgid "Prices"
msgstr ""
'''


def compile_in(tmp_path, po_text: str) -> tuple[str, gettext.GNUTranslations]:
    folder = tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(po_text, encoding="utf-8")
    out = StringIO()
    call_command("compile_translations", str(tmp_path / "locale"), stdout=out)
    with (folder / "django.mo").open("rb") as mo_file:
        return out.getvalue(), gettext.GNUTranslations(mo_file)


def test_translated_entries_are_compiled_and_fuzzy_ones_skipped(tmp_path):
    report, translations = compile_in(tmp_path, PO)

    assert translations.gettext("Compliance") == "合规"
    assert translations.gettext("Shipping") == "Shipping"  # fuzzy: not trusted yet
    assert translations.gettext("Prices") == "Prices"
    assert "zh_Hans/LC_MESSAGES/django.po → django.mo: 1 translated, 1 fuzzy skipped, " \
           "1 untranslated." in report


@pytest.mark.parametrize(
    ("po_text", "problem"),
    [
        ("this is not a catalog\n", "misformatted"),
        # would raise KeyError at `_("...") % {"rate": ...}` on the page
        ('#, python-format\nmsgid "Prices include %(rate)s %% VAT."\n'
         'msgstr "价格已含 %(tax)s%% 增值税。"\n', "tax"),
    ],
)
def test_a_broken_catalog_is_an_error_naming_the_file(tmp_path, po_text, problem):
    folder = tmp_path / "locale" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(po_text, encoding="utf-8")

    with pytest.raises(CommandError, match=r"de/LC_MESSAGES/django\.po") as raised:
        call_command("compile_translations", str(tmp_path / "locale"), stdout=StringIO())

    assert problem in str(raised.value)
    assert not (folder / "django.mo").exists()


def test_nothing_to_compile_is_reported(tmp_path):
    out = StringIO()
    call_command("compile_translations", str(tmp_path), stdout=out)
    assert out.getvalue().startswith("No .po files under")


def test_the_projects_catalogs_compile(settings):
    out = StringIO()
    call_command("compile_translations", stdout=out)

    assert "locale/zh_Hans/LC_MESSAGES/django.po → django.mo" in out.getvalue()
    assert "0 fuzzy skipped, 0 untranslated." in out.getvalue()


def make_app(root, name: str, po_text: str, apps_py: str = "") -> None:
    """A minimal Django app `name` under `root`, with a ja catalog."""
    package = root / name
    (package / "locale" / "ja" / "LC_MESSAGES").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    if apps_py:
        (package / "apps.py").write_text(apps_py)
    (package / "locale" / "ja" / "LC_MESSAGES" / "django.po").write_text(po_text,
                                                                        encoding="utf-8")


JA_PO = PO.replace("合规", "コンプライアンス")
PACK_APPS_PY = '''\
from regions.core import packs


class ZZPackConfig(packs.RegionPackConfig):
    name = "zz_pack"
    label = "pack_zz"
    region_code = "zz"
'''


def test_an_installed_apps_own_catalogs_are_compiled(tmp_path, settings, monkeypatch):
    make_app(tmp_path, "extra_app", JA_PO)
    monkeypatch.syspath_prepend(str(tmp_path))
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "extra_app"]
    out = StringIO()

    call_command("compile_translations", stdout=out)

    assert f"Compiled {tmp_path}/extra_app/locale/ja/LC_MESSAGES/django.po → django.mo: " \
           "1 translated, 1 fuzzy skipped, 1 untranslated." in out.getvalue()
    with (tmp_path / "extra_app/locale/ja/LC_MESSAGES/django.mo").open("rb") as mo_file:
        assert gettext.GNUTranslations(mo_file).gettext("Compliance") == "コンプライアンス"
    # Django's own apps ship compiled catalogs in site-packages: not ours to rewrite.
    assert "django/contrib" not in out.getvalue()


def test_installed_distributions_are_left_alone_except_region_packs(tmp_path, settings,
                                                                   monkeypatch):
    make_app(tmp_path, "plain_dist", JA_PO)
    make_app(tmp_path, "zz_pack", JA_PO, apps_py=PACK_APPS_PY)
    (tmp_path / "zz_pack" / "pack.toml").write_text(
        '[pack]\nregion = "zz"\nname = "Test pack"\nas_of = 2026-12-02\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    # As if both were pip-installed (non-editable) into site-packages.
    site_packages = compile_translations._site_packages()
    monkeypatch.setattr(compile_translations, "_site_packages",
                        lambda: {*site_packages, tmp_path.resolve()})
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "plain_dist", "zz_pack"]
    out = StringIO()

    call_command("compile_translations", stdout=out)

    assert f"{tmp_path}/zz_pack/locale/ja/LC_MESSAGES/django.po → django.mo" in out.getvalue()
    assert (tmp_path / "zz_pack/locale/ja/LC_MESSAGES/django.mo").exists()
    assert "plain_dist" not in out.getvalue()
    assert not (tmp_path / "plain_dist/locale/ja/LC_MESSAGES/django.mo").exists()
