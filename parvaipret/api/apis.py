"""The open data API: read-only endpoints on the Saeima's records, the dashboards' figures as
JSON, and the bulk exports. Anonymous use is rate-limited (``parvaipret.api.throttling``)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import FileResponse, Http404

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import filters, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from parvaipret.api import serializers
from parvaipret.api.caching import cached_list_response
from parvaipret.api.filters import (
    BillFilter,
    DeputyFilter,
    FactionFilter,
    InitiativeFilter,
    MembershipFilter,
    QuestionResultFilter,
    VoteFilter,
)
from parvaipret.api.throttling import AnonThrottle, ScopedThrottle, UserThrottle
from parvaipret.insights import selectors as insights
from parvaipret.insights.forms import PERIOD_CHOICES, DashboardFilters, filters_from_request
from parvaipret.insights.services import export_list, export_path
from parvaipret.legislation.models import Bill, Initiative, InitiativeBill
from parvaipret.parliament.models import Ballot, Deputy, Faction, Membership, Term, Vote
from parvaipret.parliament.selectors import names_version
from parvaipret.participation.models import Question

SEARCH_AND_FILTER = [DjangoFilterBackend, filters.SearchFilter]
DEPUTIES_CACHE_PREFIX = "api:deputies:v1"


class TermViewSet(viewsets.ReadOnlyModelViewSet):
    """Saeima terms (convocations), looked up by their number: /terms/14/."""

    queryset = Term.objects.order_by("-number")
    serializer_class = serializers.TermSerializer
    lookup_field = "number"


class FactionViewSet(viewsets.ReadOnlyModelViewSet):
    """Factions (frakcijas) of each term."""

    queryset = Faction.objects.select_related("term").order_by("-term__number", "short_name")
    serializer_class = serializers.FactionSerializer
    filter_backends = SEARCH_AND_FILTER
    filterset_class = FactionFilter
    search_fields = ["short_name", "name"]


class DeputyViewSet(viewsets.ReadOnlyModelViewSet):
    """Everyone who has held a Saeima mandate."""

    queryset = Deputy.objects.order_by("last_name", "first_name", "id")
    serializer_class = serializers.DeputySerializer
    filter_backends = SEARCH_AND_FILTER
    filterset_class = DeputyFilter
    search_fields = ["first_name", "last_name"]

    # No docstring on list(): drf-spectacular would make it the operation's description.
    def list(self, request: Request, *args, **kwargs) -> Response:
        # The whole list's serialized rows are cached per version of the deputies' names
        # (names_version); a search or filter reads the database.
        paging = {self.paginator.limit_query_param, self.paginator.offset_query_param}
        if not set(request.query_params) <= paging:
            return super().list(request, *args, **kwargs)
        return cached_list_response(self, f"{DEPUTIES_CACHE_PREFIX}:{names_version()}")


class MembershipViewSet(viewsets.ReadOnlyModelViewSet):
    """Deputies' seats: in which faction (or none) of which term, over which dates."""

    queryset = Membership.objects.select_related("deputy", "faction", "term").order_by(
        "deputy__last_name", "deputy__first_name", "start", "id"
    )
    serializer_class = serializers.MembershipSerializer
    filter_backends = SEARCH_AND_FILTER
    filterset_class = MembershipFilter
    search_fields = ["deputy__first_name", "deputy__last_name", "faction__short_name"]


INCLUDE_PARAMETER = OpenApiParameter(
    "include",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["ballots"],
    description="include=ballots adds each vote's ballots to the list.",
)


@extend_schema_view(list=extend_schema(parameters=[INCLUDE_PARAMETER]))
class VoteViewSet(viewsets.ReadOnlyModelViewSet):
    """Roll calls (balsojumi): the list without ballots, the detail with every ballot."""

    filter_backends = [*SEARCH_AND_FILTER, filters.OrderingFilter]
    filterset_class = VoteFilter
    search_fields = ["motive", "document_numbers", "bill__number"]
    ordering_fields = ["timestamp", "for_count", "against_count", "abstain_count"]
    ordering = ["-timestamp", "-number", "-id"]

    def include_ballots(self) -> bool:
        if getattr(self, "swagger_fake_view", False):
            return True  # the schema lists the optional field
        return self.action == "retrieve" or self.request.query_params.get("include") == "ballots"

    def get_queryset(self) -> QuerySet[Vote]:
        votes = Vote.objects.select_related("term", "sitting", "bill")
        if self.include_ballots():
            ballots = Ballot.objects.select_related("deputy", "faction").order_by(
                "deputy__last_name", "deputy__first_name", "id"
            )
            votes = votes.prefetch_related(Prefetch("ballots", queryset=ballots))
        return votes

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.VoteDetailSerializer
        return serializers.VoteListSerializer

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "include_ballots": self.include_ballots()}


class BillViewSet(viewsets.ReadOnlyModelViewSet):
    """Bills and draft decisions with their stages through the Saeima."""

    queryset = (
        Bill.objects.select_related("term")
        .prefetch_related("stages")
        .order_by("-term__number", "number")
    )
    serializer_class = serializers.BillSerializer
    filter_backends = SEARCH_AND_FILTER
    filterset_class = BillFilter
    search_fields = ["number", "title", "law_title"]


class InitiativeViewSet(viewsets.ReadOnlyModelViewSet):
    """Citizen initiatives with the bills and decisions they are linked to."""

    queryset = Initiative.objects.prefetch_related(
        Prefetch("bill_links", queryset=InitiativeBill.objects.select_related("bill"))
    ).order_by("-published_on", "id")
    serializer_class = serializers.InitiativeSerializer
    filter_backends = SEARCH_AND_FILTER
    filterset_class = InitiativeFilter
    search_fields = ["title", "title_en", "summary", "author"]


