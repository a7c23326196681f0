from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from marketplace.catalog.markup import sanitize
from marketplace.catalog.models import (
    Listing,
    ListingAttribute,
    ListingTranslation,
    PriceTier,
    Supplier,
    SupplierBankAccount,
    SupplierTaxRegistration,
    TranslationOrigin,
    TranslationState,
)
from marketplace.catalog.scoping import listings_in, suppliers_in
from marketplace.catalog.services import TranslationRefused, save_listing, write_translation
from marketplace.translation.admin import qa_list, translate_with_ai
from marketplace.uploads import refuse_nameless_files
from regions.core.admin_confirm import confirmation_page
from regions.core.admin_filters import ScopedCountryFilter
from regions.core.admin_scoping import RegionScopeMixin
from regions.core.admin_time import time_column
from regions.core.scoping import regions_for


class SupplierTaxRegistrationInline(admin.TabularInline):
    model = SupplierTaxRegistration
    extra = 0
    fields = ["country", "number", "scheme"]
    readonly_fields = ["scheme"]
    verbose_name_plural = _("tax registrations in other markets (printed on their invoices)")


class SupplierBankAccountInline(admin.StackedInline):
    """The supplier's payout details, checked by SupplierBankAccount.clean (python-stdnum)
    as in the supplier workspace."""

    model = SupplierBankAccount
    extra = 0
    max_num = 1
    fields = ["account_holder", "bank_name", "bank_country", "iban", "bic", "account_number",
              "bank_code", "updated_at"]
    readonly_fields = ["updated_at"]
    verbose_name = _("payout details (bank account)")
    verbose_name_plural = verbose_name


