import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from parvaipret.parliament import selectors
from parvaipret.parliament.matrices import votes_fingerprint


def _found(obj):
    if obj is None:
        raise Http404
    return obj


# The tables of these pages are template fragments cached under ``version`` (the votes'
# fingerprint, the names' version); what fills them is lazy, so a cached fragment costs no query.


def vote_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.vote_list(), 50).get_page(request.GET.get("page"))
    context = {"page": page, "version": votes_fingerprint()}
    return render(request, "parliament/vote_list.html", context)


def vote_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _found(selectors.vote_get(pk=pk))
    context = {
        "vote": vote,
        # A changed ballot bumps the vote's updated_at; names come from deputies and factions.
        "version": f"{vote.updated_at.timestamp():.6f}:{selectors.names_version()}",
        "tallies": SimpleLazyObject(lambda: selectors.vote_faction_tallies(vote=vote)),
        "ballots": selectors.vote_ballots(vote=vote),
    }
    return render(request, "parliament/vote_detail.html", context)


def deputy_list(request: HttpRequest) -> HttpResponse:
    return render(request, "parliament/deputy_list.html", {"deputies": selectors.deputy_list()})


def deputy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = _found(selectors.deputy_get(pk=pk))
    memberships = [
        (m.pk, m.faction_id, m.faction.short_name if m.faction else "", m.start, m.end)
        for m in deputy.memberships.all()  # prefetched with their factions: no query
    ]
    context = {
        "deputy": deputy,
        "profile_url": selectors.deputy_profile_link(deputy=deputy),
        # The fragment shows votes, ballots and the codes of the deputy's factions, no names.
        "version": f"{memberships}:{votes_fingerprint()}",
        "ballots": selectors.deputy_recent_ballots(deputy=deputy),
        "attendance": SimpleLazyObject(lambda: selectors.deputy_attendance(deputy=deputy)),
    }
    return render(request, "parliament/deputy_detail.html", context)


def faction_list(request: HttpRequest) -> HttpResponse:
    return render(request, "parliament/faction_list.html", {"factions": selectors.faction_list()})


def faction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    faction = _found(selectors.faction_get(pk=pk))
    try:
        on = dt.date.fromisoformat(request.GET["date"])
    except (KeyError, ValueError):
        on = selectors.faction_default_date(faction=faction)
    context = {
        "faction": faction,
        "on": on,
        "members": selectors.faction_members(faction=faction, on=on),
    }
    return render(request, "parliament/faction_detail.html", context)


def sitting_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.sitting_list(), 50).get_page(request.GET.get("page"))
    return render(request, "parliament/sitting_list.html", {"page": page})


def sitting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = _found(selectors.sitting_get(pk=pk))
    context = {"sitting": sitting, "votes": selectors.sitting_votes(sitting=sitting)}
    return render(request, "parliament/sitting_detail.html", context)
