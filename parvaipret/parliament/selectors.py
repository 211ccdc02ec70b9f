"""Reads of the parliament app: querysets and small computed structures for pages and the API.

Every list a page shows comes from one query (select_related / prefetch / aggregate), never a
query per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from parvaipret.core.versions import digest, read_once_per_request
from parvaipret.parliament.models import Ballot, Deputy, Faction, Membership, Sitting, Term, Vote
from scrapers.saeima.urls import deputy_profile_url

CHOICE_ORDER = (
    Ballot.Choice.FOR,
    Ballot.Choice.AGAINST,
    Ballot.Choice.ABSTAIN,
    Ballot.Choice.DID_NOT_VOTE,
)


# --- data versions (cache keys of page fragments) ---------------------------------------------


@read_once_per_request
def names_version() -> str:
    """The version of the deputies' and factions' names and colours (two small queries).

    Deputies carry ``updated_at``; factions do not, so their few rows are read whole.
    """
    deputies = Deputy.objects.aggregate(count=Count("id"), updated=Max("updated_at"))
    factions = list(
        Faction.objects.order_by("id").values_list("id", "short_name", "name", "colour")
    )
    return digest(deputies["count"], deputies["updated"], factions)


# --- votes -------------------------------------------------------------------------------------


def vote_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Vote]:
    """Votes, newest first. Filters: `term` (number), `sitting` (id), `since`/`until` (dates),
    `matchable` (True: no secret ballots or votes on persons)."""
    filters = filters or {}
    votes = Vote.objects.select_related("sitting", "bill", "term")
    if filters.get("term"):
        votes = votes.filter(term__number=filters["term"])
    if filters.get("sitting"):
        votes = votes.filter(sitting_id=filters["sitting"])
    if filters.get("since"):
        votes = votes.filter(timestamp__date__gte=filters["since"])
    if filters.get("until"):
        votes = votes.filter(timestamp__date__lte=filters["until"])
    if filters.get("matchable"):
        votes = votes.filter(is_secret=False, is_candidate_vote=False)
    return votes.order_by("-timestamp", "-number")


def vote_ids_newest(*, limit: int) -> list[int]:
    return list(vote_list().values_list("id", flat=True)[:limit])


def vote_get(*, pk: int) -> Vote | None:
    return vote_list().filter(pk=pk).first()


def vote_ballots(*, vote: Vote) -> QuerySet[Ballot]:
    return vote.ballots.select_related("deputy", "faction").order_by(
        "deputy__last_name", "deputy__first_name"
    )


@dataclass(frozen=True, slots=True)
class FactionTally:
    """How one faction (None = unaffiliated) voted in one roll call."""

    faction: Faction | None
    for_count: int
    against_count: int
    abstain_count: int
    did_not_vote_count: int

    @property
    def total(self) -> int:
        return self.for_count + self.against_count + self.abstain_count + self.did_not_vote_count

    def share(self, count: int) -> float:
        """Percentage of the faction's ballots, for the width of a bar segment."""
        return round(100 * count / self.total, 1) if self.total else 0.0

    @property
    def segments(self) -> list[tuple[str, int, float]]:
        """(choice, count, percentage) in the order for / against / abstain / did not vote."""
        counts = (
            self.for_count,
            self.against_count,
            self.abstain_count,
            self.did_not_vote_count,
        )
        return [
            (choice.value, count, self.share(count))
            for choice, count in zip(CHOICE_ORDER, counts, strict=True)
        ]


def vote_faction_tallies(*, vote: Vote) -> list[FactionTally]:
    """Per faction (as printed on the ballots) the count of each choice; one aggregate query.

    Factions in order of their size in this vote; unaffiliated deputies last.
    """
    rows = (
        vote.ballots.values("faction")
        .annotate(
            **{f"n_{choice.value}": Count("pk", filter=Q(choice=choice)) for choice in CHOICE_ORDER}
        )
        .order_by("faction")
    )
    rows = list(rows)
    factions = Faction.objects.in_bulk([r["faction"] for r in rows if r["faction"]])
    tallies = [
        FactionTally(
            faction=factions.get(row["faction"]) if row["faction"] else None,
            for_count=row["n_for"],
            against_count=row["n_against"],
            abstain_count=row["n_abstain"],
            did_not_vote_count=row["n_did_not_vote"],
        )
        for row in rows
    ]
    return sorted(
        tallies,
        key=lambda t: (t.faction is None, -t.total, t.faction.short_name if t.faction else ""),
    )


# --- deputies ----------------------------------------------------------------------------------


