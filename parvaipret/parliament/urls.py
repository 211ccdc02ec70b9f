from django.urls import path

from . import views

app_name = "parliament"

urlpatterns = [
    path("votes/", views.vote_list, name="vote_list"),
    path("votes/<int:pk>/", views.vote_detail, name="vote_detail"),
    path("deputies/", views.deputy_list, name="deputy_list"),
    path("deputies/<int:pk>/", views.deputy_detail, name="deputy_detail"),
    path("factions/", views.faction_list, name="faction_list"),
    path("factions/<int:pk>/", views.faction_detail, name="faction_detail"),
    path("sittings/", views.sitting_list, name="sitting_list"),
    path("sittings/<int:pk>/", views.sitting_detail, name="sitting_detail"),
]
