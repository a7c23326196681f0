"""The supplier's company details as invoices print them: its address, VAT ID, register
number and phone, and its tax registrations in other markets. The rules are the models' own
(`Supplier.clean`, `SupplierTaxRegistration.clean`), the ones the admin applies: ModelForm
validation calls them, so the workspace cannot accept what the admin refuses."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from marketplace.catalog.languages import merchant_language_choices, supplier_language
from marketplace.catalog.models import Supplier, SupplierTaxRegistration

# Enough rows for a factory selling into every market that has a registration scheme.
MAX_TAX_REGISTRATIONS = 20


class CompanyForm(forms.ModelForm):
    """The country is where the company is based, fixed at onboarding: the VAT ID, register
    number, phone and address are checked by its rules. The language is the one the supplier
    reads (catalog.languages): a choice of the merchant languages, required here (the admin
    may leave it empty to follow the listings' language)."""

    language = forms.ChoiceField(
        label=_("The language you read"), choices=merchant_language_choices,
        help_text=_("Our e-mails to you and the AI review's explanations are written in it, "
                    "and your workspace opens in it."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.language:
            # Show the language they are written to today, not an empty choice.
            self.initial["language"] = supplier_language(self.instance)

    class Meta:
        model = Supplier
        fields = ["street_address", "postal_code", "city", "country_area", "vat_id",
                  "registration_number", "phone", "language"]
        labels = {"street_address": _("Street and number"), "postal_code": _("Postal code"),
                  "city": _("City"), "country_area": _("State or province"),
                  "vat_id": _("VAT ID"), "registration_number": _("Company register number"),
                  "phone": _("Phone")}
        help_texts = {
            "country_area": _("Only where your country's addresses have one."),
            "vat_id": _("With the country prefix, such as DE136695976. Printed on invoices "
                        "where VAT is charged."),
            "registration_number": _("Your company register or tax number, such as the "
                                     "unified social credit code."),
            "phone": _("With the country code, such as +86 755 1234 5678."),
        }


class BaseTaxRegistrationFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        """Two new rows of one scheme would each pass the model's check against the database
        and then break its unique constraint: refuse them here, with the model's message."""
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            if self._should_delete_form(form) or (not form.has_changed()
                                                  and not form.instance.pk):
                continue
            scheme = form.instance.scheme
            if scheme and scheme in seen:
                raise ValidationError(_("Two rows name a registration of the same kind: keep "
                                        "one."), code="duplicate")
            if scheme:
                seen.add(scheme)


TaxRegistrationFormSet = inlineformset_factory(
    Supplier, SupplierTaxRegistration, formset=BaseTaxRegistrationFormSet,
    fields=["country", "number"], extra=1, can_delete=True, max_num=MAX_TAX_REGISTRATIONS,
    validate_max=True,
    labels={"country": _("Market"), "number": _("Registration number")},
    help_texts={"number": _("Such as a Japanese T-number, a Canadian GST/HST number or an "
                            "Australian ABN.")})


@transaction.atomic
def save_company(form: CompanyForm, registrations: BaseInlineFormSet) -> Supplier:
    """Save a valid company form and its tax registrations as one change."""
    supplier = form.save()
    registrations.instance = supplier
    registrations.save()
    return supplier
