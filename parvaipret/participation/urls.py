from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("questions/", views.questionnaire, name="questionnaire"),
    path("results/", views.results, name="results"),
    path("results/share/", views.share_settings, name="share_settings"),
    path(
        "results/mine.json", views.answers_download, {"fmt": "json"}, name="answers_download_json"
    ),
    path("results/mine.csv", views.answers_download, {"fmt": "csv"}, name="answers_download_csv"),
    path("results/delete/", views.answers_delete, name="answers_delete"),
    path("r/<uuid:token>/", views.restore, name="restore"),
    path("s/<uuid:share_id>/", views.shared_results, name="shared_results"),
]
