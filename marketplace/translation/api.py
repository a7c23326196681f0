"""REST endpoints: ask for translations of a listing, and follow the job.

Thin on purpose: validation and the work live in `jobs` and `pipeline`.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.strict import StrictSerializer
from marketplace.catalog.models import Listing
from marketplace.translation.jobs import create_job
from marketplace.translation.models import TranslationJob
from marketplace.translation.tasks import enqueue_job

COUNTERS = ["items_total", "items_done", "memory_hits", "machine_written", "needs_review",
            "skipped_reviewed", "skipped_current", "failed", "requests", "prompt_tokens",
            "completion_tokens"]


class TranslationRequestSerializer(StrictSerializer):
    """The languages to translate a listing into."""

    languages = serializers.ListField(
        child=serializers.CharField(max_length=35), allow_empty=False, max_length=50,
        help_text="BCP 47 tags of the languages to translate into, such as [\"de\", \"fr\"].")


class JobItemSerializer(serializers.Serializer):
    listing = serializers.IntegerField(source="listing_id")
    language = serializers.CharField()
    status = serializers.CharField()
    code = serializers.CharField()
    reason = serializers.CharField()


class JobSerializer(serializers.ModelSerializer):
    items = JobItemSerializer(many=True)
    cost = serializers.DecimalField(max_digits=16, decimal_places=8, coerce_to_string=True)

    class Meta:
        model = TranslationJob
        fields = ["id", "status", "message", "resumable", "created_at", "started_at",
                  "finished_at", "listing_ids", "languages", *COUNTERS, "cost", "failures",
                  "items"]


def _may_translate(user, listing: Listing) -> bool:
    return user.is_staff or listing.supplier.members.filter(pk=user.pk).exists()


class ListingTranslationsView(APIView):
    """POST {"languages": ["de", "fr"]}: queue a translation job for this listing (202)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=TranslationRequestSerializer, responses={202: inline_serializer(
        "TranslationJobQueued", {"job": serializers.IntegerField(),
                                 "status": serializers.CharField(),
                                 "items": serializers.IntegerField()})})
    def post(self, request, pk: int):
        listing = get_object_or_404(Listing.objects.select_related("supplier"), pk=pk)
        if not _may_translate(request.user, listing):
            # Someone who cannot even see the listing learns nothing about it.
            if not Listing.objects.visible_to(request.user).filter(pk=pk).exists():
                raise NotFound()
            raise PermissionDenied("Only the listing's supplier or staff may translate it.")
        body = TranslationRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            job = create_job([listing.pk], body.validated_data["languages"], user=request.user)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        enqueue_job(job)
        return Response({"job": job.pk, "status": job.status, "items": job.items_total},
                        status=status.HTTP_202_ACCEPTED)


class TranslationJobView(APIView):
    """GET: a job's progress, counters and per-item results (its creator or staff)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=JobSerializer)
    def get(self, request, pk: int):
        job = get_object_or_404(TranslationJob.objects.prefetch_related("items"), pk=pk)
        if not (request.user.is_staff or job.created_by_id == request.user.pk):
            raise NotFound()
        return Response(JobSerializer(job).data)
