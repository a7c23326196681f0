"""The client against a real HTTP server speaking the OpenAI protocol: one fault per test."""

import json
import threading
from decimal import Decimal

import pytest
from django.db import connections

from marketplace.ai.client import ModelClient, is_configured
from marketplace.ai.errors import (
    AIBadOutput,
    AIConfigurationError,
    AINotConfigured,
    AITransientError,
    AITruncated,
)
from marketplace.ai.models import UsageRecord
from tests.marketplace.ai.conftest import FAKE_KEY
from tests.marketplace.ai.fake_openai import FAKE_MODEL, Reply, completion

pytestmark = pytest.mark.django_db

SCHEMA = {
    "type": "object",
    "properties": {
        "items": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "text": {"type": "string"}},
                "required": ["id", "text"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["items"],
    "additionalProperties": False,
}
GOOD = {"items": [{"id": 1, "text": "Kabellose Kopfhörer"}]}


def ask(client: ModelClient, **kwargs):
    options = {
        "system": "Translate to German.",
        "user": '{"items": [{"id": 1, "text": "Wireless headphones"}]}',
        "schema": SCHEMA,
        "schema_name": "translations",
        "purpose": "translation",
        "job": "translation:42",
    }
    options.update(kwargs)
    return client.complete_json(**options)


def ledger() -> list[tuple[int, str, int, int]]:
    return list(
        UsageRecord.objects.order_by("id").values_list(
            "attempt", "outcome", "prompt_tokens", "completion_tokens"
        )
    )


def test_a_valid_reply_is_parsed_and_ledgered_with_its_cost(fake_openai, make_client):
    fake_openai.push_json(GOOD, prompt_tokens=1200, completion_tokens=300)

    reply = ask(make_client(), max_tokens=500)

    assert reply.data == GOOD
    assert reply.finish_reason == "stop"
    assert (reply.usage.prompt_tokens, reply.usage.completion_tokens) == (1200, 300)
    # 1200 × 0.15/1K + 300 × 0.60/1K
    assert reply.cost == Decimal("0.36")
    assert reply.model == FAKE_MODEL
    row = UsageRecord.objects.get()
    assert (row.model, row.purpose, row.job, row.outcome, row.attempt) == (
        FAKE_MODEL,
        "translation",
        "translation:42",
        "ok",
        1,
    )
    assert (row.prompt_tokens, row.completion_tokens, row.cost) == (1200, 300, Decimal("0.36"))
    assert row.error == ""


def test_the_request_carries_model_key_schema_and_messages(fake_openai, make_client):
    fake_openai.push_json(GOOD)

    ask(make_client(), max_tokens=500)

    [sent] = fake_openai.requests
    assert sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == f"Bearer {FAKE_KEY}"
    assert sent.body["model"] == FAKE_MODEL
    assert sent.body["max_tokens"] == 500
    assert sent.body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "translations", "schema": SCHEMA, "strict": True},
    }
    assert sent.body["messages"] == [
        {"role": "system", "content": "Translate to German."},
        {"role": "user", "content": '{"items": [{"id": 1, "text": "Wireless headphones"}]}'},
    ]


def test_a_429_waits_as_long_as_retry_after_says_then_succeeds(fake_openai, make_client, sleeps):
    fake_openai.push_error(429, "Rate limit reached", retry_after="7")
    fake_openai.push_json(GOOD)

    reply = ask(make_client())

    assert reply.data == GOOD
    assert sleeps == [7.0]
    assert ledger() == [(1, "transient_error", 0, 0), (2, "ok", 120, 30)]
    assert "HTTP 429" in UsageRecord.objects.get(attempt=1).error


def test_a_retry_after_beyond_the_wait_budget_gives_up_at_once(fake_openai, make_client, sleeps):
    fake_openai.push_error(429, "Rate limit reached", retry_after="600")

    with pytest.raises(AITransientError) as raised:
        ask(make_client(max_total_wait=60))

    # The caller (a Celery task) can reschedule itself for when the server asked.
    assert raised.value.retry_after == 600.0
    assert sleeps == []
    assert len(fake_openai.requests) == 1


