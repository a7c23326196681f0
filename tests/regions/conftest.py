from tests.region_fixtures import (  # noqa: F401
    all_packs,
    eu_ops,
    packs,
    region,
    superuser,
    uk_ops,
)
