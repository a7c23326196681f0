"""Finding glossary terms in text: one matcher for protection, QA and `terms_in`."""

import re
from functools import lru_cache

# ASCII-only edges: `\b` treats CJK characters as word characters, so in "型号BT100蓝牙" it would
# find no boundary around "BT100"; a term must only not run into other Latin letters or digits.
_LEFT = r"(?<![A-Za-z0-9])"
_RIGHT = r"(?![A-Za-z0-9])"


@lru_cache(maxsize=1024)
def term_pattern(term: str, *, case_sensitive: bool = True, inflected: bool = False) -> re.Pattern:
    """A pattern for `term` as a whole word (edges checked only where the term is alphanumeric).

    `inflected` drops the right edge so "Ladegerät" also finds "Ladegeräts": preferred
    translations are often inflected in the target language.
    """
    pattern = re.escape(term)
    if term[:1].isascii() and term[:1].isalnum():
        pattern = _LEFT + pattern
    if not inflected and term[-1:].isascii() and term[-1:].isalnum():
        pattern += _RIGHT
    return re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)


def occurs(term: str, text: str, *, case_sensitive: bool = True, inflected: bool = False) -> bool:
    return bool(term) and term_pattern(
        term, case_sensitive=case_sensitive, inflected=inflected).search(text) is not None


def occurrences(term: str, text: str, *, case_sensitive: bool = True) -> list[str]:
    """The term as actually written in `text` (its case may differ when case-insensitive)."""
    if not term:
        return []
    return [m.group() for m in term_pattern(term, case_sensitive=case_sensitive).finditer(text)]
