from django.urls import path

from . import feeds, views

app_name = "legislation"

urlpatterns = [
    path("bills/", views.bill_list, name="bill_list"),
    path("bills/<int:pk>/", views.bill_detail, name="bill_detail"),
    path("bills/<int:pk>/feed/", feeds.BillFeed(), name="bill_feed"),
    path("initiatives/", views.initiative_list, name="initiative_list"),
    path("initiatives/<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("initiatives/<int:pk>/feed/", feeds.InitiativeFeed(), name="initiative_feed"),
    path("search/", views.search, name="search"),
    path("follow/confirm/<str:token>/", views.follow_confirm, name="follow_confirm"),
    path("follow/unsubscribe/<str:token>/", views.follow_unsubscribe, name="follow_unsubscribe"),
    path("follow/<str:kind>/<int:pk>/", views.follow, name="follow"),
    path("follow/<str:kind>/<int:pk>/stop/", views.follow_stop, name="follow_stop"),
]
