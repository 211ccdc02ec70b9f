"""The citizen's pages: the questionnaire, the results, the private and the public links.

Anonymous by default: the respondent is a private token kept in a cookie (``COOKIE_NAME``) and
shown as a link (``/r/<token>/``) to come back with. Signing in keeps the answers on the account
(``services.respondent_resolve`` merges the anonymous respondent on the next visit).
"""

from __future__ import annotations

import csv
import io
import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import numpy as np

from dashboards import (
    AgreementEntry,
    DeputyPoint,
    agreement_ranking_bar,
    figure_html,
    ideal_point_map,
)
from parvaipret.core.exceptions import ApplicationError
from parvaipret.core.ratelimit import ratelimit
from parvaipret.participation import selectors, services
from parvaipret.participation.forms import (
    CHOICES,
    IMPORTANCE,
    QuestionnaireForm,
    choice_field,
    importance_field,
)
from parvaipret.participation.models import Respondent
from parvaipret.participation.services import SKIP

COOKIE_NAME = "pvp_respondent"
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie
# Answer submissions (the form and the API share the count) per account or IP address per hour;
# one submission carries many answers, so a person never comes near it.
ANSWER_RATE = "120/h"


@ratelimit(scope="answer", rate=ANSWER_RATE)
def questionnaire(request: HttpRequest) -> HttpResponse:
    respondent = _respondent(request)
    posted = None
    if request.method == "POST":
        form = QuestionnaireForm(request.POST, questions=selectors.question_list_published())
        if form.is_valid():
            respondent = _respondent(request, create=True)
            try:
                services.answers_submit(respondent=respondent, answers=form.answers())
            except ApplicationError as error:
                messages.error(request, _(error.message))
            else:
                if "results" in request.POST:
                    response = redirect("participation:results")
                else:
                    messages.success(request, _("Your answers are saved."))
                    response = redirect("participation:questionnaire")
                return _remember(request, response, respondent)
        else:
            messages.error(request, _("Some answers could not be read; please check them."))
        posted = request.POST
    context = {
        "weeks": _with_selection(selectors.question_weeks(respondent=respondent), posted),
        "respondent": respondent,
        "choice_options": CHOICES,
        "importance_options": IMPORTANCE,
        "restore_url": _restore_url(request, respondent),
    }
    response = render(
        request,
        "participation/questionnaire.html",
        context,
        status=200 if posted is None else 400,
    )
    return _remember(request, response, respondent)


def results(request: HttpRequest) -> HttpResponse:
    respondent = _respondent(request)
    view = _view(request)
    outcome = selectors.respondent_results(respondent=respondent, view=view)
    context = {
        **_results_context(outcome),
        "respondent": respondent,
        "show_answers": True,
        "restore_url": _restore_url(request, respondent),
        "share_url": _share_url(request, respondent),
    }
    return _remember(request, render(request, "participation/results.html", context), respondent)


@require_POST
def share_settings(request: HttpRequest) -> HttpResponse:
    respondent = _respondent(request)
    if respondent is None:
        return redirect("participation:questionnaire")
    services.respondent_set_share_answers(
        respondent=respondent, share_answers=request.POST.get("share_answers") == "on"
    )
    return _remember(request, redirect("participation:results"), respondent)


@require_GET
def answers_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The respondent's own answers as a file: ``fmt`` "json" (everything) or "csv" (answers)."""
    respondent = _respondent(request)
    if respondent is None:
        raise Http404
    data = services.respondent_export(respondent=respondent)
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=services.EXPORT_COLUMNS)
        writer.writeheader()
        for answer in data["answers"]:
            writer.writerow({**answer, "vote_ids": " ".join(map(str, answer["vote_ids"]))})
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="parvaipret-my-answers.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def answers_delete(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm; POST with ``confirm=yes`` deletes the answers and the respondent
    and forgets the cookie (an account stays; only its answers go)."""
    respondent = _respondent(request)
    if respondent is None:
        return redirect("participation:questionnaire")
    status = 200
    if request.method == "POST":
        if request.POST.get("confirm") == "yes":
            deleted = services.respondent_delete(respondent=respondent)
            messages.success(
                request,
                _("Deleted: %(count)d answers and the private code that kept them.")
                % {"count": deleted},
            )
            response = redirect("participation:questionnaire")
            response.delete_cookie(COOKIE_NAME)
            return response
        messages.error(request, _("Tick the box to confirm that all your answers go."))
        status = 400
    context = {"respondent": respondent, "answers": respondent.answers.count()}
    return render(request, "participation/answers_delete.html", context, status=status)


def shared_results(request: HttpRequest, share_id) -> HttpResponse:
    respondent = selectors.respondent_by_share_id(share_id=share_id)
    if respondent is None:
        raise Http404
    outcome = selectors.respondent_results(respondent=respondent, view=_view(request))
    context = {
        **_results_context(outcome),
        "respondent": respondent,
        "show_answers": respondent.share_answers,
        "shared": True,
    }
    return render(request, "participation/results.html", context)


def restore(request: HttpRequest, token) -> HttpResponse:
    """The private link: puts the anonymous respondent back into this browser's cookie.

    A signed-in visitor keeps the restored answers on their account instead.
    """
    respondent = Respondent.objects.filter(token=token).first()
    if respondent is None:
        raise Http404
    if respondent.user_id is not None:
        # Answers kept on an account are reached by signing in, not by a link.
        return redirect(f"{reverse('login')}?next={reverse('participation:results')}")
    has_answers = respondent.answers.exists()
    response = redirect("participation:results" if has_answers else "participation:questionnaire")
    if request.user.is_authenticated:
        services.respondent_claim(respondent=respondent, user=request.user)
        response.delete_cookie(COOKIE_NAME)
    else:
        _set_cookie(request, response, respondent)
    return response


def _respondent(request: HttpRequest, *, create: bool = False) -> Respondent | None:
    return services.respondent_resolve(
        token=request.COOKIES.get(COOKIE_NAME), user=request.user, create=create
    )


def _remember(
    request: HttpRequest, response: HttpResponse, respondent: Respondent | None
) -> HttpResponse:
    """Keep an anonymous respondent's token in the cookie; drop it once it belongs to an account."""
    if respondent is not None and respondent.user_id is None:
        if request.COOKIES.get(COOKIE_NAME) != str(respondent.token):
            _set_cookie(request, response, respondent)
    elif COOKIE_NAME in request.COOKIES:
        response.delete_cookie(COOKIE_NAME)
    return response


