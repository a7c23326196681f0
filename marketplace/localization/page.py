"""A page's data: the one way the API, the preview, the workspace and the checkout read what
`localize()` needs besides the listing and its supplier.

    listings = list(page.fetch(queryset))      # the rows, with their suppliers
    page.read(listings, [data, ...])           # everything else, for every market at once
    localize(listing, data)

`read` costs one query whatever the page's size and however many markets it is read for
(price tiers, attributes, translations, then what the sales gate reads: the latest reports,
certificates, their scope, responsible persons and the findings sources' rows, all in one
UNION ALL). The rows are plain tuples from hand-built single-table SELECTs
(rows.py), not ORM prefetches: building a prefetch's querysets and model instances cost more
than the rest of a small page (bench/localization.py), and one path means the API, the
preview and the checkout cannot disagree about what a buyer sees. One statement rather than
one per table: per statement, the database's parsing and planning and the round trip cost
more than these few rows (issue 14: the list at half the trivial endpoint's throughput).

Only the translations a market can show are read (its language, the region default and their
parents; the source text comes with the listing). `localize` checks that the page was read for
its market and reads the listing alone otherwise, so a caller that forgets is slower, never
wrong.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import QuerySet

from marketplace.catalog.models import Listing, ListingAttribute, ListingTranslation, PriceTier
from marketplace.compliance import gate
from marketplace.localization.rows import Read, select, select_all
from regions.languages.services import fallback_chain

if TYPE_CHECKING:
    from marketplace.localization.market import MarketData

TIERS = "page_tiers"
ATTRIBUTES = "page_attributes"
TRANSLATIONS = "page_translations"
LANGUAGES = "page_languages"  # the languages whose translations TRANSLATIONS holds


class TranslationRow(NamedTuple):
    language: str
    title: str
    description: str
    state: str

    @property
    def usable(self) -> bool:
        return ListingTranslation.usable.fget(self)  # the model's rule, not a copy of it


class AttributeRow(NamedTuple):
    name: str
    value: str
    unit: str


class TierRow(NamedTuple):
    min_quantity: int
    unit_price: Decimal


def fetch(listings: QuerySet[Listing]) -> QuerySet[Listing]:
    """The listings with their suppliers: what a page fetches before `read`."""
    return listings.select_related("supplier")


def languages_for(data: "MarketData") -> frozenset[str]:
    """The translation languages `localize` may show in the market."""
    languages = data.memo.get("page_languages")
    if languages is None:  # asked once per listing (is_read_for): worked out once per market
        languages = data.memo["page_languages"] = frozenset(
            fallback_chain(data.market.language, region_default=data.region_language))
    return languages


def is_read_for(listing: Listing, data: "MarketData") -> bool:
    """Whether `read` ran for this listing and market (its languages and region)."""
    languages = getattr(listing, LANGUAGES, None)
    return (languages is not None and languages_for(data) <= languages
            and gate.is_attached(listing, data.market.region.pk))


def read(listings: Sequence[Listing], markets: Iterable["MarketData"], *,
         attributes: bool = True) -> None:
    """Attach to each listing (fetched with `fetch`) what `localize` reads in each of
    `markets`, in one query per table for the whole page and all markets. `attributes=False`
    for summaries (the API's list), which do not show them: one query fewer; `attributes_of`
    reads them alone should a caller want them after all."""
    markets = list(markets)
    ids = [listing.pk for listing in listings]
    if not ids or not markets:
        return
    languages = frozenset().union(*(languages_for(data) for data in markets))
    certificate_types = {data.market.region.pk: _certificate_types(data) for data in markets}
    gate_reads = gate.reads(listings, certificate_types)
    tier_rows, translation_rows, *rest = select_all([
        Read(PriceTier, ("listing_id", "min_quantity", "unit_price"), "listing_id", ids,
             order_by=("listing_id", "min_quantity")),
        Read(ListingTranslation, ("listing_id", "language", "title", "description", "state"),
             "listing_id", ids, where=(("language", sorted(languages)),),
             order_by=("language",)),
        *([Read(ListingAttribute, ("listing_id", "name", "value", "unit", "position", "id"),
                "listing_id", ids, order_by=("listing_id", "position", "id"))]
          if attributes else []),
        *gate_reads])
    tiers: dict[int, list[TierRow]] = defaultdict(list)
    for listing_id, *row in tier_rows:
        tiers[listing_id].append(TierRow(*row))
    translations: dict[int, list[TranslationRow]] = defaultdict(list)
    for listing_id, *row in translation_rows:
        translations[listing_id].append(TranslationRow(*row))
    attached: dict[int, list[AttributeRow]] | None = None
    if attributes:
        attached = defaultdict(list)
        for listing_id, name, value, unit, _position, _id in rest.pop(0):
            attached[listing_id].append(AttributeRow(name, value, unit))
    for listing in listings:
        setattr(listing, TIERS, tiers.get(listing.pk, []))
        if attached is not None:
            setattr(listing, ATTRIBUTES, attached.get(listing.pk, []))
        setattr(listing, TRANSLATIONS, translations.get(listing.pk, []))
        setattr(listing, LANGUAGES, languages)
    gate.attach_rows(listings, certificate_types, rest)


def _certificate_types(data: "MarketData") -> dict[int, str]:
    region_id = data.market.region.pk
    types = data.shared.get(("certificate_types", region_id))
    if types is None:
        # Configuration (CertificateType is versioned): kept with the market's.
        types = data.shared["certificate_types", region_id] = gate.certificate_types(region_id)
    return types


def attributes_of(listing: Listing) -> list[AttributeRow]:
    """The listing's attributes in their order (after `read` with attributes; one query
    otherwise)."""
    attached = getattr(listing, ATTRIBUTES, None)
    if attached is not None:
        return attached
    return [AttributeRow(*row) for row in select(
        ListingAttribute, ("name", "value", "unit"), key="listing_id", values=[listing.pk],
        order_by=("position", "id"))]


def tiers_of(listing: Listing) -> list[TierRow]:
    """The listing's price tiers in its source currency, lowest quantity first (after
    `read`; one query otherwise)."""
    attached = getattr(listing, TIERS, None)
    if attached is not None:
        return attached
    return [TierRow(*row) for row in select(
        PriceTier, ("min_quantity", "unit_price"), key="listing_id", values=[listing.pk],
        order_by=("min_quantity",))]
