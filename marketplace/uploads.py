"""Uploads that Django cannot read are answered with a message that names the field, not its
bare "Bad Request (400)": a file name so long that the part's headers pass Django's limit
(1,024 bytes, MultiPartParserError), and a form too large or with too many fields. One
middleware for every page that takes a file (portal, workspace, admin); the API takes JSON
only. And a form refuses a file sent with an empty name, which Django
turns into a plain text field instead of an upload (`refuse_nameless_files`)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from regions.core.sizes import megabytes
from regions.core.validators import shown

API_PREFIX = "/api/"
# What a name may have: Django truncates a stored file name to 255 characters anyway.
MAX_FILE_NAME = 255
# Enough of the body's most recent bytes to hold the headers of the part being read when the
# parser gives up (at most 1,024 bytes past a 64 KB chunk boundary).
TAIL_BYTES = 256 * 1024
PART_NAME = re.compile(rb'Content-Disposition:\s*form-data;\s*name="([^"\r\n]{1,200})"', re.I)


class _TailRecorder:
    """A read-through stream that keeps the last TAIL_BYTES read, to find which part of a
    multipart body Django could not read."""

    def __init__(self, stream):
        self.stream = stream
        self.tail = b""

    def read(self, *args, **kwargs) -> bytes:
        data = self.stream.read(*args, **kwargs)
        self.tail = (self.tail + data)[-TAIL_BYTES:]
        return data

    def readline(self, *args, **kwargs) -> bytes:
        data = self.stream.readline(*args, **kwargs)
        self.tail = (self.tail + data)[-TAIL_BYTES:]
        return data

    def last_part_name(self) -> str | None:
        names = PART_NAME.findall(self.tail)
        return names[-1].decode("utf-8", "replace") if names else None


class UploadErrorsMiddleware:
    """Reads a multipart body before CSRF and the view do, so that what Django refuses in it
    is answered here, in the request's language (after LocaleMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The API reads JSON only (a form is a 415 there, in its error format).
        if (request.method != "POST" or request.content_type != "multipart/form-data"
                or request.path.startswith(API_PREFIX)):
            return self.get_response(request)
        recorder = _TailRecorder(request._stream)
        request._stream = recorder
        try:
            request.POST  # noqa: B018 - parse now: the errors below are ours to answer
        except MultiPartParserError:
            field = recorder.last_part_name() or "file"
            return _refused(request, field, _(
                "The file's name is too long or the upload is damaged: name the file with at "
                "most %(max)s characters and upload it again.") % {"max": MAX_FILE_NAME})
        except RequestDataTooBig:
            return _refused(request, None, _(
                "The form's fields hold more than %(limit)s MB; send at most %(limit)s MB.") % {
                "limit": megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}, status=413)
        except TooManyFieldsSent:
            return _refused(request, None, _(
                "The request has more than %(max)s fields.") % {
                "max": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS})
        return self.get_response(request)


def _refused(request: HttpRequest, field: str | None, message: str,
             status: int = 400) -> HttpResponse:
    text = f"{shown(field)}: {message}" if field else message
    response = HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")
    response.status_code = status
    return response


def refuse_nameless_files(form: forms.BaseForm) -> None:
    """An error on each file field whose file came without a name. Django reads such a part
    as a text field (its content lands in `form.data`, not `form.files`), so the form would
    otherwise save the object without its document. An empty part (no file chosen) is no
    upload and passes."""
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if (isinstance(field, forms.FileField) and key not in form.files
                and form.data.get(key)):
            form.add_error(name, forms.ValidationError(
                _("The file came without a name: name it (such as certificate.pdf) and "
                  "upload it again."), code="file_name"))
