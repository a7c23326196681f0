"""The merchant preview pages. Thin: markets come from `markets`, columns from `columns`."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from marketplace.localization import page
from marketplace.preview.access import previewable_listings
from marketplace.preview.columns import build_columns
from marketplace.preview.labels import (
    CATEGORIES,
    LISTING_STATUSES,
    declared_label,
    label,
    language_name,
)
from marketplace.preview.links import fix_links_for
from marketplace.preview.markets import (
    MAX_MARKETS,
    MarketSelectionError,
    market_choices,
    requested_markets,
    resolve,
)

LISTINGS_PER_PAGE = 50


@require_GET
@login_required
def listing_index(request: HttpRequest) -> HttpResponse:
    listings = (previewable_listings(request.user).select_related("supplier")
                .order_by("supplier__name", "-updated_at", "-pk"))
    page = Paginator(listings, LISTINGS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(listing, declared_label(CATEGORIES, "categories", listing.category),
             label(LISTING_STATUSES, listing.status)) for listing in page]
    return render(request, "preview/index.html", {"page": page, "rows": rows})


@require_GET
@login_required
def listing_preview(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(page.fetch(previewable_listings(request.user)), pk=pk)
    selection = requested_markets(request.GET)
    links = fix_links_for(request.user)
    context = {
        "listing": listing,
        "category": declared_label(CATEGORIES, "categories", listing.category),
        "source_language": language_name(listing.source_language),
        "edit_url": links.listing(listing.pk),
        "max_markets": MAX_MARKETS,
        # On an error the picker still shows what the merchant ticked, to correct it there.
        "regions": market_choices(selection),
        "columns": [],
        "error": None,
    }
    try:
        markets = resolve(selection)
    except MarketSelectionError as exc:
        context["error"] = exc
        return render(request, "preview/listing.html", context, status=400)
    context["columns"] = build_columns(listing, markets, today=timezone.localdate(),
                                       links=links)
    return render(request, "preview/listing.html", context)
