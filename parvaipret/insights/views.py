"""The journalists' dashboards: filters from the URL → one selector → a cached figure → a page.

Every figure page also serves its numbers as CSV at the same URL with ``?format=csv`` (pages
with several figures pick one with ``&figure=``). PNG downloads come from plotly's own modebar.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Final
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.backends.django import get_installed_libraries
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

import dashboards
from parvaipret.insights import figures, selectors
from parvaipret.insights.forms import DashboardFilters, filters_from_request
from parvaipret.parliament.models import Deputy, Faction, Term
from parvaipret.participation.selectors import answers_refresh_minutes

DEPUTY_VOTE_KINDS: Final = ("rebel", "absent", "all")
VOTES_PER_PAGE: Final = 50
#: Rebel votes listed on a deputy's page before "all rebel votes" links to the full list.
REBEL_VOTES_SHOWN: Final = 20


#: Stands for the id in a URL reversed for a click handler, which puts the clicked id there.
_SENTINEL: Final = 987654321


def _click_url(name: str, filters: DashboardFilters, **query: str) -> str:
    """A URL for ``static/insights/dashboards.js``: ``__0__`` is replaced by the clicked id."""
    path = reverse(name, args=[_SENTINEL]).replace(str(_SENTINEL), "__0__")
    return f"{path}?{urlencode({**query, **filters.params()})}"


def _wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


def _csv(rows: list[dict], name: str, filters: DashboardFilters) -> HttpResponse:
    parts = [f"saeima{filters.term.number}", name]
    if filters.start or filters.end:
        parts.append(f"{filters.start or ''}_{filters.end or ''}".strip("_"))
    if filters.topic is not None:
        parts.append(filters.topic.slug)
    response = HttpResponse(dashboards.rows_csv(rows), content_type="text/csv; charset=utf-8")
    filename = slugify("-".join(parts))
    response["Content-Disposition"] = f'attachment; filename="parvaipret-{filename}.csv"'
    return response


def _page(
    request: HttpRequest,
    template: str,
    *,
    fixed_term: Term | None = None,
    params: QueryDict | None = None,
    build: Callable[[DashboardFilters], HttpResponse | dict],
) -> HttpResponse:
    """Parse the filters; render the page with errors (400) or with what ``build`` returns."""
    form, filters = filters_from_request(params or request.GET, fixed_term=fixed_term)
    if not form.terms:
        return render(request, "insights/empty.html", {"title": _("Dashboards")})
    if filters is None:
        return render(request, template, {"form": form, "filters": None}, status=400)
    result = build(filters)
    if isinstance(result, HttpResponse):
        return result
    extra = urlencode(result.get("extra_hidden", []))
    context = {"form": form, "filters": filters, "cite_prefix": f"{extra}&" if extra else ""}
    return render(request, template, {**context, **result})


def index(request: HttpRequest) -> HttpResponse:
    def build(filters: DashboardFilters) -> dict:
        records = selectors.deputy_records(filters=filters)
        factions = Faction.objects.filter(term=filters.term).order_by("short_name")
        return {"records": records, "factions": factions}

    return _page(request, "insights/index.html", build=build)


def alignment(request: HttpRequest) -> HttpResponse:
    def build(filters: DashboardFilters) -> HttpResponse | dict:
        data = selectors.faction_alignment_data(filters=filters)
        if _wants_csv(request):
            return _csv(figures.alignment_rows(data), "faction-alignment", filters)
        html = (
            figures.fragment("alignment", data.key, lambda: figures.alignment_figure(data, filters))
            if data.factions
            else ""
        )
        table = [
            {
                "faction": faction,
                "cells": [
                    {
                        "other": other,
                        "value": None if value is None else 100 * value,
                        "overlap": overlap,
                    }
                    for other, value, overlap in zip(
                        data.factions, data.agreement[i], data.overlap[i], strict=True
                    )
                ],
            }
            for i, faction in enumerate(data.factions)
        ]
        split = reverse("insights:split_votes")
        return {
            "data": data,
            "figure": html,
            "table": table,
            "min_overlap": selectors.ALIGNMENT_MIN_OVERLAP,
            "click_url": f"{split}?a=__0__&b=__1__&{filters.querystring}",
        }

    return _page(request, "insights/alignment.html", build=build)


def split_votes(request: HttpRequest) -> HttpResponse:
    def build(filters: DashboardFilters) -> HttpResponse | dict:
        try:
            ids = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
        except ValueError:
            raise Http404(_("Choose two factions.")) from None
        faction_a = get_object_or_404(Faction, pk=ids[0], term=filters.term)
        faction_b = get_object_or_404(Faction, pk=ids[1], term=filters.term)
        rows = selectors.faction_split_votes(
            filters=filters, faction_a=faction_a, faction_b=faction_b
        )
        if _wants_csv(request):
            return _csv(
                [
                    {
                        "vote_id": row.vote_id,
                        "timestamp": row.timestamp.isoformat(),
                        "motive": row.motive,
                        "outcome": row.outcome,
                        f"{faction_a.short_name}_position": row.position_a,
                        f"{faction_b.short_name}_position": row.position_b,
                    }
                    for row in rows
                ],
                f"split-{faction_a.short_name}-{faction_b.short_name}",
                filters,
            )
        page = Paginator(rows, VOTES_PER_PAGE).get_page(request.GET.get("page"))
        return {
            "faction_a": faction_a,
            "faction_b": faction_b,
            "page": page,
            "extra_hidden": [("a", faction_a.pk), ("b", faction_b.pk)],
        }

    return _page(request, "insights/split_votes.html", build=build)


def cohesion(request: HttpRequest) -> HttpResponse:
    def build(filters: DashboardFilters) -> HttpResponse | dict:
        data = selectors.cohesion_data(filters=filters)
        if _wants_csv(request):
            return _csv(figures.cohesion_rows(data), "cohesion", filters)
        html = (
            figures.fragment("cohesion", data.key, lambda: figures.cohesion_figure(data, filters))
            if data.series
            else ""
        )
        return {"data": data, "figure": html}

    return _page(request, "insights/cohesion.html", build=build)


def _records_page(request: HttpRequest, name: str) -> HttpResponse:
    figure, rows = {
        "rebels": (figures.rebels_figure, figures.rebels_rows),
        "attendance": (figures.attendance_figure, figures.attendance_rows),
    }[name]

    def build(filters: DashboardFilters) -> HttpResponse | dict:
        data = selectors.deputy_records(filters=filters)
        if _wants_csv(request):
            return _csv(rows(data.deputies), name, filters)
        subtitle = f"{figures.describe(filters)} · " + _("%(n)d votes") % {"n": data.votes}
        html = (
            figures.fragment(name, data.key, lambda: figure(data.deputies, subtitle))
            if data.deputies
            else ""
        )
        ordered = sorted(
            data.deputies,
            key=(lambda r: (-(r.rebel_rate or 0), r.name))
            if name == "rebels"
            else (lambda r: (r.attendance if r.attendance is not None else 2, r.name)),
        )
        kind = "rebel" if name == "rebels" else "absent"
        return {
            "data": data,
            "figure": html,
            "deputies": ordered,
            "limit": figures.CHART_LIMIT,
            "click_url": _click_url("insights:deputy_votes", filters, kind=kind),
        }

    return _page(request, f"insights/{name}.html", build=build)


def rebels(request: HttpRequest) -> HttpResponse:
    return _records_page(request, "rebels")


def attendance(request: HttpRequest) -> HttpResponse:
    return _records_page(request, "attendance")


def deputy_map(request: HttpRequest) -> HttpResponse:
    def build(filters: DashboardFilters) -> HttpResponse | dict:
        data = selectors.deputy_map_data(filters=filters)
        if _wants_csv(request):
            return _csv(figures.map_rows(data), "deputy-map", filters)
        html = (
            figures.fragment("map", data.key, lambda: figures.map_figure(data, filters))
            if data.drawn
            else ""
        )
        changed = [r for r in data.deputies if len(set(r.factions)) > 1]
        return {
            "data": data,
            "figure": html,
            "changed": changed,
            "click_url": _click_url("insights:deputy", filters),
        }

    return _page(request, "insights/map.html", build=build)


def public(request: HttpRequest) -> HttpResponse:
    def build(filters: DashboardFilters) -> HttpResponse | dict:
        data = selectors.public_data(filters=filters)
        if _wants_csv(request):
            return _csv(figures.public_rows(data), "citizens-vs-saeima", filters)
        html = (
            figures.fragment("public", data.key, lambda: figures.public_figure(data, filters))
            if data.questions
            else ""
        )
        ranked = sorted(
            data.questions, key=lambda q: (q.gap is None, -(q.gap or 0.0), q.question_id)
        )
        return {
            "data": data,
            "figure": html,
            "questions": ranked,
            "refresh_minutes": answers_refresh_minutes(),
        }

    return _page(request, "insights/public.html", build=build)


@functools.cache
def _has_dialogue() -> bool:
    """Whether the dialogue app's template tags are installed (they may not be yet)."""
    return "dialogue" in get_installed_libraries()


