"""The pro-forma invoice: built from the order's snapshot only, so it reads the same however
prices, rates, VAT or names are configured later. Amounts were formatted by Babel for the
buyer's locale when quoted; dates and country names are formatted here, in that locale."""

from datetime import date, datetime
from decimal import Decimal

import phonenumbers
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from marketplace.checkout.models import Order
from regions.taxes.interface import INCLUDED, REVERSE_CHARGE
from regions.taxes.rates import percent_shown
from regions.warehouses.incoterms import (
    NAMED_PLACE_OF_DESTINATION,
    NAMED_PORT_OF_DESTINATION,
    incoterm_name,
)


def invoice_context(order: Order) -> dict:
    """Everything the invoice template shows. Call it with the buyer's language active."""
    snapshot = order.snapshot
    locale = Locale.parse(snapshot["locale"])
    vat = snapshot["vat"]
    placed = datetime.fromisoformat(snapshot["placed_at"])

    def country(code: str) -> str:
        return locale.territories.get(code, code)

    tax_lines = [{**line, "rate_shown": percent_shown(Decimal(line["rate"]), locale)}
                 for line in vat.get("lines", [])]
    details = snapshot.get("bank_details")
    vat_charged = bool(tax_lines) and vat["treatment"] != REVERSE_CHARGE
    return {
        "order": order,
        "snapshot": snapshot,
        "date": format_date(placed.date(), format="long", locale=locale),
        "sellers": [{**seller, "country_name": country(seller["country"]),
                     "phone": phone_international(seller.get("phone", "")),
                     "tax_ids": seller_tax_ids(seller, snapshot.get("invoice", {}),
                                               vat_charged=vat_charged)}
                    for seller in snapshot["sellers"]],
        "buyer": snapshot["buyer"],
        "buyer_country": country(snapshot["buyer"]["address"]["country"]),
        "lines": snapshot["lines"],
        "shipping": snapshot["shipping"],
        "ships_from": country(snapshot["shipping"]["ships_from"]),
        "ships_from_place": place_shown(snapshot["shipping"].get("ships_from_city", ""),
                                        country(snapshot["shipping"]["ships_from"])),
        "vat": vat,
        # What the market's tax invoice must carry (orders placed before it was kept: none).
        "invoice": snapshot.get("invoice", {}),
        # One line per tax and rate (Japan's qualified invoice: tax per rate), each labelled
        # as the market calls the tax, the rate written as the buyer's locale writes it.
        "tax_lines": tax_lines,
        "vat_included": vat["treatment"] == INCLUDED,
        "reverse_charge": vat["treatment"] == REVERSE_CHARGE,
        "incoterm": incoterm_shown(snapshot["shipping"], snapshot["buyer"]["address"], country),
        # Orders placed before bank details were kept, and methods that are not transfers:
        # none.
        "bank_details": {**details, "accounts": [
            {**account, "bank_country_name": country(account["bank_country"])
             if account.get("bank_country") else ""} for account in details["accounts"]]}
        if details else None,
        "rates": rates_for_display(snapshot["exchange_rates"], locale),
        "payment_method": snapshot["payment_method"],
        "total": snapshot["total"],
        "net_total": snapshot["net_total"],
    }


def seller_tax_ids(seller: dict, invoice: dict, *, vat_charged: bool) -> list[tuple[str, str]]:
    """(label, number) of each tax number the invoice prints for the seller: its VAT ID, the
    registration the market's invoices need where it differs, and, where the invoice charges
    VAT and the seller has neither, a line saying so: an invoice charging VAT must carry the
    seller's number."""
    missing = invoice.get("missing_seller_tax_id", "")
    lines = [(_("VAT ID"), seller["vat_id"])] if seller.get("vat_id") else []
    lines += [(registration["label"], registration["number"] or missing)
              for registration in invoice.get("seller_tax_ids", [])
              if registration["seller"] == seller["id"]
              and registration["number"] != seller.get("vat_id")]
    if vat_charged and not lines:
        lines.append((_("VAT ID"), missing))
    return lines


def phone_international(e164: str) -> str:
    """+492035551234 → '+49 203 5551234': a seller's number as a buyer abroad dials it;
    anything unparseable as it is."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def incoterm_shown(shipping: dict, delivery: dict, country_name) -> dict:
    """The Incoterm with the place Incoterms 2020 has it name: the buyer's place of delivery
    for D rules and CPT/CIP (DAP Berlin, Germany), the place the goods leave the seller for E
    and F rules (FCA Duisburg, Germany). CFR and CIF name a port of destination that only the
    shipping option's own name gives ("CIF Rotterdam"): no place is made up for them. The
    rule's name is in the page's language, not the one the quote was made in."""
    code = shipping["incoterm"]
    if code in NAMED_PORT_OF_DESTINATION:
        city, country = "", ""
    elif code in NAMED_PLACE_OF_DESTINATION:
        city, country = delivery.get("city", ""), delivery["country"]
    else:
        city, country = shipping.get("ships_from_city", ""), shipping["ships_from"]
    place = place_shown(city, country_name(country) if country else "")
    return {"code": code, "name": incoterm_name(code), "place": place}


def place_shown(*parts: str) -> str:
    """"Dubai, United Arab Emirates" with the comma of the page's language ("دبي، الإمارات
    العربية المتحدة"); empty parts left out."""
    separator = pgettext("between a city and its country", ", ")
    return separator.join(part for part in parts if part)


def rates_for_display(rates: list[dict], locale: Locale | str) -> list[dict]:
    """The exchange rates a quote used, the rate and its date formatted for the locale."""
    return [{**rate, "rate": format_decimal(rate["rate"], locale=locale, format="#,##0.######"),
             "as_of": format_date(date.fromisoformat(rate["as_of"]), format="medium",
                                  locale=locale)}
            for rate in rates]
