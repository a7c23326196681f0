"""Memory first, then the model: approved translations keyed by source, languages and glossary.

Only texts a person wrote or reviewed feed the memory: a machine text recalled from memory
would skip review forever and spread its mistakes to every listing that shares the sentence.
"""

import hashlib
from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from marketplace.catalog.models import TranslationOrigin, TranslationState
from marketplace.translation.models import GlossaryTerm, GlossaryVersion, TranslationMemory
from marketplace.translation.terms import occurs


class MemoryRefused(ValueError):
    """A text that may not feed the memory; the message says why."""


def glossary_digest(language: str) -> str:
    """Hash of what changes translations in the language's glossary (notes don't)."""
    rows = (GlossaryTerm.objects.filter(language=language)
            .order_by("source_term", "kind")
            .values_list("source_term", "kind", "preferred_translation", "case_sensitive"))
    payload = "\x1e".join("\x1f".join(map(str, row)) for row in rows)
    return hashlib.sha256(payload.encode()).hexdigest()


@transaction.atomic
def glossary_version(language: str) -> int:
    """The language's glossary version, bumped first if its terms changed since last asked."""
    digest = glossary_digest(language)
    current, created = GlossaryVersion.objects.select_for_update().get_or_create(
        language=language, defaults={"digest": digest})
    if not created and current.digest != digest:
        current.version += 1
        current.digest = digest
        current.save(update_fields=["version", "digest", "updated_at"])
    return current.version


def memory_digest(source: str, *, source_language: str, target_language: str,
                  version: int) -> str:
    key = f"{source_language}\x00{target_language}\x00{version}\x00{source}"
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def remember(
    source: str,
    target: str,
    *,
    source_language: str,
    target_language: str,
    origin: TranslationOrigin | str,
    state: TranslationState | str | None = None,
) -> TranslationMemory:
    """Store an approved translation (a newer one replaces the older for the same source).

    Accepted when a person wrote it (`origin` human) or reviewed it (`state` reviewed).
    """
    if origin != TranslationOrigin.HUMAN and state != TranslationState.REVIEWED:
        raise MemoryRefused("Only translations written or reviewed by a person go into the "
                            "translation memory; have this one reviewed first.")
    version = glossary_version(target_language)
    digest = memory_digest(source, source_language=source_language,
                           target_language=target_language, version=version)
    entry, _ = TranslationMemory.objects.update_or_create(
        source_digest=digest,
        defaults={"source_text": source, "source_language": source_language,
                  "target_language": target_language, "glossary_version": version,
                  "target_text": target, "origin": origin},
    )
    return entry


def recall(source: str, *, source_language: str, target_language: str) -> str | None:
    """The approved translation of exactly this source under the current glossary, if any."""
    digest = memory_digest(source, source_language=source_language,
                           target_language=target_language,
                           version=glossary_version(target_language))
    entry = TranslationMemory.objects.filter(source_digest=digest).only("pk", "target_text").first()
    if entry is None:
        return None
    TranslationMemory.objects.filter(pk=entry.pk).update(used_count=F("used_count") + 1)
    return entry.target_text


def terms_in(text: str, language: str) -> list[GlossaryTerm]:
    """The language's glossary terms that occur in `text`: all a request needs to carry."""
    return terms_matching(GlossaryTerm.objects.filter(language=language), text)


def terms_matching(terms: Iterable[GlossaryTerm], text: str) -> list[GlossaryTerm]:
    return [term for term in terms
            if occurs(term.source_term, text, case_sensitive=term.case_sensitive)]


class Glossaries:
    """Each target language's glossary version and terms, read once and then kept: for a run
    over many texts (a job), which uses the glossary as it was when the run began."""

    def __init__(self) -> None:
        self._versions: dict[str, int] = {}
        self._terms: dict[str, list[GlossaryTerm]] = {}

    def version(self, language: str) -> int:
        if language not in self._versions:
            self._versions[language] = glossary_version(language)
        return self._versions[language]

    def terms_in(self, text: str, language: str) -> list[GlossaryTerm]:
        if language not in self._terms:
            self._terms[language] = list(GlossaryTerm.objects.filter(language=language))
        return terms_matching(self._terms[language], text)


class Recall:
    """`recall` for many texts in one query: built from every (text, source language, target
    language) that may be asked, then asked one at a time; `count_uses()` stores the uses."""

    def __init__(self, texts: Iterable[tuple[str, str, str]], glossaries: Glossaries) -> None:
        self._glossaries = glossaries
        digests = {self._digest(*key) for key in texts}
        self._entries = {digest: (pk, target) for digest, pk, target in
                         TranslationMemory.objects.filter(source_digest__in=digests)
                         .values_list("source_digest", "pk", "target_text")}
        self._uses: Counter[int] = Counter()

    def recall(self, source: str, *, source_language: str, target_language: str) -> str | None:
        entry = self._entries.get(self._digest(source, source_language, target_language))
        if entry is None:
            return None
        self._uses[entry[0]] += 1
        return entry[1]

    def count_uses(self) -> None:
        by_count: dict[int, list[int]] = {}
        for pk, uses in self._uses.items():
            by_count.setdefault(uses, []).append(pk)
        for uses, pks in by_count.items():
            TranslationMemory.objects.filter(pk__in=pks).update(used_count=F("used_count") + uses)
        self._uses.clear()

    def _digest(self, source: str, source_language: str, target_language: str) -> str:
        return memory_digest(source, source_language=source_language,
                             target_language=target_language,
                             version=self._glossaries.version(target_language))
