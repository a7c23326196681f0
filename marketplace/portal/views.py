"""The portal's pages. Thin: the URL resolves to a region and language (`context`), forms
validate, services save. Every page is rendered in the URL's language."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from marketplace.portal import services
from marketplace.portal.context import LanguageNotOffered, Portal, default_portal_language
from marketplace.portal.context import resolve as resolve_portal
from marketplace.portal.forms import (
    CompanyForm,
    ContactForm,
    DocumentForm,
    LoginForm,
    OfferForm,
    SignUpForm,
    WarehouseForm,
    company_field_hints,
)
from marketplace.portal.labels import category_label
from marketplace.portal.models import Application, Document
from marketplace.portal.steps import STEPS, missing_steps
from marketplace.refusals import render_form
from regions.compliance.documents import document_response
from regions.core.models import Region
from regions.core.phones import format_phone_national


def portal_url(portal_or_region, language: str, name: str = "home", **kwargs) -> str:
    region = getattr(portal_or_region, "region", portal_or_region)
    return reverse(f"portal:{name}", kwargs={"region": region.code, "lang": language, **kwargs})


def portal_page(*, applicant: bool) -> Callable:
    """Resolve `/portal/{region}/{lang}/`, render in that language, and (for `applicant`
    pages) require a signed-in applicant of this region, passed to the view."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, region: str, lang: str, **kwargs) -> HttpResponse:
            try:
                portal = resolve_portal(region, lang)
            except LanguageNotOffered as exc:
                name = request.resolver_match.url_name
                return redirect(portal_url(exc.region, exc.default, name, **kwargs))
            translation.activate(portal.language)
            request.LANGUAGE_CODE = portal.language
            request.portal = portal
            if not applicant:
                return view(request, portal, **kwargs)
            if not request.user.is_authenticated:
                login_url = portal_url(portal, portal.language, "login")
                return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
            application = (Application.objects.select_related("region", "user")
                           .filter(user=request.user).first())
            if application is None and request.user.suppliers.exists():
                # A supplier's member who never applied here (the demo merchants): what they
                # can do is in the supplier workspace.
                return redirect(reverse("workspace:home", kwargs={"lang": portal.language}))
            if application is None:
                # A signed-in account that never applied (ops): not an applicant.
                # Say so rather than sign them out of the admin they may be using.
                return render(request, "portal/not_applicant.html", _context(portal),
                              status=403)
            if application.region_id != portal.region.pk:
                # An applicant applies in one region; send them to their own portal.
                region_ = application.region
                return redirect(portal_url(region_, default_portal_language(region_)))
            services.remember_language(application, portal.language)
            return view(request, portal, application, **kwargs)

        return wrapper

    return decorator


def region_index(request: HttpRequest, region: str) -> HttpResponse:
    """`/portal/eu/`: the region's portal in its default language."""
    found = Region.objects.filter(code=region, active=True).first()
    if found is None:
        raise Http404("No such region.")
    return redirect(portal_url(found, default_portal_language(found)))


def _context(portal: Portal, application: Application | None = None, **extra) -> dict:
    steps = [(step, step.done(application)) for step in STEPS] if application else []
    return {"portal": portal, "application": application, "steps": steps, **extra}


def _limited(request: HttpRequest, group: str, rate: str, *keys: str) -> bool:
    # Counted per key (the client's IP, and the address tried for sign-in) in CACHES.
    return any(is_ratelimited(request, group=group, key=key, rate=rate, method="POST",
                              increment=True) for key in keys)


TOO_MANY = gettext_lazy("Too many attempts. Please wait a few minutes and try again.")


def _too_many(request: HttpRequest, portal: Portal, template: str, form: object,
              **extra) -> HttpResponse:
    """The page again with a fresh form and the throttling message; nothing was checked."""
    return render(request, template, _context(portal, form=form, error=TOO_MANY, **extra),
                  status=429)


