from tests.region_fixtures import packs  # noqa: F401
