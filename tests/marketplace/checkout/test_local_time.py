"""The quote's validity as the buyer reads it: their zone, named, their locale's format."""

from datetime import UTC, datetime

from regions.core.local_time import local_datetime

MOMENT = datetime(2026, 12, 2, 21, 57, 8, tzinfo=UTC)


def test_the_time_names_its_zone_in_the_buyers_locale():
    assert local_datetime(MOMENT, "Europe/London", "en_GB") == "2 Dec 2026, 21:57 GMT"
    assert local_datetime(MOMENT, "Europe/Berlin", "de") == "02.12.2026, 22:57 MEZ"
    assert local_datetime(MOMENT, "Asia/Tokyo", "ja") == "2026/12/03 6:57 JST"
    # Without an abbreviation in the locale, the zone's CLDR name, not "+0400".
    assert local_datetime(MOMENT, "Asia/Dubai", "ar") == (
        "03\u200f/12\u200f/2026، 1:57 ص توقيت الخليج")
    assert local_datetime(MOMENT, "Asia/Dubai", "en") == (
        "Dec 3, 2026, 1:57\u202fAM Gulf Standard Time")
