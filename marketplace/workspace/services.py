"""What the workspace changes, through the services every other door uses: listings through
`catalog.services.save_listing` (sanitized markup, translations outdated when the text
changes), certificates as the portal stores documents and re-checked as the admin does
(`compliance.verification.recheck_for`), translations through `write_translation`."""

from __future__ import annotations

from django.db import transaction
from django.forms import BaseInlineFormSet, ModelForm

from marketplace.catalog.models import (
    Listing,
    ListingTranslation,
    SupplierBankAccount,
    TranslationOrigin,
    TranslationState,
)
from marketplace.catalog.services import save_listing, write_translation
from marketplace.compliance.models import Certificate, ResponsiblePerson
from marketplace.compliance.services import record_reports
from marketplace.compliance.verification import recheck_for
from regions.compliance.models import VerificationStatus


@transaction.atomic
def save_listing_form(form: ModelForm, *formsets: BaseInlineFormSet) -> tuple[Listing, int]:
    """Save a valid listing form and its attribute and price-tier formsets as one change, as
    the admin does (save_listing, then the inlines). Returns the listing and how many of its
    translations became outdated."""
    listing = form.save(commit=False)
    outdated = save_listing(listing)
    for formset in formsets:
        formset.instance = listing
        formset.save()
    return listing, outdated


def add_certificate(values: dict, *, content_type: str) -> Certificate:
    """Keep an uploaded certificate, pending verification by the region's ops, and re-check
    the supplier's listings in its region at once. `values` passed CertificateForm, whose
    file passed validate_document (which returned `content_type`)."""
    upload = values["file"]
    with transaction.atomic():
        certificate = Certificate(
            supplier=values["supplier"], certificate_type=values["certificate_type"],
            number=values["number"].strip(), issuer=values.get("issuer", ""),
            valid_from=values.get("valid_from"), valid_until=values.get("valid_until"),
            categories=[], status=VerificationStatus.PENDING,
            file_name=(upload.name or "document")[-200:], file_content_type=content_type)
        # Stored under a random name in private storage (document_upload_to).
        certificate.file.save("upload", upload, save=False)
        certificate.save()
        certificate.listings.set(values.get("listings") or [])
    recheck_for([certificate.pk], trigger="workspace")
    return certificate


def save_responsible_person(form: ModelForm) -> ResponsiblePerson:
    """Save a valid ResponsiblePersonForm and re-check the supplier's listings in the region
    at once: naming the person lifts the "no responsible person" blocker there."""
    with transaction.atomic():
        person = form.save()
    listings = list(Listing.objects.filter(supplier=person.supplier_id))
    record_reports(listings, person.region, trigger="workspace")
    return person


def save_translation(listing: Listing, language: str, *, title: str, description: str,
                     made_from_hash: str, user) -> ListingTranslation:
    """The merchant's own text for `language`, written as reviewed by them: they vouch for
    their product's description. Refused (TranslationRefused) when the source changed since
    the form was opened."""
    return write_translation(
        listing, language, title=title, description=description,
        origin=TranslationOrigin.HUMAN, state=TranslationState.REVIEWED,
        made_from_hash=made_from_hash, reviewed_by=user)


def approve_translation(translation: ListingTranslation, *, user) -> ListingTranslation:
    """Approve the machine text as it is. The translation's own source hash is passed, so a
    text made from a source that has changed since is refused with the reason."""
    return write_translation(
        translation.listing, translation.language, title=translation.title,
        description=translation.description, origin=TranslationOrigin.HUMAN,
        state=TranslationState.REVIEWED, made_from_hash=translation.source_hash,
        model=translation.model, qa_notes=translation.qa_notes, reviewed_by=user)


def save_bank_account(form: ModelForm) -> SupplierBankAccount:
    """Save a valid BankAccountForm: the supplier's payout details (normalised by
    SupplierBankAccount.clean). Orders already placed keep the account they were placed with."""
    with transaction.atomic():
        return form.save()
