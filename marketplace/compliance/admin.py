"""Suppliers' compliance records in the admin for regional ops: certificates to verify
(verify / reject with a reason), responsible persons, and stored reports with filters; all
scoped to the user's regions like the rest of the admin (regions.core.admin_scoping). The
configuration (certificate types, rules): regions/compliance/admin.py."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from marketplace.compliance.labels import ai_status_label, finding_code_label, trigger_label
from marketplace.compliance.models import Certificate, ComplianceReport, ResponsiblePerson
from marketplace.compliance.verification import recheck_for, reject, verify
from marketplace.uploads import refuse_nameless_files
from regions.compliance.checks import Finding
from regions.compliance.codes import ALL_CODES
from regions.compliance.models import VerificationStatus
from regions.compliance.services import act_choices
from regions.core import declarations
from regions.core.admin_confirm import confirmation_page, is_confirmed
from regions.core.admin_filters import labelled_values_filter
from regions.core.admin_scoping import RegionScopedAdmin
from regions.core.admin_time import time_column


class VerdictForm(ActionForm):
    """The action bar's extra field: the reason a rejection needs."""

    reason = forms.CharField(required=False, max_length=300, label=_("Reason (for reject)"),
                             widget=forms.TextInput(attrs={"size": 24}))


class RejectReasonForm(forms.Form):
    """The confirmation page's field: the reason, as typed in the action bar, to check."""

    reason = forms.CharField(label=_("Reason"), max_length=300, required=False,
                             widget=forms.TextInput(attrs={"size": 60}))


class CertificateForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        choices=declarations.category_choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Categories it covers, besides the listings chosen. Neither: all of the "
                    "supplier's listings."), label=_("categories"))
    acts = forms.MultipleChoiceField(
        choices=act_choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The acts the document names (an EU DoC: every CE act it declares); only "
                    "those its type declares are accepted."), label=_("acts"))

    class Meta:
        model = Certificate
        fields = ["supplier", "certificate_type", "number", "issuer", "valid_from",
                  "valid_until", "listings", "categories", "acts", "file", "status",
                  "rejection_reason"]

    def clean(self):
        cleaned = super().clean()
        # A file with an empty name would be dropped, saving the certificate without it.
        refuse_nameless_files(self)
        supplier, listings = cleaned.get("supplier"), cleaned.get("listings")
        if supplier is not None and listings:
            foreign = [listing for listing in listings if listing.supplier_id != supplier.pk]
            if foreign:
                raise ValidationError({"listings": ValidationError(
                    _("Only the supplier's own listings can be in scope; not: %(titles)s."),
                    code="other_supplier",
                    params={"titles": ", ".join(str(x) for x in foreign)})})
        return cleaned


