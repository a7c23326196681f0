"""A large made-up catalog for load and scale runs: `generate_listings --count 100000`.

Every generated listing is a variant of a demo catalog listing (fixtures/demo_catalog.toml):
its title, description, category, product properties, HS code, MOQ, lead times, attributes and
price tiers (prices moved by up to ±15 %), with a model number of its own in the title so that
no two titles are equal. Generated suppliers are copies of the demo suppliers (one per ~200
listings), and a share of them carry their template's certificates (scoped to its categories,
so they cover the generated listings as the demo's cover the demo's), in the regions loaded.
A share of the listings carries the template's translations, made for the new source text.

Rows are written with bulk_create, one transaction per chunk, so memory stays flat whatever
the count. bulk_create writes no history rows and sends no signals: these are not edits
anyone made.
"""

from __future__ import annotations

import random
import tomllib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from marketplace.catalog.demo import DEMO_CATALOG
from marketplace.catalog.markup import sanitize
from marketplace.catalog.models import (
    Listing,
    ListingAttribute,
    ListingStatus,
    ListingTranslation,
    PriceTier,
    Supplier,
    TranslationOrigin,
    TranslationState,
    source_hash,
)
from marketplace.compliance.models import Certificate
from regions.compliance.models import CertificateType

LISTINGS_PER_SUPPLIER = 200
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Template:
    """One demo listing, ready to copy."""

    supplier: str
    fields: dict[str, Any]
    attributes: tuple[tuple[str, str, str], ...]
    tiers: tuple[tuple[int, Decimal], ...]
    translations: tuple[tuple[str, str, str, str], ...]  # language, title, description, state


@dataclass
class Generated:
    suppliers: int = 0
    listings: int = 0
    translations: int = 0
    certificates: int = 0
    first_id: int | None = None
    last_id: int | None = None
    by_category: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def load_templates(path: Path = DEMO_CATALOG) -> tuple[list[Template], dict[str, dict]]:
    """The demo listings as templates, and the demo suppliers by slug (with certificates)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    suppliers = {record["slug"]: record for record in data.get("suppliers", [])}
    templates = []
    for record in data.get("listings", []):
        description = sanitize(record["description"])
        templates.append(Template(
            supplier=record["supplier"],
            fields={
                "status": ListingStatus.PUBLISHED,
                "source_language": record["source_language"],
                "source_currency": record["source_currency"],
                "title": record["title"], "description": description,
                "category": record["category"],
                "contains_battery": record.get("contains_battery", False),
                "radio": record.get("radio", False),
                "for_children": record.get("for_children", False),
                "voltage": record.get("voltage"), "hs_code": record["hs_code"],
                "moq": record.get("moq", 1),
                "lead_time_min_days": record["lead_time_min_days"],
                "lead_time_max_days": record["lead_time_max_days"],
            },
            attributes=tuple((a["name"], str(a["value"]), a.get("unit", ""))
                             for a in record.get("attributes", [])),
            tiers=tuple((t["min_quantity"], Decimal(str(t["unit_price"])))
                        for t in record.get("price_tiers", [])),
            translations=tuple((t["language"], t["title"], sanitize(t["description"]),
                                t.get("state", TranslationState.REVIEWED))
                               for t in record.get("translations", [])),
        ))
    return templates, suppliers


def generate_listings(count: int, *, seed: int = 2026, chunk_size: int = 2000,
                      translated_share: float = 0.3, certified_share: float = 0.6,
                      draft_share: float = 0.05,
                      progress: Callable[[int], None] | None = None) -> Generated:
    """Add `count` listings (with suppliers, tiers, attributes, translations, certificates).
    The same seed gives the same catalog; each run adds new suppliers, never touching rows
    that exist."""
    rng = random.Random(seed)  # noqa: S311 - reproducible made-up data, not secrets
    templates, demo_suppliers = load_templates()
    by_supplier: dict[str, list[Template]] = defaultdict(list)
    for template in templates:
        by_supplier[template.supplier].append(template)
    report = Generated()
    suppliers = _create_suppliers(max(1, -(-count // LISTINGS_PER_SUPPLIER)), by_supplier,
                                  demo_suppliers, rng, certified_share, report)
    done = 0
    while done < count:
        size = min(chunk_size, count - done)
        with transaction.atomic():
            _create_chunk(size, done, suppliers, by_supplier, rng, translated_share,
                          draft_share, report)
        done += size
        if progress is not None:
            progress(done)
    refresh_statistics([Supplier, Certificate, Listing, PriceTier, ListingAttribute,
                        ListingTranslation])
    return report


def refresh_statistics(models: list[type[Model]]) -> None:
    """ANALYZE the tables a bulk load filled (the same statement on SQLite and PostgreSQL).

    Without statistics SQLite takes any equality on an indexed column for selective: the
    batch commands' keyset chunks (`status = 'published' AND id > last ORDER BY id LIMIT n`)
    then read every published listing through the (status, updated_at, id) index and sort
    them, for every chunk, so a 100k run grew with the square of the catalog. With them it
    walks the primary key. PostgreSQL's autovacuum would get there too, but only some time
    after the load; a run straight after it would plan with the empty table's figures."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _create_suppliers(number: int, by_supplier: dict[str, list[Template]],
                      demo_suppliers: dict[str, dict], rng: random.Random,
                      certified_share: float, report: Generated) -> list[tuple[Supplier, str]]:
    """(supplier, template supplier slug) pairs; slugs continue after earlier runs."""
    run = Supplier.objects.filter(slug__startswith="gen-").count()
    slugs = sorted(by_supplier)
    created = Supplier.objects.bulk_create(
        Supplier(name=f"{demo_suppliers[slug]['name']} (generated {run + n + 1})",
                 slug=f"gen-{run + n + 1}", country=demo_suppliers[slug]["country"])
        for n, slug in enumerate(slugs[n % len(slugs)] for n in range(number)))
    pairs = [(supplier, slugs[n % len(slugs)]) for n, supplier in enumerate(created)]
    report.suppliers = len(pairs)
    types = {(kind.region.code, kind.code): kind
             for kind in CertificateType.objects.select_related("region")}
    certificates = []
    for supplier, slug in pairs:
        if rng.random() >= certified_share:
            continue
        categories = sorted({t.fields["category"] for t in by_supplier[slug]})
        for record in demo_suppliers[slug].get("certificates", []):
            kind = types.get((record["region"], record["type"]))
            if kind is None:
                continue  # that region is not loaded
            certificates.append(Certificate(
                supplier=supplier, certificate_type=kind, number=record["number"],
                issuer=record.get("issuer", ""), valid_from=record.get("valid_from"),
                valid_until=record.get("valid_until"),
                status=record.get("status", "pending"), categories=categories,
                # The acts the document lists: without them a declaration of conformity
                # covers nothing its rules ask for, and every such listing is blocked.
                acts=list(record.get("acts", []))))
    Certificate.objects.bulk_create(certificates)
    report.certificates = len(certificates)
    return pairs


