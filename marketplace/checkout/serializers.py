"""The request bodies of POST /api/v1/checkout/quotes/ and POST /api/v1/orders/, as drf-spectacular
publishes them: every field with its type, whether it is required, its format, its choices and
an example. The API refuses a field not declared here (marketplace/api/strict.py); the checks of
each value are the domain's (quotes.quote(), orders.place_order()), shared with the pages, so
that the API and the pages answer with the same messages."""

from rest_framework import serializers

from marketplace.api.strict import StrictSerializer
from marketplace.checkout.buyers import MAX_LENGTH as BUYER_FIELD_LENGTH
from marketplace.checkout.orders import MAX_KEY_LENGTH
from marketplace.checkout.quotes import MAX_EXEMPTION_LENGTH, MAX_LINES, MAX_QUANTITY
from regions.core.market import BUYER_ALIASES
from regions.core.validators import MAX_ID

__all__ = ["MAX_KEY_LENGTH", "OrderRequestSerializer", "QuoteRequestSerializer"]


class QuoteLineSerializer(StrictSerializer):
    """One line of the basket."""

    listing = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The listing's id (GET /api/v1/listings/).")
    quantity = serializers.IntegerField(
        min_value=1, max_value=MAX_QUANTITY,
        help_text="Units; at least the listing's MOQ in this market.")
    unit_price = serializers.DecimalField(
        max_digits=20, decimal_places=4, required=False,
        help_text="The unit price the client showed, in the market's currency: a different "
        "one (a stale or tampered page) is refused and nothing is stored.")


class QuoteRequestSerializer(StrictSerializer):
    """A basket for one market (region, country, subdivision, language, buyer type)."""

    region = serializers.CharField(
        required=False, allow_null=True, max_length=8,
        help_text="Region code, such as “eu”; optional when the country is given.")
    country = serializers.CharField(
        required=False, allow_null=True, min_length=2, max_length=2,
        help_text="ISO 3166-1 alpha-2 of the delivery address, such as “DE”; optional in a "
        "region of one country.")
    subdivision = serializers.CharField(
        required=False, allow_null=True, max_length=6,
        help_text="ISO 3166-2 of the delivery address, such as “CA-QC”: required where tax "
        "varies by it (Canada, the US).")
    postal_code = serializers.CharField(
        required=False, allow_null=True, max_length=20,
        help_text="Postal code of the delivery address, such as “10001”: required where the "
        "deployment adds local tax rates by postal code; it must lie in the subdivision.")
    lang = serializers.CharField(
        required=False, allow_null=True, max_length=35,
        help_text="A well-formed BCP 47 tag offered in the country, such as “de” or “fr-CA”; "
        "default: Accept-Language, else the country's language.")
    buyer = serializers.ChoiceField(
        choices=sorted(BUYER_ALIASES), required=False, allow_null=True,
        help_text="Buyer type; default “consumer”.")
    vat_id = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=40,
        help_text="Business buyers: the tax registration number (VAT ID, ABN, GST/HST, "
        "T-number), such as “DE136695976”; a valid one of another EU country is reverse "
        "charged.")
    tax_exemption = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=MAX_EXEMPTION_LENGTH,
        help_text="Business buyers: the number of a tax exemption (resale) certificate.")
    # A ListField, not many=True: drf-spectacular publishes its minItems and maxItems.
    lines = serializers.ListField(child=QuoteLineSerializer(), min_length=1,
                                  max_length=MAX_LINES, help_text="Each listing once.")


class BuyerSerializer(StrictSerializer):
    """The buyer's details. Which address fields are required depends on the country (Google's
    address data): a missing one is refused, naming it."""

    company_name = serializers.CharField(
        required=False, allow_blank=True, max_length=BUYER_FIELD_LENGTH,
        help_text="Business buyers: required.")
    vat_id = serializers.CharField(
        required=False, allow_blank=True, max_length=BUYER_FIELD_LENGTH,
        help_text="Business buyers: the quote's VAT ID (default); another one is refused.")
    name = serializers.CharField(max_length=BUYER_FIELD_LENGTH,
                                 help_text="The person to contact.")
    email = serializers.EmailField(max_length=BUYER_FIELD_LENGTH)
    phone = serializers.CharField(
        max_length=BUYER_FIELD_LENGTH,
        help_text="As dialled in the country (“030 901820”) or E.164 (“+4930901820”).")
    street_address = serializers.CharField(required=False, allow_blank=True,
                                           max_length=BUYER_FIELD_LENGTH)
    postal_code = serializers.CharField(required=False, allow_blank=True,
                                        max_length=BUYER_FIELD_LENGTH)
    city = serializers.CharField(required=False, allow_blank=True,
                                 max_length=BUYER_FIELD_LENGTH)
    country_area = serializers.CharField(
        required=False, allow_blank=True, max_length=BUYER_FIELD_LENGTH,
        help_text="State or province where the country's addresses have one; it must be the "
        "quote's subdivision.")
    country = serializers.CharField(
        required=False, allow_blank=True, max_length=2,
        help_text="The quote's country (default); another one is refused.")


class OrderRequestSerializer(StrictSerializer):
    """A quote ordered with one of its payment methods and shipping options."""

    quote = serializers.UUIDField(help_text="The id of an unexpired quote.")
    payment_method = serializers.CharField(
        max_length=BUYER_FIELD_LENGTH,
        help_text="The code of one of the quote's payment_methods, such as "
        "“sepa-credit-transfer”.")
    shipping_option = serializers.CharField(
        max_length=BUYER_FIELD_LENGTH,
        help_text="The id of one of the quote's shipping_options whose payment_methods "
        "include the payment method.")
    buyer = BuyerSerializer()
    expected_total = serializers.DecimalField(
        max_digits=20, decimal_places=4, required=False, allow_null=True,
        help_text="The total the client showed: a different one is refused, nothing ordered.")
