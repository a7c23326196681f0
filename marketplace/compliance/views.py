"""Downloads of supplier documents: permission checked here, bytes sent by documents.py."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from marketplace.compliance.access import may_see_compliance
from marketplace.compliance.models import Certificate
from regions.compliance.documents import document_response


class CertificateFileView(APIView):
    """GET: the certificate's document, for the supplier's members and the region's ops."""

    permission_classes = [IsAuthenticated]

    # The document's own type (documents.py accepts PDF, PNG and JPEG), octet-stream for a
    # stored file that is none of them.
    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                              (200, "image/png"): OpenApiTypes.BINARY,
                              (200, "image/jpeg"): OpenApiTypes.BINARY,
                              (200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        certificate = get_object_or_404(
            Certificate.objects.select_related("certificate_type"), pk=pk)
        if not may_see_compliance(request.user, certificate.supplier_id,
                                  certificate.certificate_type.region_id):
            raise PermissionDenied("Only the supplier's members and the region's ops may "
                                   "download this document.")
        if not certificate.file:
            raise Http404("No document was uploaded for this certificate.")
        name = certificate.file_name or f"certificate-{certificate.pk}"
        return document_response(certificate.file, name)
