"""Tax for the engine and the checkout alike: both ask these functions, which ask the market's
pack (its TaxCalculator, regions/taxes/interface.py). Nothing here knows a country."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from babel.lists import format_list
from django.utils.translation import get_language
from moneyed import Money

from marketplace.rates.services import round_money
from regions.taxes.interface import CHARGED, INCLUDED, Components, Sale
from regions.taxes.rates import percent_shown, percent_text

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class TaxLineTerms:
    tax: str
    label: str
    rate: Decimal
    jurisdiction: str


@dataclass(frozen=True)
class VatTerms:
    """What a listing's buyer may expect about tax (the API's and the preview's `vat`)."""

    system: str  # the region's tax system: "vat" or "sales_tax"
    rate: Decimal | None  # the sum of the rates, None until the delivery address is known
    included: bool
    note: str
    lines: tuple[TaxLineTerms, ...] = ()


def components(data, kind: str) -> Components:
    """The taxes a sale of goods of rate `kind` pays in the market (its subdivision, and its
    postal code where local rates apply)."""
    market = data.market
    key = ("tax_components", market.subdivision, market.postal_code, kind, market.language)
    found = data.shared.get(key)
    if found is None:
        found = data.shared[key] = data.tax.components(
            data.tax_book, market.subdivision, kind, market.language, market.postal_code)
    return found


def shown(found: Components, locale) -> str:
    """"GST 5 % + QST 9,975 %" as the buyer's locale writes the rates."""
    return " + ".join(f"{line.label} {percent_shown(line.rate, locale)}" for line in found.lines)


def included_rate(data, kind: str) -> Decimal | None:
    """The rate a shown price includes, or None when prices exclude tax for this buyer."""
    if not data.prices_include_tax:
        return None
    return components(data, kind).total_rate


def listing_terms(data, kind: str) -> VatTerms:
    key = ("tax_terms", data.market.subdivision, data.market.postal_code, kind, data.locale,
           get_language())
    terms = data.shared.get(key)
    if terms is None:
        found = components(data, kind)
        note = data.tax.listing_note(
            data.tax_book, found, is_business=data.is_business, shown=shown(found, data.locale),
            pending=format_list(list(found.pending), style="or", locale=data.locale)
            if found.pending else "", locale=data.locale)
        terms = data.shared[key] = VatTerms(
            system=data.tax_book.policy.system if data.tax_book.policy else "",
            rate=Decimal(percent_text(found.total_rate)) if found.complete else None,
            included=data.prices_include_tax, note=note,
            lines=tuple(TaxLineTerms(x.tax, x.label, Decimal(percent_text(x.rate)), x.jurisdiction)
                        for x in found.lines))
    return terms


def treatment(data, *, warehouse_kind: str, ships_from: str, tax_id_valid: bool = True,
              exemption: str = "", goods_value: Decimal | None = None) -> str:
    return data.tax.treatment(data.tax_book, Sale(
        subdivision=data.market.subdivision, is_business=data.is_business,
        warehouse_kind=warehouse_kind, ships_from=ships_from,
        buyer_country=str(data.market.country.code), tax_id_valid=tax_id_valid,
        exemption=exemption, goods_value=goods_value))


def sale_note(data, how: str, kinds: Iterable[str]) -> str:
    found = [components(data, kind) for kind in sorted(set(kinds))]
    merged = Components(tuple(dict.fromkeys(line for c in found for line in c.lines)),
                        complete=all(c.complete for c in found))
    return data.tax.sale_note(data.tax_book, how, merged, is_business=data.is_business,
                              shown=shown(merged, data.locale), locale=data.locale)


def tax_lines(data, how: str, amounts: dict[str, Decimal]) -> list[dict]:
    """The tax lines of a sale whose amounts (as priced: tax included when the treatment says
    so) are grouped by rate kind: one line per tax and rate, each computed on the price
    before tax and rounded once, half up, to the currency's minor unit."""
    if how not in CHARGED:
        return []
    lines: dict[tuple[str, Decimal, str], dict] = {}
    for kind, amount in amounts.items():
        found = components(data, kind)
        total = found.total_rate
        base = amount * HUNDRED / (HUNDRED + total) if how == INCLUDED else amount
        for line in found.lines:
            entry = lines.setdefault((line.tax, line.rate, line.jurisdiction), {
                "tax": line.tax, "label": line.label, "rate": percent_text(line.rate),
                "jurisdiction": line.jurisdiction, "base": Decimal(0), "amount": Decimal(0)})
            entry["base"] += base
            entry["amount"] += base * line.rate / HUNDRED
    for entry in lines.values():
        entry["base"] = round_money(Money(entry["base"], data.currency)).amount
        entry["amount"] = round_money(Money(entry["amount"], data.currency)).amount
    return list(lines.values())
