"""Times named in the reader's language from CLDR: the abbreviation the locale uses, else the
zone's long name, never a bare offset; the same function for invoices and the ops admin."""

from datetime import UTC, datetime

import pytest
from django.utils import translation

from regions.core.local_time import active_locale, local_datetime, zone_name

WINTER = datetime(2026, 12, 2, 13, 5, tzinfo=UTC)
SUMMER = datetime(2026, 7, 2, 13, 5, tzinfo=UTC)


@pytest.mark.parametrize(("zone", "locale", "winter", "summer"), [
    ("Europe/Berlin", "de", "MEZ", "MESZ"),
    ("Europe/Berlin", "en_GB", "CET", "CEST"),
    ("Europe/Berlin", "ja", "中央ヨーロッパ標準時", "中央ヨーロッパ夏時間"),
    ("Europe/Berlin", "ar", "توقيت وسط أوروبا الرسمي", "توقيت وسط أوروبا الصيفي"),
    ("Europe/Berlin", "fr", "heure normale d’Europe centrale", "heure d’été d’Europe centrale"),
    ("Europe/London", "de", "Mittlere Greenwich-Zeit", "Britische Sommerzeit"),
    ("Europe/London", "en_GB", "GMT", "BST"),
    ("Europe/London", "ja", "グリニッジ標準時", "英国夏時間"),
    ("Europe/London", "ar", "توقيت غرينتش", "توقيت بريطانيا الصيفي"),
    ("Europe/London", "fr", "heure moyenne de Greenwich", "heure d’été britannique"),
    ("Asia/Tokyo", "de", "Japanische Normalzeit", "Japanische Normalzeit"),
    ("Asia/Tokyo", "en_GB", "Japan Standard Time", "Japan Standard Time"),
    ("Asia/Tokyo", "ja", "JST", "JST"),
    ("Asia/Tokyo", "ar", "توقيت اليابان الرسمي", "توقيت اليابان الرسمي"),
    ("Asia/Tokyo", "fr", "heure normale du Japon", "heure normale du Japon"),
    ("Asia/Dubai", "de", "Golf-Zeit", "Golf-Zeit"),
    ("Asia/Dubai", "en_GB", "GST", "GST"),
    ("Asia/Dubai", "ja", "湾岸標準時", "湾岸標準時"),
    ("Asia/Dubai", "ar", "توقيت الخليج", "توقيت الخليج"),
    ("Asia/Dubai", "fr", "heure du Golfe", "heure du Golfe"),
    ("America/New_York", "de", "Nordamerikanische Ostküsten-Normalzeit",
     "Nordamerikanische Ostküsten-Sommerzeit"),
    ("America/New_York", "en_GB", "Eastern Standard Time", "Eastern Daylight Time"),
    ("America/New_York", "en", "EST", "EDT"),
    ("America/New_York", "ja", "米国東部標準時", "米国東部夏時間"),
    ("America/New_York", "ar", "التوقيت الرسمي الشرقي لأمريكا الشمالية",
     "التوقيت الصيفي الشرقي لأمريكا الشمالية"),
    ("America/New_York", "fr", "heure normale de l’Est nord-américain",
     "heure d’été de l’Est nord-américain"),
])
def test_the_zone_is_named_as_the_locale_reads_it(zone, locale, winter, summer):
    assert (zone_name(WINTER, zone, locale), zone_name(SUMMER, zone, locale)) == (winter, summer)


def test_an_arabic_invoice_names_the_gulf_zone_not_an_offset():
    assert local_datetime(WINTER, "Asia/Dubai", "ar") == (
        "02\u200f/12\u200f/2026، 5:05 م توقيت الخليج")


def test_a_german_invoice_names_central_european_time():
    assert local_datetime(WINTER, "Europe/Berlin", "de") == "02.12.2026, 14:05 MEZ"
    assert local_datetime(SUMMER, "Europe/Berlin", "de") == "02.07.2026, 15:05 MESZ"


def test_short_labels_fall_back_to_the_localized_offset():
    assert zone_name(WINTER, "Europe/Brussels", "en", short=True) == "GMT+01:00"
    assert zone_name(WINTER, "Europe/Brussels", "de", short=True) == "MEZ"
    assert zone_name(WINTER, "Asia/Dubai", "ar", short=True) == "غرينتش+04:00"
    assert zone_name(WINTER, "UTC", "en", short=True) == "UTC"


def test_the_active_language_gives_the_locale():
    with translation.override("zh-hans"):
        assert str(active_locale()) == "zh_Hans"
    with translation.override("de"):
        assert str(active_locale()) == "de"
