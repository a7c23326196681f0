"""The portal's forms: each validates and normalizes one step with the region's rules and puts
every problem next to its field, in the active (portal) language. Saving is the services'."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from marketplace.compliance.forms import add_certificate_rule_errors
from marketplace.portal.labels import category_choices
from marketplace.portal.models import Application
from marketplace.portal.services import email_taken, normalize_email
from regions.compliance.documents import validate_document
from regions.compliance.models import CertificateType
from regions.core.addresses import (
    address_fields,
    normalize_address,
    postal_code_example,
    required_address_fields,
)
from regions.core.business_ids import (
    company_id_scheme,
    normalize_company_id,
    normalize_vat_id,
    tax_id_label,
    tax_id_required,
    vat_id_example,
)
from regions.core.models import Region
from regions.core.pack_names import pack_name
from regions.core.phones import normalize_phone, phone_example

DUPLICATE_EMAIL = _("An account with this email address already exists. Sign in instead.")
# One message for every failed sign-in, so the form never tells whether an address has an
# account.
BAD_LOGIN = _("The email address or the password is not correct.")


class SignUpForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=150,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password1 = forms.CharField(
        label=_("Password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("Repeat the password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = password_validators_help_text_html()

    def clean_email(self) -> str:
        email = normalize_email(self.cleaned_data["email"])
        if email_taken(email):
            raise ValidationError(DUPLICATE_EMAIL, code="duplicate_email")
        return email

    def clean(self) -> dict:
        cleaned = super().clean()
        password, repeated = cleaned.get("password1"), cleaned.get("password2")
        if password and repeated and password != repeated:
            self.add_error("password2", ValidationError(
                _("The two passwords are not the same."), code="password_mismatch"))
        elif password:
            # The validators compare the password with the address, so give them a user.
            email = cleaned.get("email", "")
            candidate = get_user_model()(username=email, email=email)
            try:
                validate_password(password, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class LoginForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=150,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label=_("Password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, request=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = None

    def clean(self) -> dict:
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password:
            user = authenticate(self.request, username=normalize_email(email), password=password)
            # Staff and other non-applicant accounts do not sign in here; they get the same
            # answer as a wrong password.
            if user is None or not Application.objects.filter(user=user).exists():
                raise ValidationError(BAD_LOGIN, code="invalid_login")
            self.user = user
        return cleaned


def region_country_choices(region: Region) -> list[tuple[str, str]]:
    codes = {str(country.code) for country in region.countries.all()}
    return [(code, name) for code, name in countries if code in codes]


class CompanyForm(forms.Form):
    legal_name = forms.CharField(label=_("Legal name of the company"), max_length=200)
    country = forms.ChoiceField(
        label=_("Country"),
        error_messages={"invalid_choice": _(
            "%(value)s is not a country of this region. Choose one of the listed countries.")})
    vat_id = forms.CharField(label=_("VAT ID"), max_length=30, required=False)
    registration_number = forms.CharField(label=_("Company registration number"),
                                          max_length=60)
    street_address = forms.CharField(label=_("Street and number"), max_length=200,
                                     required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country_area = forms.CharField(label=_("Province or state"), max_length=100,
                                   required=False)

    def __init__(self, *args, region: Region, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        self.fields["country"].choices = [("", "—"), *region_country_choices(region)]

    def clean(self) -> dict:
        cleaned = super().clean()
        country = cleaned.get("country")
        if not country:
            return cleaned  # the field already says what is wrong; the rest depends on it
        vat_id = cleaned.get("vat_id", "")
        # Required where the market's pack says so (the EU: reverse charge depends on it);
        # elsewhere (a UK company under the VAT threshold, a US company) optional, but checked
        # when given.
        # A VAT ID already refused (over the length limit) is not also "missing".
        if "vat_id" not in self.errors and (vat_id or tax_id_required(country)):
            try:
                cleaned["vat_id"] = normalize_vat_id(vat_id, country)
            except ValidationError as error:
                self.add_error("vat_id", error)
        if "registration_number" in cleaned:
            try:
                cleaned["registration_number"] = normalize_company_id(
                    cleaned["registration_number"], country)
            except ValidationError as error:
                self.add_error("registration_number", error)
        try:
            cleaned.update(normalize_address(cleaned, country))
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


def company_field_hints(region: Region) -> dict[str, dict]:
    """Per country of the region: the examples and address fields the company form shows."""
    hints = {}
    for code, _name in region_country_choices(region):
        scheme = company_id_scheme(code)
        hints[code] = {
            "vat_id": vat_id_example(code),
            "vat_label": str(tax_id_label(code)),
            "registration_number": scheme.example if scheme else "",
            "registration_label": str(scheme.label) if scheme else "",
            "postal_code": postal_code_example(code),
            "phone": phone_example(code),
            "address_fields": address_fields(code),
            "required": sorted(required_address_fields(code)),
        }
    return hints


class ContactForm(forms.Form):
    contact_name = forms.CharField(label=_("Contact person"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=40)

    def __init__(self, *args, country: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.country = country

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"], self.country)


class OfferForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Product categories"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one category.")})
    origin_country = forms.ChoiceField(label=_("Country of origin of the goods"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = category_choices()
        self.fields["origin_country"].choices = [("", "—"), *countries]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        # The browser's date picker shows the locale's format but submits ISO 8601.
        super().__init__(format="%Y-%m-%d")


class DocumentForm(forms.Form):
    certificate_type = forms.ModelChoiceField(
        label=_("Certificate type"), queryset=CertificateType.objects.none(),
        error_messages={"invalid_choice": _("Choose one of this region's certificate types.")})
    number = forms.CharField(label=_("Number or identifier"), max_length=100)
    issuer = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())
    file = forms.FileField(label=_("Document (PDF, PNG or JPEG)"))

    def __init__(self, *args, application: Application, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.application = application
        self.content_type = ""
        self.fields["certificate_type"].queryset = certificate_types_for(application)
        self.fields["certificate_type"].label_from_instance = lambda kind: pack_name(kind.name)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = validate_document(upload)
        return upload

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.application.documents.count() >= settings.PORTAL_MAX_DOCUMENTS:
            raise ValidationError(
                _("You have uploaded the most documents an application can hold (%(count)s). "
                  "Remove one first."), code="too_many",
                params={"count": settings.PORTAL_MAX_DOCUMENTS})
        add_certificate_rule_errors(self, cleaned)
        return cleaned


def certificate_types_for(application: Application):
    """The region's certificate types, national ones only for the applicant's country."""
    types = CertificateType.objects.filter(region=application.region)
    if application.country:
        types = types.filter(country__isnull=True) | types.filter(
            country__code=application.country)
    else:
        types = types.filter(country__isnull=True)
    return types.order_by("name")


class WarehouseForm(forms.Form):
    name = forms.CharField(label=_("Warehouse name"), max_length=150)
    country = forms.ChoiceField(label=_("Country"))
    city = forms.CharField(label=_("City"), max_length=100)

    def __init__(self, *args, application: Application, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.application = application
        self.fields["country"].choices = [("", "—"), *countries]

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.application.warehouses.count() >= settings.PORTAL_MAX_WAREHOUSES:
            raise ValidationError(
                _("An application can list at most %(count)s warehouses."), code="too_many",
                params={"count": settings.PORTAL_MAX_WAREHOUSES})
        return cleaned


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 5, "cols": 80}), max_length=2000,
        help_text=_("The applicant reads this on the portal and in the email."))
