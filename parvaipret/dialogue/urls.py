from django.urls import path

from . import views

app_name = "dialogue"

urlpatterns = [
    path("dialogue/", views.response_index, name="response_index"),
    path("dialogue/response-rates/", views.response_rates, name="response_rates"),
    path("dialogue/responses/<int:pk>/", views.response_detail, name="response_detail"),
    path("dialogue/responses/<int:pk>/react/", views.response_react, name="response_react"),
    path("dialogue/responses/<int:pk>/report/", views.response_report, name="response_report"),
    path("dialogue/deputies/<int:pk>/", views.public_positions, name="public_positions"),
    path("dialogue/deputies/<int:pk>/follow/", views.deputy_follow, name="deputy_follow"),
    path("dialogue/factions/<int:pk>/", views.faction_responses, name="faction_responses"),
    path("dialogue/questions/<int:pk>/", views.question_responses, name="question_responses"),
    path("dialogue/following/", views.following, name="following"),
    path("dialogue/moderation/", views.moderation, name="moderation"),
    path(
        "dialogue/moderation/responses/<int:pk>/",
        views.response_moderate,
        name="response_moderate",
    ),
    path("deputy-office/", views.office, name="office"),
    path(
        "deputy-office/respond/<str:kind>/<int:pk>/",
        views.response_create,
        name="response_create",
    ),
    path("deputy-office/responses/<int:pk>/edit/", views.response_edit, name="response_edit"),
    path(
        "deputy-office/responses/<int:pk>/withdraw/",
        views.response_withdraw,
        name="response_withdraw",
    ),
    path("deputy-office/digest/", views.digest_toggle, name="digest_toggle"),
]