@admin.register(Supplier)
class SupplierAdmin(RegionScopeMixin, admin.ModelAdmin):
    inlines = [SupplierTaxRegistrationInline, SupplierBankAccountInline]
    list_display = ["name", "slug", "country", "listing_count"]
    list_filter = [("country", ScopedCountryFilter)]
    search_fields = ["name", "slug", "members__username"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(listing_count=Count("listings"))

    def scoped(self, queryset, user):
        # Ops see the suppliers that sell or apply in their regions.
        if user.is_superuser:
            return queryset
        return queryset.filter(pk__in=suppliers_in(regions_for(user)).values("pk"))

    @admin.display(description=_("listings"), ordering="listing_count")
    def listing_count(self, obj: Supplier) -> int:
        return obj.listing_count


class PriceTierInline(admin.TabularInline):
    model = PriceTier
    extra = 0
    min_num = 1


class AttributeInline(admin.TabularInline):
    model = ListingAttribute
    extra = 0


class TranslationInline(admin.TabularInline):
    model = ListingTranslation
    fields = ["language", "state", "origin", "title", "updated_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("translations (open one to edit it beside the source)")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ListingAdminForm(forms.ModelForm):
    """The base of the form the admin builds from the fieldsets."""

    def clean(self):
        cleaned = super().clean()
        # A file with an empty name would be dropped, saving the listing without its image.
        refuse_nameless_files(self)
        return cleaned


@admin.register(Listing)
class ListingAdmin(RegionScopeMixin, SimpleHistoryAdmin):
    form = ListingAdminForm
    list_display = ["title", "supplier", "status", "category", "source", "moq", "languages",
                    time_column("updated_at", _("updated"))]
    list_filter = ["status", "category", "source_language", "source_currency",
                   ("supplier", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "hs_code", "supplier__name"]
    list_select_related = ["supplier"]
    inlines = [PriceTierInline, AttributeInline, TranslationInline]
    actions = [translate_with_ai]
    fieldsets = [
        (None, {"fields": ["supplier", "status", "title", "description"]}),
        (_("Source"), {"fields": [("source_language", "source_currency")]}),
        (_("Product"), {"fields": ["category", ("contains_battery", "radio", "for_children"),
                                "voltage", "hs_code", "image", "image_shown"]}),
        (_("Ordering"), {"fields": ["moq", ("lead_time_min_days", "lead_time_max_days")]}),
    ]

    readonly_fields = ["image_shown", "description_shown"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")

    def get_fieldsets(self, request, obj=None):
        # Who may only look (ops) reads the description as buyers do: read-only, the field
        # showed its markup as text ("<p>…</p><ul><li>…").
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [(name, {**options, "fields": [
            "description_shown" if field == "description" else field
            for field in options["fields"]]}) for name, options in fieldsets]

    @admin.display(description=_("description"))
    def description_shown(self, obj: Listing) -> str:
        # Stored sanitized already; cleaned again here because it is shown as HTML.
        return mark_safe(sanitize(obj.description)) or "—"  # noqa: S308 (nh3-cleaned)

    @admin.display(description=_("image as buyers see it"))
    def image_shown(self, obj: Listing) -> str:
        if not obj.pk or not obj.image:
            return "—"
        return format_html('<img src="{}" alt="" style="max-width:240px;max-height:240px">',
                           reverse("catalog:listing_image", args=[obj.pk]))

    def get_actions(self, request):
        # Machine translation costs money and writes the listing's texts: for those who may
        # change listings, not for ops who only look them up.
        actions = super().get_actions(request)
        if not self.has_change_permission(request):
            actions.pop("translate_with_ai", None)
        return actions

    def scoped(self, queryset, user):
        # Ops see the listings checked for sale in their regions.
        if user.is_superuser:
            return queryset
        return queryset.filter(pk__in=listings_in(regions_for(user)).values("pk"))

    @admin.display(description=_("source"), ordering="source_language")
    def source(self, obj: Listing) -> str:
        # One narrow column for two codes ops read together: "zh-hans · CNY".
        return f"{obj.source_language} · {obj.source_currency}"

    @admin.display(description=_("translations"))
    def languages(self, obj: Listing):
        return format_html_join(", ", '<span title="{}">{}{}</span>', (
            (t.get_state_display(), t.language,
             "" if t.state == TranslationState.REVIEWED else f" ({t.state})")
            for t in obj.translations.all())) or "—"

    def save_model(self, request, obj, form, change) -> None:
        outdated = save_listing(obj)
        if outdated:
            self.message_user(request, ngettext(
                "The text changed: %(n)d translation is now outdated and hidden from buyers "
                "until updated.",
                "The text changed: %(n)d translations are now outdated and hidden from buyers "
                "until updated.", outdated) % {"n": outdated}, messages.WARNING)


@admin.register(ListingTranslation)
class ListingTranslationAdmin(SimpleHistoryAdmin):
    # Filtered to state "needs review", this list is the review queue; each row opens the
    # side-by-side edit page.
    list_display = ["listing", "language", "state", "origin", "model", "qa_reasons",
                    "updated_at"]
    list_filter = ["state", "origin", "language",
                   ("listing__supplier", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "listing__title"]
    list_select_related = ["listing"]
    actions = ["approve"]
    readonly_fields = ["listing", "language", "source_title", "source_description", "origin",
                       "model", "qa_notes", "reviewed_by"]
    # Source and translation side by side, one row per field.
    fields = [("listing", "language"), ("source_title", "title"),
              ("source_description", "description"), "state",
              ("origin", "model", "reviewed_by"), "qa_notes"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("QA"))
    def qa_reasons(self, obj: ListingTranslation) -> str:
        return qa_list(obj.qa_notes)

    @admin.action(description=_("Approve (mark reviewed by me)"), permissions=["change"])
    def approve(self, request, queryset):
        page = confirmation_page(
            self, request, queryset, title=_("Approve translations"),
            question=_("Approve these translations as reviewed by you? Buyers then read them "
                       "as they are."),
            button=_("Yes, approve"))
        if page is not None:
            return page
        approved, refused = 0, []
        for translation in queryset.select_related("listing"):
            try:
                # Passing the translation's own hash makes write_translation refuse a text
                # made from a source that has changed since: approving it would publish a
                # description of another product.
                write_translation(
                    translation.listing, translation.language, title=translation.title,
                    description=translation.description, origin=TranslationOrigin.HUMAN,
                    state=TranslationState.REVIEWED, made_from_hash=translation.source_hash,
                    model=translation.model, qa_notes=translation.qa_notes,
                    reviewed_by=request.user)
            except TranslationRefused as exc:
                refused.append(f"“{translation.listing}” [{translation.language}]: {exc}")
            else:
                approved += 1
        if approved:
            self.message_user(request, ngettext("Approved %(n)d translation.",
                                                "Approved %(n)d translations.",
                                                approved) % {"n": approved}, messages.SUCCESS)
        for message in refused:
            self.message_user(request, gettext("Not approved: %(reason)s") % {"reason": message},
                              messages.ERROR)

    @admin.display(description=_("source title"))
    def source_title(self, obj: ListingTranslation) -> str:
        return obj.listing.title

    @admin.display(description=_("source description"))
    def source_description(self, obj: ListingTranslation) -> str:
        return obj.listing.description

    def save_model(self, request, obj, form, change) -> None:
        # A person's edit: written as a human translation of the current source.
        state = obj.state if obj.state != TranslationState.OUTDATED else \
            TranslationState.NEEDS_REVIEW
        try:
            write_translation(
                obj.listing, obj.language, title=obj.title, description=obj.description,
                origin=TranslationOrigin.HUMAN, state=state,
                made_from_hash=obj.listing.source_hash,
                reviewed_by=request.user if state == TranslationState.REVIEWED else None)
        except TranslationRefused as exc:
            self.message_user(request, str(exc), messages.ERROR)
