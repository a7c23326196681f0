"""DRF's exception handler, plus the Django errors a request body can raise inside a view that
would otherwise leave the API as Django's HTML "Bad Request (400)" page."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

MEBIBYTE = 1024 * 1024


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / MEBIBYTE
        return Response({"detail": _("The request body is larger than %(limit)s MB; send at "
                                     "most %(limit)s MB.") % {
            "limit": number_format(limit, decimal_pos=1)}}, status=413)
    if isinstance(exc, TooManyFieldsSent):
        return Response({"detail": _("The request has more than %(max)s fields.") % {
            "max": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}}, status=400)
    return drf_exception_handler(exc, context)