def _deputy_params(request: HttpRequest, deputy: Deputy) -> QueryDict:
    """The GET parameters, defaulting the term to the deputy's newest term."""
    params = request.GET.copy()
    if not params.get("term"):
        newest = selectors.deputy_terms(deputy=deputy).first()
        if newest is not None:
            params["term"] = str(newest.number)
    return params


def deputy(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Deputy, pk=pk)

    def build(filters: DashboardFilters) -> HttpResponse | dict:
        data = selectors.deputy_dashboard(filters=filters, deputy=person)
        if _wants_csv(request):
            return _csv(figures.agreement_rows(data.agreements), f"deputy-{pk}-agreement", filters)
        html = ""
        if data.agreements:
            html = figures.fragment(
                "deputy-agreement",
                data.key,
                lambda: figures.agreement_figure(
                    data.agreements,
                    filters.view,
                    title=_("%(deputy)s: agreement with each faction's majority")
                    % {"deputy": person.full_name},
                    subtitle=figures.describe(filters),
                ),
            )
        rebel_votes = selectors.votes_by_id(data.rebel_vote_ids[:REBEL_VOTES_SHOWN])
        return {
            "deputy": person,
            "data": data,
            "figure": html,
            "rebel_votes": [rebel_votes[v] for v in data.rebel_vote_ids[:REBEL_VOTES_SHOWN]],
            "click_url": _click_url("insights:faction", filters),
            "has_dialogue": _has_dialogue(),
        }

    return _page(
        request, "insights/deputy.html", params=_deputy_params(request, person), build=build
    )


