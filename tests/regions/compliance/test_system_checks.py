"""`manage.py check` tells an operator when compliance settings are unsafe or impossible."""

from regions.compliance.system_checks import check_private_documents


def ids(settings) -> list[str]:
    return [message.id for message in check_private_documents()]


def test_the_defaults_pass(settings):
    assert ids(settings) == []


def test_private_documents_inside_media_root_are_an_error(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    assert ids(settings) == ["compliance.E001"]


def test_impossible_numbers_are_errors(settings):
    settings.CERTIFICATE_MAX_UPLOAD_BYTES = 0
    settings.COMPLIANCE_EXPIRY_WARNING_DAYS = -1
    assert ids(settings) == ["compliance.E002", "compliance.E003"]
