import pytest

from marketplace.catalog.models import Listing, Supplier
from tests.marketplace.ai.conftest import fake_openai, make_client, sleeps  # noqa: F401
from tests.marketplace.translation.pipeline_fixtures import make_speaker


@pytest.fixture
def supplier(db) -> Supplier:
    return Supplier.objects.create(name="Shenzhen Audio Works", slug="sz-audio", country="CN")


@pytest.fixture
def speakers(supplier) -> list[Listing]:
    """Two English listings: "Bluetooth speaker BT100" and "... BT200"."""
    return [make_speaker(supplier, 100), make_speaker(supplier, 200)]
