"""The one catalog page outside the admin, API and workspace: a listing's product image."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from marketplace.catalog.images import image_response
from marketplace.catalog.models import Listing


@require_safe
def listing_image(request: HttpRequest, pk: int):
    """The image of a listing the user may see: a published one (buyers, anonymous too), a
    draft of the user's own suppliers, or any for staff (the admin shows it). Anything else is
    a 404 that does not tell whether the listing exists."""
    listings = (Listing.objects.all() if request.user.is_staff
                else Listing.objects.visible_to(request.user))
    listing = get_object_or_404(listings, pk=pk)
    if not listing.image:
        raise Http404
    try:
        return image_response(listing.image)
    except FileNotFoundError as error:
        # The row outlived its file (a restored database, a moved storage).
        raise Http404 from error
