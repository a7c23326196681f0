import pytest

from marketplace.catalog.models import Listing, Supplier
from tests.marketplace.ai.conftest import fake_openai, make_client, sleeps  # noqa: F401
from tests.marketplace.compliance_review.review_fixtures import make_listing
from tests.region_fixtures import eu_ops, packs, superuser  # noqa: F401


@pytest.fixture
def supplier(db) -> Supplier:
    return Supplier.objects.create(name="Shenzhen Audio Works", slug="sz-audio", country="CN")


@pytest.fixture
def speaker(supplier, packs) -> Listing:  # noqa: F811
    """A Bluetooth speaker filed under consumer electronics, claiming CE and FDA approval."""
    return make_listing(supplier)