class QuestionResultViewSet(viewsets.ReadOnlyModelViewSet):
    """Published questions with the totals of citizens' answers, never an individual answer.

    Per-choice totals are null below the minimum number of answers (``answers.min_answers``).
    """

    serializer_class = serializers.QuestionResultSerializer
    filter_backends = SEARCH_AND_FILTER
    filterset_class = QuestionResultFilter
    search_fields = ["text", "text_en", "text_ru"]

    def get_queryset(self) -> QuerySet[Question]:
        return (
            Question.objects.filter(published_at__isnull=False)
            .select_related("topic")
            .prefetch_related("question_votes")
            .annotate(
                answers_total=Count("answers", distinct=True),
                answers_for=Count("answers", filter=Q(answers__choice="for"), distinct=True),
                answers_against=Count(
                    "answers", filter=Q(answers__choice="against"), distinct=True
                ),
                answers_abstain=Count(
                    "answers", filter=Q(answers__choice="abstain"), distinct=True
                ),
            )
            .order_by("-published_at", "-id")
        )


# -- the dashboards' figures ----------------------------------------------------------------------

FIGURE_PARAMETERS = [
    OpenApiParameter("term", OpenApiTypes.INT, description="Saeima number (default: newest)."),
    OpenApiParameter(
        "period", OpenApiTypes.STR, enum=[code for code, _ in PERIOD_CHOICES], description="Period."
    ),
    OpenApiParameter("year", OpenApiTypes.INT, description="With period=year."),
    OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM, with period=month."),
    OpenApiParameter("start", OpenApiTypes.DATE, description="First day, with period=custom."),
    OpenApiParameter("end", OpenApiTypes.DATE, description="Last day, with period=custom."),
    OpenApiParameter("topic", OpenApiTypes.STR, description="Topic slug (votes behind questions)."),
    OpenApiParameter(
        "view",
        OpenApiTypes.STR,
        enum=["stated", "effective"],
        description="stated: abstaining is half-way; effective: abstaining counts as against.",
    ),
]


def _figure_filters(request: Request) -> DashboardFilters:
    if not Term.objects.exists():
        raise Http404("No Saeima votes have been loaded yet.")
    form, chosen = filters_from_request(request.query_params)
    if chosen is None:
        raise ValidationError(form.errors.get_json_data())
    return chosen


def _filters_data(chosen: DashboardFilters) -> dict:
    return {
        "term": chosen.term.number,
        "period": chosen.period,
        "start": chosen.start,
        "end": chosen.end,
        "topic": chosen.topic.slug if chosen.topic else None,
        "view": chosen.view,
    }


def _faction(ref: insights.FactionRef) -> dict:
    return {"id": ref.id, "short_name": ref.short_name, "name": ref.name, "colour": ref.colour}


class AlignmentFigureApi(APIView):
    """Faction × faction agreement over a period and topic (the faction alignment dashboard)."""

    @extend_schema(parameters=FIGURE_PARAMETERS, responses=serializers.AlignmentFigureSerializer)
    def get(self, request: Request) -> Response:
        chosen = _figure_filters(request)
        data = insights.faction_alignment_data(filters=chosen)
        payload = {
            "filters": _filters_data(chosen),
            "votes": data.votes,
            "min_overlap": insights.ALIGNMENT_MIN_OVERLAP,
            "factions": [_faction(f) for f in data.factions],
            "agreement": [list(row) for row in data.agreement],
            "shared_votes": [list(row) for row in data.overlap],
        }
        return Response(serializers.AlignmentFigureSerializer(payload).data)


class CohesionFigureApi(APIView):
    """Each faction's Agreement Index per month, with coalition flags (the cohesion dashboard)."""

    @extend_schema(parameters=FIGURE_PARAMETERS, responses=serializers.CohesionFigureSerializer)
    def get(self, request: Request) -> Response:
        chosen = _figure_filters(request)
        data = insights.cohesion_data(filters=chosen)
        payload = {
            "filters": _filters_data(chosen),
            "votes": data.votes,
            "coalition_loaded": data.coalition_loaded,
            "factions": [
                {
                    "faction": _faction(s.faction),
                    "mean": s.mean,
                    "votes": s.votes,
                    "mean_members": s.mean_members,
                    "small": s.small,
                    "months": [
                        {
                            "month": month,
                            "agreement_index": s.values[k],
                            "votes": s.counts[k],
                            "coalition": None if s.coalition is None else s.coalition[k],
                        }
                        for k, month in enumerate(data.months)
                    ],
                }
                for s in data.series
            ],
        }
        return Response(serializers.CohesionFigureSerializer(payload).data)


# -- bulk exports ---------------------------------------------------------------------------------


class ExportListApi(APIView):
    """The bulk files: per term the votes with ballots as CSV (import_dump layout) and JSON, and
    the totals of citizens' answers per question. Regenerated after each ingest."""

    pagination_class = None

    @extend_schema(responses=serializers.ExportFileSerializer(many=True))
    def get(self, request: Request) -> Response:
        items = [
            {
                "name": item.name,
                "url": reverse("export-file", kwargs={"name": item.name}, request=request),
                "size": item.size,
                "generated_at": item.generated_at,
                "format": item.format,
                "term": item.term,
                "description": item.description,
            }
            for item in export_list()
        ]
        return Response(serializers.ExportFileSerializer(items, many=True).data)


class ExportFileApi(APIView):
    """One bulk file, as an attachment. Downloads have their own, lower rate limit."""

    throttle_classes = [AnonThrottle, UserThrottle, ScopedThrottle]
    throttle_scope = "exports"

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: None},
    )
    def get(self, request: Request, name: str) -> FileResponse:
        path = export_path(name)
        if path is None:
            raise Http404("No such export.")
        return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
