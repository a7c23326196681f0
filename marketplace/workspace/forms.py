"""The workspace's forms: labels and messages in the merchant's language; the rules are the
models' and the compliance engine's own (Listing.clean, Certificate.clean, validate_document),
so what the workspace accepts the admin and the portal accept too."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from babel.numbers import get_currency_name
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.forms import inlineformset_factory
from django.utils.translation import get_language, gettext, to_locale
from django.utils.translation import gettext_lazy as _
from django_countries import countries as country_names

from marketplace.catalog.images import EXTENSIONS
from marketplace.catalog.models import (
    Listing,
    ListingAttribute,
    PriceTier,
    SourceCurrency,
    SourceLanguage,
    Supplier,
    SupplierBankAccount,
)
from marketplace.compliance.forms import add_certificate_rule_errors
from marketplace.compliance.models import ResponsiblePerson
from marketplace.portal.forms import DateInput
from marketplace.portal.labels import category_choices, region_name
from marketplace.preview.labels import LISTING_STATUSES, language_name
from marketplace.uploads import refuse_nameless_files
from regions.compliance import representatives
from regions.compliance.documents import validate_document
from regions.compliance.models import CertificateType
from regions.compliance.services import act_choices
from regions.core.addresses import validate_postal_code
from regions.core.models import Region
from regions.core.sizes import megabytes

# A description is limited markup; this bounds what one form post may store.
MAX_DESCRIPTION = 20_000


class SupplierChoiceMixin:
    """A `supplier` choice among the user's own suppliers, shown only to members of more than
    one (a single supplier is implied)."""

    def _limit_suppliers(self, suppliers: list[Supplier]) -> None:
        if len(suppliers) > 1:
            self.fields["supplier"].queryset = Supplier.objects.filter(
                pk__in=[s.pk for s in suppliers])
        else:
            del self.fields["supplier"]


class ListingForm(SupplierChoiceMixin, forms.ModelForm):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Supplier.objects.none())
    hs_code = forms.CharField(
        label=_("HS code"), max_length=10,
        validators=[RegexValidator(r"^\d{6}(\d{2}){0,2}$",
                                   _("An HS code has 6, 8 or 10 digits, such as 851830."))])
    description = forms.CharField(
        label=_("Description"), max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Paragraphs, lists, tables, bold and italic; other markup is removed."))

    class Meta:
        model = Listing
        fields = ["supplier", "status", "title", "description", "source_language",
                  "source_currency", "category", "contains_battery", "radio", "for_children",
                  "voltage", "hs_code", "moq", "lead_time_min_days", "lead_time_max_days",
                  "image"]
        labels = {
            "image": _("Product image (PNG, JPEG or WebP)"),
            "status": _("Status"),
            "title": _("Title"),
            "source_language": _("Language of the text"),
            "source_currency": _("Currency of the prices"),
            "category": _("Category"),
            "contains_battery": _("Contains a battery"),
            "radio": _("Transmits radio (Wi-Fi, Bluetooth, LTE)"),
            "for_children": _("Made for children"),
            "voltage": _("Rated supply voltage (V AC)"),
            "moq": _("Minimum order quantity"),
            "lead_time_min_days": _("Production lead time from (days)"),
            "lead_time_max_days": _("Production lead time to (days)"),
        }
        help_texts = {
            "status": _("Drafts are visible to your team only; published listings to buyers "
                        "in the markets where they may be sold."),
            "voltage": _("Only for mains-powered products."),
        }

    def __init__(self, *args, suppliers: list[Supplier], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._limit_suppliers(suppliers)
        if "supplier" not in self.fields:
            self.instance.supplier = suppliers[0]
        locale = to_locale(get_language() or "en")
        self.fields["status"].choices = [(code, str(label))
                                         for code, label in LISTING_STATUSES.items()]
        self.fields["source_language"].choices = [
            (tag, language_name(tag)) for tag in SourceLanguage.values]
        self.fields["source_currency"].choices = [
            (code, f"{code} ({get_currency_name(code, locale=locale)})")
            for code in SourceCurrency.values]
        self.fields["category"].choices = [("", "—"), *category_choices()]
        for name in ("voltage", "moq", "lead_time_min_days", "lead_time_max_days"):
            self.fields[name].widget.attrs["min"] = 0 if name != "moq" else 1
        self.fields["image"].widget.attrs["accept"] = ",".join(EXTENSIONS)
        self.fields["image"].help_text = _(
            "Shown to buyers on the quote. At most %(limit)s MB.") % {
            "limit": megabytes(settings.LISTING_IMAGE_MAX_UPLOAD_BYTES)}

    def clean(self) -> dict:
        cleaned = super().clean()
        # A file with an empty name would be dropped, saving the listing without its image.
        refuse_nameless_files(self)
        return cleaned


class AttributeForm(forms.ModelForm):
    class Meta:
        model = ListingAttribute
        fields = ["name", "value", "unit"]
        labels = {"name": _("Attribute"), "value": _("Value"), "unit": _("Unit")}


class PriceTierForm(forms.ModelForm):
    class Meta:
        model = PriceTier
        fields = ["min_quantity", "unit_price"]
        labels = {"min_quantity": _("From quantity"), "unit_price": _("Unit price")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        price = self.initial.get("unit_price")
        if isinstance(price, Decimal):
            # Stored with 4 places for sub-cent unit prices; a merchant typed "9600", not
            # "9600.0000": show the places the price uses, at least cents.
            places = -price.normalize().as_tuple().exponent
            self.initial["unit_price"] = price.quantize(Decimal(1).scaleb(-max(places, 2)))


AttributeFormSet = inlineformset_factory(
    Listing, ListingAttribute, form=AttributeForm, extra=2, max_num=50, validate_max=True,
    can_delete=True)


class BasePriceTierFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [form for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if not kept:
            raise ValidationError(_("Give at least one price tier: a listing without prices "
                                    "cannot be ordered."), code="no_prices")
        quantities = [form.cleaned_data["min_quantity"] for form in kept]
        if self.instance.pk:
            # Tiers stored since this form was opened (another tab) are not among its rows:
            # counted here, or the unique constraint would fail on save (a 500).
            shown = [form.instance.pk for form in self.initial_forms if form.instance.pk]
            quantities += PriceTier.objects.filter(listing=self.instance).exclude(
                pk__in=shown).values_list("min_quantity", flat=True)
        if len(set(quantities)) != len(quantities):
            raise ValidationError(_("Each price tier needs its own starting quantity."),
                                  code="duplicate_tier")


PriceTierFormSet = inlineformset_factory(
    Listing, PriceTier, form=PriceTierForm, formset=BasePriceTierFormSet, extra=2, max_num=20,
    validate_max=True, can_delete=True)


class CertificateTypeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: CertificateType) -> str:
        # Pack data in English; a pack's catalogs may translate its names.
        return f"{region_name(obj.region)} · {gettext(obj.name)}"


class CertificateForm(SupplierChoiceMixin, forms.Form):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Supplier.objects.none())
    certificate_type = CertificateTypeChoice(
        label=_("Certificate type"), queryset=CertificateType.objects.none(),
        error_messages={"invalid_choice": _("Choose one of the certificate types listed.")})
    number = forms.CharField(label=_("Number or identifier"), max_length=100)
    issuer = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())
    listings = forms.ModelMultipleChoiceField(
        label=_("Listings it covers"), queryset=Listing.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: it covers all of your listings."))
    acts = forms.MultipleChoiceField(
        label=_("Acts the document lists"), choices=act_choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a Declaration of Conformity: tick every act it names."))
    file = forms.FileField(label=_("Document (PDF, PNG or JPEG)"))

    def __init__(self, *args, suppliers: list[Supplier], listings: QuerySet[Listing],
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._limit_suppliers(suppliers)
        self.suppliers = suppliers
        self.content_type = ""
        self.fields["certificate_type"].queryset = (
            CertificateType.objects.filter(region__active=True).select_related("region")
            .order_by("region__name", "name"))
        self.fields["listings"].queryset = listings.order_by("title")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = validate_document(upload)
        return upload

    def clean(self) -> dict:
        cleaned = super().clean()
        supplier = cleaned.get("supplier") or (self.suppliers[0] if len(self.suppliers) == 1
                                               else None)
        cleaned["supplier"] = supplier
        chosen = cleaned.get("listings") or []
        if supplier is not None and any(item.supplier_id != supplier.pk for item in chosen):
            self.add_error("listings", _("Choose listings of the supplier the certificate "
                                         "belongs to."))
        add_certificate_rule_errors(self, cleaned)
        return cleaned


class ResponsiblePersonForm(SupplierChoiceMixin, forms.ModelForm):
    """The economic operator established in a region who answers for the supplier's products
    there (GPSR in the EU): one per supplier and region, so naming another replaces it."""

    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Supplier.objects.none())

    class Meta:
        model = ResponsiblePerson
        fields = ["supplier", "region", "name", "role", "street_address", "postal_code", "city",
                  "country", "email"]
        labels = {"region": _("Region"), "name": _("Company name"), "role": _("Role"),
                  "street_address": _("Street and number"), "postal_code": _("Postal code"),
                  "city": _("City"), "email": _("Email")}

    def __init__(self, *args, suppliers: list[Supplier], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._limit_suppliers(suppliers)
        self.suppliers = suppliers
        if "supplier" not in self.fields:
            self.instance.supplier = suppliers[0]
        self.fields["region"].queryset = Region.objects.filter(active=True).order_by("name")
        self.fields["region"].label_from_instance = region_name
        # Where a responsible person of any active region may be established, as each
        # region's pack declares it (the EU: all 27 member states); the model's clean checks
        # the country against the region chosen. By name in the merchant's language.
        allowed = {code for region in Region.objects.filter(active=True)
                   for code in representatives.established_in(region.code)}
        self.fields["country"].choices = [("", "—"), *sorted(
            ((code, str(country_names.name(code))) for code in allowed),
            key=lambda choice: choice[1])]
        self.fields["country"].label = _("Country")

    def clean(self) -> dict:
        cleaned = super().clean()
        country, postal_code = cleaned.get("country"), cleaned.get("postal_code")
        if country and postal_code:
            try:
                cleaned["postal_code"] = validate_postal_code(postal_code, str(country))
            except ValidationError as error:
                self.add_error("postal_code", error)
        return cleaned


class BankAccountForm(forms.ModelForm):
    """The supplier's payout details. The rules are SupplierBankAccount.clean's (IBAN and BIC
    checked with python-stdnum, a local account where the bank's country has no IBAN), the
    same as in the admin."""

    class Meta:
        model = SupplierBankAccount
        fields = ["account_holder", "bank_name", "bank_country", "iban", "bic",
                  "account_number", "bank_code"]
        labels = {"account_holder": _("Account holder"), "bank_name": _("Bank"),
                  "bank_country": _("Country of the bank"), "iban": "IBAN",
                  "bic": "BIC (SWIFT)", "account_number": _("Account number"),
                  "bank_code": _("Bank code")}
        help_texts = {
            "account_holder": _("The name the account is held in, as the bank knows it."),
            "iban": _("Where the bank's country has IBANs, such as DE89 3704 0044 0532 0130 00."),
            "bic": _("8 or 11 letters and digits, such as COBADEFF."),
            "account_number": _("Only where the bank's country has no IBAN."),
            "bank_code": _("Routing number, sort code, CNAPS or clearing code, where the bank's "
                           "country has no IBAN."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # People paste IBANs in groups of four: longer than the compact form the model keeps.
        for name, length in (("iban", 50), ("bic", 20)):
            self.fields[name].max_length = length
            self.fields[name].validators = []
            self.fields[name].widget.attrs.update(maxlength=length, autocomplete="off",
                                                  spellcheck="false")

    def clean_iban(self) -> str:
        return "".join(self.cleaned_data["iban"].split()).upper()

    def clean_bic(self) -> str:
        return "".join(self.cleaned_data["bic"].split()).upper()
