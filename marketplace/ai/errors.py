"""The errors of the AI client, classified by what the caller should do next.

- `AITransientError`: try again later (the client already retried with backoff).
- `AIBadOutput`, `AITruncated`: the same input would fail the same way; change it first
  (reword, split the batch).
- `AIConfigurationError`, `AINotConfigured`: stop; an operator must fix the settings.
"""

NOT_CONFIGURED_MESSAGE = (
    "Machine translation is not configured: set AI_API_KEY "
    "(and AI_BASE_URL for a self-hosted server)."
)


class AIError(Exception):
    """Base class of every error the AI client raises on purpose."""


class AINotConfigured(AIError):
    """No API key: AI features are off. Raised before any request is made."""

    def __init__(self, message: str = NOT_CONFIGURED_MESSAGE) -> None:
        super().__init__(message)


class AIConfigurationError(AIError):
    """Authentication, permission, unknown model or a wrong base URL: retrying cannot help."""


class AITransientError(AIError):
    """Rate limit, server error, timeout or connection failure: worth retrying later."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AIBadOutput(AIError):
    """The reply is not the JSON the schema asks for (or is empty, or a refusal).

    Resending the same input unchanged would most likely fail the same way."""


class AITruncated(AIError):
    """The reply hit the token limit (finish_reason "length"): split the batch and resend."""
