"""The preview in the portal's languages: a French or Polish merchant reads the whole page in
their language, and the language chosen in the menu stays on every page of the preview and on
its fix links into the workspace."""

import html
import re

import pytest
from django.conf import settings

from marketplace.catalog.languages import merchant_languages
from tests.marketplace.preview.conftest import preview_url
from tests.regions.packs.pack_names import english_names, english_shown

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
FIVE = ("DE-consumer", "FR-business", "PL-consumer", "GB-consumer", "US-business")
# The preview's own visible English texts (its templates and labels.py) that the listing used
# here brings onto the page: none may be left on a page in another language.
ENGLISH = [
    "Merchant preview", "Interface language", "Switch", "Log out", "My listings",
    "Edit listing", "source text in", "Markets", "Change markets and languages", "Tick up to",
    "(default)", "Show preview", "Consumer", "Business", "Blocked", "Sellable",
    "Language shown", "Buyers here read", "Requested", "Compliance", "Blocker", "Warning",
    "Add the certificate", "Name the responsible person", "Add the translation",
    "Certificates on record", "Attributes", "No attributes.", "Prices", "from 10 units",
    "Minimum order", "Exchange rates as of", "Payment methods", "Bank transfer",
    "Instant bank payment", "Buy now, pay later", "Trade terms", "up to", "Shipping",
    "Local warehouse", "Bonded warehouse", "Direct from origin", "ships from", "Road / parcel",
    "Express courier", "Air freight", "Rail", "Sea", "VAT included in the price",
    "Reverse charge", "Import VAT due", "Delivery times add", "Markets side by side",
    "Breadcrumbs", "Language for",
]
# Exact texts of each language's page: headings and labels, a plural, a sentence with
# placeholders, and the menu with the page's language chosen.
EXPECTED = {
    "fr": [
        '<span class="brand__section">Aperçu vendeur</span>',
        '<label for="ui-language">Langue de l\'interface</label>',
        '<option value="fr" lang="fr" selected>Français</option>',
        '<option value="pl" lang="pl">Polski</option>',
        '<span class="picker__title">Marchés</span>',
        '<h3>Conformité</h3>', "<h3>Moyens de paiement</h3>", "<h3>Livraison</h3>",
        '<span class="label">Langue affichée</span>',
        '<span class="badge badge--blocked">Bloquée</span>',
        '<th scope="row">à partir de 10 unités</th>',
        f'<p class="small">Commande minimale{NBSP}: 1 unité</p>',
        f"Certificats enregistrés{NBSP}: 0 sur 8 requis",
        f"Il n&#x27;y a pas de traduction en polonais{NBSP}: les acheteurs de ce marché "
        "lisent le texte en anglais.",
        "texte source en chinois (simplifié), prix en CNY",
    ],
    "pl": [
        '<span class="brand__section">Podgląd sprzedawcy</span>',
        '<label for="ui-language">Język interfejsu</label>',
        '<option value="pl" lang="pl" selected>Polski</option>',
        '<option value="fr" lang="fr">Français</option>',
        '<span class="picker__title">Rynki</span>',
        "<h3>Zgodność z przepisami</h3>", "<h3>Metody płatności</h3>", "<h3>Wysyłka</h3>",
        '<span class="label">Wyświetlany język</span>',
        '<span class="badge badge--blocked">Zablokowana</span>',
        '<th scope="row">od 10 sztuk</th>',
        '<p class="small">Minimalne zamówienie: 1 sztuka</p>',
        "Certyfikaty w systemie: 0 z 8 wymaganych",
        "Brak tłumaczenia na język: francuski. Kupujący na tym rynku czytają tekst w języku: "
        "angielski.",
        "tekst źródłowy: chiński (uproszczone), ceny w CNY",
    ],
}
HEADING = {"fr": "<h1>Mes offres</h1>", "pl": "<h1>Moje oferty</h1>"}


def english_left(page: str) -> list[str]:
    """The English texts in the page's visible text and in its labels for assistive
    technology (aria-label, title, alt), as whole words."""
    text = html.unescape(re.sub(r"<[^>]+>", "\n", page))
    labels = html.unescape("\n".join(re.findall(r'(?:aria-label|title|alt)="([^"]*)"', page)))
    return [english for english in ENGLISH
            if re.search(rf"(?<!\w){re.escape(english)}(?!\w)", f"{text}\n{labels}")]


@pytest.fixture
def in_language(client, merchant):
    client.force_login(merchant)

    def choose(language: str):
        response = client.post("/i18n/setlang/", {"language": language, "next": "/preview/"})
        assert (response.status_code, response["Location"]) == (302, "/preview/")
        return client

    return choose


@pytest.mark.parametrize("language", ["fr", "pl"])
def test_the_five_markets_preview_reads_in_the_language(in_language, listing, language):
    client = in_language(language)

    page = client.get(preview_url(listing, *FIVE)).content.decode()

    assert f'<html lang="{language}" dir="ltr">' in page
    assert [text for text in EXPECTED[language] if text not in page] == []
    assert english_left(page) == []
    # Nor a pack's name (payment methods, warehouses, shipping options) in English.
    assert english_shown(page, english_names(language)) == []


@pytest.mark.parametrize("language", ["fr", "pl"])
def test_the_listings_page_reads_in_the_language(in_language, listing, language):
    page = in_language(language).get("/preview/").content.decode()

    assert HEADING[language] in page
    assert english_left(page) == []


@pytest.mark.parametrize("language", [code for code in merchant_languages() if code != "en"])
def test_every_menu_language_names_the_packs_things_in_it(in_language, listing, language):
    """Payment methods, warehouses and shipping options of the EU, the UK and the US, in every
    language the menu offers (brands such as Klarna stay as they are)."""
    page = in_language(language).get(preview_url(listing, *FIVE)).content.decode()

    assert f'<html lang="{language}"' in page
    # The supplier's own name ("Shenzhen Audio Works") is its data, not a pack's name.
    assert english_shown(page.replace(listing.supplier.name, ""), english_names(language)) == []


def test_a_chinese_merchant_reads_the_preview_in_chinese(in_language, listing):
    page = in_language("zh-hans").get(preview_url(listing, *FIVE)).content.decode()

    assert english_left(page) == []
    assert "SEPA 贷记转账" in page and "海外仓，杜伊斯堡" in page and "ACH 银行转账" in page


def test_the_english_list_finds_what_it_looks_for(client, merchant, listing):
    client.force_login(merchant)

    page = client.get(preview_url(listing, *FIVE)).content.decode()

    assert set(english_left(page)) >= {"Merchant preview", "Compliance", "Minimum order",
                                       "Markets side by side", "Reverse charge"}


def test_the_chosen_language_stays_on_every_link_of_the_preview(in_language, listing):
    client = in_language("pl")

    index = client.get("/preview/").content.decode()
    [link] = set(re.findall(r'href="(/preview/listings/\d+/)"', index))
    page = client.get(link).content.decode()
    picked = client.get(f"{link}?market=PL-consumer&market=FR-business").content.decode()

    assert '<html lang="pl" dir="ltr">' in page and '<html lang="pl" dir="ltr">' in picked
    assert "<h3>Zgodność z przepisami</h3>" in picked
    # The fix links open the workspace in Polish: the edit button, the translation to add.
    assert f'href="/portal/workspace/pl/listings/{listing.pk}/"' in picked
    assert f'href="/portal/workspace/pl/listings/{listing.pk}/translations/fr/"' in picked
    # The menu sends back to the page it is on, so the next choice stays there too.
    assert '<input type="hidden" name="next" value="/preview/listings/' in picked
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pl"
