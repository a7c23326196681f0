"""The errors of the AI client, classified by what the caller should do next.

- `AITransientError`: try again later (the client already retried with backoff).
- `AIBadOutput`, `AITruncated`: the same input would fail the same way; change it first
  (reword, split the batch).
- `AIConfigurationError`, `AINotConfigured`: stop; an operator must fix the settings.
"""

from django.utils.translation import gettext_noop

# Stored on jobs and reviews in English; the admin shows it through gettext.
NOT_CONFIGURED_MESSAGE = gettext_noop(
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


class RunStop:
    """Why a run over many items (a translation job, a review_claims run) stops before its
    next request, from `run_stop`. The one rule both pipelines follow."""

    def __init__(self, *, resumable: bool, retry_after: float | None = None) -> None:
        self.resumable, self.retry_after = resumable, retry_after

    def __repr__(self) -> str:
        return f"RunStop(resumable={self.resumable}, retry_after={self.retry_after})"


def run_stop(error: AIError) -> RunStop | None:
    """Whether `error` must stop a whole run, not only fail its item.

    - Configuration (rejected key, no access, unknown model, no API key): every further
      request would fail the same way; stop at once, and only new settings help.
    - Transient, once the client's own retries with backoff are spent (429, 5xx, timeouts,
      no connection): the breaker trips; more requests would only add load. Resumable: run
      again later to continue where it stopped.
    - Anything else (bad output, a cut-off reply) concerns that one input: None, go on."""
    if isinstance(error, AIConfigurationError | AINotConfigured):
        return RunStop(resumable=False)
    if isinstance(error, AITransientError):
        return RunStop(resumable=True, retry_after=error.retry_after)
    return None
