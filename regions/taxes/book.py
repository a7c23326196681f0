"""A country's tax configuration read into plain data (TaxBook), and the calculator of the
region's pack that interprets it."""

from datetime import date

from django.db.models import F, Q

from regions.core.models import Country
from regions.core.packs import installed_packs
from regions.taxes.interface import (
    RateRow,
    TaxBook,
    TaxCalculator,
    TaxDefinition,
    TaxPolicyView,
)
from regions.taxes.local_rates import provider_for
from regions.taxes.models import Tax, TaxClass, TaxPolicy, TaxRate
from regions.taxes.standard import StandardTax

_STANDARD = StandardTax()


def calculator_for(region_code: str) -> TaxCalculator:
    """The region's pack's tax calculator (its AppConfig's `tax_calculator`), else the
    standard one."""
    pack = installed_packs().get(region_code)
    return getattr(pack, "tax_calculator", None) or _STANDARD


def load_tax_book(country: Country, today: date) -> TaxBook:
    region_id = country.region_id
    here = Q(country__isnull=True) | Q(country=country)
    policy = TaxPolicy.objects.filter(region_id=region_id).first()
    rates = (
        TaxRate.objects.filter(country=country)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        # Overlaps are refused by TaxRate.clean; should one slip in (bulk writes), the dated
        # rate wins on every database: PostgreSQL sorts NULLs first in a descending order.
        .order_by("subdivision", "tax", "kind", F("valid_from").desc(nulls_last=True))
    )
    rows: dict[tuple[str, str, str], RateRow] = {}
    for rate in rates:
        rows.setdefault((rate.subdivision, rate.tax, rate.kind),
                        RateRow(rate.tax, rate.subdivision, rate.kind, rate.rate))
    taxes = {tax.code: TaxDefinition(tax.code, tax.name, dict(tax.labels), tax.replaces)
             for tax in Tax.objects.filter(here, region_id=region_id).order_by("pk")}
    if not taxes and rows:
        # Rates without a declared tax are VAT (packs written before taxes were declared).
        taxes = {code: TaxDefinition(code, code.upper()) for _, code, _ in rows}
    return TaxBook(
        country=str(country.code),
        policy=TaxPolicyView(policy.tax_system, policy.consumer_prices_include_tax,
                             policy.business_prices_include_tax, policy.reverse_charge,
                             policy.reverse_charge_note) if policy else None,
        taxes=taxes,
        rates=tuple(rows.values()),
        classes={c.category: c.kind for c in TaxClass.objects.filter(here, region_id=region_id)
                 .order_by(F("country").asc(nulls_first=True))},
        day=today,
        local_rates=provider_for(str(country.code)),
    )
