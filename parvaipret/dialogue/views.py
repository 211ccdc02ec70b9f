"""Dialogue pages: public responses and positions, citizens' marks, the deputy's office, moderation.

Views parse the request, call one service or selector, and render; the services check who may
do what (PermissionDenied becomes 403) and raise ApplicationError for rule violations, which
the pages show as messages.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parvaipret.core.exceptions import ApplicationError
from parvaipret.core.ratelimit import ratelimit
from parvaipret.dialogue import selectors, services
from parvaipret.dialogue.forms import (
    DeputyAccountRequestForm,
    ModerationForm,
    ResponseForm,
    ResponseReportForm,
)
from parvaipret.dialogue.models import DeputyAccount, Response
from parvaipret.dialogue.templatetags.dialogue import responses_context
from parvaipret.legislation.models import Initiative
from parvaipret.parliament.models import Deputy, Faction, Vote
from parvaipret.participation.models import Question

TARGET_MODELS = {"question": Question, "vote": Vote, "initiative": Initiative}


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


# --- public pages ---------------------------------------------------------------------------


@require_GET
def response_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.response_list_public(), 20).get_page(request.GET.get("page"))
    context = responses_context({"request": request}, page.object_list, show_target=True)
    return render(request, "dialogue/response_index.html", {**context, "page": page})


@require_GET
def response_detail(request: HttpRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(selectors.response_list_public(), pk=pk)
    context = responses_context({"request": request}, [response], show_target=True)
    return render(
        request,
        "dialogue/response_detail.html",
        {**context, "response": response, "revisions": response.revisions.all()},
    )


@require_GET
def public_positions(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = get_object_or_404(Deputy, pk=pk)
    context = responses_context({"request": request}, selectors.responses_for(target=deputy))
    return render(
        request,
        "dialogue/public_positions.html",
        {
            **context,
            "deputy": deputy,
            "positions": selectors.public_positions(deputy=deputy),
            "rate": selectors.deputy_response_rate(deputy=deputy),
            "subject": deputy,
            "is_deputy": True,
            "is_following": selectors.deputy_is_followed(user=request.user, deputy=deputy),
            "follower_count": selectors.deputy_follower_count(deputy=deputy),
            "min_answers": selectors.CLEAR_GAP_MIN_ANSWERS,
            "min_share": round(selectors.CLEAR_GAP_MIN_SHARE * 100),
            "account": selectors.deputy_account_for_user(user=request.user),
        },
    )


@require_GET
def question_responses(request: HttpRequest, pk: int) -> HttpResponse:
    """A published question's public answer counts, its roll calls, and deputies' responses."""
    question = get_object_or_404(Question.objects.filter(published_at__isnull=False), pk=pk)
    context = responses_context({"request": request}, selectors.responses_for(target=question))
    return render(
        request,
        "dialogue/question_responses.html",
        {
            **context,
            "question": question,
            "tally": selectors.answer_tallies(question_ids=[question.pk]).get(
                question.pk, selectors.AnswerTally()
            ),
            "question_votes": question.question_votes.select_related("vote").order_by(
                "vote__timestamp"
            ),
            "account": selectors.deputy_account_for_user(user=request.user),
        },
    )


@require_GET
def faction_responses(request: HttpRequest, pk: int) -> HttpResponse:
    faction = get_object_or_404(Faction.objects.select_related("term"), pk=pk)
    context = responses_context({"request": request}, selectors.responses_for(target=faction))
    return render(
        request,
        "dialogue/faction_responses.html",
        {
            **context,
            "faction": faction,
            "subject": faction,
            "is_deputy": False,
            "rate": selectors.faction_response_rate(faction=faction),
            "min_answers": selectors.CLEAR_GAP_MIN_ANSWERS,
            "min_share": round(selectors.CLEAR_GAP_MIN_SHARE * 100),
        },
    )


@require_GET
def response_rates(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "dialogue/response_rates.html",
        {
            "deputies": selectors.response_rates_by_deputy(),
            "factions": selectors.response_rates_by_faction(),
            "min_answers": selectors.CLEAR_GAP_MIN_ANSWERS,
            "min_share": round(selectors.CLEAR_GAP_MIN_SHARE * 100),
        },
    )


# --- citizens -------------------------------------------------------------------------------


@login_required
@require_POST
@ratelimit(scope="dialogue-react", rate="60/h")
def response_react(request: HttpRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(Response, pk=pk)
    mark = request.POST.get("mark")
    try:
        if mark == "clear":
            services.response_reaction_clear(response=response, user=request.user)
        elif mark in ("helpful", "unhelpful"):
            services.response_react(response=response, user=request.user, helpful=mark == "helpful")
        else:
            return HttpResponse(_("Choose helpful or not helpful."), status=400)
    except ApplicationError as error:
        messages.error(request, _(error.message))
    return redirect(_next_url(request, reverse("dialogue:response_detail", args=[pk])))


@login_required
@ratelimit(scope="dialogue-report", rate="10/h")
def response_report(request: HttpRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(selectors.response_list_public(), pk=pk)
    form = ResponseReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_report(
                response=response, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            messages.error(request, _(error.message))
        else:
            messages.success(request, _("Thank you: the moderators will look at this response."))
        return redirect(_next_url(request, reverse("dialogue:response_detail", args=[pk])))
    return render(
        request,
        "dialogue/response_report.html",
        {"response": response, "form": form, "next": _next_url(request, "")},
    )


@login_required
@require_POST
@ratelimit(scope="dialogue-follow", rate="60/h")
def deputy_follow(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = get_object_or_404(Deputy, pk=pk)
    if request.POST.get("action") == "unfollow":
        services.deputy_unfollow(user=request.user, deputy=deputy)
    else:
        services.deputy_follow(user=request.user, deputy=deputy)
    return redirect(_next_url(request, reverse("dialogue:public_positions", args=[pk])))


@login_required
@require_GET
def following(request: HttpRequest) -> HttpResponse:
    responses = selectors.response_list_followed(user=request.user)
    page = Paginator(responses, 20).get_page(request.GET.get("page"))
    context = responses_context({"request": request}, page.object_list)
    return render(
        request,
        "dialogue/following.html",
        {**context, "page": page, "deputies": selectors.deputy_list_followed(user=request.user)},
    )


# --- the deputy's office --------------------------------------------------------------------


@login_required
@ratelimit(scope="dialogue-account-request", rate="5/h")
def office(request: HttpRequest) -> HttpResponse:
    """The deputy's (or office's) home: status, positions to respond to, own responses."""
    account = selectors.deputy_account_for_user(user=request.user)
    if account is None:
        form = DeputyAccountRequestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.deputy_account_register(
                    user=request.user,
                    deputy=form.cleaned_data["deputy"],
                    faction=form.cleaned_data["faction"],
                    evidence=form.cleaned_data["evidence"],
                )
            except ApplicationError as error:
                messages.error(request, _(error.message))
            return redirect("dialogue:office")
        return render(request, "dialogue/office_request.html", {"form": form})
    context = {
        "account": account,
        "min_answers": selectors.CLEAR_GAP_MIN_ANSWERS,
        "min_share": round(selectors.CLEAR_GAP_MIN_SHARE * 100),
    }
    if account.is_verified:
        context["responses"] = selectors.response_list_for_account(account=account)
        context["digest"] = getattr(account, "digest_subscription", None)
        if account.deputy_id:
            context["positions"] = selectors.public_positions(deputy=account.deputy, limit=20)
            context["ballots"] = selectors.deputy_recent_ballots(deputy=account.deputy)
            context["rate"] = selectors.deputy_response_rate(deputy=account.deputy)
        else:
            context["rate"] = selectors.faction_response_rate(faction=account.faction)
    return render(request, "dialogue/office.html", context)


def _verified_account(request: HttpRequest) -> DeputyAccount:
    account = selectors.deputy_account_for_user(user=request.user)
    if account is None or not account.is_verified:
        raise PermissionDenied(_(services.NOT_VERIFIED))
    return account


@login_required
@ratelimit(scope="dialogue-respond", rate="20/h")
def response_create(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    account = _verified_account(request)
    if kind not in TARGET_MODELS:
        raise Http404
    target = get_object_or_404(TARGET_MODELS[kind], pk=pk)
    form = ResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            response = services.response_submit(
                deputy_account=account, target=target, text=form.cleaned_data["text"]
            )
        except ApplicationError as error:
            form.add_error(None, _(error.message))
        else:
            messages.success(request, _("Your response is published."))
            return redirect("dialogue:response_detail", pk=response.pk)
    return render(
        request,
        "dialogue/response_form.html",
        {"form": form, "account": account, "kind": kind, "target": target},
    )


@login_required
@ratelimit(scope="dialogue-edit", rate="30/h")
def response_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = _verified_account(request)
    response = get_object_or_404(Response, pk=pk)
    if not selectors.response_is_own(account=account, response=response):
        raise PermissionDenied(_(services.NOT_OWN_RESPONSE))
    form = ResponseForm(request.POST or None, initial={"text": response.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.response_edit(
                response=response, deputy_account=account, text=form.cleaned_data["text"]
            )
        except ApplicationError as error:
            form.add_error(None, _(error.message))
        else:
            messages.success(request, _("Your response is updated; the earlier text is kept."))
            return redirect("dialogue:response_detail", pk=response.pk)
    target = response.question or response.vote or response.initiative
    return render(
        request,
        "dialogue/response_form.html",
        {"form": form, "account": account, "response": response, "target": target},
    )


@login_required
@require_POST
@ratelimit(scope="dialogue-edit", rate="30/h")
def response_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(Response, pk=pk)
    services.response_withdraw(response=response, deputy_account=_verified_account(request))
    messages.success(request, _("Your response is withdrawn."))
    return redirect("dialogue:office")


@login_required
@require_POST
@ratelimit(scope="dialogue-digest", rate="20/h")
def digest_toggle(request: HttpRequest) -> HttpResponse:
    services.digest_subscription_set(
        deputy_account=_verified_account(request), active=request.POST.get("active") == "1"
    )
    return redirect("dialogue:office")


# --- moderation -----------------------------------------------------------------------------


def _require_moderator(request: HttpRequest) -> None:
    if not selectors.user_can_moderate(user=request.user):
        raise PermissionDenied(_(services.NOT_MODERATOR))


@login_required
@require_GET
def moderation(request: HttpRequest) -> HttpResponse:
    _require_moderator(request)
    reported = list(selectors.response_list_reported()[:100])
    for response in reported:
        response.report_reasons = selectors.response_report_reasons(response=response)
    hidden = selectors.response_list_public().filter(state=Response.State.HIDDEN)[:50]
    return render(request, "dialogue/moderation.html", {"reported": reported, "hidden": hidden})


@login_required
@ratelimit(scope="dialogue-moderate", rate="300/h")
def response_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_moderator(request)
    response = get_object_or_404(selectors.response_list_public(), pk=pk)
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
        try:
            with transaction.atomic():
                if decision == "dismiss":
                    services.response_reports_dismiss(response=response, moderator=request.user)
                else:
                    services.response_moderate(
                        response=response, decision=decision, moderator=request.user, reason=reason
                    )
        except ApplicationError as error:
            form.add_error(None, _(error.message))
        else:
            messages.success(request, _("Done."))
            return redirect("dialogue:moderation")
    return render(
        request,
        "dialogue/response_moderate.html",
        {
            "form": form,
            "response": response,
            "report_reasons": selectors.response_report_reasons(response=response),
        },
    )
