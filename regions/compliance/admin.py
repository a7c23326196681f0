"""Compliance configuration in the admin for regional ops: certificate types and the rules
that require them, scoped to the user's regions like the rest of the admin
(regions.core.admin_scoping). Suppliers' certificates, responsible persons and reports:
marketplace/compliance/admin.py."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from regions.compliance.models import CertificateType, ComplianceRule
from regions.compliance.services import act_choices
from regions.core import declarations
from regions.core.admin_scoping import RegionScopedAdmin, RegionScopedInline


class ComplianceRuleForm(forms.ModelForm):
    """The rule's lists of codes as multiple choices (the model stores them as JSON)."""

    categories = forms.MultipleChoiceField(
        choices=declarations.category_choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    product_properties = forms.MultipleChoiceField(
        choices=declarations.property_choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    covers = forms.MultipleChoiceField(
        choices=act_choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Acts the certificate must list: each accepted type is asked for the ones it "
          "declares (a UK rule: the GB regulation for the UKCA DoC, the EU act for the CE DoC)."))

    class Meta:
        model = ComplianceRule
        fields = ["region", "country", "code", "certificate_type", "alternative_types",
                  "covers", "categories", "product_properties", "buyers", "severity",
                  "effective_from", "effective_until", "explanation", "legal_basis", "source",
                  "active"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if "alternative_types" in cleaned:
            # The model checks `covers` against the accepted types; the alternatives are
            # saved after it, so it reads the ones chosen here.
            self.instance.pending_relations = {
                "alternative_types": list(cleaned["alternative_types"])}
        return cleaned


class ComplianceRuleInline(RegionScopedInline):
    model = ComplianceRule
    form = ComplianceRuleForm
    fk_name = "certificate_type"
    fields = ["code", "country", "categories", "product_properties", "covers", "buyers",
              "severity", "effective_from", "effective_until", "active"]


@admin.register(CertificateType)
class CertificateTypeAdmin(RegionScopedAdmin):
    list_display = ["name", "code", "region", "country", "authority", "identifier_example",
                    "expires", "max_validity_days"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "expires",
                   ("country", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "code", "authority", "legal_basis"]
    list_select_related = ["region", "country"]
    inlines = [ComplianceRuleInline]
    fieldsets = [
        (None, {"fields": ["region", "country", "code", "name", "legal_basis", "authority"]}),
        (_("Identifier"), {"fields": ["identifier_label", "identifier_pattern",
                                   "identifier_format", "identifier_case",
                                   "identifier_strip_prefixes", "identifier_example"]}),
        (_("Validity"), {"fields": ["expires", "max_validity_days", "retention_years",
                               "sells_while_pending"]}),
        (_("Acts a document declares"), {"fields": ["acts", "act_includes"]}),
        (_("About"), {"fields": ["description", "source"]}),
    ]


@admin.register(ComplianceRule)
class ComplianceRuleAdmin(RegionScopedAdmin):
    form = ComplianceRuleForm
    list_display = ["code", "certificate_type", "region", "country", "categories",
                    "product_properties", "covers", "buyers", "severity", "effective_from",
                    "effective_until", "active"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "severity", "buyers",
                   "active", ("certificate_type", admin.RelatedOnlyFieldListFilter)]
    filter_horizontal = ["alternative_types"]
    search_fields = ["code", "certificate_type__name", "explanation"]
    list_select_related = ["region", "country", "certificate_type"]
    date_hierarchy = "effective_from"
