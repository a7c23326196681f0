"""The pure checks: when a quote counts as found in a text, and what plain text is."""

import pytest

from marketplace.compliance_review.checks import normalize, occurs, plain_text


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
