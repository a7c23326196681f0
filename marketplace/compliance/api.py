"""REST endpoints: ask for a compliance check of a listing, follow it, read the latest report.

Thin on purpose: the rules live in services/checks, the work in tasks. Messages are rendered
in the merchant's language: `lang` if given, else the request's (Accept-Language), else the
language the listing is written in.
"""

from __future__ import annotations

from typing import NamedTuple

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.regions import requested_ui_language
from marketplace.api.strict import StrictSerializer
from marketplace.catalog.languages import supplier_language
from marketplace.catalog.models import Listing
from marketplace.compliance import findings_sources
from marketplace.compliance.access import may_see_compliance
from marketplace.compliance.models import ComplianceCheckJob, ComplianceReport
from marketplace.compliance.services import (
    check_many,
    latest_reports,
    region_state,
    summary_from_state,
)
from marketplace.compliance.tasks import create_check_job, enqueue_check
from regions.compliance.checks import Finding, Requirement
from regions.core.models import Country, Region
from regions.core.pack_names import pack_name

REGION_PARAMETER = OpenApiParameter("region", OpenApiTypes.STR, required=True,
                                    description="Region code, such as “eu”.")
LANG_PARAMETER = OpenApiParameter(
    "lang", OpenApiTypes.STR, description="Language of the messages (en, zh-hans, ...); "
    "default: Accept-Language, else the listing's language.")
COUNTRY_PARAMETER = OpenApiParameter(
    "country", OpenApiTypes.STR, description="Also say whether the listing is sellable in "
    "this country of the region (with `buyer`).")
BUYER_PARAMETER = OpenApiParameter("buyer", OpenApiTypes.STR, enum=["consumer", "business"])


class ReportFindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.ChoiceField(choices=["blocker", "warning", "info"])
    certificate_type = serializers.CharField()
    rules = serializers.ListField(child=serializers.CharField())
    country = serializers.CharField(allow_null=True)
    buyers = serializers.CharField()
    message = serializers.CharField()


class ReportRequirementSerializer(serializers.Serializer):
    certificate_type = serializers.CharField()
    certificate_type_name = serializers.CharField()
    severity = serializers.CharField()
    status = serializers.CharField()
    certificate_number = serializers.CharField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    country = serializers.CharField(allow_null=True)
    buyers = serializers.CharField()


class ComplianceMarketVerdictSerializer(serializers.Serializer):
    country = serializers.CharField()
    buyer = serializers.CharField()
    sellable = serializers.BooleanField()
    status = serializers.CharField()


class ComplianceReportSerializer(serializers.Serializer):
    listing = serializers.IntegerField()
    region = serializers.CharField()
    stored = serializers.BooleanField(help_text="False: no stored report yet; the rule check "
                                      "as of now (without AI review).")
    report_id = serializers.IntegerField(allow_null=True)
    checked_at = serializers.DateTimeField(allow_null=True)
    first_seen_at = serializers.DateTimeField(allow_null=True)
    blockers = serializers.IntegerField()
    warnings = serializers.IntegerField()
    ai_review = serializers.CharField()
    ai_message = serializers.CharField()
    language = serializers.CharField()
    requirements = ReportRequirementSerializer(many=True)
    findings = ReportFindingSerializer(many=True)
    market = ComplianceMarketVerdictSerializer(allow_null=True)


class CheckRequestSerializer(StrictSerializer):
    """The body of a check request. Strict: a field it does not declare (`regoin`, `country`)
    is a 400 naming it, not a check of some other region."""

    region = serializers.CharField(
        max_length=8, required=False,
        help_text="Region code, such as “eu”; the query parameter `region` if absent.")


class ComplianceCheckJobSerializer(serializers.ModelSerializer):
    listing = serializers.IntegerField(source="listing_id")
    region = serializers.CharField(source="region.code")
    report_id = serializers.IntegerField(allow_null=True)
    report_url = serializers.SerializerMethodField()

    class Meta:
        model = ComplianceCheckJob
        fields = ["id", "listing", "region", "status", "with_ai", "message", "created_at",
                  "finished_at", "report_id", "report_url"]

    def get_report_url(self, job: ComplianceCheckJob) -> str:
        return (reverse("listing-compliance", args=[job.listing_id])
                + f"?region={job.region.code}")


