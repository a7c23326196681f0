"""System checks of the packs' tax code: a pack whose calculator is missing a method, raises or
answers nonsense is named with the problem, before a buyer meets it."""

from decimal import Decimal

from django.core import checks

from regions.core.packs import installed_packs
from regions.taxes.interface import TREATMENTS, Components, RateRow, Sale, TaxBook, TaxPolicyView
from regions.taxes.local_rates import configuration_errors

METHODS = ("treatment", "components", "listing_note", "sale_note", "legal_note")
# A neutral book and sale to call each calculator with: one national 10 % tax.
_BOOK = TaxBook("ZZ", TaxPolicyView("vat", True, False, False, ""), {},
                (RateRow("vat", "", "standard", Decimal(10)),), {})
_SALE = Sale(subdivision="", is_business=False, warehouse_kind="local", ships_from="ZZ",
             buyer_country="ZZ")


@checks.register()
def check_tax_calculators(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    problems = []
    for code, pack in sorted(installed_packs().items()):
        calculator = getattr(pack, "tax_calculator", None)
        if calculator is None:
            continue
        problem = _problem(calculator)
        if problem:
            problems.append(checks.Error(
                f"Region pack “{pack.label}” ({code}): its tax_calculator {problem}.",
                hint="See regions/taxes/interface.py and regions/packs/FORMAT.md.",
                obj=pack, id="regions.E030"))
    return problems


def _problem(calculator) -> str:
    missing = [name for name in METHODS if not callable(getattr(calculator, name, None))]
    if missing:
        return f"lacks {', '.join(missing)}"
    try:
        treatment = calculator.treatment(_BOOK, _SALE)
        found = calculator.components(_BOOK, "", "standard", "en")
    except Exception as exc:
        return f"raised {type(exc).__name__}: {exc}"
    if treatment not in TREATMENTS:
        return f"answered the treatment {treatment!r} (expected one of {', '.join(TREATMENTS)})"
    if not isinstance(found, Components):
        return f"answered components of type {type(found).__name__} (expected Components)"
    return ""


@checks.register()
def check_local_rates(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A TAX_LOCAL_RATES source that cannot be read would undercharge every sale it covers."""
    return [checks.Error(problem, hint="See regions/taxes/local_rates.py for the file format.",
                         id="regions.E031") for problem in configuration_errors()]
