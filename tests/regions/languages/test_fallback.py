from regions.languages.services import fallback_chain, negotiate, parent_tags


def test_parent_tags_drop_one_subtag_at_a_time():
    assert parent_tags("zh-Hans-CN") == ["zh-Hans-CN", "zh-Hans", "zh"]


def test_chain_goes_variant_language_region_default_then_source():
    assert fallback_chain("de-AT", region_default="en", source_language="zh-Hans") == [
        "de-AT",
        "de",
        "en",
        "zh-Hans",
        "zh",
    ]


def test_chain_has_no_duplicates():
    assert fallback_chain("en-IE", region_default="en", source_language="en") == ["en-IE", "en"]


def test_negotiate_takes_the_first_offered_match_or_the_default():
    offered = ["en", "de", "fr", "de-AT"]
    assert negotiate(["de-AT"], offered, "en") == "de-AT"
    assert negotiate(["de-CH", "fr"], offered, "en") == "de"
    assert negotiate(["ja"], offered, "en") == "en"
    assert negotiate(["DE"], offered, None) == "de"


def test_offered_languages_by_country_matches_one_country_at_a_time(packs):
    from regions.core.models import Region
    from regions.languages.services import offered_languages, offered_languages_by_country

    regions = list(Region.objects.prefetch_related("countries"))
    by_country = offered_languages_by_country(regions)

    for region in regions:
        for country in region.countries.all():
            assert by_country[country.pk] == offered_languages(region, country)
    assert "de-AT" in by_country[Region.objects.get(code="eu").countries.get(code="AT").pk]
