"""The product image on the checkout's quote line: beside the title and key attributes when
the listing has one, absent when it has none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.checkout.models import Quote
from tests.marketplace.catalog.test_images import image_bytes
from tests.marketplace.checkout.test_pages import start_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def quote_page(client, listing) -> tuple[Quote, str]:
    response = client.post(start_url(listing), {
        "region": "eu", "country": "DE", "lang": "de", "buyer": "business",
        "listing": listing.pk, f"quantity-{listing.pk}": "10"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Quote.objects.latest("created_at"), client.get(response["Location"]).content.decode()


def test_the_quote_line_shows_the_product_image(client, listing):
    listing.image.save("x", SimpleUploadedFile("pot.png", image_bytes("PNG")), save=False)
    listing.image_content_type = "image/png"
    listing.save()

    quote, html = quote_page(client, listing)

    url = f"/catalog/listings/{listing.pk}/image/"
    assert quote.data["lines"][0]["image"] == url
    assert (f'<img class="product__image" src="{url}" alt="" width="64" height="64" '
            'loading="lazy"><span class="product__title"') in html
    assert client.get(url)["Content-Type"] == "image/png"


def test_a_line_without_an_image_shows_none(client, listing):
    quote, html = quote_page(client, listing)

    assert quote.data["lines"][0]["image"] == ""
    assert "product__image" not in html
