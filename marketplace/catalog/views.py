"""The one catalog page outside the admin, API and workspace: a listing's product image."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from marketplace.catalog.images import image_response
from marketplace.catalog.scoping import listings_seen_by


@require_safe
def listing_image(request: HttpRequest, pk: int):
    """The image of a listing the user may see (scoping.listings_seen_by): a published one
    (buyers, anonymous too), a draft of the user's own suppliers, one of the regions an
    operator works in (the listing admin shows it). Anything else is a 404 that does not tell
    whether the listing exists."""
    listing = get_object_or_404(listings_seen_by(request.user), pk=pk)
    if not listing.image:
        raise Http404
    try:
        return image_response(listing.image)
    except FileNotFoundError as error:
        # The row outlived its file (a restored database, a moved storage).
        raise Http404 from error