def deputy_list() -> QuerySet[Deputy]:
    return Deputy.objects.annotate(ballot_count=Count("ballots")).order_by(
        "last_name", "first_name"
    )


def deputy_ids_current() -> list[int]:
    """The deputies with a seat in the newest term (substitutes and those who left included)."""
    term = Term.objects.order_by("-number").first()
    if term is None:
        return []
    memberships = Membership.objects.filter(term=term).order_by("deputy_id")
    return list(memberships.values_list("deputy_id", flat=True).distinct())


def deputy_get(*, pk: int) -> Deputy | None:
    memberships = Membership.objects.select_related("faction", "term").order_by(
        "-term__number", "start"
    )
    return (
        Deputy.objects.prefetch_related(Prefetch("memberships", queryset=memberships))
        .filter(pk=pk)
        .first()
    )


def deputy_profile_link(*, deputy: Deputy) -> str | None:
    """The deputy's DepWeb profile, when their UNID and its convocation are known."""
    if not deputy.external_id:
        return None
    terms = [m.term.number for m in deputy.memberships.all()]
    if not terms:
        return None
    try:
        return deputy_profile_url(max(terms), deputy.external_id)
    except ValueError:
        return None


def deputy_recent_ballots(*, deputy: Deputy, limit: int = 50) -> QuerySet[Ballot]:
    return (
        Ballot.objects.filter(deputy=deputy)
        .select_related("vote", "faction")
        .order_by("-vote__timestamp", "-vote__number")[:limit]
    )


@dataclass(frozen=True, slots=True)
class Attendance:
    """A deputy's presence in the roll calls held while they had a mandate.

    `votes_held` counts the roll calls (secret ones excluded: they list nobody) on days covered
    by the deputy's memberships; `present` those with a ballot from the deputy (including
    "did not vote", which means present in the hall).
    """

    votes_held: int
    present: int
    did_not_vote: int

    @property
    def absent(self) -> int:
        return max(self.votes_held - self.present, 0)

    @property
    def percentage(self) -> float | None:
        return round(100 * self.present / self.votes_held, 1) if self.votes_held else None


def deputy_attendance(*, deputy: Deputy) -> Attendance:
    """Roll calls held during the deputy's mandates and how many they took part in (3 queries)."""
    periods = Q(pk__in=[])
    for membership in deputy.memberships.all():
        period = Q(term_id=membership.term_id)
        if membership.start:
            period &= Q(timestamp__date__gte=membership.start)
        if membership.end:
            period &= Q(timestamp__date__lte=membership.end)
        periods |= period
    held = Vote.objects.filter(periods, is_secret=False, is_candidate_vote=False).count()
    ballots = deputy.ballots.exclude(choice=Ballot.Choice.ABSENT).aggregate(
        present=Count("pk"),
        did_not_vote=Count("pk", filter=Q(choice=Ballot.Choice.DID_NOT_VOTE)),
    )
    return Attendance(
        votes_held=held, present=ballots["present"], did_not_vote=ballots["did_not_vote"]
    )


# --- factions ----------------------------------------------------------------------------------


def faction_list() -> QuerySet[Faction]:
    return Faction.objects.select_related("term").order_by("-term__number", "short_name")


def faction_get(*, pk: int) -> Faction | None:
    return Faction.objects.select_related("term").filter(pk=pk).first()


def faction_default_date(*, faction: Faction) -> dt.date:
    """The day of the term's last roll call (today if there is none, or it is in the future)."""
    last = Vote.objects.filter(term_id=faction.term_id).aggregate(last=Max("timestamp"))["last"]
    today = timezone.localdate()
    if last is None:
        return today
    return min(timezone.localdate(last), today)


def memberships_on(day: dt.date) -> Q:
    """Memberships covering `day` (empty dates are open ends)."""
    return (Q(start__isnull=True) | Q(start__lte=day)) & (Q(end__isnull=True) | Q(end__gte=day))


def faction_members(*, faction: Faction, on: dt.date) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(memberships_on(on), faction=faction)
        .select_related("deputy")
        .order_by("deputy__last_name", "deputy__first_name")
    )


# --- sittings ----------------------------------------------------------------------------------


def sitting_list() -> QuerySet[Sitting]:
    return (
        Sitting.objects.select_related("term")
        .annotate(vote_count=Count("votes"))
        .order_by("-date", "-pk")
    )


def sitting_get(*, pk: int) -> Sitting | None:
    return Sitting.objects.select_related("term").filter(pk=pk).first()


def sitting_votes(*, sitting: Sitting) -> QuerySet[Vote]:
    """The sitting's roll calls in the order they were held."""
    return sitting.votes.select_related("bill").order_by("timestamp", "number", "pk")
