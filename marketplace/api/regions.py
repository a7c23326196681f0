"""The regions' configuration as JSON: what a client needs to offer a market."""

from django.conf import settings
from django.db.models import Prefetch
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from regions.compliance.models import ComplianceRule
from regions.core.models import Country, PackLoad, Region
from regions.core.pack_names import pack_name
from regions.payments.models import PaymentMethod
from regions.taxes.rates import percent_text
from regions.warehouses.models import ShippingOption, Warehouse


def detail_prefetches() -> list:
    return [
        Prefetch("countries", queryset=Country.objects.prefetch_related("tax_rates")),
        "languages__country",
        Prefetch("payment_methods", queryset=PaymentMethod.objects.filter(active=True)
                 .prefetch_related("countries", "currencies__country")),
        Prefetch("compliance_rules", queryset=ComplianceRule.objects.filter(active=True)
                 .select_related("certificate_type", "country")),
        Prefetch("warehouses", queryset=Warehouse.objects.filter(active=True).prefetch_related(
            "countries_served",
            Prefetch("shipping_options", queryset=ShippingOption.objects.filter(active=True)))),
        Prefetch("pack_loads", queryset=PackLoad.objects.order_by("-loaded_at")),
        "tax_policy",
    ]


def requested_ui_language(request: Request) -> str | None:
    """The UI language `?lang=` names (lower case), None without one; a 400 listing the
    languages we ship for one we do not."""
    requested = request.query_params.get("lang")
    if not requested:
        return None
    offered = {code for code, _name in settings.LANGUAGES}
    if requested.lower() not in offered:
        raise ValidationError({"lang": [f"“{requested}” is not a UI language; use one of "
                                        f"{', '.join(sorted(offered))}."]})
    return requested.lower()


class CountryCodeField(serializers.CharField):
    def to_representation(self, value) -> str:
        return str(value)


class PackTextField(serializers.CharField):
    """A name or sentence a pack wrote in English (pack.toml), in the active language through
    the pack's catalogs (regions.core.pack_names)."""

    def to_representation(self, value) -> str:
        return pack_name(str(value))


class TaxRateSerializer(serializers.Serializer):
    subdivision = serializers.CharField()
    tax = serializers.CharField()
    kind = serializers.CharField()
    rate = serializers.SerializerMethodField()
    applies_to = serializers.CharField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()


    def get_rate(self, row) -> str:
        return percent_text(row.rate)


class CountrySerializer(serializers.Serializer):
    code = CountryCodeField()
    name = serializers.CharField(source="code.name")
    currency = serializers.CharField()
    default_language = serializers.CharField()
    timezone = serializers.CharField()
    tax_rates = TaxRateSerializer(many=True)


class LanguageSerializer(serializers.Serializer):
    language = serializers.CharField()
    country = CountryCodeField(source="country.code", allow_null=True, default=None)
    is_default = serializers.BooleanField()
    default_in_subdivisions = serializers.ListField(child=serializers.CharField())


class LimitSerializer(serializers.Serializer):
    currency = serializers.CharField()
    country = CountryCodeField(source="country.code", allow_null=True, default=None)
    min_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    max_amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class PaymentMethodConfigSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = PackTextField()
    settlement = serializers.CharField()
    countries = serializers.SerializerMethodField()
    business_buyers = serializers.BooleanField()
    consumer_buyers = serializers.BooleanField()
    chargeback = serializers.BooleanField()
    terms = PackTextField()
    limits = LimitSerializer(many=True, source="currencies")

    def get_countries(self, method) -> list[str]:
        return sorted(str(country.code) for country in method.countries.all())


class RuleSerializer(serializers.Serializer):
    code = serializers.CharField()
    certificate_type = serializers.CharField(source="certificate_type.code")
    certificate_type_name = PackTextField(source="certificate_type.name")
    country = CountryCodeField(source="country.code", allow_null=True, default=None)
    category = serializers.CharField()
    product_property = serializers.CharField()
    buyers = serializers.CharField()
    severity = serializers.CharField()
    effective_from = serializers.DateField()
    effective_until = serializers.DateField()
    explanation = PackTextField()


class ShippingOptionConfigSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = PackTextField()
    mode = serializers.CharField()
    incoterm = serializers.CharField()
    transit_days_min = serializers.IntegerField()
    transit_days_max = serializers.IntegerField()
    cost_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    cost_currency = serializers.CharField()
    business_buyers = serializers.BooleanField()
    consumer_buyers = serializers.BooleanField()


class WarehouseSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = PackTextField()
    kind = serializers.CharField()
    location = CountryCodeField()
    city = serializers.CharField()
    countries_served = serializers.SerializerMethodField()
    handling_days_min = serializers.IntegerField()
    handling_days_max = serializers.IntegerField()
    shipping_options = ShippingOptionConfigSerializer(many=True)

    def get_countries_served(self, warehouse) -> list[str]:
        return sorted(str(country.code) for country in warehouse.countries_served.all())


class TaxPolicySerializer(serializers.Serializer):
    tax_system = serializers.CharField()
    consumer_prices_include_tax = serializers.BooleanField()
    business_prices_include_tax = serializers.BooleanField()
    duties_included = serializers.BooleanField()
    reverse_charge = serializers.BooleanField()
    reverse_charge_note = PackTextField()


class RegionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = PackTextField()
    countries = serializers.SerializerMethodField()

    def get_countries(self, region) -> list[str]:
        return [str(country.code) for country in region.countries.all()]


class RegionDetailSerializer(RegionSerializer):
    countries = CountrySerializer(many=True)
    data_as_of = serializers.SerializerMethodField()
    languages = LanguageSerializer(many=True)
    tax_policy = TaxPolicySerializer(allow_null=True)
    payment_methods = PaymentMethodConfigSerializer(many=True)
    certificate_rules = RuleSerializer(many=True, source="compliance_rules")
    warehouses = WarehouseSerializer(many=True)

    def get_data_as_of(self, region: Region) -> str | None:
        loads = region.pack_loads.all()
        return loads[0].data_as_of.isoformat() if loads else None