def test_a_500_is_retried_after_a_jittered_backoff(fake_openai, make_client, sleeps):
    fake_openai.push_error(500, "The server had an error")
    fake_openai.push_json(GOOD)

    reply = ask(make_client())

    assert reply.data == GOOD
    [delay] = sleeps
    assert 0 <= delay <= 1.0  # full jitter within the first step of the backoff
    assert ledger() == [(1, "transient_error", 0, 0), (2, "ok", 120, 30)]


def test_timeouts_are_retried_then_raised_with_every_attempt_ledgered(
    fake_openai, make_client, sleeps
):
    fake_openai.push(*[Reply(body=completion(json.dumps(GOOD)), delay=0.3) for _ in range(3)])

    with pytest.raises(AITransientError, match=r"No reply within 0\.1 s"):
        ask(make_client(timeout=0.1, max_retries=2))

    assert len(fake_openai.requests) == 3
    assert len(sleeps) == 2
    assert ledger() == [(n, "transient_error", 0, 0) for n in (1, 2, 3)]


def test_a_reply_cut_off_at_the_token_limit_raises_truncated(fake_openai, make_client):
    fake_openai.push_content('{"items": [{"id": 1, "te', finish_reason="length")

    with pytest.raises(AITruncated):
        ask(make_client())

    # The tokens were paid for: the ledger has them.
    assert ledger() == [(1, "truncated", 120, 30)]
    assert len(fake_openai.requests) == 1


def test_malformed_json_is_bad_output_and_not_resent(fake_openai, make_client):
    fake_openai.push_content('{"items": [{"id": 1, "text": "Kopfhörer"}')

    with pytest.raises(AIBadOutput, match="not valid JSON"):
        ask(make_client())

    assert len(fake_openai.requests) == 1
    assert ledger() == [(1, "bad_output", 120, 30)]


def test_one_fenced_json_block_is_accepted(fake_openai, make_client):
    fake_openai.push_content(f"```json\n{json.dumps(GOOD)}\n```\n")

    assert ask(make_client()).data == GOOD


@pytest.mark.parametrize(
    "content",
    [
        f"Here you go:\n```json\n{json.dumps(GOOD)}\n```",
        f"```json\n{json.dumps(GOOD)}\n```\nHope this helps!",
        f"```json\n{json.dumps(GOOD)}\n```\n```json\n{json.dumps(GOOD)}\n```",
    ],
    ids=["text-before", "text-after", "two-fences"],
)
def test_a_fence_with_anything_around_it_is_bad_output(fake_openai, make_client, content):
    fake_openai.push_content(content)

    with pytest.raises(AIBadOutput):
        ask(make_client())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"items": [{"id": "1", "text": "x"}]}, r"\$\.items\[0\]\.id: expected integer, got str"),
        ({"items": [{"id": 1}]}, r"\$\.items\[0\]: missing required key 'text'"),
        ({"items": [{"id": 1, "text": "x"}], "note": "hi"}, r"\$: unexpected key 'note'"),
        ({"items": []}, r"\$\.items: fewer than 1 items"),
        ([GOOD], "not an object"),
    ],
    ids=["wrong-type", "missing-key", "extra-key", "too-few-items", "not-an-object"],
)
def test_a_reply_that_breaks_the_schema_is_bad_output(fake_openai, make_client, data, message):
    fake_openai.push_json(data)

    with pytest.raises(AIBadOutput, match=message):
        ask(make_client())

    assert ledger() == [(1, "bad_output", 120, 30)]


@pytest.mark.parametrize("content", ["", "  \n", None], ids=["empty", "blank", "null"])
def test_an_empty_reply_is_bad_output(fake_openai, make_client, content):
    fake_openai.push_content(content)

    with pytest.raises(AIBadOutput, match="empty"):
        ask(make_client())


def test_a_refusal_is_bad_output(fake_openai, make_client):
    fake_openai.push_content(None, refusal="I can't help with that.")

    with pytest.raises(AIBadOutput, match="refused: I can't help with that"):
        ask(make_client())


def test_a_401_stops_at_once_with_a_message_naming_server_and_model(fake_openai, make_client):
    fake_openai.push_error(401, f"Incorrect API key provided: {FAKE_KEY}", code="invalid_api_key")

    with pytest.raises(AIConfigurationError) as raised:
        ask(make_client())

    message = str(raised.value)
    assert fake_openai.base_url in message
    assert FAKE_MODEL in message
    assert FAKE_KEY not in message
    assert len(fake_openai.requests) == 1
    row = UsageRecord.objects.get()
    assert row.outcome == "config_error"
    assert FAKE_KEY not in row.error


def test_an_unknown_model_is_a_configuration_error(fake_openai, make_client):
    fake_openai.push_error(404, "The model `nope` does not exist", code="model_not_found")

    with pytest.raises(AIConfigurationError, match="check AI_MODEL and AI_BASE_URL"):
        ask(make_client(model="nope"))

    assert len(fake_openai.requests) == 1


def test_without_an_api_key_nothing_is_sent(fake_openai, make_client):
    with pytest.raises(AINotConfigured) as raised:
        ask(make_client(api_key=""))

    assert str(raised.value) == (
        "Machine translation is not configured: set AI_API_KEY "
        "(and AI_BASE_URL for a self-hosted server)."
    )
    assert fake_openai.requests == []
    assert not UsageRecord.objects.exists()


def test_without_structured_output_the_schema_goes_into_the_prompt(fake_openai, make_client):
    fake_openai.push_json(GOOD)
    fake_openai.push_json({"items": [{"id": 1, "text": "x", "extra": True}]})
    client = make_client(structured_output=False)

    assert ask(client).data == GOOD
    # Validation is just as strict without the server's help.
    with pytest.raises(AIBadOutput, match="unexpected key 'extra'"):
        ask(client)

    sent = fake_openai.requests[0].body
    assert "response_format" not in sent
    assert json.dumps(SCHEMA) in sent["messages"][0]["content"]
    assert sent["messages"][0]["content"].startswith("Translate to German.")


def test_the_client_reads_its_configuration_from_settings(settings, fake_openai):
    settings.AI_API_KEY = "sk-from-settings"
    settings.AI_BASE_URL = fake_openai.base_url
    settings.AI_MODEL = "settings-model"
    settings.AI_PRICE_INPUT_PER_1K = "1"
    settings.AI_PRICE_OUTPUT_PER_1K = "2"
    fake_openai.push_json(GOOD, prompt_tokens=1000, completion_tokens=1000)

    reply = ask(ModelClient())

    assert is_configured()
    assert reply.cost == Decimal("3")
    sent = fake_openai.requests[0]
    assert sent.body["model"] == "settings-model"
    assert sent.headers["authorization"] == "Bearer sk-from-settings"


def test_ai_is_off_without_a_key_in_settings(settings):
    settings.AI_API_KEY = ""

    assert not is_configured()
    assert not ModelClient().is_configured()


def test_a_base_url_without_a_scheme_is_a_configuration_error(fake_openai, make_client):
    host_and_port = fake_openai.base_url.removeprefix("http://")

    with pytest.raises(AIConfigurationError, match="AI_BASE_URL is not a usable URL"):
        ask(make_client(base_url=host_and_port))

    assert fake_openai.requests == []


# Transactional: the worker threads write the ledger on their own connections, outside the
# test's transaction, so the rows must be flushed rather than rolled back (PostgreSQL in CI).
@pytest.mark.django_db(transaction=True)
def test_requests_never_exceed_the_concurrency_limit(fake_openai, make_client):
    # Given: three callers on threads, a limit of one, and a server that is slow to answer
    fake_openai.push(*[Reply(body=completion(json.dumps(GOOD)), delay=0.05) for _ in range(3)])
    client = make_client(max_concurrency=1)
    errors: list[BaseException] = []

    def call() -> None:
        try:
            ask(client)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    # When
    threads = [threading.Thread(target=call) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Then
    assert errors == []
    assert fake_openai.max_in_flight == 1
    assert UsageRecord.objects.filter(outcome="ok").count() == 3