def _set_cookie(request: HttpRequest, response: HttpResponse, respondent: Respondent) -> None:
    response.set_cookie(
        COOKIE_NAME,
        str(respondent.token),
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def _restore_url(request: HttpRequest, respondent: Respondent | None) -> str | None:
    if respondent is None or respondent.user_id is not None:
        return None
    return request.build_absolute_uri(reverse("participation:restore", args=[respondent.token]))


def _share_url(request: HttpRequest, respondent: Respondent | None) -> str | None:
    if respondent is None:
        return None
    return request.build_absolute_uri(
        reverse("participation:shared_results", args=[respondent.share_id])
    )


def _with_selection(weeks: list[selectors.QuestionWeek], posted) -> list[dict]:
    """Weeks for the template, each question with the choice and importance to show checked:
    what was just posted (when the page comes back with an error), else the saved answer."""
    out = []
    for week in weeks:
        rows = []
        for item in week.items:
            pk = item.question.pk
            choice = item.answer.choice if item.answer else SKIP
            importance = item.answer.importance if item.answer else 2
            if posted is not None:
                choice = posted.get(choice_field(pk), choice)
                importance = _int(posted.get(importance_field(pk)), importance)
            rows.append({"item": item, "choice": choice, "importance": importance})
        out.append({"week": week, "rows": rows})
    return out


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _view(request: HttpRequest) -> selectors.View:
    return "effective" if request.GET.get("view") == "effective" else "stated"


def _results_context(outcome: selectors.RespondentResults) -> dict:
    view = outcome.view
    context: dict = {"results": outcome, "view": view, "views": selectors.VIEWS}
    if outcome.factions and outcome.ranked:
        figure = agreement_ranking_bar(
            [
                AgreementEntry(
                    entity_id=t.id,
                    label=t.label,
                    colour=t.colour,
                    agreement=np.nan if t.score(view) is None else t.score(view) / 100,
                    overlap=t.overlap,
                    coverage=np.nan if t.coverage is None else t.coverage / 100,
                )
                for t in outcome.factions
            ],
            min_overlap=outcome.min_overlap,
            title=_("Factions: agreement with your answers"),
            x_title=_("Agreement with your answers (%)"),
            bar_text=_("{agreement} · {overlap} questions, coverage {coverage}"),
            hover_text=_(
                "{label}: {agreement} agreement<br>on {overlap} shared questions "
                "(coverage {coverage} of your answers)"
            ),
            na_text=_("n/a · {overlap} shared questions, at least {min_overlap} needed"),
            na_legend=_("n/a: too few shared questions"),
            filename="parvaipret-factions-agreement",
        )
        context["factions_chart"] = figure_html(figure, div_id="factions-chart")
    if outcome.map is not None:
        data = outcome.map
        citizen = data.citizen
        cloud = citizen.samples if citizen is not None and len(citizen.samples) else None
        figure = ideal_point_map(
            data.coords,
            [
                DeputyPoint(deputy_id=d, name=n, factions=f, colour=c)
                for d, n, f, c in zip(
                    data.deputy_ids, data.names, data.factions, data.colours, strict=True
                )
            ],
            citizen=citizen.coords if citizen is not None else None,
            citizen_cloud=cloud,
            title=_("Where you stand among the deputies"),
            x_title=_("First dimension of the votes"),
            y_title=_("Second dimension of the votes"),
            citizen_label=_("You"),
            citizen_cloud_label=_("Your position with fewer answers"),
            no_faction_label=_("Unaffiliated"),
            changed_faction_label=_("Changed faction"),
            factions_text=_("Factions: {factions}"),
            filename="parvaipret-map",
        )
        context["map_chart"] = figure_html(figure, div_id="map-chart")
        context["citizen_on_map"] = citizen is not None and bool(np.isfinite(citizen.coords).all())
    return context
