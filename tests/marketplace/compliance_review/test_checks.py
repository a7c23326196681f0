"""The pure checks: when a quote counts as found in a text, and what plain text is."""

import pytest

from marketplace.compliance_review.checks import check_findings, normalize, occurs, plain_text
from marketplace.compliance_review.prompts import ReviewText


@pytest.mark.parametrize(("quote", "text", "found"), [
    ("CE", "A CE marked speaker", True),
    ("CE", "CE-marked", True),
    ("CE", "A smart device", False),  # inside a word is not a quote
    ("approve", "FDA approved", False),
    ("FDA approved", "FDA approved", True),
    ("kids aged 2+", "Great for kids aged 2+.", True),
    ("蓝牙", "X1 真无线蓝牙耳机", True),  # no spaces between Chinese words
    ("ce certified", "Fully CE   Certified!", True),
    ("bpa-free", "BPA‑free", True),  # a model writes the non-breaking hyphen as "-"
    ("bpa free", "BPA-free", False),
])
def test_a_quote_must_occur_as_whole_words(quote, text, found):
    assert occurs(normalize(quote), normalize(text)) is found


def test_plain_text_drops_tags_scripts_and_keeps_block_breaks():
    markup = ("<p>Safe &amp; sound</p><ul><li>one</li><li>two</li></ul>"
              "<script>alert(1)</script><b>bold</b>")

    assert plain_text(markup) == "Safe & sound one two bold"


def test_normalize_ignores_case_width_quotes_and_whitespace():
    assert normalize("“ＣＥ”  Certified\n") == normalize('"ce" certified')


def texts(*languages: str) -> list[ReviewText]:
    return [ReviewText(language, "source", "CE certified", "CE certified")
            for language in languages]


@pytest.mark.parametrize(("given", "sent", "kept_as"), [
    ("zh-Hans", ("zh-Hans", "de"), "zh-Hans"),
    ("zh", ("zh-Hans", "de"), "zh-Hans"),
    ("zh_CN", ("zh-Hans", "de"), "zh-Hans"),
    ("DE", ("en", "de"), "de"),
    ("de", ("de-AT", "de-CH"), None),  # two candidates: which text is meant is unknown
    ("fr", ("en", "de"), None),
])
def test_the_language_is_matched_to_a_text_sent(given, sent, kept_as):
    result = check_findings([{"kind": "unbacked_certification_claim", "language": given,
                              "evidence": "CE certified", "explanation": "No DoC."}],
                            texts(*sent))

    assert [f.language for f in result.kept] == ([kept_as] if kept_as else [])
    assert result.dropped == ({} if kept_as else {"language not among the texts sent": 1})
