"""Checks on every machine translation before it is saved: each finds one way a reply goes wrong.

`run_checks` works on the restored text (tokens already put back), so it also serves texts a
person edited; the raw reply has been through `protect.restore`, which refuses a reply whose
tokens differ. The `tokens` check here verifies the same thing on the final text: everything
the source protects still occurs in the target.
"""

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marketplace.catalog.markup import sanitize
from marketplace.translation.protect import TOKEN_RE, protect
from marketplace.translation.terms import occurrences, occurs

# Texts whose source is this short (in weighted characters) are exempt from the length check:
# "USB cable" → "USB-Kabel" has a ratio no rule about long texts can judge.
MIN_LENGTH_FOR_RATIO = 20
MIN_RATIO, MAX_RATIO = 0.3, 3.0
# A CJK character carries about as much meaning as three Latin characters (a syllable or
# word: "蓝牙耳机" is "Bluetooth earphones"), so each counts as 3 when lengths are compared.
# Weighting both sides keeps the same bounds for zh→de, de→zh and de→fr.
CJK_WEIGHT = 3

_TAG_RE = re.compile(r"<[^<>]*>")
_QUOTES = {'"': '"', "“": "”", "„": "“", "«": "»", "»": "«", "「": "」", "『": "』", "'": "'",
           "‘": "’", "‚": "‘"}
_COMMENTARY_RE = re.compile(
    r"^\s*(?:"
    r"here(?: is|'s|’s) (?:the|your|a) [\w ]*translation"
    r"|here(?: is|'s|’s)\b[^\n]*:\s*\n"
    r"|(?:sure|certainly|of course|okay|ok)\s*[,!.:]"
    r"|(?:translation|translated text|übersetzung|traduction|traducción|traduzione|vertaling)"
    r"\s*:"
    r"|(?:hier ist|voici|aquí está|ecco)\b"
    r")"
    r"|\bas an ai\b|\bas a language model\b|\b(?:translator's )?note:",
    re.IGNORECASE,
)


class TermLike(Protocol):
    """What QA needs of a glossary term (`models.GlossaryTerm` is one)."""

    source_term: str
    kind: str
    preferred_translation: str
    case_sensitive: bool


@dataclass(frozen=True)
class QAFailure:
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"


@dataclass(frozen=True)
class Context:
    source: str
    target: str
    source_language: str
    target_language: str
    glossary_terms: tuple[TermLike, ...]
    allow_identical: bool

    @property
    def do_not_translate(self) -> list[str]:
        """Do-not-translate terms as they are written in the source."""
        return [o for t in self.glossary_terms if t.kind == "do_not_translate"
                for o in occurrences(t.source_term, self.source, case_sensitive=t.case_sensitive)]


@dataclass(frozen=True)
class Check:
    id: str
    name: Promise
    run: Callable[[Context], str | None]  # a message when the check fails


def plain(text: str) -> str:
    """The words a reader sees: no tags, no tokens, entities decoded, spaces collapsed."""
    text = html.unescape(TOKEN_RE.sub(" ", _TAG_RE.sub(" ", text)))
    return " ".join(text.split())


