import pytest

from marketplace.catalog.models import Listing, Supplier
from tests.marketplace.ai.conftest import (  # noqa: F401
    FAKE_KEY,
    fake_openai,
    make_client,
    sleeps,
)
from tests.marketplace.ai.fake_openai import FAKE_MODEL
from tests.marketplace.compliance_review.review_fixtures import make_listing
from tests.region_fixtures import eu_ops, packs, superuser  # noqa: F401


@pytest.fixture
def supplier(db) -> Supplier:
    return Supplier.objects.create(name="Shenzhen Audio Works", slug="sz-audio", country="CN")


@pytest.fixture
def speaker(supplier, packs) -> Listing:  # noqa: F811
    """A Bluetooth speaker filed under consumer electronics, claiming CE and FDA approval."""
    return make_listing(supplier)


@pytest.fixture
def ai_settings(settings, fake_openai):  # noqa: F811
    """The default client (what the task and the command use) pointed at the fake server,
    without retries of its own (the client's retries are tested in tests/marketplace/ai/),
    at 0.15 / 0.60 per 1,000 tokens."""
    settings.AI_API_KEY = FAKE_KEY
    settings.AI_BASE_URL = fake_openai.base_url
    settings.AI_MODEL = FAKE_MODEL
    settings.AI_MAX_RETRIES = 0
    settings.AI_PRICE_INPUT_PER_1K = "0.15"
    settings.AI_PRICE_OUTPUT_PER_1K = "0.60"
    return settings
