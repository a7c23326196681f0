"""Ops review of supplier applications, scoped to the ops user's regions.

Applications are the applicants' own words: ops read them, open the documents, and approve or
reject (with a reason) through the services; they never edit them here.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from marketplace.catalog.models import Supplier
from marketplace.portal import services
from marketplace.portal.context import default_portal_language
from marketplace.portal.forms import RejectForm
from marketplace.portal.labels import category_label
from marketplace.portal.models import Application, Document, Status, Warehouse
from regions.compliance.documents import document_response
from regions.core.admin_confirm import CONFIRMED, is_confirmed
from regions.core.admin_filters import ScopedCountryFilter
from regions.core.admin_scoping import RegionScopedAdmin
from regions.core.admin_time import time_column


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        # Documents and warehouses are part of the application: seeing it is seeing them.
        return request.user.has_perm("portal.view_application")


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ["certificate_type", "number", "issuer", "valid_from", "valid_until", "download",
              "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("document"))
    def download(self, document: Document) -> str:
        url = reverse("admin:portal_application_document",
                      args=[document.application_id, document.pk])
        return format_html('<a href="{}">{}</a> ({})', url, document.file_name,
                           filesizeformat(document.file_size))


class WarehouseInline(ReadOnlyInline):
    model = Warehouse
    fields = ["name", "city", "country"]
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(RegionScopedAdmin):
    list_display = ["__str__", "email", "region", "country", "status",
                    time_column("submitted_at", _("submitted")),
                    time_column("decided_at", _("decided"))]
    list_filter = ["status", ("region", admin.RelatedOnlyFieldListFilter),
                   ("country", ScopedCountryFilter), "submitted_at"]
    search_fields = ["legal_name", "user__email", "vat_id", "registration_number"]
    list_select_related = ["user", "region"]
    date_hierarchy = "submitted_at"
    inlines = [DocumentInline, WarehouseInline]
    change_form_template = "admin/portal/application/change_form.html"
    fieldsets = [
        (_("Application"), {"fields": ["status", "region", "email", "email_confirmed_at",
                                    "language", "submitted_at", "decided_at", "decided_by",
                                    "rejection_reason", "supplier"]}),
        (_("Company"), {"fields": ["legal_name", "country", "vat_id", "registration_number",
                                "known_suppliers", "street_address", "postal_code", "city",
                                "country_area"]}),
        (_("Contact"), {"fields": ["contact_name", "phone"]}),
        (_("What they sell"), {"fields": ["category_names", "origin_country"]}),
    ]

    # --- Who reviews ----------------------------------------------------------------------
    # The region's ops (view permission from PortalConfig.ops_permissions; the scoped
    # queryset decides which regions' applications).

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # decisions go through approve/reject, never a field edit

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [field for _name, options in self.fieldsets for field in options["fields"]]

    @admin.display(description=_("email"), ordering="user__email")
    def email(self, application: Application) -> str:
        return application.user.email

    @admin.display(description=_("suppliers with this VAT ID or number"))
    def known_suppliers(self, application: Application) -> str:
        # A company applying twice (or an existing supplier applying again) is for ops to
        # notice before approving a duplicate.
        matches = Supplier.objects.exclude(pk=application.supplier_id)
        query = Q(pk__in=[])
        if application.vat_id:
            query |= Q(vat_id=application.vat_id)
        if application.registration_number:
            query |= Q(registration_number=application.registration_number,
                       country=application.country)
        found = list(matches.filter(query)[:5])
        if not found:
            return gettext("none")
        return format_html_join(", ", "{}", ((supplier.name,) for supplier in found))

    @admin.display(description=_("categories"))
    def category_names(self, application: Application) -> str:
        return ", ".join(category_label(code) for code in application.categories)

    # --- Review pages ---------------------------------------------------------------------

    def get_urls(self):
        own = [
            path("<int:pk>/approve/", self.admin_site.admin_view(self.approve_view),
                 name="portal_application_approve"),
            path("<int:pk>/reject/", self.admin_site.admin_view(self.reject_view),
                 name="portal_application_reject"),
            path("<int:pk>/documents/<int:document_pk>/",
                 self.admin_site.admin_view(self.document_view),
                 name="portal_application_document"),
        ]
        return own + super().get_urls()

    def _reviewable(self, request: HttpRequest, pk: int) -> Application:
        """The application if it is in the user's regions: 404 if it does not exist, 403 if
        it belongs to a region they do not operate."""
        application = get_object_or_404(Application.objects.select_related("user", "region"),
                                         pk=pk)
        if not self.has_view_permission(request, application):
            raise PermissionDenied(
                gettext("This application belongs to a region you do not operate."))
        return application

    def document_view(self, request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
        application = self._reviewable(request, pk)
        document = application.documents.filter(pk=document_pk).first()
        if document is None:
            raise Http404(gettext("No such document in this application."))
        return document_response(document.file, document.file_name)

    @staticmethod
    def _portal_link(request: HttpRequest, application: Application) -> str:
        language = application.language or default_portal_language(application.region)
        return request.build_absolute_uri(reverse(
            "portal:home", kwargs={"region": application.region.code, "lang": language}))

    def approve_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """GET (or a POST without the confirmation) shows what approving does and asks; the
        confirmed POST approves. A GET never changes anything."""
        application = self._reviewable(request, pk)
        change_url = reverse("admin:portal_application_change", args=[pk])
        if not is_confirmed(request):
            return self._decision_page(
                request, application, "approve", step=gettext("Approve"),
                title=gettext("Approve the application of %(applicant)s")
                % {"applicant": application},
                question=format_html(
                    gettext("Approve <strong>{}</strong>? This creates the supplier with these "
                            "company details, the applicant as its member and one certificate "
                            "per document, pending verification; the applicant is emailed in "
                            "{}. It cannot be undone here."),
                    application, language_name(application.language)),
                button=gettext("Yes, approve"), confirmed_name=CONFIRMED,
                documents=application.documents.select_related("certificate_type"))
        try:
            supplier = services.approve(application, by=request.user,
                                        portal_url=self._portal_link(request, application))
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            pending = supplier.certificates.count()
            self.message_user(request, format_html(
                ngettext("Approved: supplier “{}” created with {} certificate pending "
                         "verification; the applicant was emailed.",
                         "Approved: supplier “{}” created with {} certificates pending "
                         "verification; the applicant was emailed.", pending),
                supplier.name, pending), messages.SUCCESS)
        return HttpResponseRedirect(change_url)

    def reject_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = self._reviewable(request, pk)
        change_url = reverse("admin:portal_application_change", args=[pk])
        form = RejectForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.reject(application, by=request.user,
                                reason=form.cleaned_data["reason"],
                                portal_url=self._portal_link(request, application))
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    form.add_error(None, error)
                else:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                    return HttpResponseRedirect(change_url)
            else:
                self.message_user(request, _("Rejected; the applicant was emailed the reason."),
                                  messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        return self._decision_page(
            request, application, "reject", step=gettext("Reject"),
            title=gettext("Reject the application of %(applicant)s") % {"applicant": application},
            question=format_html(
                gettext("The applicant reads this reason on the portal (language: "
                        "<strong>{}</strong>, so write it in that language if you can) and in "
                        "the email we send. They can then correct the application and submit "
                        "it again."),
                language_name(application.language)),
            button=gettext("Reject the application"), form=form)

    def _decision_page(self, request: HttpRequest, application: Application, decision: str,
                       **context) -> TemplateResponse:
        """The one page before approving or rejecting (decide.html): `context` holds the
        step's breadcrumb, title, question and button, and the documents or the form."""
        return TemplateResponse(request, "admin/portal/application/decide.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta,
            "original": application, "decision": decision,
            "language_name": language_name(application.language), **context})

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict | None = None):
        extra_context = {**(extra_context or {}), "can_decide": False}
        application = Application.objects.filter(pk=object_id).first()
        if application is not None:
            extra_context["language_name"] = language_name(application.language)
            extra_context["can_decide"] = application.status == Status.SUBMITTED
        return super().change_view(request, object_id, form_url, extra_context)


def language_name(code: str) -> str:
    """`pl` → "Polish": ops write the rejection reason, ideally in the applicant's language."""
    try:
        return get_language_info(code)["name"]
    except KeyError:
        return code
