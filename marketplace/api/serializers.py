"""Read-only representations of the localized listing and the regions' configuration.

Thin: every value comes from the localization engine or the models; nothing is computed here.
"""

from rest_framework import serializers


class PriceSerializer(serializers.Serializer):
    min_quantity = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True)
    currency = serializers.CharField()
    formatted = serializers.CharField()


class MoneySerializer(serializers.Serializer):
    amount = serializers.CharField(help_text="A decimal string with the currency's digits "
                                   "(\"1428.00\" EUR, \"1539\" JPY).")
    currency = serializers.CharField()
    formatted = serializers.CharField()


class TaxLineSerializer(serializers.Serializer):
    tax = serializers.CharField(help_text="The tax's code, such as “gst” or “qst”.")
    label = serializers.CharField(help_text="What the market calls it, in the buyer's language.")
    rate = serializers.CharField(help_text="Percent, such as “9.975”.")
    jurisdiction = serializers.CharField(help_text="ISO 3166-1 or 3166-2, such as “CA-QC”.")


class VatSerializer(serializers.Serializer):
    system = serializers.CharField()
    rate = serializers.CharField(allow_null=True, help_text="The sum of the tax rates in "
                                 "percent; null until the delivery address is known.")
    included = serializers.BooleanField()
    note = serializers.CharField()
    lines = TaxLineSerializer(many=True)


class PaymentMethodSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    settlement = serializers.CharField()
    terms = serializers.CharField()
    max_amount = serializers.CharField(allow_null=True)


class ShippingOptionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    warehouse = serializers.CharField()
    warehouse_kind = serializers.CharField()
    ships_from = serializers.CharField()
    mode = serializers.CharField()
    incoterm = serializers.CharField()
    transit_days = serializers.ListField(child=serializers.IntegerField())
    delivery_days = serializers.ListField(child=serializers.IntegerField())
    cost = MoneySerializer()
    vat_treatment = serializers.CharField()


class FindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.CharField()
    certificate_type = serializers.CharField()
    rules = serializers.ListField(child=serializers.CharField())
    message = serializers.CharField()


class RequirementSerializer(serializers.Serializer):
    certificate_type = serializers.CharField()
    certificate_type_name = serializers.CharField()
    severity = serializers.CharField()
    status = serializers.CharField()
    certificate_number = serializers.CharField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    accepted_types = serializers.ListField(
        child=serializers.CharField(),
        help_text="When several certificate types satisfy it: all of them (any one will do).")
    acts = serializers.ListField(
        child=serializers.CharField(), help_text="Acts the certificate must list (codes).")


class ComplianceSerializer(serializers.Serializer):
    status = serializers.CharField()
    sellable = serializers.BooleanField()
    requirements = RequirementSerializer(many=True)
    findings = FindingSerializer(many=True)


class AttributeSerializer(serializers.Serializer):
    name = serializers.CharField()
    value = serializers.CharField()
    unit = serializers.CharField()

    def to_representation(self, instance):
        name, value, unit = instance
        return {"name": name, "value": value, "unit": unit}


class OrderSerializer(serializers.Serializer):
    quantity = serializers.IntegerField()
    meets_moq = serializers.BooleanField()
    unit_price = MoneySerializer(allow_null=True)
    total = MoneySerializer(allow_null=True)


class VatSummarySerializer(serializers.Serializer):
    system = serializers.CharField()
    rate = serializers.CharField(allow_null=True, help_text="The sum of the tax rates in "
                                 "percent; null until the delivery address is known.")
    included = serializers.BooleanField()


class ComplianceCountsSerializer(serializers.Serializer):
    status = serializers.CharField()
    sellable = serializers.BooleanField()
    blockers = serializers.IntegerField(help_text="Findings that stop the sale here.")
    warnings = serializers.IntegerField()


class ListingSummarySerializer(serializers.Serializer):
    """A listing in the list: the detail (`url`) carries the full record (description,
    attributes, the VAT note and lines, each payment method and shipping option, every
    compliance requirement and finding)."""

    id = serializers.IntegerField()
    url = serializers.URLField(help_text="The full record in the same market.")
    supplier = serializers.CharField()
    status = serializers.CharField()
    language = serializers.CharField(help_text="The language of the title.")
    requested_language = serializers.CharField()
    source_language = serializers.CharField()
    title = serializers.CharField()
    category = serializers.CharField()
    moq = serializers.IntegerField()
    currency = serializers.CharField()
    price_tiers = PriceSerializer(many=True)
    vat = VatSummarySerializer()
    payment_methods = serializers.ListField(
        child=serializers.CharField(), help_text="Codes of the payment methods that can pay "
        "an order of this listing; names and terms are in the detail.")
    delivery_days = serializers.ListField(
        child=serializers.IntegerField(), min_length=2, max_length=2, allow_null=True,
        help_text="The fastest shipping option's days to delivery (production, handling and "
        "transit), fewest and most; null when no option ships here. The options, with costs, "
        "warehouses and Incoterms, are in the detail.")
    compliance = ComplianceCountsSerializer()
    sellable = serializers.BooleanField()
    exchange_rates_as_of = serializers.DateField(allow_null=True)
    order = OrderSerializer(required=False, help_text="Present when ?quantity= is given.")


class LocalizedListingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    supplier = serializers.CharField()
    status = serializers.CharField()
    language = serializers.CharField(help_text="The language of title and description.")
    requested_language = serializers.CharField()
    source_language = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField(help_text="Sanitized limited HTML markup.")
    category = serializers.CharField()
    attributes = AttributeSerializer(many=True)
    moq = serializers.IntegerField()
    currency = serializers.CharField()
    price_tiers = PriceSerializer(many=True)
    vat = VatSerializer()
    payment_methods = PaymentMethodSerializer(many=True)
    shipping_options = ShippingOptionSerializer(many=True)
    compliance = ComplianceSerializer()
    sellable = serializers.BooleanField()
    exchange_rates_as_of = serializers.DateField(allow_null=True)
    order = OrderSerializer(required=False, help_text="Present when ?quantity= is given.")
