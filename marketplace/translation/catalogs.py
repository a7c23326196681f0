"""Machine drafts for the UI's gettext catalogs: the same client, protect/restore and QA as
listings, written as fuzzy entries so `compile_translations` leaves them out until a person
has checked them (removing the fuzzy flag is the approval)."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from marketplace.ai.client import ModelClient
from marketplace.ai.errors import AIConfigurationError, AIError
from marketplace.translation.pipeline import BLOCKING_CHECKS, REPLY_SCHEMA
from marketplace.translation.protect import Protected, TokenMismatch, protect, restore
from marketplace.translation.qa import run_checks

PURPOSE = "ui_catalog"
SOURCE_LANGUAGE = "en"  # the msgids are English
# The catalog that gives the msgids of a language that has no catalog yet.
TEMPLATE_LANGUAGE = "zh_Hans"
BATCH_SIZE = 40

SYSTEM_PROMPT = """\
You translate the user interface strings of a B2B marketplace.
The user message is a JSON object. Translate the "text" of every entry of "items" from
"source_language" into "target_language" (BCP 47 tags).
Rules:
- Tokens such as ⟦P1⟧, ⟦N2⟧ or ⟦T1⟧ stand for placeholders, numbers and markup: copy each
  token exactly once, unchanged, to the right place in the translation.
- Translate only: add no notes, quotes or explanations.
Reply with {"items": [{"key": ..., "text": ...}]}: exactly one entry per input item, with the
input's key."""


@dataclass
class CatalogReport:
    path: Path
    created: bool = False
    translated: list[str] = field(default_factory=list)  # msgids drafted (fuzzy)
    untranslated: dict[str, str] = field(default_factory=dict)  # msgid → why not
    pending: int = 0  # untranslated entries found (what a dry run would send)


def po_path(locale_dir: Path, language: str) -> Path:
    return locale_dir / language / "LC_MESSAGES" / "django.po"


def bcp47(language: str) -> str:
    """Folder names are gettext locales (pt_BR); the model is told BCP 47 tags (pt-BR)."""
    return language.replace("_", "-")


def load_catalog(locale_dir: Path, language: str) -> tuple[Catalog, bool]:
    """The language's catalog, or a new one with the template language's msgids, empty."""
    path = po_path(locale_dir, language)
    if path.exists():
        with path.open("rb") as po_file:
            return read_po(po_file, locale=_babel_locale(language)), False
    with po_path(locale_dir, TEMPLATE_LANGUAGE).open("rb") as po_file:
        template = read_po(po_file)
    catalog = Catalog(locale=_babel_locale(language), project=template.project,
                      version=template.version)
    for message in template:
        if message.id:
            catalog.add(message.id, string=("",) * len(message.id)
                        if isinstance(message.id, tuple) else "",
                        locations=message.locations, auto_comments=message.auto_comments,
                        context=message.context)
    return catalog, True


def translate_catalog(locale_dir: Path, language: str, client: ModelClient, *,
                      dry_run: bool = False) -> CatalogReport:
    """Draft every untranslated entry; an entry with a non-empty msgstr is never touched."""
    catalog, created = load_catalog(locale_dir, language)
    report = CatalogReport(path=po_path(locale_dir, language), created=created)
    todo: list[Message] = []
    for message in catalog:
        if not message.id or _has_string(message):
            continue
        report.pending += 1
        if isinstance(message.id, tuple):
            # Plural forms need the language's plural rule applied by a person.
            report.untranslated[message.id[0]] = "Plural forms are left to a person."
        else:
            todo.append(message)
    if dry_run:
        return report
    for start in range(0, len(todo), BATCH_SIZE):
        _translate_batch(todo[start:start + BATCH_SIZE], language, client, report)
    if report.translated or created:
        _write_atomically(report.path, catalog)
    return report


def _translate_batch(batch: list[Message], language: str, client: ModelClient,
                     report: CatalogReport) -> None:
    protected: dict[str, tuple[Message, Protected]] = {
        f"m{i}": (message, protect(message.id)) for i, message in enumerate(batch)}
    payload = json.dumps({"items": [
        {"key": key, "source_language": SOURCE_LANGUAGE, "target_language": bcp47(language),
         "text": shielded.text} for key, (_, shielded) in protected.items()]},
        ensure_ascii=False)
    try:
        reply = client.complete_json(system=SYSTEM_PROMPT, user=payload, schema=REPLY_SCHEMA,
                                     schema_name="translations", purpose=PURPOSE)
    except AIConfigurationError:
        raise
    except AIError as error:
        for message, _ in protected.values():
            report.untranslated[message.id] = str(error)
        return
    texts: dict[str, list[str]] = {}
    for entry in reply.data["items"]:
        texts.setdefault(entry["key"], []).append(entry["text"])
    for key, (message, shielded) in protected.items():
        answers = texts.get(key, [])
        if len(answers) != 1:
            report.untranslated[message.id] = f"The reply had {len(answers)} texts for it."
            continue
        try:
            text = restore(answers[0], shielded)
        except TokenMismatch as mismatch:
            report.untranslated[message.id] = str(mismatch)
            continue
        failures = run_checks(message.id, text, source_language=SOURCE_LANGUAGE,
                              target_language=bcp47(language))
        blocking = [str(f) for f in failures if f.check in BLOCKING_CHECKS]
        if blocking:
            report.untranslated[message.id] = " ".join(blocking)
            continue
        message.string = text
        message.flags.add("fuzzy")
        # Softer QA notes travel with the draft, where the reviewer will look.
        message.auto_comments = [*message.auto_comments,
                                 *(f"QA: {failure}" for failure in failures)]
        report.translated.append(message.id)


def _has_string(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return any(strings)


def _babel_locale(language: str) -> str | None:
    try:
        return str(Locale.parse(language))
    except (UnknownLocaleError, ValueError):
        return None


def _write_atomically(path: Path, catalog: Catalog) -> None:
    """Translators may have the file open; replace it whole, never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".po")
    try:
        with os.fdopen(handle, "wb") as po_file:
            write_po(po_file, catalog, width=99)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
