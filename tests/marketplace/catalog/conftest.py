from tests.marketplace.localization.conftest import supplier  # noqa: F401