def region_from(value: str | None) -> Region:
    """The active region named, or a 400 that lists the allowed values."""
    allowed = list(Region.objects.filter(active=True).order_by("code")
                   .values_list("code", flat=True))
    if not value:
        raise ValidationError({"region": [f"Name a region: one of {', '.join(allowed)}."]})
    if value.lower() not in allowed:
        raise ValidationError(
            {"region": [f"“{value}” is not a region; use one of {', '.join(allowed)}."]})
    return Region.objects.get(code=value.lower())


def listing_for(request: Request, pk: int, region: Region) -> Listing:
    """The listing if the user may see its compliance in `region`: its supplier's members and
    the region's ops. Someone who cannot even see the listing learns nothing (404)."""
    listing = get_object_or_404(Listing.objects.select_related("supplier"), pk=pk)
    if not may_see_compliance(request.user, listing.supplier_id, region.pk):
        if not Listing.objects.visible_to(request.user).filter(pk=pk).exists():
            raise NotFound()
        raise PermissionDenied("Only the listing's supplier and the region's ops may see or "
                               "run its compliance checks.")
    return listing


def language_for(request: Request, listing: Listing) -> str:
    requested = requested_ui_language(request)
    if requested:
        return requested
    if "HTTP_ACCEPT_LANGUAGE" in request.META:
        return translation.get_language_from_request(request._request)
    return supplier_language(listing.supplier)


class ListingComplianceChecksView(APIView):
    """POST {"region": "eu"}: queue a compliance check (rules, and the AI review when a key
    is configured) of the listing; 202 with the job and where to follow it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=CheckRequestSerializer, responses={202: inline_serializer(
        "ComplianceCheckQueued", {"job": serializers.IntegerField(),
                                  "status": serializers.CharField(),
                                  "with_ai": serializers.BooleanField(),
                                  "status_url": serializers.CharField()})})
    def post(self, request, pk: int):
        body = CheckRequestSerializer(data=request.data)
        if not body.is_valid():
            raise ValidationError(body.errors)
        region = region_from(body.validated_data.get(
            "region", request.query_params.get("region", "")))
        listing = listing_for(request, pk, region)
        job, created = create_check_job(listing, region, request.user)
        if created:
            enqueue_check(job)
        url = reverse("compliance-check-job", args=[job.pk])
        return Response({"job": job.pk, "status": job.status, "with_ai": job.with_ai,
                         "status_url": request.build_absolute_uri(url)},
                        status=status.HTTP_202_ACCEPTED, headers={"Location": url})


class ComplianceCheckJobView(APIView):
    """GET: a check job's status and, once done, where its report is."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ComplianceCheckJobSerializer)
    def get(self, request, pk: int):
        job = get_object_or_404(ComplianceCheckJob.objects.select_related("region", "listing"),
                                pk=pk)
        if not may_see_compliance(request.user, job.listing.supplier_id, job.region_id):
            raise NotFound()
        return Response(ComplianceCheckJobSerializer(job).data)


class _Market(NamedTuple):
    """The parts of a market context `summary_from_state` reads."""

    country: Country
    buyer_type: str


