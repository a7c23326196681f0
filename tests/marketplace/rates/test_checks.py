"""rates.W001: the newest stored rate is older than EXCHANGE_RATES_MAX_AGE_DAYS."""

from datetime import date

import pytest
from django.apps import apps
from django.core import checks
from django.db import connection

from marketplace.rates.checks import check_rates_are_current
from marketplace.rates.models import ExchangeRate
from tests.marketplace.rates.samples import OCT_30, RATES_OCT_30, store

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def max_age(settings):
    settings.EXCHANGE_RATES_MAX_AGE_DAYS = 7


def test_current_rates_pass(ecb_rates, today):
    today(date(2026, 11, 6))

    assert check_rates_are_current() == []


def test_stale_rates_are_a_warning_that_says_what_to_run(ecb_rates, today):
    today(date(2026, 11, 24))

    [warning] = check_rates_are_current()

    assert warning.id == "rates.W001"
    assert warning.level == checks.WARNING
    assert warning.msg == (
        "Exchange rates are 25 days old (as of 2026-10-30); run "
        "`python manage.py load_rates FILE`"
    )
    assert warning.hint.endswith("EXCHANGE_RATES_MAX_AGE_DAYS is 7.")


def test_the_newest_rate_counts_not_the_oldest(today):
    store(date(2026, 8, 10), {"USD": "1.1641"})
    store(OCT_30, RATES_OCT_30)
    today(date(2026, 11, 2))

    assert check_rates_are_current() == []


def test_the_check_is_registered():
    assert check_rates_are_current in checks.registry.registry.get_checks()


def test_the_check_is_skipped_when_other_apps_are_checked(ecb_rates, today):
    today(date(2026, 11, 24))

    assert check_rates_are_current(app_configs=[apps.get_app_config("regions_core")]) == []


def test_no_rates_yet_is_not_stale(today):
    today(date(2026, 11, 24))

    assert check_rates_are_current() == []


def test_a_missing_table_does_not_fail_the_check(ecb_rates, today):
    # As before `migrate`: the table is not there. The rename is undone with the test's
    # transaction; renaming it back first shows that the transaction is still usable.
    today(date(2026, 11, 24))
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE rates_exchangerate RENAME TO rates_exchangerate_gone")

        assert check_rates_are_current() == []

        cursor.execute("ALTER TABLE rates_exchangerate_gone RENAME TO rates_exchangerate")
    assert ExchangeRate.objects.count() == 16
