"""The API: every endpoint routed here under /api/v1/, plus the OpenAPI schema and docs."""

from django.urls import include, path

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from parvaipret.api import apis
from parvaipret.dialogue import apis as dialogue_apis
from parvaipret.legislation import apis as legislation_apis
from parvaipret.participation import apis as participation_apis

router = DefaultRouter()
router.register("terms", apis.TermViewSet, basename="term")
router.register("factions", apis.FactionViewSet, basename="faction")
router.register("deputies", apis.DeputyViewSet, basename="deputy")
router.register("memberships", apis.MembershipViewSet, basename="membership")
router.register("votes", apis.VoteViewSet, basename="vote")
router.register("bills", apis.BillViewSet, basename="bill")
router.register("initiatives", apis.InitiativeViewSet, basename="initiative")
router.register("question-results", apis.QuestionResultViewSet, basename="question-result")
router.register("responses", dialogue_apis.ResponseViewSet, basename="response")

urlpatterns = [
    path("v1/", include(router.urls)),
    path(
        "v1/responses/<int:pk>/reaction/",
        dialogue_apis.ResponseReactApi.as_view(),
        name="response-reaction",
    ),
    path(
        "v1/responses/<int:pk>/report/",
        dialogue_apis.ResponseReportApi.as_view(),
        name="response-report",
    ),
    path(
        "v1/initiatives/<int:pk>/timeline/",
        legislation_apis.InitiativeTimelineApi.as_view(),
        name="initiative-timeline",
    ),
    path(
        "v1/bills/<int:pk>/timeline/",
        legislation_apis.BillTimelineApi.as_view(),
        name="bill-timeline",
    ),
    path("v1/follow/", legislation_apis.FollowCreateApi.as_view(), name="follow-create"),
    path("v1/questions/", participation_apis.QuestionListApi.as_view(), name="question-list"),
    path("v1/answers/", participation_apis.AnswerSubmitApi.as_view(), name="answer-submit"),
    path(
        "v1/answers/mine/", participation_apis.RespondentAnswersApi.as_view(), name="answers-mine"
    ),
    path("v1/results/", participation_apis.RespondentResultsApi.as_view(), name="results"),
    path("v1/figures/alignment/", apis.AlignmentFigureApi.as_view(), name="figure-alignment"),
    path("v1/figures/cohesion/", apis.CohesionFigureApi.as_view(), name="figure-cohesion"),
    path("v1/exports/", apis.ExportListApi.as_view(), name="export-list"),
    path("v1/exports/<str:name>", apis.ExportFileApi.as_view(), name="export-file"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
