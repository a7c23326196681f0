"""One column per market: the engine's LocalizedListing plus what the merchant can do about it.

All localization happens in `localize_many`; this module only adds words for the engine's
codes and the admin links that fix a finding.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django_countries import countries

from marketplace.catalog.models import Listing, ListingStatus
from marketplace.localization.delivery import delivery_text, split_delivery
from marketplace.localization.engine import (
    LocalizedListing,
    LocalizedPaymentMethod,
    LocalizedShippingOption,
    localize_in_markets,
)
from marketplace.preview.labels import (
    BUYER_TYPES,
    SETTLEMENTS,
    SEVERITIES,
    STATUSES,
    TRANSPORT_MODES,
    WAREHOUSE_KINDS,
    declared_label,
    label,
    language_name,
    treatment_label,
)
from marketplace.preview.links import AdminLinks, FixLinks
from marketplace.preview.markets import market_key
from marketplace.rates.errors import RatesError
from regions.compliance.codes import CERTIFICATE_PENDING
from regions.compliance.evaluation import SATISFIED, SEVERITY_ORDER
from regions.compliance.models import CertificateType
from regions.core.market import MarketContext


@dataclass(frozen=True)
class Fix:
    severity: str
    severity_label: str
    message: str
    action: str
    url: str
    # A finding the page marks for scripts and tests (data-warning), such as the missing
    # translation: shown once, here, with its fix, not again beside the language.
    warning: str = ""


@dataclass(frozen=True)
class PaymentRow:
    method: LocalizedPaymentMethod
    settlement: str


@dataclass(frozen=True)
class ShippingRow:
    option: LocalizedShippingOption
    ships_from: str  # the country's name in the UI language
    warehouse_kind: str
    mode: str
    vat_treatment: str
    delivery: str  # "Ships in 7–10 days, then 3–5 days in transit", in the UI language


@dataclass(frozen=True)
class MarketColumn:
    market: MarketContext
    key: str
    country_name: str
    buyer_label: str
    listing: LocalizedListing | None
    error: str = ""
    status: str = "blocked"
    status_label: str = ""
    language_name: str = ""
    requested_language_name: str = ""
    fell_back: bool = False
    # No text in the market's language at all (not a regional fallback such as de-AT → de):
    # buyers here read another language, the source's as a rule. A warning, never "Sellable".
    reads_other_language: bool = False
    # Of the market's language: an RTL market's panel reads as its buyers read (an LTR one
    # keeps the interface's direction, so Arabic labels stay right to left around it).
    direction: str = "ltr"
    text_direction: str = "ltr"  # of the language the listing's text is shown in
    fixes: tuple[Fix, ...] = ()
    payment_methods: tuple[PaymentRow, ...] = ()
    shipping_options: tuple[ShippingRow, ...] = ()
    requirements_met: int = 0
    checkout_url: str = ""


def build_columns(listing: Listing, markets: Iterable[MarketContext], *, today: date,
                  links: FixLinks | None = None) -> list[MarketColumn]:
    """`listing` must come from `page.fetch`: it is read once for every market.
    `links` says where fix links lead (default: the admin)."""
    markets = list(markets)
    links = links or AdminLinks()
    certificate_types = _certificate_type_ids({market.region.pk for market in markets})
    return [_column(listing, market, localized, certificate_types, links)
            for market, localized in localize_in_markets([listing], markets, today=today)]


def _column(listing: Listing, market: MarketContext,
            localized: list[LocalizedListing] | RatesError,
            certificate_types: dict[tuple[int, str], int], links: FixLinks) -> MarketColumn:
    heading = {
        "market": market,
        "key": market_key(str(market.country.code), market.buyer_type),
        "country_name": str(market.country.code.name),
        "buyer_label": label(BUYER_TYPES, market.buyer_type),
    }
    if isinstance(localized, RatesError):
        # A missing exchange rate breaks one market's prices, not the whole comparison.
        return MarketColumn(**heading, listing=None, error=str(localized),
                            status_label=label(STATUSES, "blocked"))
    [localized] = localized
    fixes = (*_compliance_fixes(localized, market, certificate_types, links),
             *_listing_fixes(localized, listing, links))
    status = market_status(localized)
    compliance = localized.compliance
    return MarketColumn(
        **heading,
        listing=localized,
        status=status,
        status_label=label(STATUSES, status),
        language_name=language_name(localized.language),
        requested_language_name=language_name(localized.requested_language),
        fell_back=localized.language != localized.requested_language,
        reads_other_language=_base(localized.language) != _base(localized.requested_language),
        direction=direction_of(market.language),
        text_direction=direction_of(localized.language),
        fixes=tuple(sorted(fixes, key=lambda fix: -SEVERITY_ORDER[fix.severity])),
        payment_methods=tuple(
            PaymentRow(method, declared_label(SETTLEMENTS, "settlement_kinds", method.settlement))
            for method in localized.payment_methods),
        shipping_options=tuple(
            ShippingRow(option, countries.name(option.ships_from) or option.ships_from,
                        label(WAREHOUSE_KINDS, option.warehouse_kind),
                        label(TRANSPORT_MODES, option.mode),
                        treatment_label(localized.vat.system, option.vat_treatment),
                        delivery_text(split_delivery(option.delivery_days, option.transit_days)))
            for option in localized.shipping_options),
        requirements_met=sum(1 for r in compliance.requirements if r.status == SATISFIED),
        checkout_url=_checkout_url(listing, localized, market),
    )


def _checkout_url(listing: Listing, localized: LocalizedListing, market: MarketContext) -> str:
    """The buyer's checkout for this market, where a buyer could order it: published and
    sellable there."""
    if listing.status != ListingStatus.PUBLISHED or not localized.sellable:
        return ""
    query = urlencode({"region": market.region.code, "country": str(market.country.code),
                       "lang": market.language, "buyer": market.buyer_type,
                       "listing": listing.pk, "quantity": localized.moq})
    return f"{reverse('checkout:start')}?{query}"


def market_status(localized: LocalizedListing) -> str:
    """The column's verdict, also shown per market on the supplier workspace: blocked, or
    sellable with or without something to fix (any finding, no prices, another language)."""
    if not localized.sellable:
        return "blocked"
    to_fix = (localized.compliance.findings or not localized.price_tiers
              or _base(localized.language) != _base(localized.requested_language))
    return "warnings" if to_fix else "sellable"


def _compliance_fixes(localized: LocalizedListing, market: MarketContext,
                      certificate_types: dict[tuple[int, str], int],
                      links: FixLinks) -> list[Fix]:
    actions = {
        "certificate_missing": _("Add the certificate"),
        "certificate_expired": _("Upload a current certificate"),
        "certificate_rejected": _("Upload a new certificate"),
    }
    fixes = []
    for finding in localized.compliance.findings:
        if dict(finding.params).get("proof") == "responsible_person":
            # Proved by naming the person, not by a document.
            fixes.append(Fix(finding.severity, label(SEVERITIES, finding.severity),
                             finding.message, _("Name the responsible person"),
                             links.responsible_person(market.region.code)))
            continue
        type_id = certificate_types.get((market.region.pk, finding.certificate_type))
        if finding.code == CERTIFICATE_PENDING:
            # The document is on record and counts once the region's ops verify it: another
            # upload would wait just the same, so the link shows where it stands.
            fixes.append(Fix(finding.severity, label(SEVERITIES, finding.severity),
                             finding.message, _("See its verification status"),
                             links.certificate_status(type_id)))
            continue
        url = links.certificate(type_id)
        fixes.append(Fix(finding.severity, label(SEVERITIES, finding.severity), finding.message,
                         actions.get(finding.code, _("Add the certificate")), url))
    return fixes


def _listing_fixes(localized: LocalizedListing, listing: Listing, links: FixLinks
                   ) -> list[Fix]:
    change = links.listing(listing.pk)
    fixes = []
    if not localized.price_tiers:
        fixes.append(Fix("blocker", label(SEVERITIES, "blocker"),
                         _("The listing has no prices, so it cannot be ordered."),
                         _("Add price tiers"), change))
    # A regional variant falling back to its parent (de-AT → de) is the intended reading;
    # text in another language altogether means the translation is missing.
    if _base(localized.language) != _base(localized.requested_language):
        fixes.append(Fix(
            "warning", label(SEVERITIES, "warning"),
            _("There is no %(requested)s translation: buyers here read the %(shown)s text.") % {
                "requested": language_name(localized.requested_language),
                "shown": language_name(localized.language)},
            _("Add the translation"),
            links.translation(listing.pk, localized.requested_language),
            warning="reads-other-language"))
    return fixes


def direction_of(language: str) -> str:
    """"rtl" for a language written right to left (Arabic, Hebrew, Persian, Urdu), as Django's
    language registry says; "ltr" otherwise and for tags it does not know."""
    for tag in (language.lower(), _base(language)):
        try:
            return "rtl" if get_language_info(tag)["bidi"] else "ltr"
        except KeyError:
            continue
    return "ltr"


def _base(tag: str) -> str:
    return tag.split("-")[0].lower()


def _certificate_type_ids(region_ids: set[int]) -> dict[tuple[int, str], int]:
    rows = CertificateType.objects.filter(region_id__in=region_ids).values_list(
        "region_id", "code", "pk")
    return {(region_id, code): pk for region_id, code, pk in rows}
