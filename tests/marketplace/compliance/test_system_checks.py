"""`manage.py check` tells an operator when the daily re-check's hour is impossible."""

from marketplace.compliance.system_checks import check_recheck_schedule


def ids() -> list[str]:
    return [message.id for message in check_recheck_schedule()]


def test_the_default_hour_passes(settings):
    assert ids() == []


def test_an_hour_outside_the_day_is_an_error(settings):
    settings.COMPLIANCE_RECHECK_HOUR = 24
    assert ids() == ["compliance.E004"]


def test_midnight_and_the_last_hour_pass(settings):
    for hour in (0, 23):
        settings.COMPLIANCE_RECHECK_HOUR = hour
        assert ids() == []
