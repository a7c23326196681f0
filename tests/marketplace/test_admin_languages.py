"""The whole ops admin in the reader's language (issue 13): every model the admin registers,
in German and Simplified Chinese, has its model name, plural, field names and choice labels
translated, and each changelist's column headers, filter titles and actions differ from the
English ones. The English is read from the same code with translation off, so a new field or
a new admin column without a translation fails here, without a list to keep up to date."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import result_headers
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django_countries.fields import CountryField

from marketplace.translation.models import TranslationJob
from tests.region_fixtures import packs  # noqa: F401

LANGUAGES = ["de", "zh-hans"]

# Words that are the same in the language as in English (compared case-insensitively): for
# these a translation that equals the English is the right one.
SAME_WORD = {
    "de": {
        "id", "name", "status", "region", "code", "position", "token", "tokens",  # German too
        "iban", "bic (swift)", "bank", "e.164.",  # banking and numbering terms
        "version", "eur (euro)",
        "wallet",  # the German payment term (marketplace/preview/labels.py translates it so)
        "compliance",  # German business term; the root catalog's translation of the app name
        "auth token",  # Django REST framework's own app name, not ours
        "afghanistan", "thailand",  # country names spelt the same in German
    },
    "zh-hans": {"id"},
}
# Choice lists that are deliberately not translated: a language's name in that language
# (autonyms), as Django's own language menu shows them.
AUTONYM_FIELDS = {("catalog.Supplier", "language")}
# Country names come from django-countries' catalogs (many are spelt the same in German:
# Andorra, Angola...); test_country_choices_come_in_the_language checks that they are used.


def shown_fields(model: type[models.Model]) -> list:
    """The model's own fields (forward relations included), not the reverse accessors."""
    return [field for field in model._meta.get_fields()
            if field.concrete or (field.many_to_many and not field.auto_created)]


def labels(model: type[models.Model]) -> dict[str, str]:
    """Everything the admin names for `model`, in the active language, keyed by what it is."""
    found = {"model": str(model._meta.verbose_name),
             "plural": str(model._meta.verbose_name_plural)}
    for field in shown_fields(model):
        found[field.name] = str(field.verbose_name)
        if (model._meta.label, field.name) in AUTONYM_FIELDS or isinstance(field, CountryField):
            continue
        for value, label in field.flatchoices:
            if value != "":
                found[f"{field.name}={value}"] = str(label)
    return found


def untranslated(english: dict[str, str], translated: dict[str, str], language: str) -> list:
    same = SAME_WORD[language]
    return sorted(key for key, text in english.items()
                  if text and text.casefold() == translated[key].casefold()
                  and text.casefold() not in same)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_registered_model_is_named_in_the_language(language):
    models_seen = sorted(admin.site._registry, key=lambda model: model._meta.label)
    missing = {}
    for model in models_seen:
        with translation.override(None):
            english = labels(model)
        with translation.override(language):
            translated = labels(model)
        if left := untranslated(english, translated, language):
            missing[model._meta.label] = left

    assert len(models_seen) > 30
    assert missing == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_inline_models_are_named_in_the_language(language):
    # Payout details, tax registrations, price tiers, applicant documents...: shown on the
    # change pages, not registered themselves.
    inline_models = {inline.model for model_admin in admin.site._registry.values()
                     for inline in model_admin.inlines} - set(admin.site._registry)
    missing = {}
    for model in sorted(inline_models, key=lambda model: model._meta.label):
        with translation.override(None):
            english = labels(model)
        with translation.override(language):
            translated = labels(model)
        if left := untranslated(english, translated, language):
            missing[model._meta.label] = left

    assert len(inline_models) >= 8
    assert missing == {}


@pytest.mark.parametrize(("language", "germany"), [("de", "Deutschland"), ("zh-hans", "德国")])
def test_country_choices_come_in_the_language(language, germany):
    from regions.warehouses.models import Warehouse

    with translation.override(language):
        names = dict(Warehouse._meta.get_field("location").flatchoices)

    assert str(names["DE"]) == germany


def test_the_check_catches_an_english_label():
    # The allowlist is not a blanket: "ID" may stay, "usage record" may not.
    english = {"id": "ID", "model": "usage record"}

    assert untranslated(english, {"id": "ID", "model": "usage record"}, "de") == ["model"]
    assert untranslated(english, {"id": "ID", "model": "Nutzungseintrag"}, "de") == []


