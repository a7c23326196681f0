"""What the model is asked, and the shape its reply must have.

The reply schema is strict (every key required, no others) so that structured output works,
but `kind` is a free string rather than an enum: a made-up kind drops that one finding (see
`checks.check_findings`) instead of failing the whole, paid-for reply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from marketplace.compliance_review.models import FindingKind

SCHEMA_NAME = "claim_findings"
# Upper bounds that keep one odd reply from filling the database; far above what a real
# finding needs.
MAX_FINDINGS = 50
MAX_EVIDENCE_CHARS = 500
MAX_EXPLANATION_CHARS = 2000

KIND_GUIDE = {
    FindingKind.UNBACKED_CERTIFICATION_CLAIM: (
        'The text claims a certification or approval ("CE certified", "FDA approved", '
        '"RoHS compliant", "UKCA", "FCC") for which no certificate of a matching type is in '
        '"certificates" with status verified (or pending) and not expired.'
    ),
    FindingKind.MEDICAL_OR_SAFETY_CLAIM: (
        "The text makes a medical, health or safety claim (cures, prevents disease, "
        '"100% safe", "non-toxic", "fireproof") that a regulator would want substantiated.'
    ),
    FindingKind.MISSING_MANDATORY_WARNING: (
        "A warning the market requires is missing from the text in that language: toy age "
        "warnings (not for children under 3, small parts), battery type and safety "
        "information. Quote the words that show the warning is needed (the age, the battery) "
        "from the text that lacks it."
    ),
    FindingKind.CATEGORY_MISMATCH: (
        'The text describes a product that does not fit its "category" or "properties" '
        '(a "wireless" or "Bluetooth" product not categorised as radio, a battery product '
        "without contains_battery, a toy not marked for children)."
    ),
}

SYSTEM_PROMPT = (
    "You review product listings of a B2B marketplace for compliance problems in one market "
    "(the user message is a JSON object). Report only these kinds of finding:\n"
    + "\n".join(f'- "{kind.value}": {guide}' for kind, guide in KIND_GUIDE.items())
    + "\n\nRules:\n"
    '- "evidence" is an exact quote, copied character for character from the "text" of the '
    'entry of "texts" whose "language" you give. Never quote anything else.\n'
    '- "explanation" says in one or two plain sentences, written in the language named by '
    '"explanation_language", why this is a problem in this market. No markup.\n'
    "- Report each problem once. If there is no problem, reply with an empty list.\n"
    'Reply with {"findings": [{"kind": ..., "language": ..., "evidence": ..., '
    '"explanation": ...}]}.'
)

REPLY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "kind": {
                        "type": "string",
                        "description": "One of: " + ", ".join(FindingKind.values),
                    },
                    "language": {"type": "string"},
                    "evidence": {"type": "string"},
                    "explanation": {"type": "string"},
                },
                "required": ["kind", "language", "evidence", "explanation"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["findings"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class ReviewText:
    """One text of the listing as the model sees it: the source or a translation."""

    language: str
    origin: str  # "source" or "translation"
    text: str
    # The same text as stored (with its markup): a quote of either form is accepted.
    raw: str


@dataclass(frozen=True)
class CertificateOnRecord:
    type_code: str
    type_name: str
    number: str
    status: str
    valid_until: str | None
    scope: str


def build_payload(
    *,
    region_code: str,
    region_name: str,
    category: str,
    properties: list[str],
    texts: list[ReviewText],
    certificates: list[CertificateOnRecord],
    explanation_language: tuple[str, str] = ("en", "English"),
) -> str:
    """The user message: plain JSON, so nothing in the listing can pass for an instruction
    outside its string."""
    return json.dumps(
        {
            "market": {"region": region_code, "name": region_name},
            # The merchant's language (tag, English name): the one explanations are read in.
            "explanation_language": {"code": explanation_language[0],
                                     "name": explanation_language[1]},
            "category": category,
            "properties": properties,
            "texts": [
                {"language": t.language, "origin": t.origin, "text": t.text} for t in texts
            ],
            "certificates": [
                {
                    "type": c.type_code,
                    "type_name": c.type_name,
                    "number": c.number,
                    "status": c.status,
                    "valid_until": c.valid_until,
                    "scope": c.scope,
                }
                for c in certificates
            ],
        },
        ensure_ascii=False,
    )