def weighted_length(text: str) -> int:
    if text.isascii():
        return len(text)  # no wide characters: the common case, without a look at each one
    return sum(CJK_WEIGHT if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _quote(values: Iterable[str]) -> str:
    return ", ".join(f"“{v}”" for v in values)


def check_tokens(c: Context) -> str | None:
    keep = c.do_not_translate
    source, target = protect(c.source, keep=keep), protect(c.target, keep=keep)
    # Entities are spelling ("&amp;" or "&"): the markup check judges them, not this one.
    missing = Counter(source.values("TPGNM")) - Counter(target.values("TPGNM"))
    # Extra numbers or model numbers can be right ("二合一" → "2-in-1"); extra markup or
    # placeholders never are.
    extra = Counter(target.values("TP")) - Counter(source.values("TP"))
    problems = []
    if missing:
        problems.append(f"missing from the translation: {_quote(missing.elements())}")
    if extra:
        problems.append(f"not in the source: {_quote(extra.elements())}")
    if not problems:
        return None
    message = "; ".join(problems) + "."
    return message[0].upper() + message[1:]


def check_not_empty(c: Context) -> str | None:
    if plain(c.source) and not plain(c.target):
        return "The translation is empty."
    return None


def _nothing_to_translate(source: str, keep: list[str]) -> bool:
    """Brand names, model numbers and quantities only, or at most two letters of words."""
    words = plain(protect(source, keep=keep).text)
    return sum(ch.isalpha() for ch in words) <= 2


def check_not_identical(c: Context) -> str | None:
    if (c.allow_identical or plain(c.source) != plain(c.target)
            or _nothing_to_translate(c.source, c.do_not_translate)):
        return None
    return "The translation is the same as the source text; it was not translated."


def check_length(c: Context) -> str | None:
    source, target = weighted_length(plain(c.source)), weighted_length(plain(c.target))
    if source <= MIN_LENGTH_FOR_RATIO or not target:
        return None
    ratio = target / source
    if MIN_RATIO <= ratio <= MAX_RATIO:
        return None
    return (f"The translation is {ratio:.1f} times as long as the source (expected "
            f"{MIN_RATIO}–{MAX_RATIO}); text may be missing or added.")


def check_commentary(c: Context) -> str | None:
    target = c.target.strip()
    match = _COMMENTARY_RE.search(target)
    if match and not _COMMENTARY_RE.search(c.source):
        return f"The reply adds words of its own (“{match.group().strip()}”), not only the text."
    source = c.source.strip()
    if (len(target) > 1 and _QUOTES.get(target[0]) == target[-1]
            and not (source and source[0] in _QUOTES)):
        return "The reply wraps the text in quotes that the source doesn't have."
    return None


def check_markup(c: Context) -> str | None:
    # Compared after decoding entities: "&" vs "&amp;" is the same text, not new markup.
    if html.unescape(sanitize(c.target)) == html.unescape(c.target):
        return None
    return ("The translation contains markup that is not allowed (scripts, links, images, "
            "attributes or event handlers); only the source's formatting may be used.")


def check_glossary(c: Context) -> str | None:
    problems = []
    for term in c.glossary_terms:
        if not occurs(term.source_term, c.source, case_sensitive=term.case_sensitive):
            continue
        if term.kind == "preferred" and not occurs(
                term.preferred_translation, c.target, case_sensitive=term.case_sensitive,
                inflected=True):
            problems.append(f"“{term.source_term}” should be translated as "
                            f"“{term.preferred_translation}”")
        elif term.kind == "do_not_translate":
            for written in occurrences(term.source_term, c.source,
                                       case_sensitive=term.case_sensitive):
                if not occurs(written, c.target):
                    problems.append(f"“{written}” must stay as it is")
                    break
    return "Glossary: " + "; ".join(problems) + "." if problems else None


CHECKS: tuple[Check, ...] = (
    Check("tokens", _("Placeholders, markup and numbers kept"), check_tokens),
    Check("empty", _("Not empty"), check_not_empty),
    Check("identical", _("Translated, not copied"), check_not_identical),
    Check("length", _("Plausible length"), check_length),
    Check("commentary", _("No added commentary"), check_commentary),
    Check("markup", _("Only allowed markup"), check_markup),
    Check("glossary", _("Glossary followed"), check_glossary),
)


def run_checks(
    source: str,
    target: str,
    *,
    source_language: str,
    target_language: str,
    glossary_terms: Iterable[TermLike] = (),
    allow_identical: bool = False,
) -> list[QAFailure]:
    """Every failed check, in `CHECKS` order; an empty list means the text may be saved."""
    context = Context(source, target, source_language, target_language,
                      tuple(glossary_terms), allow_identical)
    failures = []
    for check in CHECKS:
        message = check.run(context)
        if message:
            failures.append(QAFailure(check.id, message))
    return failures