class ListingComplianceView(APIView):
    """GET ?region=eu: the latest compliance report of the listing in the region (findings
    localized to the merchant's language); with `country` (and `buyer`) also the verdict for
    that market, as of now (the sales gate's). Without a stored report: the rule check as of
    now, `stored: false`."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[REGION_PARAMETER, COUNTRY_PARAMETER, BUYER_PARAMETER,
                               LANG_PARAMETER], responses=ComplianceReportSerializer)
    def get(self, request, pk: int):
        region = region_from(request.query_params.get("region"))
        listing = listing_for(request, pk, region)
        country = self._country(request, region)
        buyer = request.query_params.get("buyer") or "consumer"
        if buyer not in ("consumer", "business"):
            raise ValidationError({"buyer": [f"“{buyer}” is not a buyer type; use consumer "
                                             "or business."]})
        report = latest_reports([listing.pk], region.pk).get(listing.pk)
        with translation.override(language_for(request, listing)):
            return Response(self._represent(listing, region, report, country, buyer))

    @staticmethod
    def _country(request: Request, region: Region) -> Country | None:
        code = request.query_params.get("country")
        if not code:
            return None
        country = Country.objects.filter(code=code.upper(), region=region).first()
        if country is None:
            allowed = ", ".join(str(c) for c in region.countries.order_by("code")
                                .values_list("code", flat=True))
            raise ValidationError({"country": [f"“{code}” is not a country of "
                                               f"“{region.code}”; use one of {allowed}."]})
        return country

    @staticmethod
    def _represent(listing: Listing, region: Region, report: ComplianceReport | None,
                   country: Country | None, buyer: str) -> dict:
        if report is not None:
            requirements = [Requirement.from_json(r) for r in report.requirements]
            findings = [Finding.from_json(f) for f in report.findings]
        else:
            result = check_many([listing], region)[listing.pk]
            requirements, findings = list(result.requirements), list(result.findings)
        market = None
        if country is not None:
            # The verdict is the sales gate's, as of now (the report may be older than a
            # certificate, listing or AI finding edit since): what the listings API and the
            # checkout decide.
            state = region_state(check_many([listing], region)[listing.pk],
                                 findings_sources.outcomes_for([listing.pk], region.pk)[listing.pk])
            summary = summary_from_state(state, _Market(country, buyer),
                                         today=timezone.localdate())
            market = {"country": str(country.code), "buyer": buyer,
                      "sellable": summary.sellable, "status": summary.status}
        return {
            "listing": listing.pk, "region": region.code, "stored": report is not None,
            "report_id": report.pk if report else None,
            "checked_at": report.checked_at if report else None,
            "first_seen_at": report.created_at if report else None,
            "blockers": sum(1 for f in findings if f.severity == "blocker"),
            "warnings": sum(1 for f in findings if f.severity == "warning"),
            "ai_review": report.ai_status if report else "not_run",
            "ai_message": report.ai_message if report else "",
            "language": translation.get_language(),
            "requirements": [
                {**r.to_json(), "rules": list(r.rules),
                 # Reports store the type's English name; the pack's catalogs translate it.
                 "certificate_type_name": pack_name(r.certificate_type_name)}
                for r in requirements],
            "findings": [
                {"code": f.code, "severity": f.severity, "certificate_type": f.certificate_type,
                 "rules": list(f.rules), "country": f.country, "buyers": f.buyers,
                 "message": f.message} for f in findings],
            "market": market,
        }


class ComplianceHistoryEntrySerializer(serializers.Serializer):
    report_id = serializers.IntegerField()
    first_seen_at = serializers.DateTimeField()
    checked_at = serializers.DateTimeField(help_text="The last check with this outcome.")
    is_latest = serializers.BooleanField()
    blockers = serializers.IntegerField()
    warnings = serializers.IntegerField()
    codes = serializers.ListField(child=serializers.CharField())
    ai_review = serializers.CharField()
    trigger = serializers.CharField()


HISTORY_LIMIT = 100


class ListingComplianceHistoryView(APIView):
    """GET ?region=eu: every distinct outcome of the listing's checks in the region, newest
    first (a row per change; `checked_at` is the last check that confirmed it)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[REGION_PARAMETER],
                   responses=ComplianceHistoryEntrySerializer(many=True))
    def get(self, request, pk: int):
        region = region_from(request.query_params.get("region"))
        listing = listing_for(request, pk, region)
        reports = ComplianceReport.objects.filter(listing=listing, region=region).order_by(
            "-created_at", "-pk")[:HISTORY_LIMIT]
        return Response([
            {"report_id": r.pk, "first_seen_at": r.created_at, "checked_at": r.checked_at,
             "is_latest": r.is_latest, "blockers": r.blockers, "warnings": r.warnings,
             "codes": r.codes, "ai_review": r.ai_status, "trigger": r.trigger}
            for r in reports])

