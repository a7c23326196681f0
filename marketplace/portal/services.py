"""Onboarding as plain functions: sign up, confirm the email, save a step, submit, approve,
reject. Views and the admin call these; none of them re-implements a rule.

Every step save takes values a form has already validated and normalized, locks the row, and
refuses an application that is no longer editable, so a stale browser tab cannot change a
submitted or approved application.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from marketplace.catalog.languages import closest_of, merchant_languages
from marketplace.catalog.models import Supplier
from marketplace.compliance.access import operates_region
from marketplace.compliance.models import Certificate
from marketplace.portal import emails
from marketplace.portal.models import Application, Document, Status, Warehouse
from marketplace.portal.steps import missing_steps
from regions.compliance.models import VerificationStatus
from regions.core.models import Region

CONFIRMATION_SALT = "marketplace.portal.confirm-email"

COMPANY_FIELDS = ("legal_name", "country", "vat_id", "registration_number", "street_address",
                  "postal_code", "city", "country_area")
CONTACT_FIELDS = ("contact_name", "phone")
OFFER_FIELDS = ("categories", "origin_country")


class NotEditable(Exception):
    """The application was submitted or decided; steps can no longer change it."""


class SubmitRefused(Exception):
    def __init__(self, message: str, code: str, steps: list | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.steps = steps or []


# --- Account ---------------------------------------------------------------------------------

def normalize_email(email: str) -> str:
    # One account per mailbox: Anna@Example.com and anna@example.com are the same person.
    return email.strip().lower()


def email_taken(email: str) -> bool:
    user_model = get_user_model()
    email = normalize_email(email)
    return user_model._default_manager.filter(email__iexact=email).exists() or (
        user_model._default_manager.filter(username__iexact=email).exists())


@transaction.atomic
def create_account(*, region: Region, language: str, email: str, password: str) -> Application:
    """A new applicant: a user named by its email, and an empty draft in `region`.

    The password must already have passed Django's validators (the form runs them)."""
    email = normalize_email(email)
    if email_taken(email):
        raise ValidationError({"email": ValidationError(
            _("An account with this email address already exists. Sign in instead."),
            code="duplicate_email")})
    try:
        user = get_user_model()._default_manager.create_user(
            username=email, email=email, password=password)
    except IntegrityError:  # a concurrent sign-up with the same address won the race
        raise ValidationError({"email": ValidationError(
            _("An account with this email address already exists. Sign in instead."),
            code="duplicate_email")}) from None
    return Application.objects.create(user=user, region=region, language=language)


def confirmation_token(application: Application) -> str:
    # Signed (not stored): the token names the user and the address it was sent to, so a
    # link for an old address cannot confirm a new one.
    return signing.dumps({"user": application.user_id, "email": application.user.email},
                         salt=CONFIRMATION_SALT, compress=True)


