from tests.region_fixtures import eu_ops, packs, region, superuser, uk_ops  # noqa: F401
