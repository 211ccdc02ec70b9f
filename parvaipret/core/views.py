from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from parvaipret.core.selectors import home_counts


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"counts": home_counts()})


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers and `make serve-prod`."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
