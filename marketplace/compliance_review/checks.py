"""Checking the model's findings one by one: a reply is untrusted input.

A finding is kept only when its kind is one we know, it names a language we sent, and its
evidence really occurs in that language's text. Everything else is dropped and counted by
reason, so the review can say what it left out.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import nh3

from marketplace.compliance_review.models import FindingKind
from marketplace.compliance_review.prompts import (
    MAX_EVIDENCE_CHARS,
    MAX_EXPLANATION_CHARS,
    MAX_FINDINGS,
    ReviewText,
)

# Reasons a finding is dropped; the review's message counts them.
UNKNOWN_KIND = "unknown kind"
UNKNOWN_LANGUAGE = "language not among the texts sent"
EMPTY = "empty evidence or explanation"
TOO_LONG = "evidence or explanation too long"
NOT_IN_TEXT = "evidence not in the listing text"
DUPLICATE = "duplicate"
TOO_MANY = f"more than {MAX_FINDINGS} findings"

# A quote shorter than this matches almost any text and proves nothing ("CE" is two).
MIN_EVIDENCE_CHARS = 2

_BLOCK_END = re.compile(r"<\s*(?:br\s*/?|/\s*(?:p|li|h\d|tr|td|th|ul|ol|table))\s*>", re.I)
_SPACE = re.compile(r"\s+")
# Typographic variants a model may "correct" while quoting.
_LOOKALIKES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "‐": "-", "‑": "-",
                             "–": "-", "—": "-"})
_QUOTES = "\"'“”‘’«»「」『』"


def plain_text(markup: str) -> str:
    """The text of `markup` with every tag removed (script and style content too), entities
    decoded and whitespace collapsed: what a reader sees, never anything a browser runs."""
    spaced = _BLOCK_END.sub("\n", markup)
    return _SPACE.sub(" ", html.unescape(nh3.clean(spaced, tags=set()))).strip()


def normalize(text: str) -> str:
    """For comparing quotes: compatibility forms (full-width letters), entities, case, quote
    and dash variants and runs of whitespace do not matter."""
    text = unicodedata.normalize("NFKC", html.unescape(text)).translate(_LOOKALIKES)
    return _SPACE.sub(" ", text).strip().casefold()


def _language(given: str, languages: dict[str, str]) -> str | None:
    """The tag of the text the finding names: exactly, or by its primary language when only
    one text has it (a model may write "zh" or "zh_CN" for the text sent as "zh-Hans")."""
    tag = given.strip().replace("_", "-").casefold()
    if tag in languages:
        return languages[tag]
    primary = tag.split("-")[0]
    matches = [name for key, name in languages.items() if key.split("-")[0] == primary]
    return matches[0] if len(matches) == 1 else None


def occurs(quote: str, text: str) -> bool:
    """Whether `quote` is in `text` as whole words: "CE" is not quoted from "device".

    Only letters and digits of spaced scripts need a boundary; Chinese or Japanese words are
    not separated by spaces, so a quote of them may start or end anywhere."""
    start = text.find(quote)
    while start != -1:
        end = start + len(quote)
        if not (_joins(text[start - 1:start], quote[0])
                or _joins(quote[-1], text[end:end + 1])):
            return True
        start = text.find(quote, start + 1)
    return False


def _joins(left: str, right: str) -> bool:
    """Whether two adjacent characters belong to one word of a spaced script."""
    return bool(left and right) and _word_char(left) and _word_char(right)


def _word_char(char: str) -> bool:
    return char.isalnum() and unicodedata.east_asian_width(char) not in ("W", "F")


@dataclass(frozen=True)
class CheckedFinding:
    kind: str
    language: str
    evidence: str
    explanation: str

    @property
    def key(self) -> tuple[str, str]:
        """What makes two findings the same problem (for duplicates and carried decisions)."""
        return finding_key(self.kind, self.evidence)


def finding_key(kind: str, evidence: str) -> tuple[str, str]:
    return kind, normalize(evidence)


@dataclass(frozen=True)
class CheckResult:
    kept: list[CheckedFinding]
    dropped: Counter[str]


def check_findings(items: Iterable[dict[str, Any]], texts: list[ReviewText]) -> CheckResult:
    """Keep the findings that hold up against the texts that were sent; count the rest."""
    by_language: dict[str, list[str]] = {}
    for text in texts:
        # Either form may be quoted: the plain text the model saw, or the stored markup.
        by_language.setdefault(text.language.casefold(), []).extend(
            {normalize(text.text), normalize(text.raw)})
    languages = {text.language.casefold(): text.language for text in texts}
    kinds = set(FindingKind.values)

    kept: list[CheckedFinding] = []
    dropped: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for index, item in enumerate(items):
        if index >= MAX_FINDINGS:
            dropped[TOO_MANY] += 1
            continue
        reason, finding = _check_one(item, kinds, languages, by_language)
        if finding is not None and finding.key in seen:
            reason, finding = DUPLICATE, None
        if finding is None:
            dropped[reason] += 1
            continue
        seen.add(finding.key)
        kept.append(finding)
    return CheckResult(kept, dropped)


def _check_one(item: dict[str, Any], kinds: set[str], languages: dict[str, str],
               by_language: dict[str, list[str]]) -> tuple[str, CheckedFinding | None]:
    kind = str(item.get("kind", "")).strip()
    if kind not in kinds:
        return UNKNOWN_KIND, None
    language = _language(str(item.get("language", "")), languages)
    if language is None:
        return UNKNOWN_LANGUAGE, None
    evidence = str(item.get("evidence", "")).strip().strip(_QUOTES).strip()
    # Tags are removed from the explanation: it is ours to show, and a reply has no business
    # carrying markup. The evidence stays as quoted (it is checked against the listing below
    # and escaped wherever it is shown).
    explanation = plain_text(str(item.get("explanation", "")))
    if len(normalize(evidence)) < MIN_EVIDENCE_CHARS or not explanation:
        return EMPTY, None
    if len(evidence) > MAX_EVIDENCE_CHARS or len(explanation) > MAX_EXPLANATION_CHARS:
        return TOO_LONG, None
    quote = normalize(evidence)
    if not any(occurs(quote, text) for text in by_language[language.casefold()]):
        return NOT_IN_TEXT, None
    return "", CheckedFinding(kind, language, evidence, explanation)
