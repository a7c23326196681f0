"""Protect, then verify: what a model must not change becomes an opaque token before the call.

Markup tags, HTML entities, gettext placeholders, numbers with units, model numbers and the
glossary's do-not-translate terms are replaced with tokens such as `⟦T1⟧`; `restore` puts the
originals back and refuses a reply whose tokens differ from the ones sent.

Token format `⟦<kind><n>⟧` (U+27E6/U+27E7, MATHEMATICAL WHITE SQUARE BRACKETS):
- the brackets occur in no product copy, in no markup, gettext or format syntax, and in none of
  the source or target languages, so a token can't collide with text (a stray bracket in the
  source is itself protected, kind `S`, so the guarantee holds for any input);
- models copy such rare symbols verbatim and don't translate them, unlike `{0}`, `<x1>` or
  `[1]`, which look like markup or references they are trained to rewrite, localize or drop;
- the kind letter (T tag, E entity, P placeholder, N number with unit, M model number,
  G glossary term, S stray bracket) tells the model what it stands for, e.g. that `⟦T1⟧` and
  `⟦T2⟧` enclose a paragraph; every occurrence gets its own token so a dropped or doubled one
  is detectable.
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from marketplace.catalog.markup import ALLOWED_TAGS
from marketplace.translation.terms import term_pattern

OPEN, CLOSE = "⟦", "⟧"
TOKEN_RE = re.compile(r"⟦([A-Z])(\d+)⟧")
# Anything bracketed that looks like an attempt at a token ("⟦T 1⟧", "⟦t1⟧"), to report it.
_TOKEN_LIKE_RE = re.compile(r"⟦[^⟦⟧\n]{0,20}⟧")

# ASCII-only edges, for the same reason as in `terms`: CJK text has no `\b` around "5V".
_L = r"(?<![A-Za-z0-9])"
_R = r"(?![A-Za-z0-9])"

_TAG_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^<>]*>")
_ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#[xX][0-9A-Fa-f]+);")
_PLACEHOLDER_RE = re.compile(
    r"%\([A-Za-z_]\w*\)[sdif]"  # %(name)s
    r"|%[sdif](?![A-Za-z])"  # %s, %d (not the "%s" of "100%silk")
    r"|\{(?:\d+|[A-Za-z_]\w*)(?::[^{}]*)?\}"  # {0}, {name}, {price:.2f}
)
_UNITS = (
    "mAh|Ah|kWh|Wh|mW|kW|W|mV|kV|V|mA|A|GHz|MHz|kHz|Hz|dBm|dB|mm|cm|km|m|inch|inches|ft|"
    "kg|mg|g|lbs|lb|oz|ml|mL|L|l|°C|°F|°|%|pcs|TB|GB|MB|KB|Gbps|Mbps|rpm|kPa|Pa|bar|psi|"
    "Nm|N|lm|lx|K|kΩ|Ω|ms|min|s|h|mph|km/h"
)
_NUMBER = r"\d+(?:[.,]\d+)?"
_QUANTITY = rf"{_NUMBER}(?:\s?[-–~]\s?{_NUMBER})?[ \u00a0\u202f]?(?:{_UNITS})"
_QUANTITY_RE = re.compile(
    rf"(?<![A-Za-z0-9/]){_QUANTITY}(?:/{_QUANTITY})*(?![A-Za-z0-9/])"  # 5 V, 5V/2A
    rf"|{_L}IP[0-9X][0-9X]{_R}"  # ingress protection: IP67, IPX4
)
# Letters-and-digits tokens joined by - . /: BT100, QC3.0, X1, 20x30cm, USB-C.
_MODEL_RE = re.compile(rf"{_L}[A-Za-z0-9]+(?:[-./][A-Za-z0-9]+)*{_R}")
_ORDINAL_RE = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)
_STRAY_RE = re.compile(r"[⟦⟧]")

# When candidates overlap, the lower rank wins, then the longer match: a glossary term
# "SoundWave BT100" beats the model number "BT100" inside it, "5V" is a quantity, not a model.
_RANK = {"S": 0, "T": 1, "E": 1, "P": 2, "G": 3, "N": 4, "M": 5}


class TokenMismatch(ValueError):
    """The model's reply doesn't carry exactly the tokens it was sent; don't resend it as is."""

    def __init__(self, missing: list[str], extra: list[str], duplicated: dict[str, int],
                 stray: int = 0):
        self.missing, self.extra, self.duplicated, self.stray = missing, extra, duplicated, stray
        parts = []
        if missing:
            parts.append("missing " + ", ".join(missing))
        if extra:
            parts.append("extra " + ", ".join(extra))
        if duplicated:
            parts.append("duplicated " + ", ".join(f"{t} ×{n}" for t, n in duplicated.items()))
        if stray:
            parts.append(f"{stray} stray bracket{'s' if stray > 1 else ''}")
        super().__init__("The reply's tokens differ from the source's: " + "; ".join(parts) + ".")


