"""The merchant-facing words of each finding code, rendered in the active language.

Reports store a finding's code and parameters, never its sentence: the same stored report
reads in English for one member and in Simplified Chinese for another, and a wording fix
reaches old reports too.
"""

from collections.abc import Mapping
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from regions.compliance.codes import (
    AI_REVIEW_FAILED,
    AI_REVIEW_SKIPPED,
    CERTIFICATE_ACT_NOT_LISTED,
    CERTIFICATE_EXPIRED,
    CERTIFICATE_EXPIRING,
    CERTIFICATE_INVALID_IDENTIFIER,
    CERTIFICATE_MISSING,
    CERTIFICATE_NOT_YET_VALID,
    CERTIFICATE_OUT_OF_SCOPE,
    CERTIFICATE_PENDING,
    CERTIFICATE_REJECTED,
)
from regions.core.pack_names import pack_name

TEMPLATES = {
    CERTIFICATE_MISSING: _(
        "A %(type)s is required to sell this product here; none is on record."),
    CERTIFICATE_EXPIRED: _(
        "Your %(type)s no. %(number)s expired on %(date)s; upload a current one."),
    CERTIFICATE_EXPIRING: _(
        "Your %(type)s no. %(number)s expires on %(date)s (in %(days)s days); upload its "
        "renewal in time."),
    CERTIFICATE_NOT_YET_VALID: _(
        "Your %(type)s no. %(number)s is valid only from %(date)s; until then it does not "
        "count."),
    CERTIFICATE_PENDING: _(
        "Your %(type)s no. %(number)s is waiting for verification by our team."),
    CERTIFICATE_REJECTED: _(
        "Your %(type)s no. %(number)s was rejected: %(reason)s"),
    CERTIFICATE_INVALID_IDENTIFIER: _(
        "Your %(type)s number “%(number)s” is not in the required format (such as "
        "“%(example)s”); correct it."),
    CERTIFICATE_OUT_OF_SCOPE: _(
        "Your %(type)s no. %(number)s does not cover this product; extend its scope to this "
        "listing or its category, or upload one that does."),
    CERTIFICATE_ACT_NOT_LISTED: _(
        "Your %(type)s no. %(number)s does not list the %(acts)s, which this product falls "
        "under; upload a declaration that lists it."),
    AI_REVIEW_SKIPPED: _(
        "The AI review of the listing's claims was skipped: %(reason)s"),
    AI_REVIEW_FAILED: _(
        "The AI review of the listing's claims failed: %(reason)s"),
}
ANY_OF_MISSING = _(
    "One of these is required to sell this product here: %(types)s; none is on record.")
NO_API_KEY = _("no AI service is configured (AI_API_KEY is empty); the rule checks ran.")
RESPONSIBLE_PERSON_MISSING = _(
    "Products sold to consumers here need a responsible person established in the region "
    "(%(type)s); none is on record for your company.")
RESPONSIBLE_PERSON_NOT_ESTABLISHED = _(
    "Your %(type)s “%(number)s” is not the name and address of a representative established "
    "where the law requires; name your responsible person, with its address, instead.")
# AI findings: the reviewer's explanation follows, quoting the listing.
AI_FINDING_OPEN = _("Possible problem for review (%(kind)s): “%(evidence)s”. %(explanation)s")
AI_FINDING_CONFIRMED = _("Confirmed by our team (%(kind)s): “%(evidence)s”. %(explanation)s")
# Said when the words are not in the reader's language (never a silent switch to English).
EXPLANATION_IN = _("(explanation in %(language)s)")
IN_ENGLISH = _("(in English)")


def render(code: str, params: Mapping[str, object]) -> str:
    """The finding's sentence in the active language. Parameters are supplier-, ops- or
    AI-written text: the result is plain text for JSON and e-mail; HTML callers escape it
    (Django templates do)."""
    if code.startswith("ai."):
        template = AI_FINDING_CONFIRMED if params.get("status") == "confirmed" else \
            AI_FINDING_OPEN
    elif code == CERTIFICATE_MISSING and params.get("types"):
        template = ANY_OF_MISSING
    elif code == CERTIFICATE_MISSING and params.get("proof") == "responsible_person":
        template = RESPONSIBLE_PERSON_MISSING
    elif (code == CERTIFICATE_INVALID_IDENTIFIER
          and params.get("proof") == "responsible_person"):
        template = RESPONSIBLE_PERSON_NOT_ESTABLISHED
    else:
        template = TEMPLATES.get(code)
    if template is None:
        return code
    values = {key: "" if value is None else value for key, value in params.items()}
    if isinstance(values.get("type"), str):
        # Reports store the type's English name; the pack's catalogs translate it.
        values["type"] = pack_name(values["type"])
    for listed in ("types", "acts"):
        # Names of certificate types or acts, in the pack's words, translated by its catalogs.
        if isinstance(values.get(listed), list | tuple):
            values[listed] = ", ".join(pack_name(str(name)) for name in values[listed])
    if values.get("reason_code") == "no_api_key":
        values["reason"] = str(NO_API_KEY)
    if code == CERTIFICATE_EXPIRING and "date" in values:
        values["days"] = (date.fromisoformat(str(values["date"])) - timezone.localdate()).days
    try:
        text = str(template) % values
    except (KeyError, TypeError, ValueError):
        # A stored report from an older wording with other parameters: still say something.
        text = str(template).split("%(")[0].strip() or code
    note = _language_note(code, params, template)
    return f"{text} {note}" if note else text


def _language_note(code: str, params: Mapping[str, object], template) -> str:
    """"(explanation in English)" when the AI's explanation is not in the reader's language,
    "(in English)" when the sentence has no translation into it; else nothing."""
    reader = _primary(translation.get_language() or settings.LANGUAGE_CODE)
    if code.startswith("ai."):
        # Findings from before the model was asked for the merchant's language are English.
        written_in = str(params.get("explanation_language") or "en")
        if _primary(written_in) == reader:
            return ""
        try:
            name = translation.get_language_info(written_in)["name_translated"]
        except KeyError:
            name = written_in
        return str(EXPLANATION_IN) % {"language": name}
    if reader == "en":
        return ""
    with translation.override("en"):
        english = str(template)
    return str(IN_ENGLISH) if str(template) == english else ""


def _primary(tag: str) -> str:
    tag = tag.lower()
    return "zh-hans" if tag.startswith("zh") else tag.split("-")[0]


def render_cached(code: str, params: tuple[tuple[str, object], ...]) -> str:
    """`render` for a finding's hashable parameters, remembered per language (and per day,
    which the days left of an expiring certificate depend on): a page of listings shows the
    same few findings many times over, and gettext is the costly part."""
    return _render_memo(translation.get_language(), timezone.localdate(), code, params)


@lru_cache(maxsize=4096)
def _render_memo(language: str | None, today: date, code: str,
                 params: tuple[tuple[str, object], ...]) -> str:
    return render(code, dict(params))


def render_html(code: str, params: Mapping[str, object]) -> str:
    return escape(render(code, params))
