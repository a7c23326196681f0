"""The response bodies of the checkout API as drf-spectacular publishes them: a quote and an
order, typed field by field, so that a client reading /api/docs/ knows what it gets back and
schemathesis can check every answer against it. Documentation only: the bodies are built by
quotes.quote() and orders.order_json(), from stored rows; nothing here computes or renames a
value. Fields a market may leave out are not required."""

from rest_framework import serializers

from marketplace.api.serializers import MoneySerializer


class SourcePriceSerializer(serializers.Serializer):
    amount = serializers.CharField()
    currency = serializers.CharField()


class QuoteMarketSerializer(serializers.Serializer):
    region = serializers.CharField()
    country = serializers.CharField()
    subdivision = serializers.CharField(allow_blank=True)
    postal_code = serializers.CharField(allow_blank=True)
    language = serializers.CharField()
    buyer = serializers.CharField(help_text="“consumer” or “business”.")


class ExchangeRateSerializer(serializers.Serializer):
    # "from" is a Python keyword: declared under another name, published as "from".
    from_ = serializers.CharField(label="from")
    to = serializers.CharField()
    rate = serializers.CharField()
    as_of = serializers.CharField(help_text="ISO date.")
    source = serializers.CharField()

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return {name: fields[name] for name in ("from", "to", "rate", "as_of", "source")}


class PricedLineSerializer(serializers.Serializer):
    listing = serializers.IntegerField()
    title = serializers.CharField()
    language = serializers.CharField()
    supplier = serializers.CharField()
    supplier_id = serializers.IntegerField()
    hs_code = serializers.CharField(allow_blank=True, allow_null=True)
    tax_class = serializers.CharField()
    quantity = serializers.IntegerField()
    moq = serializers.IntegerField()
    tier_min_quantity = serializers.IntegerField()
    source_unit_price = SourcePriceSerializer()
    unit_price = MoneySerializer()
    total = MoneySerializer()
    lead_time_days = serializers.ListField(child=serializers.IntegerField(),
                                           help_text="[fewest, most] days of production.")


class TaxAmountLineSerializer(serializers.Serializer):
    tax = serializers.CharField(help_text="The tax's code, such as “vat”, “gst” or “qst”.")
    label = serializers.CharField(help_text="What the market calls it, in the buyer's language.")
    rate = serializers.CharField(help_text="Percent, such as “19.00”.")
    jurisdiction = serializers.CharField(help_text="ISO 3166-1 or 3166-2, such as “CA-QC”.")
    base = MoneySerializer()
    amount = MoneySerializer()


class OptionVatSerializer(serializers.Serializer):
    treatment = serializers.CharField(help_text="“included”, “added”, “reverse_charge”, ...")
    rate = serializers.CharField(allow_null=True)
    amount = MoneySerializer(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    legal_note = serializers.CharField(allow_blank=True, required=False)
    lines = TaxAmountLineSerializer(many=True, required=False)


class ChosenShippingSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Send it as the order's shipping_option.")
    name = serializers.CharField()
    warehouse = serializers.CharField()
    warehouse_kind = serializers.CharField()
    ships_from = serializers.CharField()
    ships_from_city = serializers.CharField(allow_blank=True, required=False)
    mode = serializers.CharField()
    incoterm = serializers.CharField()
    incoterm_name = serializers.CharField(required=False)
    transit_days = serializers.ListField(child=serializers.IntegerField())
    delivery_days = serializers.ListField(child=serializers.IntegerField())
    cost = MoneySerializer()
    vat = OptionVatSerializer()
    net_total = MoneySerializer()
    total = MoneySerializer()


class QuoteOptionSerializer(ChosenShippingSerializer):
    payment_methods = serializers.ListField(
        child=serializers.CharField(), help_text="The codes of the payment methods that can pay "
        "this option's total.")


class ChosenPaymentMethodSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Send it as the order's payment_method.")
    name = serializers.CharField()
    settlement = serializers.CharField()
    terms = serializers.CharField(allow_blank=True)
    min_amount = MoneySerializer(allow_null=True)
    max_amount = MoneySerializer(allow_null=True)


class QuoteMethodSerializer(ChosenPaymentMethodSerializer):
    shipping_options = serializers.ListField(child=serializers.CharField())


class QuoteResponseSerializer(serializers.Serializer):
    """A priced basket, valid until `expires_at`: order it with one of its payment methods and
    one of the shipping options that method can pay."""

    id = serializers.UUIDField()
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    market = QuoteMarketSerializer()
    locale = serializers.CharField()
    currency = serializers.CharField()
    priced_on = serializers.DateField()
    exchange_rates = ExchangeRateSerializer(many=True)
    buyer_vat_id = serializers.CharField(allow_blank=True, allow_null=True)
    buyer_vat_id_valid = serializers.BooleanField(allow_null=True)
    prices_include_vat = serializers.BooleanField()
    tax_exemption = serializers.CharField(allow_blank=True, required=False)
    vat_rate = serializers.CharField(allow_null=True)
    tax_system = serializers.CharField()
    lines = PricedLineSerializer(many=True)
    goods_total = MoneySerializer()
    shipping_options = QuoteOptionSerializer(many=True)
    payment_methods = QuoteMethodSerializer(many=True)


class OrderPaymentSerializer(serializers.Serializer):
    provider = serializers.CharField()
    method = serializers.CharField()
    status = serializers.CharField()
    reference = serializers.CharField()
    amount = serializers.CharField()
    currency = serializers.CharField()


class BuyerAddressSerializer(serializers.Serializer):
    street_address = serializers.CharField(allow_blank=True, required=False)
    postal_code = serializers.CharField(allow_blank=True, required=False)
    city = serializers.CharField(allow_blank=True, required=False)
    country_area = serializers.CharField(allow_blank=True, required=False)
    country = serializers.CharField()


class SnapshotBuyerSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="“consumer” or “business”.")
    company_name = serializers.CharField(allow_blank=True)
    name = serializers.CharField()
    email = serializers.EmailField()
    phone = serializers.CharField(help_text="E.164, such as “+4930901820”.")
    phone_national = serializers.CharField()
    vat_id = serializers.CharField(allow_blank=True)
    address = BuyerAddressSerializer()


class SnapshotQuoteSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class SnapshotSerializer(serializers.Serializer):
    """What the buyer saw and agreed to, frozen when the order was placed: the quote's fields
    plus the chosen option and method, the buyer, the sellers and the invoice's terms."""

    number = serializers.CharField()
    placed_at = serializers.DateTimeField()
    language = serializers.CharField()
    locale = serializers.CharField()
    quote = SnapshotQuoteSerializer()
    market = QuoteMarketSerializer()
    currency = serializers.CharField()
    priced_on = serializers.DateField()
    exchange_rates = ExchangeRateSerializer(many=True)
    prices_include_vat = serializers.BooleanField()
    lines = PricedLineSerializer(many=True)
    goods_total = MoneySerializer()
    shipping = ChosenShippingSerializer()
    payment_method = ChosenPaymentMethodSerializer()
    vat = OptionVatSerializer()
    net_total = MoneySerializer()
    total = MoneySerializer()
    buyer = SnapshotBuyerSerializer()
    sellers = serializers.ListField(child=serializers.DictField())
    invoice = serializers.DictField()


class PlacedOrderSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField(help_text="The order number on the pro-forma invoice.")
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    quote = serializers.UUIDField()
    payment = OrderPaymentSerializer(allow_null=True)
    snapshot = SnapshotSerializer()
