"""The workspace's pages. Thin: the URL names the language (`context`), every query is scoped
to the user's own suppliers (`context.own_*`), forms validate, services save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from marketplace.ai.client import ModelClient
from marketplace.catalog.markup import sanitize
from marketplace.catalog.models import (
    Listing,
    ListingTranslation,
    Supplier,
    SupplierBankAccount,
)
from marketplace.catalog.services import TranslationRefused
from marketplace.compliance.models import ResponsiblePerson
from marketplace.localization import page as page_data
from marketplace.localization.engine import localize_in_markets
from marketplace.portal.labels import category_label
from marketplace.preview.columns import market_status
from marketplace.preview.labels import (
    BUYER_TYPES,
    LISTING_STATUSES,
    STATUSES,
    label,
    language_name,
)
from marketplace.preview.markets import (
    MarketSelectionError,
    market_key,
    requested_markets,
    resolve,
)
from marketplace.rates.errors import RatesError
from marketplace.refusals import REFUSED, SHOWN, render_form
from marketplace.workspace import machine, services
from marketplace.workspace.company import CompanyForm, TaxRegistrationFormSet, save_company
from marketplace.workspace.context import (
    DEFAULT_LANGUAGE,
    closest_language,
    own_certificates,
    own_listings,
    suppliers_of,
)
from marketplace.workspace.forms import (
    AttributeFormSet,
    BankAccountForm,
    CertificateForm,
    ListingForm,
    PriceTierFormSet,
    ResponsiblePersonForm,
)
from marketplace.workspace.translations import TranslationForm, translatable_languages
from regions.core.market import MarketContext
from regions.core.models import Region

LISTINGS_PER_PAGE = 25
# Each upload is stored and re-checked: a cap per member, as the portal caps its sign-ups.
UPLOAD_RATE = "30/h"
TOO_MANY = gettext_lazy("Too many attempts. Please wait a few minutes and try again.")


@dataclass(frozen=True)
class Workspace:
    language: str
    suppliers: list[Supplier]


def workspace_url(language: str, name: str = "home", **kwargs) -> str:
    return reverse(f"workspace:{name}", kwargs={"lang": language, **kwargs})


def workspace_page(view: Callable) -> Callable:
    """Resolve `/portal/workspace/{lang}/`, render in that language, and require a signed-in
    member of a supplier, passed to the view."""

    @wraps(view)
    def wrapper(request: HttpRequest, lang: str, **kwargs) -> HttpResponse:
        language = closest_language(lang) or DEFAULT_LANGUAGE
        if language != lang:
            name = request.resolver_match.url_name
            return redirect(workspace_url(language, name, **kwargs))
        translation.activate(language)
        request.LANGUAGE_CODE = language
        if not request.user.is_authenticated:
            return redirect(f"{settings.LOGIN_URL}?{urlencode({'next': request.get_full_path()})}")
        suppliers = list(suppliers_of(request.user))
        workspace = Workspace(language=language, suppliers=suppliers)
        request.workspace = workspace
        if not suppliers:
            # Staff, applicants not yet approved: say why rather than show an empty page.
            return render(request, "workspace/not_member.html", {"workspace": workspace},
                          status=403)
        return view(request, workspace, **kwargs)

    return wrapper


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """`/portal/workspace/`: in the language the member's supplier reads (its stored
    preference), else the one the visitor last chose (or their browser's)."""
    supplier = suppliers_of(request.user).first()
    stored = closest_language(supplier.language) if supplier is not None else None
    return redirect(workspace_url(stored or closest_language(translation.get_language())
                                  or DEFAULT_LANGUAGE))


# --- Home ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Verdict:
    key: str
    status: str
    status_label: str
    preview_url: str


@dataclass(frozen=True)
class MarketHeading:
    key: str
    country_name: str
    buyer_label: str
    error: str


@require_GET
@workspace_page
def home(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    listings = page_data.fetch(own_listings(request.user)).order_by(
        "supplier__name", "-updated_at", "-pk")
    page = Paginator(listings, LISTINGS_PER_PAGE).get_page(request.GET.get("page"))
    page_listings = list(page)
    markets = _preview_markets()
    headings, verdicts = _verdicts(page_listings, markets)
    rows = [{
        "listing": listing,
        "category": category_label(listing.category),
        "status": label(LISTING_STATUSES, listing.status),
        "verdicts": [verdicts.get((listing.pk, heading.key)) for heading in headings],
        "preview_url": reverse("preview:listing", args=[listing.pk]),
    } for listing in page_listings]
    return render(request, "workspace/home.html", {
        "workspace": workspace, "section": "home", "page": page, "rows": rows,
        "markets": headings,
        "pending_certificates": own_certificates(request.user).filter(
            status="pending").count(),
        "rejected_certificates": own_certificates(request.user).filter(
            status="rejected").count(),
    })


def _preview_markets() -> list[MarketContext]:
    """The markets the preview shows by default: the same comparison, one click away."""
    try:
        return resolve(requested_markets(QueryDict()))
    except MarketSelectionError:
        return []


def _verdicts(listings: list[Listing], markets: list[MarketContext]
              ) -> tuple[list[MarketHeading], dict[tuple[int, str], Verdict]]:
    """Each listing's verdict in each market, from the engine the preview uses: one
    page read once for every market."""
    headings, verdicts = [], {}
    for market, localized in localize_in_markets(listings, markets, today=timezone.localdate()):
        key = market_key(str(market.country.code), market.buyer_type)
        error = ""
        if isinstance(localized, RatesError):
            # A missing exchange rate breaks one market's prices, not the whole table.
            localized, error = [], str(localized)
        headings.append(MarketHeading(key, str(market.country.code.name),
                                      label(BUYER_TYPES, market.buyer_type), error))
        for listing, item in zip(listings, localized, strict=False):
            status = market_status(item)
            query = urlencode({"market": key})
            verdicts[(listing.pk, key)] = Verdict(
                key, status, label(STATUSES, status),
                f"{reverse('preview:listing', args=[listing.pk])}?{query}")
    return headings, verdicts


# --- Listings --------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@workspace_page
def listing_form(request: HttpRequest, workspace: Workspace, pk: int | None = None
                 ) -> HttpResponse:
    # Another supplier's listing is not found: nothing tells whether it exists.
    listing = Listing() if pk is None else get_object_or_404(own_listings(request.user), pk=pk)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ListingForm(data, files, instance=listing, suppliers=workspace.suppliers)
    attributes = AttributeFormSet(data, instance=listing, prefix="attributes")
    tiers = PriceTierFormSet(data, instance=listing, prefix="tiers")
    if request.method == "POST" and form.is_valid() and attributes.is_valid() and tiers.is_valid():
        saved, outdated = services.save_listing_form(form, attributes, tiers)
        messages.success(request, _("Saved."))
        if outdated:
            messages.warning(request, _(
                "The text changed: the translations into %(count)s languages are now "
                "outdated and hidden from buyers until they are updated.") % {
                    "count": outdated})
        return redirect(workspace_url(workspace.language, "listing_edit", pk=saved.pk))
    return render_form(request, "workspace/listing_form.html", {
        "workspace": workspace, "section": "" if listing.pk else "new",
        "listing": listing if listing.pk else None, "form": form,
        "attributes": attributes, "tiers": tiers,
        "translations": translatable_languages(listing) if listing.pk else [],
        "preview_url": reverse("preview:listing", args=[listing.pk]) if listing.pk else "",
        "image_url": (reverse("catalog:listing_image", args=[listing.pk])
                      if listing.pk and listing.image else ""),
    }, refused=request.method == "POST")


# --- Certificates ----------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@workspace_page
def certificates(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    initial = {}
    wanted = request.GET.get("certificate_type", "")
    if wanted.isdigit() and len(wanted) < 10:
        initial["certificate_type"] = int(wanted)
    form = CertificateForm(request.POST or None, request.FILES or None, initial=initial,
                           suppliers=workspace.suppliers, listings=own_listings(request.user))
    status = SHOWN
    if request.method == "POST":
        if is_ratelimited(request, group="workspace.upload", key="user", rate=UPLOAD_RATE,
                          method="POST", increment=True):
            form = CertificateForm(suppliers=workspace.suppliers,
                                   listings=own_listings(request.user))
            messages.error(request, TOO_MANY)
            status = 429
        elif form.is_valid():
            services.add_certificate(form.cleaned_data, content_type=form.content_type)
            messages.success(request, _(
                "Thank you: the certificate is on record. Our compliance team will verify "
                "it; until then it counts as pending."))
            return redirect(workspace_url(workspace.language, "certificates"))
        else:
            status = REFUSED
    records = (own_certificates(request.user)
               .select_related("certificate_type__region", "supplier")
               .order_by("status", "-created_at", "-pk"))
    return render(request, "workspace/certificates.html", {
        "workspace": workspace, "section": "certificates", "form": form,
        "certificates": records,
        "max_upload": settings.CERTIFICATE_MAX_UPLOAD_BYTES,
    }, status=status)


# --- Responsible persons -------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@workspace_page
def responsible_persons(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    """The supplier's responsible person per region; the form names one for a region, or
    changes the one on record there (one per supplier and region)."""
    people = (ResponsiblePerson.objects.filter(supplier__in=workspace.suppliers)
              .select_related("region", "supplier").order_by("region__name"))
    source = request.POST if request.method == "POST" else request.GET
    form = ResponsiblePersonForm(request.POST or None, instance=_person_for(source, workspace),
                                 suppliers=workspace.suppliers,
                                 initial=_region_initial(source))
    if request.method == "POST" and form.is_valid():
        services.save_responsible_person(form)
        messages.success(request, _("Saved."))
        return redirect(workspace_url(workspace.language, "responsible_persons"))
    return render_form(request, "workspace/responsible_persons.html", {
        "workspace": workspace, "section": "people", "people": people, "form": form},
        refused=request.method == "POST")


def _person_for(source: QueryDict, workspace: Workspace) -> ResponsiblePerson:
    """The person on record for the region (and supplier) asked for, else a new one. Only
    the member's own suppliers are searched."""
    region = _region_param(source)
    supplier_id = source.get("supplier", "")
    suppliers = [s for s in workspace.suppliers
                 if len(workspace.suppliers) == 1 or str(s.pk) == supplier_id]
    if region is None or len(suppliers) != 1:
        return ResponsiblePerson()
    return (ResponsiblePerson.objects.filter(supplier=suppliers[0], region=region).first()
            or ResponsiblePerson())


def _region_param(source: QueryDict) -> Region | None:
    code = source.get("region", "")
    if code.isdigit() and len(code) < 10:
        return Region.objects.filter(pk=int(code), active=True).first()
    if code.isalpha() and len(code) <= 8:
        return Region.objects.filter(code=code.lower(), active=True).first()
    return None


def _region_initial(source: QueryDict) -> dict:
    region = _region_param(source)
    return {"region": region.pk} if region is not None else {}


# --- Translations ----------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@workspace_page
def translation_form(request: HttpRequest, workspace: Workspace, pk: int, language: str
                     ) -> HttpResponse:
    listing = get_object_or_404(own_listings(request.user), pk=pk)
    offered = {tag.lower(): tag for tag, _name, _state in translatable_languages(listing)}
    if language.lower() not in offered:
        raise Http404("No market offers this language.")
    language = offered[language.lower()]
    existing = ListingTranslation.objects.filter(listing=listing, language=language).first()
    initial = {"source_hash": listing.source_hash}
    if existing is not None:
        initial.update(title=existing.title, description=existing.description)
    form = TranslationForm(request.POST or None, initial=initial)
    status = SHOWN
    if request.method == "POST":
        approving = "approve" in request.POST and existing is not None
        try:
            if approving:
                services.approve_translation(existing, user=request.user)
            elif form.is_valid():
                services.save_translation(
                    listing, language, title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    made_from_hash=form.cleaned_data["source_hash"], user=request.user)
            else:
                status = REFUSED
        except TranslationRefused:
            messages.error(request, _(
                "The listing's text changed since this translation was made. Nothing was "
                "saved: translate the current text below."))
            status = 409
        if status == SHOWN:
            messages.success(request, _("Saved."))
            return redirect(workspace_url(workspace.language, "listing_edit", pk=listing.pk))
    return render(request, "workspace/translation_form.html", {
        "workspace": workspace, "listing": listing, "language": language,
        # Limited markup, sanitized again here: the template shows it as markup.
        "source_description": sanitize(listing.description),
        "language_name": language_name(language), "form": form, "existing": existing,
        "stale": existing is not None and existing.source_hash != listing.source_hash,
    }, status=status)


# --- Payout details --------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@workspace_page
def payout_details(request: HttpRequest, workspace: Workspace, supplier: int | None = None
                   ) -> HttpResponse:
    """The bank account a supplier is paid to, printed on pro-forma invoices paid by transfer.
    Only the member's own suppliers: another supplier's id is a 404 and nothing changes."""
    if supplier is None:
        return redirect(workspace_url(workspace.language, "payout",
                                      supplier=workspace.suppliers[0].pk))
    owner = next((own for own in workspace.suppliers if own.pk == supplier), None)
    if owner is None:
        raise Http404("Not one of your suppliers.")
    account = (SupplierBankAccount.objects.filter(supplier=owner).first()
               or SupplierBankAccount(supplier=owner, account_holder=owner.name,
                                      bank_country=owner.country))
    form = BankAccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        services.save_bank_account(form)
        messages.success(request, _("Saved."))
        return redirect(workspace_url(workspace.language, "payout", supplier=owner.pk))
    return render_form(request, "workspace/payout.html", {
        "workspace": workspace, "section": "payout", "supplier": owner, "form": form,
        "account": account if account.pk else None}, refused=request.method == "POST")


# --- AI translation --------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@workspace_page
def machine_translation(request: HttpRequest, workspace: Workspace, pk: int) -> HttpResponse:
    """GET with chosen languages shows the estimate and, beside it, the button that queues the
    job: nothing is sent until the merchant has seen the cost. Without an API key the page
    says machine translation is off and offers no button; a POST is refused."""
    listing = get_object_or_404(own_listings(request.user), pk=pk)
    missing = machine.missing_languages(listing)
    client = ModelClient()
    posted = request.method == "POST"
    chosen = request.POST if posted else (request.GET if "languages" in request.GET else None)
    form = machine.MachineTranslationForm(
        chosen, missing=missing,
        initial={"languages": [language.tag for language in missing]})
    guess = None
    status = SHOWN
    if not client.is_configured():
        status = 409 if posted else SHOWN
    elif chosen is not None:
        if form.is_valid():
            languages = form.cleaned_data["languages"]
            if posted:
                job = machine.request_translation(listing, languages, user=request.user)
                messages.success(request, ngettext(
                    "AI translation requested: %(count)s text is on its way. It appears "
                    "under Translations for you to review.",
                    "AI translation requested: %(count)s texts are on their way. They appear "
                    "under Translations for you to review.", job.items_total) % {
                        "count": job.items_total})
                return redirect(workspace_url(workspace.language, "listing_edit", pk=listing.pk))
            guess = machine.estimate_for(listing, languages, client)
        else:
            status = REFUSED
    return render(request, "workspace/machine_translation.html", {
        "workspace": workspace, "listing": listing, "form": form, "missing": missing,
        "configured": client.is_configured(), "estimate": guess, "model": client.model,
    }, status=status)


# --- Company details -------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@workspace_page
def company(request: HttpRequest, workspace: Workspace, supplier: int | None = None
            ) -> HttpResponse:
    """The address and registration numbers invoices print, checked by Supplier.clean and
    SupplierTaxRegistration.clean as in the admin. Another supplier's id is a 404."""
    if supplier is None:
        return redirect(workspace_url(workspace.language, "company",
                                      supplier=workspace.suppliers[0].pk))
    owner = next((own for own in workspace.suppliers if own.pk == supplier), None)
    if owner is None:
        raise Http404("Not one of your suppliers.")
    data = request.POST if request.method == "POST" else None
    form = CompanyForm(data, instance=owner)
    registrations = TaxRegistrationFormSet(data, instance=owner, prefix="registrations")
    if request.method == "POST" and form.is_valid() and registrations.is_valid():
        save_company(form, registrations)
        messages.success(request, _("Saved."))
        return redirect(workspace_url(workspace.language, "company", supplier=owner.pk))
    return render_form(request, "workspace/company.html", {
        "workspace": workspace, "section": "company", "supplier": owner, "form": form,
        "registrations": registrations}, refused=request.method == "POST")