@dataclass(frozen=True)
class Protected:
    """A protected text. `protect` hands the same object to every caller of the same text:
    read it, never change `tokens`."""

    text: str
    tokens: dict[str, str] = field(default_factory=dict)

    def values(self, kinds: str = "") -> list[str]:
        """The protected originals, optionally only of some kinds (e.g. "TP")."""
        return [v for t, v in self.tokens.items() if not kinds or t[1] in kinds]


def _is_model_number(candidate: str) -> bool:
    if candidate.isalpha() or candidate.isdigit():
        return False  # a plain word or number: most candidates, and the checks below agree
    if _ORDINAL_RE.fullmatch(candidate):
        return False
    has_letter = any(c.isalpha() for c in candidate)
    if has_letter and any(c.isdigit() for c in candidate):
        return True
    # USB-C, TYPE-C: upper-case compounds with a one- or two-letter part are model names.
    parts = candidate.split("-")
    return (len(parts) > 1 and candidate.isupper() and candidate.isascii()
            and any(len(p) <= 2 for p in parts))


def _candidates(text: str, keep: Iterable[str]) -> Iterable[tuple[int, int, str]]:
    for m in _STRAY_RE.finditer(text):
        yield m.start(), m.end(), "S"
    for m in _TAG_RE.finditer(text):
        if m.group(1).lower() in ALLOWED_TAGS:
            yield m.start(), m.end(), "T"
    for m in _ENTITY_RE.finditer(text):
        yield m.start(), m.end(), "E"
    for m in _PLACEHOLDER_RE.finditer(text):
        yield m.start(), m.end(), "P"
    for term in keep:
        if term:
            for m in term_pattern(term).finditer(text):
                yield m.start(), m.end(), "G"
    for m in _QUANTITY_RE.finditer(text):
        yield m.start(), m.end(), "N"
    for m in _MODEL_RE.finditer(text):
        if _is_model_number(m.group()):
            yield m.start(), m.end(), "M"


def protect(text: str, *, keep: Iterable[str] = ()) -> Protected:
    """Replace what must survive translation unchanged with tokens; `keep`: do-not-translate
    terms, matched case-sensitively as whole words.

    The result depends on the arguments alone and is remembered: a job protects each source
    text once for the item being sent and again in QA, in every target language."""
    return _protect(text, tuple(keep))


# Texts of a few batches in flight across five languages fit many times over.
@lru_cache(maxsize=4096)
def _protect(text: str, keep: tuple[str, ...]) -> Protected:
    chosen: list[tuple[int, int, str]] = []
    taken = [False] * len(text)
    for start, end, kind in sorted(set(_candidates(text, keep)),
                                   key=lambda c: (_RANK[c[2]], c[0] - c[1], c[0])):
        if not any(taken[start:end]):
            taken[start:end] = [True] * (end - start)
            chosen.append((start, end, kind))
    chosen.sort()
    counters: Counter[str] = Counter()
    tokens: dict[str, str] = {}
    out, pos = [], 0
    for start, end, kind in chosen:
        counters[kind] += 1
        token = f"{OPEN}{kind}{counters[kind]}{CLOSE}"
        tokens[token] = text[start:end]
        out += [text[pos:start], token]
        pos = end
    out.append(text[pos:])
    return Protected(text="".join(out), tokens=tokens)


def restore(translated: str, protected: Protected) -> str:
    """Put the originals back; raise `TokenMismatch` unless each token occurs exactly once."""
    found = [m.group() for m in _TOKEN_LIKE_RE.finditer(translated)]
    counts = Counter(found)
    missing = [t for t in protected.tokens if t not in counts]
    extra = list(dict.fromkeys(t for t in found if t not in protected.tokens))
    duplicated = {t: n for t, n in counts.items() if n > 1 and t in protected.tokens}
    stray = len(_STRAY_RE.findall(_TOKEN_LIKE_RE.sub("", translated)))
    if missing or extra or duplicated or stray:
        raise TokenMismatch(missing, extra, duplicated, stray)
    return TOKEN_RE.sub(lambda m: protected.tokens[m.group()], translated)
