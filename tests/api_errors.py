"""The API's error bodies (marketplace/api/errors.py) without their codes, for tests about
the messages; fails when a body has no `codes`."""

from typing import Any


def messages(response) -> dict[str, Any]:
    body = response.json()
    assert "codes" in body, body
    return {key: value for key, value in body.items() if key != "codes"}