@admin.register(Certificate)
class CertificateAdmin(RegionScopedAdmin):
    form = CertificateForm
    action_form = VerdictForm
    actions = ["verify_selected", "reject_selected"]
    list_display = ["certificate_type", "number", "status", "supplier", "valid_from",
                    "valid_until", "has_document"]
    # Column and filter titles come from the models' (translated) verbose names.
    list_filter = ["status", ("certificate_type__region", admin.RelatedOnlyFieldListFilter),
                   ("certificate_type", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["number", "supplier__name", "issuer"]
    list_select_related = ["certificate_type", "supplier", "verified_by"]
    autocomplete_fields = ["supplier", "listings"]
    date_hierarchy = "valid_until"
    # "pending" sorts first: the certificates to verify lead the list.
    ordering = ["status", "valid_until", "pk"]
    readonly_fields = ["document", "verified_by", "verified_at"]
    fieldsets = [
        (None, {"fields": ["supplier", "certificate_type", "number", "issuer"]}),
        (_("Validity"), {"fields": ["valid_from", "valid_until"]}),
        (_("Scope"), {"fields": ["listings", "categories"],
                      "description": _("Empty: all of the supplier's listings.")}),
        (_("Acts it lists"), {"fields": ["acts"]}),
        (_("Document"), {"fields": ["file", "document"]}),
        (_("Verification"), {"fields": ["status", "rejection_reason", "verified_by",
                                     "verified_at"]}),
    ]

    @admin.display(boolean=True, description=_("document"))
    def has_document(self, obj: Certificate) -> bool:
        return bool(obj.file)

    @admin.display(description=_("document"))
    def document(self, obj: Certificate) -> str:
        if not obj.pk or not obj.file:
            return "—"
        return format_html('<a href="{}">{}</a> ({})',
                           reverse("certificate-file", args=[obj.pk]),
                           obj.file_name or _("download"), obj.file_content_type)

    def save_model(self, request, obj, form, change) -> None:
        status_changed = "status" in form.changed_data
        if status_changed:
            obj.verified_by = request.user if obj.status != VerificationStatus.PENDING \
                else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # After the scope (m2m) is saved: the gate follows the edit at once.
        recheck_for([form.instance.pk])

    @admin.action(description=_("Verify selected certificates"))
    def verify_selected(self, request: HttpRequest, queryset: QuerySet):
        page = confirmation_page(
            self, request, queryset, title=_("Verify certificates"),
            question=_("Verify these certificates? The listings they cover can then be sold "
                       "where they were blocked for want of them."),
            button=_("Yes, verify"))
        if page is not None:
            return page
        done, refused = verify(queryset, request.user)
        recheck_for(list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("%(count)s certificate(s) verified; the listings they "
                                     "cover were re-checked.") % {"count": done},
                          messages.SUCCESS)
        if refused:
            self.message_user(request, _("Not verified, the number is not in the type's "
                                         "format: %(certificates)s") % {
                "certificates": ", ".join(str(c) for c in refused)}, messages.ERROR)

    @admin.action(description=_("Reject selected certificates (give the reason above)"))
    def reject_selected(self, request: HttpRequest, queryset: QuerySet):
        form = RejectReasonForm(request.POST if is_confirmed(request) else None,
                                initial={"reason": request.POST.get("reason", "")})
        page = confirmation_page(
            self, request, queryset, title=_("Reject certificates"),
            question=_("Reject these certificates? The supplier reads the reason in their "
                       "compliance report, and listings that need them are blocked."),
            button=_("Yes, reject"), form=form)
        if page is not None:
            return page
        try:
            count = reject(queryset, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            self.message_user(request, _("Nothing was rejected: %(reason)s") % {
                "reason": error.messages[0]}, messages.ERROR)
            return
        recheck_for(list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("%(count)s certificate(s) rejected; the suppliers see "
                                     "the reason in their compliance report.")
                          % {"count": count}, messages.SUCCESS)


@admin.register(ResponsiblePerson)
class ResponsiblePersonAdmin(RegionScopedAdmin):
    list_display = ["supplier", "region", "name", "country", "city", "email"]
    # The country is where it is established (any the pack's declaration allows), not one of
    # the region's rows; the model's clean checks it against the declaration.
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "country"]
    search_fields = ["name", "supplier__name", "city", "email"]
    list_select_related = ["supplier", "region"]
    autocomplete_fields = ["supplier"]


class SellableFilter(admin.SimpleListFilter):
    title = _("blockers")
    parameter_name = "blocked"

    def lookups(self, request, model_admin):
        return [("yes", _("Blocked somewhere in the region")), ("no", _("No blockers"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(blockers__gt=0)
        if self.value() == "no":
            return queryset.filter(blockers=0)
        return queryset


class FindingCodeFilter(admin.SimpleListFilter):
    title = _("finding")
    parameter_name = "code"

    def lookups(self, request, model_admin):
        return [(code, finding_code_label(code)) for code in ALL_CODES] + [
            ("ai.", _("Any AI finding"))]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value == "ai.":
            return queryset.filter(finding_codes__contains=" ai.")
        return queryset.filter(finding_codes__contains=f" {value} ")


@admin.register(ComplianceReport)
class ComplianceReportAdmin(RegionScopedAdmin):
    # What ops decide on, in 1366 px: the listing, whose it is, how bad, since when. The rest
    # (trigger, history flag, creation time) is a filter or on the report's page.
    list_display = ["listing", "supplier", "region", "blockers", "warnings", "ai_review",
                    time_column("checked_at", _("checked"))]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), SellableFilter,
                   FindingCodeFilter, "is_latest",
                   labelled_values_filter("ai_status", _("AI review"), ai_status_label),
                   labelled_values_filter("trigger", _("checked by"), trigger_label)]
    search_fields = ["listing__title", "listing__supplier__name"]
    list_select_related = ["listing__supplier", "region"]
    date_hierarchy = "checked_at"
    fields = ["listing", "region", "is_latest", "blockers", "warnings", "findings_table",
              "ai_status", "ai_message", "trigger", "created_at", "checked_at", "fingerprint"]
    readonly_fields = fields

    def get_changelist_instance(self, request):
        # The latest reports by default: the history is one click away (is_latest filter).
        if "is_latest__exact" not in request.GET and "q" not in request.GET \
                and not request.GET.get("_changelist_filters"):
            request.GET = request.GET.copy()
            request.GET["is_latest__exact"] = "1"
        return super().get_changelist_instance(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # reports are written by the checks only

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # The history is evidence of what was checked when; only superusers prune it.
        return request.user.is_superuser

    @admin.display(description=_("supplier"), ordering="listing__supplier__name")
    def supplier(self, obj: ComplianceReport) -> str:
        return obj.listing.supplier.name

    @admin.display(description=_("AI review"), ordering="ai_status")
    def ai_review(self, obj: ComplianceReport) -> str:
        return ai_status_label(obj.ai_status) if obj.ai_status else "—"

    @admin.display(description=_("findings"))
    def findings_table(self, obj: ComplianceReport) -> str:
        if not obj.findings:
            return "—"
        everyone = _("all")
        rows = ((f["severity"], finding_code_label(f["code"]), f.get("country") or everyone,
                 f.get("buyers") or everyone, Finding.from_json(f).message)
                for f in obj.findings)
        # format_html_join escapes every value: messages quote supplier- and AI-written text.
        return format_html(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
            _("severity"), _("finding"), _("country"), _("buyers"), _("message"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                                 "<td>{}</td></tr>", rows))