def confirm_email(token: str, *, max_age: int) -> Application | None:
    """The application whose email the token confirms (now confirmed), or None when the token
    is forged, expired or for another address."""
    try:
        payload = signing.loads(token, salt=CONFIRMATION_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    application = (Application.objects.select_related("user", "region")
                   .filter(user_id=payload.get("user")).first())
    if application is None or application.user.email != payload.get("email"):
        return None
    if application.email_confirmed_at is None:
        application.email_confirmed_at = timezone.now()
        application.save(update_fields=["email_confirmed_at", "updated_at"])
    return application


def send_confirmation(application: Application, confirm_url: str) -> None:
    emails.send_confirmation(application, confirm_url)


def remember_language(application: Application, language: str) -> None:
    """The language the applicant uses now: emails about the application are written in it."""
    if application.language != language:
        Application.objects.filter(pk=application.pk).update(language=language)
        application.language = language


# --- Steps -----------------------------------------------------------------------------------

def _lock_editable(application: Application) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.editable:
        raise NotEditable(locked.status)
    return locked


def _save_fields(application: Application, fields: tuple[str, ...],
                 values: Mapping[str, Any]) -> Application:
    with transaction.atomic():
        locked = _lock_editable(application)
        for name in fields:
            setattr(locked, name, values.get(name, "") if name != "categories"
                    else list(values.get(name, [])))
        locked.save()
    return locked


def save_company(application: Application, values: Mapping[str, Any]) -> Application:
    return _save_fields(application, COMPANY_FIELDS, values)


def save_contact(application: Application, values: Mapping[str, Any]) -> Application:
    return _save_fields(application, CONTACT_FIELDS, values)


def save_offer(application: Application, values: Mapping[str, Any]) -> Application:
    return _save_fields(application, OFFER_FIELDS, values)


def add_document(application: Application, values: Mapping[str, Any], *,
                 content_type: str) -> Document:
    """Keep an uploaded certificate document. `values["file"]` has passed validate_document,
    which returned `content_type`."""
    upload = values["file"]
    with transaction.atomic():
        locked = _lock_editable(application)
        document = Document(
            application=locked,
            certificate_type=values["certificate_type"],
            number=values["number"],
            issuer=values.get("issuer", ""),
            valid_from=values.get("valid_from"),
            valid_until=values.get("valid_until"),
            file_name=(upload.name or "document")[-200:],
            file_content_type=content_type,
            file_size=upload.size,
        )
        # Saving the file stores it under a random name (document_upload_to reads the type).
        document.file.save("upload", upload, save=False)
        document.save()
    return document


def delete_document(application: Application, document_id: int) -> None:
    with transaction.atomic():
        locked = _lock_editable(application)
        document = Document.objects.filter(application=locked, pk=document_id).first()
        if document is None:
            return
        stored = document.file.name
        storage = document.file.storage
        document.delete()
        # The file goes only after the row is gone for good.
        transaction.on_commit(lambda: storage.delete(stored))


def add_warehouse(application: Application, values: Mapping[str, Any]) -> Warehouse:
    with transaction.atomic():
        locked = _lock_editable(application)
        return Warehouse.objects.create(application=locked, name=values["name"],
                                        country=values["country"], city=values["city"])


def delete_warehouse(application: Application, warehouse_id: int) -> None:
    with transaction.atomic():
        locked = _lock_editable(application)
        Warehouse.objects.filter(application=locked, pk=warehouse_id).delete()


# --- Submit and review -----------------------------------------------------------------------

def submit(application: Application) -> Application:
    """Send the application to the region's ops. Refused with a reason the applicant can act
    on: email not confirmed, a required step open, or already submitted."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if not locked.editable:
            raise SubmitRefused(str(_("This application has already been submitted.")),
                                code="not_editable")
        if locked.email_confirmed_at is None:
            raise SubmitRefused(
                str(_("Confirm your email address first: open the link we sent you.")),
                code="email_unconfirmed")
        missing = missing_steps(locked)
        if missing:
            raise SubmitRefused(str(_("Complete these steps first: %(steps)s.") % {
                "steps": ", ".join(str(step.title) for step in missing)}),
                code="incomplete", steps=missing)
        locked.status = Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.decided_at = None
        locked.decided_by = None
        locked.save()
    return locked


def _lock_for_decision(application: Application, by: AbstractBaseUser) -> Application:
    if not operates_region(by, application.region_id):
        raise PermissionDenied("Only this region's ops decide its applications.")
    locked = Application.objects.select_for_update().select_related("user").get(
        pk=application.pk)
    if locked.status != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted application can be approved or rejected."),
                              code="not_submitted")
    return locked


def approve(application: Application, *, by: AbstractBaseUser, portal_url: str = "") -> Supplier:
    """Make the applicant a supplier: the Supplier with its company details, the applicant as
    its member, and a Certificate (pending verification) per uploaded document."""
    with transaction.atomic():
        locked = _lock_for_decision(application, by)
        supplier = Supplier.objects.create(
            name=locked.legal_name,
            slug=_unique_slug(locked.legal_name),
            country=locked.country,
            vat_id=locked.vat_id,
            registration_number=locked.registration_number,
            street_address=locked.street_address,
            postal_code=locked.postal_code,
            city=locked.city,
            country_area=locked.country_area,
            contact_name=locked.contact_name,
            phone=locked.phone,
            email=locked.user.email,
            # The language they applied in is the one they read until they choose another.
            language=closest_of(locked.language, merchant_languages()) or "",
        )
        supplier.members.add(locked.user)
        for document in locked.documents.select_related("certificate_type"):
            Certificate.objects.create(
                supplier=supplier,
                certificate_type=document.certificate_type,
                number=document.number,
                issuer=document.issuer,
                valid_from=document.valid_from,
                valid_until=document.valid_until,
                status=VerificationStatus.PENDING,
                # The same stored file: the certificate is the reviewed document, not a copy.
                file=document.file.name,
                file_name=document.file_name,
                file_content_type=document.file_content_type,
            )
        locked.status = Status.APPROVED
        locked.supplier = supplier
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.rejection_reason = ""
        locked.save()
        transaction.on_commit(lambda: emails.send_decision(locked, portal_url))
    return supplier


def reject(application: Application, *, by: AbstractBaseUser, reason: str,
           portal_url: str = "") -> Application:
    """Turn the application back with a reason the applicant reads on the portal; they may
    correct it and submit again."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(
            _("Give the reason: the applicant reads it to correct the application."),
            code="reason_required")})
    with transaction.atomic():
        locked = _lock_for_decision(application, by)
        locked.status = Status.REJECTED
        locked.rejection_reason = reason
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.save()
        transaction.on_commit(lambda: emails.send_decision(locked, portal_url))
    return locked


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "supplier"
    slug, number = base, 2
    while Supplier.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug
