from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest

from marketplace.ai.client import ModelClient
from tests.marketplace.ai.fake_openai import FAKE_MODEL, FakeOpenAI

FAKE_KEY = "sk-test-fake-key"


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture
def sleeps() -> list[float]:
    """What the client asked to sleep; the injected sleep records instead of sleeping."""
    return []


@pytest.fixture
def make_client(fake_openai: FakeOpenAI, sleeps: list[float]) -> Callable[..., ModelClient]:
    """A real client pointed at the fake server; keyword arguments override the defaults."""

    def make(**overrides: Any) -> ModelClient:
        options: dict[str, Any] = {
            "api_key": FAKE_KEY,
            "base_url": fake_openai.base_url,
            "model": FAKE_MODEL,
            "timeout": 2.0,
            "max_retries": 2,
            "max_concurrency": 4,
            "price_input_per_1k": Decimal("0.15"),
            "price_output_per_1k": Decimal("0.60"),
            "structured_output": True,
            "sleep": sleeps.append,
        }
        options.update(overrides)
        return ModelClient(**options)

    return make
