"""The CLDR data the tests expect, in one place.

Babel carries CLDR; an upgrade can change currency digits or number formats (CLDR 49, in
Babel 2.19, gave the forint 0 digits). Tests that assert CLDR-derived values read them from
here, and tests/test_locked_dependencies.py fails first, naming the new version, when the
installed Babel is not the one these values were taken from. Upgrading Babel (`make lock`)
means re-checking the values below and the formatted amounts in the tests.
"""

BABEL_VERSION = "2.19.0"
CLDR_VERSION = "49"

# ISO 4217 code → CLDR's number of minor-unit digits (babel.numbers.get_currency_precision).
CURRENCY_DIGITS = {
    "EUR": 2,
    "USD": 2,
    "GBP": 2,
    "JPY": 0,
    "HUF": 0,
    "KRW": 0,
    "BHD": 3,
}
