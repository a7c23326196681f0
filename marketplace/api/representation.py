"""LocalizedListing → JSON-ready dicts: the full record (the detail) and its summary (the
list).

Built by hand rather than by DRF serializers: a page of 100 listings carries thousands of
nested values, and DRF's per-field machinery made it ~20x slower than the engine itself
(see bench/localization.py). The DRF serializers in serializers.py describe the same shape
for the OpenAPI schema; tests compare the two.
"""

from typing import Any

from marketplace.localization.engine import LocalizedListing, LocalizedPrice, OrderPreview
from marketplace.rates.services import amount_text
from regions.core.pack_names import pack_name
from regions.taxes.rates import percent_text


def _money(price: LocalizedPrice | None) -> dict[str, Any] | None:
    if price is None:
        return None
    return {"amount": amount_text(price.amount, price.currency), "currency": price.currency,
            "formatted": price.formatted}


def _order(order: OrderPreview) -> dict[str, Any]:
    return {"quantity": order.quantity, "meets_moq": order.meets_moq,
            "unit_price": _money(order.unit_price), "total": _money(order.total)}


def _with_sale(data: dict[str, Any], item: LocalizedListing,
               order: OrderPreview | None) -> dict[str, Any]:
    """The keys the summary and the full record end with: whether it sells, at which rates, and
    the priced order when one was asked for."""
    data["sellable"] = item.sellable
    data["exchange_rates_as_of"] = (item.exchange_rates_as_of.isoformat()
                                    if item.exchange_rates_as_of else None)
    if order is not None:
        data["order"] = _order(order)
    return data


def listing_summary_json(item: LocalizedListing, url: str,
                         order: OrderPreview | None = None) -> dict[str, Any]:
    """What the list shows of a listing: enough to choose one (text, prices, VAT, whether and
    how fast it can be bought here), with `url` to its full record. The market's payment
    methods (the same long texts on every listing of a page) are named by code, the shipping
    options by the fastest delivery window, the compliance summary by counts; the detail
    carries them whole (about 9 KB of a listing's 10 KB, most of it the same for every
    listing in the market)."""
    compliance = item.compliance
    severities = [finding.severity for finding in compliance.findings]
    data = {
        "id": item.id,
        "url": url,
        "supplier": item.supplier,
        "status": item.status,
        "language": item.language,
        "requested_language": item.requested_language,
        "source_language": item.source_language,
        "title": item.title,
        "category": item.category,
        "moq": item.moq,
        "currency": item.currency,
        "price_tiers": [{"min_quantity": t.min_quantity, **_money(t)} for t in item.price_tiers],
        "vat": {"system": item.vat.system,
                "rate": None if item.vat.rate is None else percent_text(item.vat.rate),
                "included": item.vat.included},
        "payment_methods": [m.code for m in item.payment_methods],
        "delivery_days": (list(min(o.delivery_days for o in item.shipping_options))
                          if item.shipping_options else None),
        "compliance": {"status": compliance.status, "sellable": compliance.sellable,
                       "blockers": severities.count("blocker"),
                       "warnings": severities.count("warning")},
    }
    return _with_sale(data, item, order)


def listing_json(item: LocalizedListing, order: OrderPreview | None = None) -> dict[str, Any]:
    compliance = item.compliance
    data = {
        "id": item.id,
        "supplier": item.supplier,
        "status": item.status,
        "language": item.language,
        "requested_language": item.requested_language,
        "source_language": item.source_language,
        "title": item.title,
        "description": item.description,
        "category": item.category,
        "attributes": [{"name": n, "value": v, "unit": u} for n, v, u in item.attributes],
        "moq": item.moq,
        "currency": item.currency,
        "price_tiers": [{"min_quantity": t.min_quantity, **_money(t)} for t in item.price_tiers],
        "vat": {"system": item.vat.system,
                "rate": None if item.vat.rate is None else percent_text(item.vat.rate),
                "included": item.vat.included, "note": item.vat.note,
                "lines": [{"tax": line.tax, "label": line.label, "rate": percent_text(line.rate),
                           "jurisdiction": line.jurisdiction} for line in item.vat.lines]},
        "payment_methods": [
            {"code": m.code, "name": m.name, "settlement": m.settlement, "terms": m.terms,
             "max_amount": m.max_amount} for m in item.payment_methods],
        "shipping_options": [
            {"code": o.code, "name": o.name, "warehouse": o.warehouse,
             "warehouse_kind": o.warehouse_kind, "ships_from": o.ships_from, "mode": o.mode,
             "incoterm": o.incoterm, "transit_days": list(o.transit_days),
             "delivery_days": list(o.delivery_days), "cost": _money(o.cost),
             "vat_treatment": o.vat_treatment} for o in item.shipping_options],
        "compliance": {
            "status": compliance.status,
            "sellable": compliance.sellable,
            "requirements": [
                {"certificate_type": r.certificate_type,
                 "certificate_type_name": pack_name(r.certificate_type_name),
                 "severity": r.severity,
                 "status": r.status, "certificate_number": r.certificate_number,
                 "valid_until": r.valid_until.isoformat() if r.valid_until else None,
                 "accepted_types": list(r.accepted_types), "acts": list(r.acts)}
                for r in compliance.requirements],
            "findings": [
                {"code": f.code, "severity": f.severity, "certificate_type": f.certificate_type,
                 "rules": list(f.rules), "message": f.message} for f in compliance.findings],
        },
    }
    return _with_sale(data, item, order)