def deputy_votes(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Deputy, pk=pk)
    kind = request.GET.get("kind", "all")
    if kind not in DEPUTY_VOTE_KINDS:
        raise Http404(_("Unknown list."))

    def build(filters: DashboardFilters) -> HttpResponse | dict:
        rows = selectors.deputy_votes(filters=filters, deputy=person, kind=kind)
        if _wants_csv(request):
            return _csv(
                [
                    {
                        "vote_id": row.vote_id,
                        "position": row.position,
                        "faction_line": row.faction_line,
                        "against_faction": row.rebel,
                    }
                    for row in rows
                ],
                f"deputy-{pk}-{kind}-votes",
                filters,
            )
        page = Paginator(rows, VOTES_PER_PAGE).get_page(request.GET.get("page"))
        votes = selectors.votes_by_id([row.vote_id for row in page])
        return {
            "deputy": person,
            "kind": kind,
            "page": page,
            "rows": [(row, votes[row.vote_id]) for row in page],
            "extra_hidden": [("kind", kind)],
        }

    return _page(
        request, "insights/deputy_votes.html", params=_deputy_params(request, person), build=build
    )


FACTION_FIGURES: Final = ("agreement", "rebels", "attendance")


def faction(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(Faction.objects.select_related("term"), pk=pk)
    chosen = request.GET.get("figure", "agreement")
    if chosen not in FACTION_FIGURES:
        raise Http404(_("Unknown figure."))

    def build(filters: DashboardFilters) -> HttpResponse | dict:
        data = selectors.faction_dashboard(filters=filters, faction=group)
        if _wants_csv(request):
            rows = {
                "agreement": lambda: figures.agreement_rows(data.agreements),
                "rebels": lambda: figures.rebels_rows(data.members),
                "attendance": lambda: figures.attendance_rows(data.members),
            }[chosen]()
            return _csv(rows, f"faction-{group.short_name}-{chosen}", filters)
        subtitle = figures.describe(filters)
        agreement_html = ""
        if data.agreements:
            agreement_html = figures.fragment(
                "faction-agreement",
                data.key,
                lambda: figures.agreement_figure(
                    data.agreements,
                    filters.view,
                    title=_("%(faction)s: agreement with the other factions")
                    % {"faction": group.short_name},
                    subtitle=subtitle,
                ),
            )
        members_html = {}
        if data.members:
            members_html = {
                "rebels": figures.fragment(
                    "faction-rebels",
                    data.key,
                    lambda: figures.rebels_figure(data.members, subtitle, limit=None),
                ),
                "attendance": figures.fragment(
                    "faction-attendance",
                    data.key,
                    lambda: figures.attendance_figure(data.members, subtitle, limit=None),
                ),
            }
        return {
            "faction": group,
            "data": data,
            "agreement_figure": agreement_html,
            "members_figures": members_html,
            "csv_hrefs": {
                name: f"?{urlencode({**filters.params(), 'figure': name, 'format': 'csv'})}"
                for name in FACTION_FIGURES
            },
            "click_urls": {
                "agreement": f"{reverse('insights:split_votes')}?a={group.pk}&b=__0__&"
                + filters.querystring,
                "rebels": _click_url("insights:deputy_votes", filters, kind="rebel"),
                "attendance": _click_url("insights:deputy_votes", filters, kind="absent"),
            },
            "has_dialogue": _has_dialogue(),
        }

    return _page(request, "insights/faction.html", fixed_term=group.term, build=build)
