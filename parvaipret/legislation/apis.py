"""The legislation-specific API: an initiative's or a bill's timeline, and following."""

from django.http import Http404
from django.utils import translation

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from parvaipret.core.ratelimit import ratelimit
from parvaipret.legislation import selectors, services
from parvaipret.legislation.models import Bill, Initiative
from parvaipret.legislation.serializers import (
    FollowInputSerializer,
    FollowOutputSerializer,
    TimelineEventSerializer,
)
from parvaipret.legislation.views import FOLLOW_RATE


class InitiativeTimelineApi(APIView):
    """published → signatures → submitted → Saeima decision (its verb) → committee → the stages
    of the bills it led to, with their votes; undated steps have `date: null`."""

    @extend_schema(responses=TimelineEventSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        initiative = selectors.initiative_get(pk=pk)
        if initiative is None:
            raise Http404
        events = selectors.initiative_timeline(initiative=initiative)
        return Response(TimelineEventSerializer(events, many=True).data)


class BillTimelineApi(APIView):
    """A bill's or decision's stages in card order, each with its roll call and the factions'
    positions in it."""

    @extend_schema(responses=TimelineEventSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        bill = selectors.bill_get(pk=pk)
        if bill is None:
            raise Http404
        return Response(TimelineEventSerializer(selectors.bill_timeline(bill=bill), many=True).data)


class FollowCreateApi(APIView):
    """Follow a bill or an initiative: signed in, at once; otherwise by e-mail, after confirming
    the link sent there (double opt-in)."""

    @extend_schema(request=FollowInputSerializer, responses={202: FollowOutputSerializer})
    @ratelimit(scope="follow", rate=FOLLOW_RATE)
    def post(self, request: Request) -> Response:
        data = FollowInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if "bill" in data.validated_data:
            target = Bill.objects.filter(pk=data.validated_data["bill"]).first()
        else:
            target = Initiative.objects.filter(pk=data.validated_data["initiative"]).first()
        if target is None:
            raise Http404
        signed_in = request.user.is_authenticated
        services.subscription_create(
            target=target,
            user=request.user if signed_in else None,
            email="" if signed_in else data.validated_data.get("email", ""),
            language=translation.get_language() or "",
        )
        answer = {"status": "following" if signed_in else "confirmation_sent"}
        return Response(FollowOutputSerializer(answer).data, status=status.HTTP_202_ACCEPTED)