# --- Account ---------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@portal_page(applicant=False)
def signup(request: HttpRequest, portal: Portal) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(portal_url(portal, portal.language))
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if _limited(request, "portal.signup", settings.PORTAL_SIGNUP_RATE, "ip"):
            return _too_many(request, portal, "portal/signup.html",
                             SignUpForm(initial={"email": request.POST.get("email", "")}))
        if form.is_valid():
            try:
                application = services.create_account(
                    region=portal.region, language=portal.language,
                    email=form.cleaned_data["email"], password=form.cleaned_data["password1"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                login(request, application.user,
                      backend="django.contrib.auth.backends.ModelBackend")
                _send_confirmation(request, portal, application)
                messages.success(request, _(
                    "Your account is ready. We sent you an email with a link to confirm your "
                    "address."))
                return redirect(portal_url(portal, portal.language, "company"))
    return render_form(request, "portal/signup.html", _context(portal, form=form),
                       refused=request.method == "POST")


@require_http_methods(["GET", "POST"])
@portal_page(applicant=False)
def login_view(request: HttpRequest, portal: Portal) -> HttpResponse:
    form = LoginForm(request.POST or None, request=request)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST":
        if _limited(request, "portal.login", settings.PORTAL_LOGIN_RATE, "ip", "post:email"):
            # The password is not even checked: a throttled guess must learn nothing.
            return _too_many(request, portal, "portal/login.html", LoginForm(
                initial={"email": request.POST.get("email", "")}, request=request),
                next=next_url)
        if form.is_valid():
            login(request, form.user)
            if next_url and url_has_allowed_host_and_scheme(
                    next_url, allowed_hosts={request.get_host()},
                    require_https=request.is_secure()):
                return HttpResponseRedirect(next_url)
            return redirect(portal_url(portal, portal.language))
    return render_form(request, "portal/login.html", _context(portal, form=form, next=next_url),
                       refused=request.method == "POST")


@require_POST
@portal_page(applicant=False)
def logout_view(request: HttpRequest, portal: Portal) -> HttpResponse:
    logout(request)
    return redirect(portal_url(portal, portal.language))


@require_GET
@portal_page(applicant=False)
def confirm_email(request: HttpRequest, portal: Portal, token: str) -> HttpResponse:
    application = services.confirm_email(
        token, max_age=settings.PORTAL_CONFIRMATION_MAX_AGE_SECONDS)
    if application is None:
        return render(request, "portal/confirm_failed.html", _context(portal), status=400)
    messages.success(request, _("Thank you: your email address is confirmed."))
    return redirect(portal_url(portal, portal.language))


@require_POST
@portal_page(applicant=True)
def resend_confirmation(request: HttpRequest, portal: Portal,
                        application: Application) -> HttpResponse:
    if _limited(request, "portal.resend", settings.PORTAL_SIGNUP_RATE, "user"):
        # Each resend is an email to someone's mailbox: the sign-up rate applies.
        messages.error(request, TOO_MANY)
    elif not application.email_confirmed:
        _send_confirmation(request, portal, application)
        messages.success(request, _("We sent the confirmation link again."))
    return redirect(portal_url(portal, portal.language))


def _send_confirmation(request: HttpRequest, portal: Portal, application: Application) -> None:
    path = portal_url(portal, portal.language, "confirm",
                      token=services.confirmation_token(application))
    services.send_confirmation(application, request.build_absolute_uri(path))


# --- Overview and steps ----------------------------------------------------------------------

@require_GET
@portal_page(applicant=False)
def home(request: HttpRequest, portal: Portal) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "portal/landing.html", _context(portal))
    return dashboard(request, region=portal.region.code, lang=portal.language)


@portal_page(applicant=True)
def dashboard(request: HttpRequest, portal: Portal, application: Application) -> HttpResponse:
    return render(request, "portal/dashboard.html", _context(portal, application))


def _step_view(request: HttpRequest, portal: Portal, application: Application, *, slug: str,
               form: object, save: Callable, template: str, stay: bool = False,
               **extra) -> HttpResponse:
    """GET shows the step; a valid POST saves it and moves on (or, for the steps that collect
    a list, `stay`s to add another); an invalid one shows the errors, saves nothing and
    answers 400."""
    if request.method == "POST":
        if not application.editable:
            messages.error(request, _("This application has been submitted and can no longer "
                                      "be changed."))
            return redirect(portal_url(portal, portal.language))
        if form.is_valid():
            save(application, form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect(portal_url(portal, portal.language,
                                       slug if stay else _next_step(slug)))
    return render_form(request, template, _context(portal, application, form=form,
                                                   current=slug, **extra),
                       refused=request.method == "POST")


def _next_step(slug: str) -> str:
    slugs = [step.slug for step in STEPS] + ["review"]
    return slugs[slugs.index(slug) + 1]


def _initial(application: Application, fields: tuple[str, ...]) -> dict:
    return {name: getattr(application, name) for name in fields}


@require_http_methods(["GET", "POST"])
@portal_page(applicant=True)
def company(request: HttpRequest, portal: Portal, application: Application) -> HttpResponse:
    initial = _initial(application, services.COMPANY_FIELDS)
    initial["country"] = str(application.country or "")
    form = CompanyForm(request.POST or None, region=portal.region, initial=initial)
    return _step_view(request, portal, application, slug="company", form=form,
                      save=services.save_company, template="portal/company.html",
                      hints=company_field_hints(portal.region))


@require_http_methods(["GET", "POST"])
@portal_page(applicant=True)
def contact(request: HttpRequest, portal: Portal, application: Application) -> HttpResponse:
    if not application.country:
        messages.info(request, _("Tell us where your company is first: the phone number is "
                                 "checked for that country."))
        return redirect(portal_url(portal, portal.language, "company"))
    initial = _initial(application, services.CONTACT_FIELDS)
    if application.phone:
        initial["phone"] = format_phone_national(application.phone)
    form = ContactForm(request.POST or None, country=str(application.country), initial=initial)
    return _step_view(request, portal, application, slug="contact", form=form,
                      save=services.save_contact, template="portal/contact.html")


@require_http_methods(["GET", "POST"])
@portal_page(applicant=True)
def offer(request: HttpRequest, portal: Portal, application: Application) -> HttpResponse:
    initial = _initial(application, services.OFFER_FIELDS)
    initial["origin_country"] = str(application.origin_country or "")
    form = OfferForm(request.POST or None, initial=initial)
    return _step_view(request, portal, application, slug="offer", form=form,
                      save=services.save_offer, template="portal/offer.html")


@require_http_methods(["GET", "POST"])
@portal_page(applicant=True)
def documents(request: HttpRequest, portal: Portal, application: Application) -> HttpResponse:
    form = DocumentForm(request.POST or None, request.FILES or None, application=application)

    def save(application: Application, values: dict) -> None:
        services.add_document(application, values, content_type=form.content_type)

    return _step_view(request, portal, application, slug="documents", form=form, save=save,
                      template="portal/documents.html", stay=True,
                      documents=application.documents.select_related("certificate_type"),
                      max_upload=settings.CERTIFICATE_MAX_UPLOAD_BYTES)


@require_GET
@portal_page(applicant=True)
def document_download(request: HttpRequest, portal: Portal, application: Application,
                      pk: int) -> HttpResponse:
    # Only the applicant's own documents: anyone else's is "not found", not "forbidden", so
    # document ids reveal nothing.
    document = Document.objects.filter(pk=pk, application=application).first()
    if document is None:
        raise Http404("No such document.")
    return document_response(document.file, document.file_name)


@require_POST
@portal_page(applicant=True)
def document_delete(request: HttpRequest, portal: Portal, application: Application,
                    pk: int) -> HttpResponse:
    return _delete(request, portal, application, services.delete_document, pk, "documents")


@require_http_methods(["GET", "POST"])
@portal_page(applicant=True)
def warehouses(request: HttpRequest, portal: Portal, application: Application) -> HttpResponse:
    form = WarehouseForm(request.POST or None, application=application)
    return _step_view(request, portal, application, slug="warehouses", form=form,
                      save=services.add_warehouse, template="portal/warehouses.html", stay=True,
                      warehouses=application.warehouses.all())


@require_POST
@portal_page(applicant=True)
def warehouse_delete(request: HttpRequest, portal: Portal, application: Application,
                     pk: int) -> HttpResponse:
    return _delete(request, portal, application, services.delete_warehouse, pk, "warehouses")


def _delete(request: HttpRequest, portal: Portal, application: Application, remove: Callable,
            pk: int, step: str) -> HttpResponse:
    try:
        remove(application, pk)
    except services.NotEditable:
        messages.error(request, _("This application has been submitted and can no longer be "
                                  "changed."))
        return redirect(portal_url(portal, portal.language))
    messages.success(request, _("Removed."))
    return redirect(portal_url(portal, portal.language, step))


@require_http_methods(["GET", "POST"])
@portal_page(applicant=True)
def review(request: HttpRequest, portal: Portal, application: Application) -> HttpResponse:
    refused = False
    if request.method == "POST":
        try:
            services.submit(application)
        except services.SubmitRefused as refusal:
            messages.error(request, refusal.message)
            refused = True
        else:
            messages.success(request, _("Thank you: your application was submitted. We will "
                                        "email you when our team has reviewed it."))
            return redirect(portal_url(portal, portal.language))
        application.refresh_from_db()
    return render_form(request, "portal/review.html", _context(
        portal, application, current="review",
        missing=missing_steps(application),
        categories=[category_label(code) for code in application.categories],
        phone=format_phone_national(application.phone) if application.phone else "",
        documents=application.documents.select_related("certificate_type"),
        warehouses=application.warehouses.all()), refused=refused)
