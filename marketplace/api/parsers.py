"""The API's JSON parser: DRF's (strict: NaN and Infinity refused), plus what a hostile body
would otherwise turn into a 500 further down: nesting deep enough to exhaust the recursion
limit, and unpaired surrogates (\\ud800), which are not Unicode text and cannot be stored."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# Deeper than any request body of this API (a quote is four levels deep).
MAX_DEPTH = 32


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(too_deep()) from None
        check_json_value(data)
        return data


def too_deep() -> str:
    return _("The JSON body is nested more than %(max)s levels deep.") % {"max": MAX_DEPTH}


def check_json_value(data: object) -> None:
    """ParseError for a value nested deeper than MAX_DEPTH or holding an unpaired surrogate.
    Iterative: the check must not itself run out of stack."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise ParseError(too_deep())
        if isinstance(value, dict):
            pending.extend((key, depth + 1) for key in value)
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and any("\ud800" <= c <= "\udfff" for c in value):
            raise ParseError(_("The JSON body holds an unpaired surrogate (such as \\ud800): "
                               "send Unicode text."))
