"""The participation API: published questions, submitting answers, reading results.

A respondent is identified by the private token in the ``X-Respondent-Token`` header (or the
site's cookie); a signed-in session uses the account's respondent.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from parvaipret.api.caching import cached_list_response
from parvaipret.core.exceptions import ApplicationError
from parvaipret.core.ratelimit import ratelimit
from parvaipret.participation import selectors, services
from parvaipret.participation.models import Respondent
from parvaipret.participation.serializers import (
    AnswerInputSerializer,
    AnswerSubmitOutputSerializer,
    QuestionListSerializer,
    RespondentDeleteOutputSerializer,
    RespondentExportSerializer,
    RespondentResultsSerializer,
    respondent_results_data,
)
from parvaipret.participation.views import ANSWER_RATE, COOKIE_NAME

RESPONDENT_HEADER = "X-Respondent-Token"
QUESTIONS_CACHE_PREFIX = "participation:questions:v1"
NO_RESPONDENT_MESSAGE = f"No respondent: send the private token in the {RESPONDENT_HEADER} header."

RESPONDENT_PARAMETER = OpenApiParameter(
    RESPONDENT_HEADER,
    OpenApiTypes.UUID,
    OpenApiParameter.HEADER,
    description="The respondent's private token (returned by the first answer submission).",
)
LANGUAGE_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["lv", "en", "ru"],
    description="Language of the texts (default: Accept-Language, else Latvian).",
)
VIEW_PARAMETER = OpenApiParameter(
    "view",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=list(selectors.VIEWS),
    description="Ranking: stated (abstain = half) or effective (abstain counts as against).",
)


def request_language(request: HttpRequest) -> str:
    """``?lang=``, else the Accept-Language header (not the URL: the API has no prefix)."""
    supported = {code for code, _ in settings.LANGUAGES}
    asked = request.GET.get("lang", "")[:2].lower()
    if asked in supported:
        return asked
    return translation.get_language_from_request(request, check_path=False)


class LanguageMixin:
    """Texts and validation messages in the language the client asked for."""

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        language = request_language(request)
        with translation.override(language):
            response = super().dispatch(request, *args, **kwargs)
        response["Content-Language"] = language
        return response


def request_token(request: Request) -> str | None:
    return request.headers.get(RESPONDENT_HEADER) or request.COOKIES.get(COOKIE_NAME) or None


class QuestionListApi(LanguageMixin, ListAPIView):
    """Published questions, newest vote first."""

    serializer_class = QuestionListSerializer

    def get_queryset(self):
        return selectors.question_list_published()

    @extend_schema(parameters=[LANGUAGE_PARAMETER])
    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list(request, *args, **kwargs)

    def list(self, request: Request, *args, **kwargs) -> Response:
        """The serialized list is cached per language and version of the questions and votes."""
        version = selectors.question_list_version()
        key = f"{QUESTIONS_CACHE_PREFIX}:{translation.get_language()}:{version}"
        return cached_list_response(self, key)


class AnswerSubmitApi(LanguageMixin, APIView):
    """Submit answers; creates an anonymous respondent when no token is given."""

    @extend_schema(
        request=AnswerInputSerializer,
        responses={200: AnswerSubmitOutputSerializer, 201: AnswerSubmitOutputSerializer},
        parameters=[RESPONDENT_PARAMETER, LANGUAGE_PARAMETER],
    )
    @ratelimit(scope="answer", rate=ANSWER_RATE)
    def post(self, request: Request) -> Response:
        serializer = AnswerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        submitted = services.respondent_answers_submit(
            token=request_token(request),
            user=request.user,
            answers=[
                services.AnswerInput(
                    question_id=item["question"],
                    choice=item["choice"],
                    importance=item["importance"],
                )
                for item in serializer.validated_data["answers"]
            ],
        )
        respondent = submitted.respondent
        output = AnswerSubmitOutputSerializer(
            {
                "token": respondent.token,
                "share_id": respondent.share_id,
                "created": submitted.created,
                "answers": submitted.answers,
            }
        )
        response = Response(
            output.data,
            status=status.HTTP_201_CREATED if submitted.created else status.HTTP_200_OK,
        )
        response[RESPONDENT_HEADER] = str(respondent.token)
        return response


class RespondentResultsApi(LanguageMixin, APIView):
    """Factions and deputies ranked by agreement with the respondent's answers."""

    @extend_schema(
        responses=RespondentResultsSerializer,
        parameters=[RESPONDENT_PARAMETER, VIEW_PARAMETER, LANGUAGE_PARAMETER],
    )
    def get(self, request: Request) -> Response:
        respondent = services.respondent_resolve(
            token=request_token(request), user=request.user, strict=True
        )
        if respondent is None:
            raise ApplicationError(NO_RESPONDENT_MESSAGE)
        view = "effective" if request.query_params.get("view") == "effective" else "stated"
        results = selectors.respondent_results(respondent=respondent, view=view, detail=False)
        return Response(respondent_results_data(results))


class RespondentAnswersApi(APIView):
    """The respondent's own answers: GET downloads everything stored, DELETE removes the answers
    and the respondent (an account stays). The private token is the key, as for answering."""

    def _respondent(self, request: Request) -> Respondent:
        respondent = services.respondent_resolve(
            token=request_token(request), user=request.user, strict=True
        )
        if respondent is None:
            raise ApplicationError(NO_RESPONDENT_MESSAGE)
        return respondent

    @extend_schema(responses=RespondentExportSerializer, parameters=[RESPONDENT_PARAMETER])
    def get(self, request: Request) -> Response:
        data = services.respondent_export(respondent=self._respondent(request))
        response = Response(RespondentExportSerializer(data).data)
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(
        request=None, responses=RespondentDeleteOutputSerializer, parameters=[RESPONDENT_PARAMETER]
    )
    def delete(self, request: Request) -> Response:
        deleted = services.respondent_delete(respondent=self._respondent(request))
        response = Response(RespondentDeleteOutputSerializer({"deleted_answers": deleted}).data)
        if COOKIE_NAME in request.COOKIES:
            response.delete_cookie(COOKIE_NAME)
        return response
