"""Compliance configuration in the admin for regional ops: certificate types and the rules
that require them, scoped to the user's regions like the rest of the admin
(regions.core.admin_scoping). Suppliers' certificates, responsible persons and reports:
marketplace/compliance/admin.py."""

from django.contrib import admin

from regions.compliance.models import CertificateType, ComplianceRule
from regions.core.admin_scoping import RegionScopedAdmin, RegionScopedInline


class ComplianceRuleInline(RegionScopedInline):
    model = ComplianceRule
    fk_name = "certificate_type"
    fields = ["code", "country", "category", "product_property", "buyers", "severity",
              "effective_from", "effective_until", "active"]


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
        ("Identifier", {"fields": ["identifier_label", "identifier_pattern",
                                   "identifier_format", "identifier_case",
                                   "identifier_strip_prefixes", "identifier_example"]}),
        ("Validity", {"fields": ["expires", "max_validity_days", "retention_years"]}),
        ("About", {"fields": ["description", "source"]}),
    ]


@admin.register(ComplianceRule)
class ComplianceRuleAdmin(RegionScopedAdmin):
    list_display = ["code", "certificate_type", "region", "country", "category",
                    "product_property", "buyers", "severity", "effective_from",
                    "effective_until", "active"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "severity", "category",
                   "product_property", "buyers", "active",
                   ("certificate_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "certificate_type__name", "explanation"]
    list_select_related = ["region", "country", "certificate_type"]
    date_hierarchy = "effective_from"
