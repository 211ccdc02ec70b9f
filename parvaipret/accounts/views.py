"""Sign-up pages: a citizen's account, and a deputy's (or faction's) office account."""

from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from parvaipret.accounts.forms import SignUpForm
from parvaipret.core.ratelimit import ratelimit
from parvaipret.dialogue.forms import DeputyAccountRequestForm
from parvaipret.dialogue.services import deputy_account_register

SIGNUP_RATE = "5/h"  # new accounts per IP address per hour


def _safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if ok else default


@ratelimit(scope="signup", rate=SIGNUP_RATE, key="ip")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(_safe_next(request, "home"))
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next(request, "")})


@ratelimit(scope="signup", rate=SIGNUP_RATE, key="ip")
def signup_deputy_office(request: HttpRequest) -> HttpResponse:
    """A new account asking to speak for a deputy or faction; staff verify it before it posts."""
    if request.user.is_authenticated:
        return redirect("dialogue:office")  # a signed-in user asks for the link there
    form = SignUpForm(request.POST or None, prefix="user")
    link_form = DeputyAccountRequestForm(request.POST or None, prefix="link")
    if request.method == "POST" and form.is_valid() and link_form.is_valid():
        with transaction.atomic():
            user = form.save()
            deputy_account_register(
                user=user,
                deputy=link_form.cleaned_data["deputy"],
                faction=link_form.cleaned_data["faction"],
                evidence=link_form.cleaned_data["evidence"],
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("dialogue:office")
    return render(
        request, "accounts/signup_deputy_office.html", {"form": form, "link_form": link_form}
    )