def _create_chunk(size: int, start: int, suppliers: list[tuple[Supplier, str]],
                  by_supplier: dict[str, list[Template]], rng: random.Random,
                  translated_share: float, draft_share: float, report: Generated) -> None:
    listings, chosen = [], []
    for index in range(start, start + size):
        supplier, slug = suppliers[index // LISTINGS_PER_SUPPLIER % len(suppliers)]
        template = rng.choice(by_supplier[slug])
        model = f"GX-{index + 1:06d}"
        fields = dict(template.fields, title=f"{template.fields['title']} {model}"[:200])
        if rng.random() < draft_share:
            fields["status"] = ListingStatus.DRAFT
        listing = Listing(supplier=supplier, **fields)
        listing.source_hash = source_hash(listing.title, listing.description)
        listings.append(listing)
        chosen.append((template, model))
    created = Listing.objects.bulk_create(listings)
    tiers, attributes, translations = [], [], []
    for listing, (template, model) in zip(created, chosen, strict=True):
        factor = Decimal(rng.randint(85, 115)) / 100
        tiers.extend(PriceTier(listing=listing, min_quantity=quantity,
                               unit_price=(price * factor).quantize(CENT))
                     for quantity, price in template.tiers)
        attributes.extend(ListingAttribute(listing=listing, name=name, value=value, unit=unit,
                                           position=position)
                          for position, (name, value, unit) in enumerate(template.attributes))
        if template.translations and rng.random() < translated_share:
            translations.extend(ListingTranslation(
                listing=listing, language=language, title=f"{title} {model}"[:200],
                description=description, state=state, origin=TranslationOrigin.HUMAN,
                source_hash=listing.source_hash)
                for language, title, description, state in template.translations)
        report.by_category[listing.category] += 1
    PriceTier.objects.bulk_create(tiers)
    ListingAttribute.objects.bulk_create(attributes)
    ListingTranslation.objects.bulk_create(translations)
    report.listings += len(created)
    report.translations += len(translations)
    if report.first_id is None:
        report.first_id = created[0].pk
    report.last_id = created[-1].pk
