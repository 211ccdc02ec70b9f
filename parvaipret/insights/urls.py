"""The dashboards, mounted at /dashboards/ (config/urls.py). Filters travel as GET parameters."""

from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("alignment/", views.alignment, name="alignment"),
    path("alignment/split/", views.split_votes, name="split_votes"),
    path("cohesion/", views.cohesion, name="cohesion"),
    path("rebels/", views.rebels, name="rebels"),
    path("attendance/", views.attendance, name="attendance"),
    path("map/", views.deputy_map, name="map"),
    path("public/", views.public, name="public"),
    path("deputies/<int:pk>/", views.deputy, name="deputy"),
    path("deputies/<int:pk>/votes/", views.deputy_votes, name="deputy_votes"),
    path("factions/<int:pk>/", views.faction, name="faction"),
]