def changelist_texts(client, model: type[models.Model], language: str) -> dict[str, str]:
    """The column headers, filter titles and action names of `model`'s changelist."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, (url, response.status_code)
    changelist = response.context["cl"]
    texts = {}
    for number, header in enumerate(result_headers(changelist)):
        if "action-checkbox" not in header["class_attrib"]:
            texts[f"column {number}"] = capfirst(str(header["text"]))
    for number, spec in enumerate(changelist.filter_specs):
        texts[f"filter {number}"] = str(spec.title)
    action_form = response.context.get("action_form")
    if action_form is not None:
        for value, label in action_form.fields["action"].choices:
            if value:
                texts[f"action {value}"] = str(label)
    return texts


@pytest.mark.usefixtures("packs")
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_changelist_shows_headers_filters_and_actions_in_the_language(
        admin_client, language):
    missing = {}
    checked = 0
    for model in sorted(admin.site._registry, key=lambda model: model._meta.label):
        english = changelist_texts(admin_client, model, "en")
        translated = changelist_texts(admin_client, model, language)
        checked += 1
        if left := untranslated(english, translated, language):
            missing[model._meta.label] = {key: english[key] for key in left}

    assert checked > 30
    assert missing == {}


# What a German or Chinese reader met in English before (issue 13's tour of the admin).
ENGLISH_ON_THE_PAGES = [
    "Tax rates", "Tax policies", "Payment methods", "Translation jobs", "Glossary terms",
    "Exchange rates", "Usage records", "Region languages", "Compliance rules", "Countries",
    "Supplier applications", "Shipping options", "Warehouses", "Catalog", "Payments",
    "Pack data as of", "Units per 1 EUR", "Transit days min", "Handling days min",
    "Consumer prices include tax", "Reverse charge", "Settlement", "Chargeback",
    "Cancel the selected jobs (work already done is kept)", "Translate with AI…",
    "Tax system", "Kind", "Mode", "Active",
]


@pytest.fixture
def job(db) -> TranslationJob:
    """One translation job, so that its list shows its actions."""
    return TranslationJob.objects.create(listing_ids=[1], languages=["de"])


@pytest.mark.usefixtures("packs", "job")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_index_and_the_configuration_lists_have_no_english_left(admin_client, language):
    pages = ["/admin/", "/admin/regions_taxes/taxrate/", "/admin/regions_taxes/taxpolicy/",
             "/admin/regions_payments/paymentmethod/", "/admin/regions_core/region/",
             "/admin/regions_warehouses/warehouse/", "/admin/translation/translationjob/",
             "/admin/rates/exchangerate/", "/admin/catalog/listing/"]
    html = "".join(admin_client.get(page, HTTP_ACCEPT_LANGUAGE=language).content.decode()
                   for page in pages)

    # As an element's whole text (a header, link, filter title or button), so that data such
    # as the UK's "Faster Payments" scheme is not taken for a label.
    assert [text for text in ENGLISH_ON_THE_PAGES
            if re.search(rf">\s*(By )?{re.escape(text)}\s*<", html, re.IGNORECASE)] == []


@pytest.mark.usefixtures("packs", "job")
def test_english_readers_keep_the_english_labels(admin_client):
    pages = ["/admin/", "/admin/regions_taxes/taxrate/", "/admin/regions_payments/paymentmethod/",
             "/admin/translation/translationjob/"]
    html = "".join(admin_client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
                   for page in pages)

    # The same search that finds nothing in German and Chinese finds the English here.
    found = [text for text in ["Tax rates", "Payment methods", "Settlement", "Chargeback",
                               "Cancel the selected jobs (work already done is kept)"]
             if re.search(rf">\s*(By )?{re.escape(text)}\s*<", html, re.IGNORECASE)]
    assert found == ["Tax rates", "Payment methods", "Settlement", "Chargeback",
                     "Cancel the selected jobs (work already done is kept)"]


# A change page's fieldset titles and help texts, which the changelists do not show.
CHANGE_PAGES = {
    "de": {"payment": ["Wer damit bezahlen kann", "Länder, in denen Käufer sie nutzen können.",
                       "Ob der Zahler eine abgeschlossene Zahlung rückgängig machen kann."],
           "certificate type": ["Rechtsakte, die ein Dokument erklärt", "Kennung",
                                "Ob ein Zertifikat dieses Typs ein Enddatum hat."]},
    "zh-hans": {"payment": ["谁可以使用", "买家可以使用的国家。", "付款人能否撤回已完成的付款。"],
                "certificate type": ["文件声明的法规", "标识", "此类证书是否有截止日期。"]},
}
ENGLISH_ON_THE_CHANGE_PAGES = [
    "Who can pay with it", "Countries where buyers can use it.",
    "Whether the payer can reverse a completed payment.", "Acts a document declares",
    "Whether a certificate of this type has an end date.", "Sells while pending",
]


@pytest.mark.usefixtures("packs")
@pytest.mark.parametrize("language", LANGUAGES)
def test_change_pages_have_translated_fieldsets_and_help_texts(admin_client, language):
    from regions.compliance.models import CertificateType
    from regions.payments.models import PaymentMethod

    pages = {
        "payment": reverse("admin:regions_payments_paymentmethod_change",
                           args=[PaymentMethod.objects.filter(region__code="eu").first().pk]),
        "certificate type": reverse(
            "admin:regions_compliance_certificatetype_change",
            args=[CertificateType.objects.filter(region__code="eu").first().pk]),
    }
    html = {name: admin_client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
            for name, url in pages.items()}

    for name, texts in CHANGE_PAGES[language].items():
        assert [text for text in texts if text in html[name]] == texts
    everything = "".join(html.values())
    assert [text for text in ENGLISH_ON_THE_CHANGE_PAGES if text in everything] == []
