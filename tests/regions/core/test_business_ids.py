import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from regions.core.business_ids import (
    normalize_company_id,
    normalize_vat_id,
    tax_id_required,
    vat_id_example,
)
from regions.core.registration import registration_schemes


@pytest.mark.parametrize(("value", "country", "expected"), [
    ("DE136695976", "DE", "DE136695976"),
    ("de 136 695 976", "DE", "DE136695976"),
    ("136695976", "DE", "DE136695976"),  # prefix added from the country
    ("FR 40 303 265 045", "FR", "FR40303265045"),
    ("PL526-025-09-95", "PL", "PL5260250995"),
    ("IT00743110157", "IT", "IT00743110157"),
    ("ESA28015865", "ES", "ESA28015865"),
    ("NL004495445B01", "NL", "NL004495445B01"),
    ("BE 0403.019.261", "BE", "BE0403019261"),
    ("ATU13585627", "AT", "ATU13585627"),
    ("GB 980 7806 84", "GB", "GB980780684"),
    ("XI980780684", "GB", "XI980780684"),  # Northern Ireland traders
])
def test_valid_vat_ids_are_stored_compact_with_their_prefix(value, country, expected):
    assert normalize_vat_id(value, country) == expected


@pytest.mark.parametrize(("value", "country", "code"), [
    ("DE136695977", "DE", "invalid_checksum"),
    ("DE13669597", "DE", "invalid_length"),
    ("FR40303265045", "DE", "wrong_country"),
    ("PL5260250996", "PL", "invalid_checksum"),
    ("IT0074311015", "IT", "invalid_length"),
    ("NL004495445X01", "NL", "invalid_format"),
    ("", "DE", "required"),
    ("12-3456789", "US", "unsupported_country"),
    ("91110000600037341L", "CN", "unsupported_country"),
])
def test_invalid_vat_ids_say_what_is_wrong(value, country, code):
    with pytest.raises(ValidationError) as caught:
        normalize_vat_id(value, country)
    assert caught.value.code == code
    assert caught.value.messages[0].endswith(".")


def test_messages_name_the_country_and_an_example():
    with pytest.raises(ValidationError) as caught:
        normalize_vat_id("DE1234", "DE")
    assert caught.value.messages == [
        "This VAT ID has the wrong number of characters for Germany (example: DE136695976)."]
    with pytest.raises(ValidationError) as caught:
        normalize_vat_id("FR40303265045", "DE")
    assert "starts with FR" in caught.value.messages[0]
    assert "starts with DE" in caught.value.messages[0]


def test_messages_follow_the_active_language():
    with translation.override("fr"), pytest.raises(ValidationError) as caught:
        normalize_company_id("HRB", "DE")
    assert "Allemagne" in caught.value.messages[0]  # the country name at least is French


def test_every_example_is_valid():
    for country in ("AT", "BE", "DE", "ES", "FR", "GB", "IE", "IT", "NL", "PL", "PT", "SE"):
        assert normalize_vat_id(vat_id_example(country), country)
    for scheme in registration_schemes():
        if scheme.kind == "company":
            assert normalize_company_id(scheme.example, scheme.country) == scheme.example


def test_a_vat_id_is_required_in_the_eu_only():
    assert tax_id_required("de") and tax_id_required("GR")
    assert not tax_id_required("GB") and not tax_id_required("XI")
    assert not tax_id_required("US") and not tax_id_required("JP")


@pytest.mark.parametrize(("value", "country", "expected"), [
    ("Berlin (Charlottenburg) HRB 12345", "DE", "Berlin (Charlottenburg) HRB 12345"),
    ("303 265 045", "FR", "303265045"),
    ("303 265 045 00003", "FR", "30326504500003"),
    ("012100784", "PL", "012100784"),
    ("00743110157", "IT", "00743110157"),
    ("A28015865", "ES", "A28015865"),
    ("3301 4286", "NL", "33014286"),
    ("FN 122119m", "AT", "122119m"),
    ("556188-8404", "SE", "5561888404"),
    ("SC123456", "GB", "SC123456"),
    ("04-2103594", "US", "042103594"),
    ("91110000600037341L", "CN", "91110000600037341L"),  # no pack for CN: kept as entered
    ("  Reg.  12/34  ", "LU", "Reg. 12/34"),  # no known scheme: kept as entered
])
def test_valid_company_ids(value, country, expected):
    assert normalize_company_id(value, country) == expected


@pytest.mark.parametrize(("value", "country", "code"), [
    ("Berlin HRX 12345", "DE", "invalid_format"),
    ("303265046", "FR", "invalid_checksum"),
    ("012100785", "PL", "invalid_checksum"),
    ("A2801586", "ES", "invalid_length"),
    ("3301428", "NL", "invalid_format"),
    ("04-210359", "US", "invalid_format"),
    ("", "DE", "required"),
    ("x" * 41, "LU", "invalid_length"),
])
def test_invalid_company_ids(value, country, code):
    with pytest.raises(ValidationError) as caught:
        normalize_company_id(value, country)
    assert caught.value.code == code


class _Vies(BaseHTTPRequestHandler):
    registered = {"DE136695976"}
    requests: list = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.requests.append(body)
        answer = {"valid": body["countryCode"] + body["vatNumber"] in self.registered}
        payload = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def vies(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Vies)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Vies.requests = []
    settings.VIES_ENABLED = True
    settings.VIES_URL = f"http://127.0.0.1:{server.server_port}/check-vat-number"
    settings.VIES_TIMEOUT_SECONDS = 2
    yield _Vies
    server.shutdown()


def test_vies_is_off_by_default(settings):
    assert settings.VIES_ENABLED is False
    assert normalize_vat_id("DE136695976", "DE") == "DE136695976"


def test_vies_confirms_a_registered_id(vies):
    assert normalize_vat_id("DE 136695976", "DE") == "DE136695976"
    assert vies.requests == [{"countryCode": "DE", "vatNumber": "136695976"}]


def test_vies_refuses_an_unregistered_id(vies):
    with pytest.raises(ValidationError) as caught:
        normalize_vat_id("FR40303265045", "FR")
    assert caught.value.code == "vies_invalid"


def test_vies_unreachable_fails_closed(settings):
    settings.VIES_ENABLED = True
    settings.VIES_URL = "http://127.0.0.1:9/nothing-listens-here"
    settings.VIES_TIMEOUT_SECONDS = 1
    with pytest.raises(ValidationError) as caught:
        normalize_vat_id("DE136695976", "DE")
    assert caught.value.code == "vies_unavailable"


def test_vies_is_not_asked_about_a_malformed_id(vies):
    with pytest.raises(ValidationError):
        normalize_vat_id("DE136695977", "DE")
    assert vies.requests == []
