from tests.marketplace.localization.conftest import listing, rates, supplier  # noqa: F401
from tests.region_fixtures import packs  # noqa: F401
