"""The seed of the schemathesis run (tests/marketplace/api/test_fuzz.py): SCHEMATHESIS_SEED, or a
random one; printed in pytest's header (tests/conftest.py) so that a failure can be replayed."""

import os
import random

SEED = int(os.environ.get("SCHEMATHESIS_SEED") or random.SystemRandom().randrange(2**32))


def header() -> str:
    return f"schemathesis seed: {SEED} (replay: SCHEMATHESIS_SEED={SEED})"
