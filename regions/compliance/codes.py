"""The stable codes of compliance findings. Clients, the checkout and the admin filter on
these; never rename one (add a new code instead)."""

CERTIFICATE_MISSING = "certificate_missing"
CERTIFICATE_EXPIRED = "certificate_expired"
CERTIFICATE_EXPIRING = "certificate_expiring"
CERTIFICATE_PENDING = "certificate_pending"
CERTIFICATE_REJECTED = "certificate_rejected"
CERTIFICATE_INVALID_IDENTIFIER = "certificate_invalid_identifier"
CERTIFICATE_OUT_OF_SCOPE = "certificate_out_of_scope"
CERTIFICATE_NOT_YET_VALID = "certificate_not_yet_valid"
# A certificate of the demanded type is on record but does not list an act the rule asks for
# (an EU DoC that does not name the Radio Equipment Directive).
CERTIFICATE_ACT_NOT_LISTED = "certificate_act_not_listed"
AI_REVIEW_SKIPPED = "ai_review_skipped"
AI_REVIEW_FAILED = "ai_review_failed"
# AI findings keep the review app's own codes ("ai.<kind>", see compliance_review.models).
AI_PREFIX = "ai."

# Requirement statuses (what the best certificate on record says about a demanded type).
SATISFIED, EXPIRING, PENDING, EXPIRED, REJECTED, INVALID_IDENTIFIER, OUT_OF_SCOPE, MISSING = (
    "satisfied", "expiring", "pending", "expired", "rejected", "invalid_identifier",
    "out_of_scope", "missing",
)
NOT_YET_VALID = "not_yet_valid"
ACT_NOT_LISTED = "act_not_listed"
# Most favourable first: a supplier with one good and one expired certificate is covered; one
# that starts later beats one waiting for verification (it needs only time, not our team).
STATUS_RANK = (SATISFIED, EXPIRING, NOT_YET_VALID, PENDING, EXPIRED, REJECTED,
               INVALID_IDENTIFIER)
FINDING_FOR_STATUS = {
    EXPIRING: CERTIFICATE_EXPIRING,
    NOT_YET_VALID: CERTIFICATE_NOT_YET_VALID,
    PENDING: CERTIFICATE_PENDING,
    EXPIRED: CERTIFICATE_EXPIRED,
    REJECTED: CERTIFICATE_REJECTED,
    INVALID_IDENTIFIER: CERTIFICATE_INVALID_IDENTIFIER,
    OUT_OF_SCOPE: CERTIFICATE_OUT_OF_SCOPE,
    ACT_NOT_LISTED: CERTIFICATE_ACT_NOT_LISTED,
    MISSING: CERTIFICATE_MISSING,
}
# Among a requirement's certificates and accepted types: the most favourable status wins (a
# supplier with an FCC ID grant needs no SDoC); a document that exists but does not fit comes
# before none.
REQUIREMENT_RANK = (*STATUS_RANK, ACT_NOT_LISTED, OUT_OF_SCOPE, MISSING)
ALL_CODES = (
    CERTIFICATE_MISSING, CERTIFICATE_EXPIRED, CERTIFICATE_EXPIRING, CERTIFICATE_PENDING,
    CERTIFICATE_REJECTED, CERTIFICATE_INVALID_IDENTIFIER, CERTIFICATE_OUT_OF_SCOPE,
    CERTIFICATE_NOT_YET_VALID, CERTIFICATE_ACT_NOT_LISTED, AI_REVIEW_SKIPPED, AI_REVIEW_FAILED,
)
