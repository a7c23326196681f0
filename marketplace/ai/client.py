"""The model client: one JSON-in, JSON-out request to any OpenAI-compatible server.

Retries are ours, not the SDK's (`max_retries=0`), so every HTTP attempt is classified and
gets its own usage-ledger row. What the caller sees is one of the `marketplace.ai.errors`
classes, which say what to do next: retry later, change the input, or fix the settings.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import openai
from django.conf import settings

from marketplace.ai.errors import (
    AIBadOutput,
    AIConfigurationError,
    AIError,
    AINotConfigured,
    AITransientError,
    AITruncated,
)
from marketplace.ai.models import COST_DECIMAL_PLACES, Outcome, UsageRecord
from marketplace.ai.schema import SchemaMismatch, validate

# Without a Retry-After, the n-th retry waits a random time in [0, min(CAP, BASE * 2**(n-1))]
# ("full jitter"), so clients that failed together do not retry together.
BACKOFF_BASE_SECONDS = 1.0
BACKOFF_CAP_SECONDS = 30.0
# Past this much sleeping in one call, give up and let the job be rescheduled instead of
# holding a worker.
MAX_TOTAL_WAIT_SECONDS = 120.0

_ERROR_EXCERPT = 300
_FENCE = re.compile(r"\A\s*```(?:json)?[ \t]*\n(?P<body>.*?)\n?```\s*\Z", re.DOTALL | re.IGNORECASE)
_OUTCOMES: dict[type[AIError], str] = {
    AITransientError: Outcome.TRANSIENT_ERROR,
    AIBadOutput: Outcome.BAD_OUTPUT,
    AITruncated: Outcome.TRUNCATED,
    AIConfigurationError: Outcome.CONFIG_ERROR,
}

_semaphores: dict[int, threading.BoundedSemaphore] = {}
_semaphores_lock = threading.Lock()


def _semaphore(limit: int) -> threading.BoundedSemaphore:
    # Process-wide per limit: every client in the process shares the server's capacity.
    with _semaphores_lock:
        if limit not in _semaphores:
            _semaphores[limit] = threading.BoundedSemaphore(limit)
        return _semaphores[limit]


def is_configured() -> bool:
    """True when the settings name an API key, i.e. AI features are on."""
    return bool(settings.AI_API_KEY)


def longest_call_seconds() -> float:
    """How long one `complete_json` call can take with the settings: every attempt timing out,
    plus the backoff sleeps between them (at most MAX_TOTAL_WAIT_SECONDS). A job's lease,
    renewed once per call, must outlast it. Waiting for a free slot of AI_MAX_CONCURRENCY is
    not counted."""
    retries = max(0, int(settings.AI_MAX_RETRIES))
    sleeping = sum(min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** n)
                   for n in range(retries))
    return float(settings.AI_TIMEOUT_SECONDS) * (retries + 1) + min(sleeping,
                                                                     MAX_TOTAL_WAIT_SECONDS)


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int
    completion_tokens: int


@dataclass(frozen=True)
class JsonReply:
    data: dict[str, Any]
    finish_reason: str
    usage: Usage
    cost: Decimal
    model: str


class ModelClient:
    """Sends chat-completion requests that must come back as JSON matching a schema.

    Every argument defaults to its `AI_*` setting; tests pass them explicitly. Instances are
    safe to share between threads."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        model: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        max_concurrency: int | None = None,
        price_input_per_1k: Decimal | str | None = None,
        price_output_per_1k: Decimal | str | None = None,
        structured_output: bool | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_total_wait: float = MAX_TOTAL_WAIT_SECONDS,
        rng: random.Random | None = None,
    ) -> None:
        def pick(value: Any, setting: str) -> Any:
            return getattr(settings, setting) if value is None else value

        self.api_key: str = pick(api_key, "AI_API_KEY")
        self.base_url: str = pick(base_url, "AI_BASE_URL")
        self.model: str = pick(model, "AI_MODEL")
        self.timeout = float(pick(timeout, "AI_TIMEOUT_SECONDS"))
        self.max_retries = int(pick(max_retries, "AI_MAX_RETRIES"))
        self.max_concurrency = int(pick(max_concurrency, "AI_MAX_CONCURRENCY"))
        self.price_input_per_1k = Decimal(pick(price_input_per_1k, "AI_PRICE_INPUT_PER_1K"))
        self.price_output_per_1k = Decimal(pick(price_output_per_1k, "AI_PRICE_OUTPUT_PER_1K"))
        self.structured_output = bool(pick(structured_output, "AI_STRUCTURED_OUTPUT"))
        self._sleep = sleep
        self.max_total_wait = max_total_wait
        # Jitter, not cryptography.
        self._rng = rng or random.Random()  # noqa: S311
        self._sdk: openai.OpenAI | None = None
        if self.api_key:
            self._sdk = openai.OpenAI(
                api_key=self.api_key,
                base_url=self.base_url or None,
                timeout=self.timeout,
                max_retries=0,
            )

    def is_configured(self) -> bool:
        return bool(self.api_key)

    @property
    def server(self) -> str:
        """The server, for messages: never the key."""
        return self.base_url or "the OpenAI API (default base URL)"

    def cost(self, prompt_tokens: int, completion_tokens: int) -> Decimal:
        raw = (
            prompt_tokens * self.price_input_per_1k + completion_tokens * self.price_output_per_1k
        ) / 1000
        return raw.quantize(Decimal(1).scaleb(-COST_DECIMAL_PLACES))

    def complete_json(
        self,
        *,
        system: str,
        user: str,
        schema: dict[str, Any],
        schema_name: str,
        purpose: str,
        job: str = "",
        max_tokens: int | None = None,
    ) -> JsonReply:
        """Ask the model and return its reply, parsed and validated against `schema`.

        Raises AINotConfigured (no request made), AIConfigurationError (stop),
        AITransientError (retries exhausted: reschedule), AIBadOutput (change the input),
        AITruncated (split the input)."""
        if self._sdk is None:
            raise AINotConfigured()
        request = self._request(system, user, schema, schema_name, max_tokens)
        waited = 0.0
        attempt = 1
        while True:
            try:
                return self._attempt(request, schema, purpose, job, attempt)
            except AITransientError as error:
                if attempt > self.max_retries:
                    raise
                delay = self._backoff(attempt, error.retry_after)
                if waited + delay > self.max_total_wait:
                    raise
                self._sleep(delay)
                waited += delay
                attempt += 1

    def _request(
        self,
        system: str,
        user: str,
        schema: dict[str, Any],
        schema_name: str,
        max_tokens: int | None,
    ) -> dict[str, Any]:
        request: dict[str, Any] = {"model": self.model}
        if self.structured_output:
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": schema_name, "schema": schema, "strict": True},
            }
        else:
            system = (
                f"{system}\n\nReply with one JSON object and nothing else (no prose, no code "
                f"fences). It must match this JSON schema:\n{json.dumps(schema)}"
            )
        request["messages"] = [
            {"role": "system", "content": system},
            {"role": "user", "content": user},
        ]
        if max_tokens is not None:
            request["max_tokens"] = max_tokens
        return request

    def _attempt(
        self, request: dict[str, Any], schema: dict[str, Any], purpose: str, job: str, attempt: int
    ) -> JsonReply:
        assert self._sdk is not None  # noqa: S101  (complete_json checked it)
        ledger = {"purpose": purpose, "job": job, "attempt": attempt}
        started = time.monotonic()
        try:
            with _semaphore(self.max_concurrency):
                response = self._sdk.chat.completions.create(**request)
        except openai.OpenAIError as error:
            failure = self._classify(error)
            self._record(ledger, started, failure, model=self.model)
            raise failure from error

        usage = getattr(response, "usage", None)
        counted = Usage(
            prompt_tokens=getattr(usage, "prompt_tokens", 0) or 0,
            completion_tokens=getattr(usage, "completion_tokens", 0) or 0,
        )
        model = getattr(response, "model", None) or self.model
        try:
            data, finish_reason = self._parse(response, schema)
        except (AIBadOutput, AITruncated) as failure:
            self._record(ledger, started, failure, model=model, usage=counted)
            raise
        cost = self._record(ledger, started, None, model=model, usage=counted)
        return JsonReply(
            data=data, finish_reason=finish_reason, usage=counted, cost=cost, model=model
        )

    def _record(
        self,
        ledger: dict[str, Any],
        started: float,
        failure: AIError | None,
        *,
        model: str,
        usage: Usage | None = None,
    ) -> Decimal:
        usage = usage or Usage(0, 0)
        cost = self.cost(usage.prompt_tokens, usage.completion_tokens)
        UsageRecord.objects.create(
            model=model,
            prompt_tokens=usage.prompt_tokens,
            completion_tokens=usage.completion_tokens,
            cost=cost,
            latency_ms=round((time.monotonic() - started) * 1000),
            outcome=Outcome.OK if failure is None else _OUTCOMES[type(failure)],
            error="" if failure is None else str(failure),
            **ledger,
        )
        return cost

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return retry_after
        ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (attempt - 1))
        return self._rng.uniform(0, ceiling)

    def _classify(self, error: openai.OpenAIError) -> AIError:
        where = f"{self.server}, model {self.model!r}"
        if isinstance(error, openai.APITimeoutError):
            return AITransientError(f"No reply within {self.timeout:g} s from {where}.")
        if isinstance(error, openai.APIConnectionError):
            if isinstance(error.__cause__, httpx.UnsupportedProtocol | httpx.InvalidURL):
                return AIConfigurationError(
                    f"AI_BASE_URL is not a usable URL: {self.base_url!r} (expected e.g. "
                    "http://127.0.0.1:8000/v1)."
                )
            return AITransientError(f"Could not connect to {where}.")
        if isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
            return AIConfigurationError(
                f"The server rejected the API key (HTTP {error.status_code}) at {where}: "
                "check AI_API_KEY and AI_BASE_URL."
            )
        if isinstance(error, openai.NotFoundError):
            return AIConfigurationError(
                f"Not found (HTTP 404) at {where}: check AI_MODEL and AI_BASE_URL "
                "(a self-hosted server's base URL usually ends in /v1)."
            )
        if isinstance(error, openai.APIStatusError):
            status = error.status_code
            detail = self._redact(_excerpt(str(error.message)))
            if status == 429 and error.code == "insufficient_quota":
                # Billing, not load: waiting does not bring the quota back.
                return AIConfigurationError(f"Quota exhausted at {where}: {detail}")
            if status in (408, 409, 429) or status >= 500:
                return AITransientError(
                    f"HTTP {status} from {where}: {detail}",
                    retry_after=_retry_after(error.response.headers),
                )
            if error.code == "context_length_exceeded":
                return AITruncated(f"The input is too long for {where}: {detail}")
            return AIConfigurationError(
                f"HTTP {status} from {where}: {detail} (if the server does not support JSON "
                "schema output, set AI_STRUCTURED_OUTPUT=false)."
            )
        # The SDK could not read the 200 reply into a chat completion.
        return AIBadOutput(f"Unreadable reply from {where}: {self._redact(_excerpt(str(error)))}")

    def _redact(self, text: str) -> str:
        return text.replace(self.api_key, "***") if self.api_key else text

    def _parse(self, response: Any, schema: dict[str, Any]) -> tuple[dict[str, Any], str]:
        choices = getattr(response, "choices", None)
        if not choices:
            raise AIBadOutput("The reply has no choices.")
        choice = choices[0]
        finish_reason = choice.finish_reason or ""
        if finish_reason == "length":
            raise AITruncated("The reply was cut off at the token limit (finish_reason length).")
        if finish_reason == "content_filter":
            raise AIBadOutput("The reply was withheld by the server's content filter.")
        if getattr(choice.message, "refusal", None):
            raise AIBadOutput(f"The model refused: {_excerpt(choice.message.refusal)}")
        content = choice.message.content
        if not content or not content.strip():
            raise AIBadOutput("The reply is empty.")
        data = parse_json_object(content)
        try:
            validate(data, schema)
        except SchemaMismatch as mismatch:
            raise AIBadOutput(f"The reply does not match the schema: {mismatch}") from None
        return data, finish_reason


