"""Pages of bills and initiatives (timelines, votes, faction positions), following them by
e-mail or account, and search. Each view: parse, one selector or service call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from parvaipret.core.exceptions import ApplicationError
from parvaipret.core.ratelimit import ratelimit
from parvaipret.legislation import selectors, services
from parvaipret.legislation.forms import FollowForm, SearchForm
from parvaipret.legislation.models import Bill, Initiative

FOLLOW_RATE = "10/h"
CONFIRMATION_SENT = gettext_lazy(
    "If the address is right, an e-mail with a confirmation link is on its way. Nothing is "
    "sent before you confirm."
)


def _query(request: HttpRequest) -> str:
    form = SearchForm(request.GET)
    return form.cleaned_data["q"].strip() if form.is_valid() else ""


def bill_list(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    page = Paginator(selectors.bill_list(query=query), 50).get_page(request.GET.get("page"))
    return render(request, "legislation/bill_list.html", {"page": page, "query": query})


def bill_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bill = selectors.bill_get(pk=pk)
    if bill is None:
        raise Http404
    context = {
        "bill": bill,
        "timeline": selectors.bill_timeline(bill=bill),
        "other_votes": selectors.bill_other_votes(bill=bill),
        "initiative_links": bill.initiative_links.select_related("initiative"),
        "follow_form": FollowForm(),
        "following": selectors.user_follows(user=request.user, target=bill),
        "follow_kind": "bill",
    }
    return render(request, "legislation/bill_detail.html", context)


def initiative_list(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    page = Paginator(selectors.initiative_list(query=query), 50).get_page(request.GET.get("page"))
    return render(request, "legislation/initiative_list.html", {"page": page, "query": query})


def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.initiative_get(pk=pk)
    if initiative is None:
        raise Http404
    context = {
        "initiative": initiative,
        "timeline": selectors.initiative_timeline(initiative=initiative),
        "outcome": selectors.initiative_outcome(initiative=initiative),
        "follow_form": FollowForm(),
        "following": selectors.user_follows(user=request.user, target=initiative),
        "follow_kind": "initiative",
    }
    return render(request, "legislation/initiative_detail.html", context)


def search(request: HttpRequest) -> HttpResponse:
    results = selectors.legislation_search(query=_query(request))
    return render(
        request, "legislation/search.html", {"results": results, "form": SearchForm(request.GET)}
    )


# --- following ---------------------------------------------------------------------------------


def _target(kind: str, pk: int) -> Bill | Initiative:
    model = {"bill": Bill, "initiative": Initiative}.get(kind)
    target = model.objects.filter(pk=pk).first() if model else None
    if target is None:
        raise Http404
    return target


def _target_page(target: Bill | Initiative) -> HttpResponse:
    name = (
        "legislation:bill_detail" if isinstance(target, Bill) else "legislation:initiative_detail"
    )
    return redirect(name, pk=target.pk)


@require_POST
@ratelimit(scope="follow", rate=FOLLOW_RATE)
def follow(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    target = _target(kind, pk)
    form = FollowForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a valid e-mail address."))
        return _target_page(target)
    if form.cleaned_data["website"]:
        messages.success(request, CONFIRMATION_SENT)
        return _target_page(target)
    signed_in = request.user.is_authenticated
    try:
        services.subscription_create(
            target=target,
            user=request.user if signed_in else None,
            email="" if signed_in else form.cleaned_data["email"],
            language=translation.get_language() or "",
        )
    except ApplicationError as error:
        messages.error(request, _(error.message))
        return _target_page(target)
    if signed_in:
        messages.success(request, _("You follow this now: news comes to your account's e-mail."))
    else:
        messages.success(request, CONFIRMATION_SENT)
    return _target_page(target)


@require_POST
@login_required
def follow_stop(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    target = _target(kind, pk)
    if services.subscription_stop(user=request.user, target=target):
        messages.success(request, _("You no longer follow this."))
    return _target_page(target)


@require_http_methods(["GET", "POST"])
def follow_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: a link scanner opening the mail confirms nothing."""
    subscription = selectors.subscription_by_token(token=token)
    if subscription is None:
        return render(request, "legislation/follow_invalid.html", status=404)
    if request.method == "POST":
        subscription = services.subscription_confirm(token=token)
    context = {"subscription": subscription, "target": services.subscription_target(subscription)}
    return render(request, "legislation/follow_confirm.html", context)


@csrf_exempt  # the secret token is the proof; mail clients POST here without a CSRF cookie
@require_http_methods(["GET", "POST"])
def follow_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """POST (the mail client's one-click, RFC 8058, or the page's button) unsubscribes; GET
    shows the button, so a link scanner cannot unsubscribe anybody."""
    subscription = selectors.subscription_by_token(token=token)
    if subscription is None:
        return render(request, "legislation/follow_invalid.html", status=404)
    if request.method == "POST":
        subscription = services.subscription_unsubscribe(token=token)
    context = {"subscription": subscription, "target": services.subscription_target(subscription)}
    return render(request, "legislation/follow_unsubscribe.html", context)
