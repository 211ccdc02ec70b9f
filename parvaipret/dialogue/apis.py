"""Dialogue API: published responses to read; marks and reports for signed-in users."""

from django.shortcuts import get_object_or_404

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from parvaipret.core.ratelimit import ratelimit
from parvaipret.dialogue import selectors, services
from parvaipret.dialogue.models import Response
from parvaipret.dialogue.serializers import (
    ResponsePublicSerializer,
    ResponseReactionInputSerializer,
    ResponseReactionOutputSerializer,
    ResponseReportInputSerializer,
    ResponseReportOutputSerializer,
)


class ResponseViewSet(viewsets.ReadOnlyModelViewSet):
    """Deputies' and factions' responses: published ones with their text, hidden ones with the
    moderators' reason in `hidden_notice`. Withdrawn responses are not listed."""

    serializer_class = ResponsePublicSerializer
    filterset_fields = ["deputy", "faction", "question", "vote", "initiative", "state"]

    def get_queryset(self):
        return selectors.response_list_public()


def _reaction_counts(response: Response, user) -> dict:
    counted = selectors.response_list_public().get(pk=response.pk)
    return {
        "helpful": selectors.reactions_of_user(user=user, responses=[response]).get(response.pk),
        "helpful_count": counted.helpful_count,
        "unhelpful_count": counted.unhelpful_count,
    }


class ResponseReactApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=ResponseReactionInputSerializer, responses=ResponseReactionOutputSerializer
    )
    @ratelimit(scope="dialogue-react", rate="60/h")
    def post(self, request, pk: int):
        response = get_object_or_404(Response, pk=pk)
        serializer = ResponseReactionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.response_react(
            response=response, user=request.user, helpful=serializer.validated_data["helpful"]
        )
        return ApiResponse(
            ResponseReactionOutputSerializer(_reaction_counts(response, request.user)).data
        )

    @extend_schema(request=None, responses=ResponseReactionOutputSerializer)
    @ratelimit(scope="dialogue-react", rate="60/h", methods=("DELETE",))
    def delete(self, request, pk: int):
        response = get_object_or_404(Response, pk=pk)
        services.response_reaction_clear(response=response, user=request.user)
        return ApiResponse(
            ResponseReactionOutputSerializer(_reaction_counts(response, request.user)).data
        )


class ResponseReportApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=ResponseReportInputSerializer, responses={201: ResponseReportOutputSerializer}
    )
    @ratelimit(scope="dialogue-report", rate="10/h")
    def post(self, request, pk: int):
        response = get_object_or_404(Response, pk=pk)
        serializer = ResponseReportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.response_report(
            response=response, user=request.user, reason=serializer.validated_data["reason"]
        )
        return ApiResponse(
            ResponseReportOutputSerializer(report).data, status=status.HTTP_201_CREATED
        )
