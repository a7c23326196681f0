"""Certificate identifiers: how a type's number is normalised before it is stored, and the one
check every type's numbers pass (the pack's pattern, and for every type the refusal of
placeholders and of free text too short to identify a document).

Pure functions over plain values: the certificate model, the forms, the verification in the
admin and the rule check of stored numbers all call them, so they agree."""

import re
import unicodedata
from dataclasses import dataclass
from string import Formatter

# The same character repeated (`AAAA`, `0000`, `xxx`) or one of these, compared on the letters
# and digits alone (`n/a`, `N.A.` and `na` are one placeholder).
PLACEHOLDERS = frozenset({
    "na", "nv", "none", "null", "nil", "nothing", "no", "x", "tbd", "tba", "tbc", "todo",
    "unknown", "unk", "0", "pending", "test", "dummy", "sample", "example", "placeholder",
    "notapplicable", "notavailable", "noidentifier", "nonumber", "seeattached",
    "seedocument", "asdf", "qwerty", "abc", "abc123", "123", "1234", "12345", "123456",
})
# Without a pattern an identifier is free text (a DoC reference, a name and address): it needs
# at least this many letters or digits to point at one document.
MIN_FREE_TEXT_CHARACTERS = 5
# An identifier whose digits are all zeros (`DE 00000000`) is a placeholder too, from this many
# digits on (a single 0 inside a real reference is common).
MIN_ZERO_RUN = 3

CASES = ("", "upper")

MISMATCH, PLACEHOLDER, TOO_SHORT = "mismatch", "placeholder", "too_short"


@dataclass(frozen=True)
class IdentifierFormat:
    """What a certificate type says about its identifier (CertificateType's identifier_*
    fields)."""

    pattern: str = ""
    strip_prefixes: tuple[str, ...] = ()
    case: str = ""
    template: str = ""

    def normalize(self, raw: str) -> str:
        """The stored form: spacing collapsed, case folded, a leading label removed and, when
        the type gives a template, the parts the pattern names put together as it says."""
        value = " ".join(unicodedata.normalize("NFKC", raw or "").split())
        if self.case == "upper":
            value = value.upper()
        value = strip_label(value, self.strip_prefixes)
        if self.pattern and self.template:
            match = re.fullmatch(self.pattern, value)
            if match is not None:
                parts = {name: part or "" for name, part in match.groupdict().items()}
                value = self.template.format_map(parts)
        return value

    def problem(self, value: str) -> str | None:
        """Why a (normalised) identifier is refused, or None: the one check of every type."""
        value = value.strip()
        significant = re.sub(r"[\W_]+", "", value.casefold())
        if is_placeholder(significant):
            return PLACEHOLDER
        if self.pattern:
            return None if re.fullmatch(self.pattern, value) else MISMATCH
        if len(significant) < MIN_FREE_TEXT_CHARACTERS:
            return TOO_SHORT
        return None


def is_placeholder(significant: str) -> bool:
    """`significant`: the identifier's letters and digits, casefolded."""
    if not significant or significant in PLACEHOLDERS or len(set(significant)) == 1:
        return True
    digits = re.sub(r"\D", "", significant)
    return len(digits) >= MIN_ZERO_RUN and set(digits) == {"0"}


def strip_label(value: str, prefixes: tuple[str, ...] | list[str]) -> str:
    """`value` without the first (longest) of `prefixes` it starts with. A prefix matches on
    its letters and digits, whatever the case, spacing and punctuation between them
    (`WEEE-Reg.-Nr.` strips `weee reg nr:`), and only where something follows it."""
    for prefix in sorted(prefixes, key=len, reverse=True):
        if not any(c.isalnum() for c in prefix):
            continue
        match = _prefix_regex(prefix).match(value)
        if match is not None and match.end() < len(value):
            return value[match.end():].lstrip(" :#.-")
    return value


def _prefix_regex(prefix: str) -> re.Pattern:
    characters = [re.escape(c) for c in prefix if c.isalnum()]
    return re.compile(r"[\W_]*".join(characters) + r"(?![^\W_])[\W_]*", re.IGNORECASE)


def format_errors(identifier_format: IdentifierFormat, example: str) -> dict[str, str]:
    """What is wrong with a type's identifier format, by field: a template without a pattern
    or naming parts the pattern lacks, an example that does not match, or an example whose
    stored form does not match the pattern or would change again (a normaliser must give one
    form). Assumes the pattern compiles (its field validator says so otherwise)."""
    errors: dict[str, str] = {}
    if identifier_format.case not in CASES:
        errors["identifier_case"] = f"Use one of: {', '.join(repr(c) for c in CASES)}."
    if identifier_format.template:
        if not identifier_format.pattern:
            errors["identifier_format"] = "A format needs an identifier pattern with named parts."
            return errors
        groups = set(re.compile(identifier_format.pattern).groupindex)
        try:
            names = {name for _, name, _, _ in Formatter().parse(identifier_format.template)
                     if name is not None}
        except ValueError as exc:
            errors["identifier_format"] = f"Not a format: {exc}."
            return errors
        unknown = sorted(names - groups)
        if unknown or any(not name for name in names):
            errors["identifier_format"] = (
                f"The format names parts the pattern does not have: {', '.join(unknown) or '{}'}"
                f" (the pattern's named parts: {', '.join(sorted(groups)) or 'none'}).")
            return errors
    if example:
        stored = identifier_format.normalize(example)
        if identifier_format.pattern and not re.fullmatch(identifier_format.pattern, stored):
            errors["identifier_example"] = (
                f"The example “{example}” does not match the identifier pattern"
                + (f" once normalised (“{stored}”)." if stored != example else "."))
        elif identifier_format.normalize(stored) != stored:
            errors["identifier_example"] = (
                f"The example “{example}” is stored as “{stored}”, which the format would "
                f"change again to “{identifier_format.normalize(stored)}”.")
        elif identifier_format.problem(stored) is not None:
            errors["identifier_example"] = (
                f"The example “{example}” is refused as a placeholder or too short.")
    return errors
