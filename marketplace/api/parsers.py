"""The API's JSON parser: DRF's (strict: NaN and Infinity refused), plus what a hostile body
would otherwise turn into a 500 further down: nesting deep enough to exhaust the recursion
limit, and unpaired surrogates (\\ud800), which are not Unicode text and cannot be stored.

A body that does not parse is refused in the request's language, saying where it breaks and
what to send; never with DRF's "JSON parse error - ..." in English, which quotes the decoder
(and, for bytes that are not UTF-8, the bytes themselves)."""

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# Deeper than any request body of this API (a quote is four levels deep).
MAX_DEPTH = 32


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            raw = stream.read() if stream is not None else b""
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(_("The request body is not UTF-8 text (byte %(position)s): send "
                               "JSON as UTF-8.") % {"position": exc.start + 1},
                             code="not_utf8") from None
        except LookupError:
            raise ParseError(_("Send the request body as UTF-8."), code="not_utf8") from None
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
        except RecursionError:
            raise ParseError(too_deep(), code="too_deep") from None
        except json.JSONDecodeError as exc:
            raise ParseError(_("The request body is not valid JSON (line %(line)s, column "
                               "%(column)s). Send a JSON object, such as {\"region\": "
                               "\"eu\"}.") % {"line": exc.lineno, "column": exc.colno},
                             code="invalid_json") from None
        except ValueError:  # NaN, Infinity (_refuse_constant)
            raise ParseError(_("The JSON body holds NaN or Infinity, which JSON does not "
                               "allow: send a number."), code="not_a_number") from None
        check_json_value(data)
        return data


def _refuse_constant(name: str):
    raise ValueError(name)


def too_deep() -> str:
    return _("The JSON body is nested more than %(max)s levels deep.") % {"max": MAX_DEPTH}


def check_json_value(data: object) -> None:
    """ParseError for a value nested deeper than MAX_DEPTH or holding an unpaired surrogate.
    Iterative: the check must not itself run out of stack."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise ParseError(too_deep(), code="too_deep")
        if isinstance(value, dict):
            pending.extend((key, depth + 1) for key in value)
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and any("\ud800" <= c <= "\udfff" for c in value):
            raise ParseError(_("The JSON body holds an unpaired surrogate (such as \\ud800): "
                               "send Unicode text."), code="unpaired_surrogate")