def parse_json_object(content: str) -> dict[str, Any]:
    """Parse a reply that must be exactly one JSON object, optionally in one ```json fence.

    Anything else (prose around it, two fences, a list, NaN, a key given twice) is AIBadOutput:
    guessing which part the model meant is how wrong data gets saved."""
    fenced = _FENCE.match(content)
    text = fenced.group("body") if fenced else content
    if "```" in text:
        raise AIBadOutput(f"The reply is not one JSON object: {_excerpt(content)!r}")
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constants)
    except (json.JSONDecodeError, ValueError) as error:
        raise AIBadOutput(f"The reply is not valid JSON ({error}): {_excerpt(content)!r}") from None
    if not isinstance(data, dict):
        raise AIBadOutput(f"The reply is JSON but not an object: {_excerpt(content)!r}")
    return data


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    duplicates = {key for key in keys if keys.count(key) > 1}
    if duplicates:
        raise ValueError(f"duplicate keys {sorted(duplicates)}")
    return dict(pairs)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _retry_after(headers: httpx.Headers) -> float | None:
    """Seconds to wait, from Retry-After-Ms (OpenAI) or Retry-After (seconds or HTTP date)."""
    if milliseconds := headers.get("retry-after-ms"):
        try:
            return max(0.0, float(milliseconds) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _excerpt(text: str) -> str:
    return text if len(text) <= _ERROR_EXCERPT else text[:_ERROR_EXCERPT] + "…"
