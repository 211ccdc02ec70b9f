"""Every URL of the project: pages under i18n prefixes (Latvian has none), the API under /api/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("parvaipret.api.urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("parvaipret.accounts.urls")),
    path("", include("parvaipret.core.urls")),
    path("", include("parvaipret.parliament.urls")),
    path("", include("parvaipret.legislation.urls")),
    path("", include("parvaipret.participation.urls")),
    path("", include("parvaipret.dialogue.urls")),
    path("dashboards/", include("parvaipret.insights.urls")),
    prefix_default_language=False,
)
