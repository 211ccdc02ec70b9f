"""Reads of the legislation app: bills with their stages, votes and faction positions; the
timeline of an initiative; decision suggestions for editors; search.

A timeline step the sources do not date keeps `date=None` (shown as "date unknown"); nothing here
guesses a date or reads a decision's meaning from its vote.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from parvaipret.legislation.models import Bill, BillStage, Initiative, InitiativeBill, Subscription
from parvaipret.parliament.models import Ballot, Vote
from scrapers.initiatives_match import match_initiative_to_decision
from scrapers.saeima.bills import parse_collective_submission_title

CHOICES = ("for", "against", "abstain", "did_not_vote")

# --- faction positions -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FactionPosition:
    """How one faction (or the unaffiliated deputies, `faction_id=None`) voted in a roll call."""

    faction_id: int | None
    short_name: str
    colour: str
    for_count: int
    against_count: int
    abstain_count: int
    did_not_vote_count: int

    @property
    def total(self) -> int:
        return self.for_count + self.against_count + self.abstain_count + self.did_not_vote_count

    @property
    def counts(self) -> tuple[int, int, int, int]:
        return (self.for_count, self.against_count, self.abstain_count, self.did_not_vote_count)

    @property
    def position(self) -> str:
        """The choice most of the faction's ballots made, or "split" on a tie."""
        best = max(self.counts)
        winners = [choice for choice, n in zip(CHOICES, self.counts, strict=True) if n == best]
        return winners[0] if len(winners) == 1 else "split"

    @property
    def position_label(self) -> str:
        if self.position == "split":
            return _("split")
        return str(Ballot.Choice(self.position).label)

    def share(self, count: int) -> float:
        return round(100 * count / self.total, 1) if self.total else 0.0

    @property
    def segments(self) -> list[tuple[str, int, float]]:
        return [(choice, n, self.share(n)) for choice, n in zip(CHOICES, self.counts, strict=True)]


def vote_faction_positions(*, votes: Iterable[Vote]) -> dict[int, tuple[FactionPosition, ...]]:
    """{vote id: per-faction tallies} for many roll calls in one aggregate query.

    Factions are ordered by their number of ballots in the vote; the unaffiliated come last.
    """
    ids = sorted({vote.pk for vote in votes})
    if not ids:
        return {}
    rows = (
        Ballot.objects.filter(vote_id__in=ids)
        .values("vote_id", "faction_id", "faction__short_name", "faction__colour")
        .annotate(**{f"n_{c}": Count("pk", filter=Q(choice=c)) for c in CHOICES})
        .order_by()
    )
    grouped: dict[int, list[FactionPosition]] = {}
    for row in rows:
        grouped.setdefault(row["vote_id"], []).append(
            FactionPosition(
                faction_id=row["faction_id"],
                short_name=row["faction__short_name"] or "",
                colour=row["faction__colour"] or "#888888",
                for_count=row["n_for"],
                against_count=row["n_against"],
                abstain_count=row["n_abstain"],
                did_not_vote_count=row["n_did_not_vote"],
            )
        )
    return {
        vote_id: tuple(
            sorted(
                positions,
                key=lambda p: (p.faction_id is None, -p.total, p.short_name),
            )
        )
        for vote_id, positions in grouped.items()
    }


# --- bills ---------------------------------------------------------------------------------------


def bill_list(*, query: str = "") -> QuerySet[Bill]:
    bills = Bill.objects.select_related("term").order_by("-term__number", "number")
    return bill_search(query=query, bills=bills) if query.strip() else bills


def bill_get(*, pk: int) -> Bill | None:
    return Bill.objects.select_related("term").filter(pk=pk).first()


def bill_other_votes(*, bill: Bill) -> QuerySet[Vote]:
    """Roll calls on the bill that no stage stands for (proposals, agenda changes, …)."""
    stage_votes = bill.stages.filter(vote__isnull=False).values("vote_id")
    return bill.votes.exclude(pk__in=stage_votes).order_by("timestamp", "pk")


# --- timelines -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One step of an initiative's or a bill's path, dated by its source (None = not given).

    `source_url` is where the step was read (a page, or a file row such as
    "initiatives.csv#row=2"); `recorded_at` is when we learned it (the Atom `updated`).
    """

    key: str
    kind: str
    label: str
    date: dt.date | None
    detail: str = ""
    source_url: str = ""
    bill: Bill | None = None
    vote: Vote | None = None
    positions: tuple[FactionPosition, ...] = ()
    verb: str = ""
    documents: str = ""
    recorded_at: dt.datetime | None = None

    @property
    def date_known(self) -> bool:
        return self.date is not None

    @property
    def source_is_web(self) -> bool:
        return self.source_url.startswith(("http://", "https://"))


STAGE_EVENT_KINDS = {BillStage.Kind.PROCLAIMED: "proclaimed"}


def _stage_label(stage: BillStage) -> str:
    if stage.kind == BillStage.Kind.PROCLAIMED:
        return _("law proclaimed")
    return str(stage.get_kind_display())


def bill_timeline(
    *, bill: Bill, positions: dict[int, tuple[FactionPosition, ...]] | None = None
) -> list[TimelineEvent]:
    """The bill's stages in card order, each with its roll call and the factions' positions."""
    stages = list(bill.stages.select_related("vote").order_by("sequence", "date", "pk"))
    if positions is None:
        positions = vote_faction_positions(votes=[s.vote for s in stages if s.vote])
    events = []
    for stage in stages:
        vote = stage.vote
        events.append(
            TimelineEvent(
                key=f"stage-{stage.pk}",
                kind=STAGE_EVENT_KINDS.get(stage.kind, stage.kind),
                label=_stage_label(stage),
                date=stage.date,
                detail=stage.result,
                source_url=stage.source_url or bill.source_url,
                bill=bill,
                vote=vote,
                positions=positions.get(vote.pk, ()) if vote else (),
                verb=bill.decision_verb if stage.kind == BillStage.Kind.DECISION else "",
                documents=stage.document_numbers,
                recorded_at=stage.recorded_at,
            )
        )
    return events


def _decision_stage(bill: Bill) -> BillStage | None:
    stages = [s for s in bill.stages.all() if s.kind == BillStage.Kind.DECISION]
    decided = [s for s in stages if s.result] or [s for s in stages if s.date]
    return decided[-1] if decided else None


def _links(initiative: Initiative, kind: str) -> list[InitiativeBill]:
    return [link for link in initiative.bill_links.all() if link.kind == kind]


SUBMITTED_STATUSES = frozenset(
    {
        Initiative.Status.SUBMITTED,
        Initiative.Status.FORWARDED,
        Initiative.Status.REJECTED,
        Initiative.Status.SHELVED,
        Initiative.Status.IN_LAW,
    }
)


def initiative_get(*, pk: int) -> Initiative | None:
    return (
        Initiative.objects.filter(pk=pk).prefetch_related("bill_links__bill__stages__vote").first()
    )


def initiative_timeline(*, initiative: Initiative) -> list[TimelineEvent]:
    """published → signatures → submitted → Saeima decision (its verb) → committee → the stages
    of the bills it led to, each with its date (None when the source gives none) and source."""
    decisions = [link.bill for link in _links(initiative, InitiativeBill.Kind.DECISION)]
    led_to = [link.bill for link in _links(initiative, InitiativeBill.Kind.LED_TO)]
    decision_stages = {bill.pk: _decision_stage(bill) for bill in decisions}
    votes = [s.vote for s in decision_stages.values() if s and s.vote]
    votes += [s.vote for bill in led_to for s in bill.stages.all() if s.vote]
    positions = vote_faction_positions(votes=votes)
    own_source = initiative.url or initiative.source_url
    reached_saeima = bool(decisions) or initiative.status in SUBMITTED_STATUSES

    events = [
        TimelineEvent(
            key="published",
            kind="published",
            label=_("published"),
            date=initiative.published_on,
            source_url=own_source if initiative.published_on else "",
            recorded_at=initiative.created_at,
        )
    ]
    if initiative.signatures is not None or reached_saeima:
        reached = (
            initiative.signatures is not None
            and initiative.threshold is not None
            and initiative.signatures >= initiative.threshold
        )
        events.append(
            TimelineEvent(
                key="signatures",
                kind="signatures",
                label=_("signature threshold reached") if reached else _("signatures collected"),
                date=None,
                detail=(
                    f"{initiative.signatures:,}".replace(",", "\u00a0")
                    if initiative.signatures is not None
                    else ""
                ),
                source_url=initiative.source_url if initiative.signatures is not None else "",
                recorded_at=initiative.updated_at,
            )
        )
    if initiative.submitted_on or reached_saeima:
        events.append(
            TimelineEvent(
                key="submitted",
                kind="submitted",
                label=_("submitted to the Saeima"),
                date=initiative.submitted_on,
                source_url=initiative.source_url if initiative.submitted_on else "",
                recorded_at=initiative.updated_at,
            )
        )
    for bill in decisions:
        stage = decision_stages[bill.pk]
        vote = stage.vote if stage else None
        detail = bill.get_decision_verb_display() if bill.decision_verb else ""
        if bill.decision_verb_text:
            detail = f"{detail} ({bill.decision_verb_text})" if detail else bill.decision_verb_text
        events.append(
            TimelineEvent(
                key=f"decision-{bill.pk}",
                kind="decision",
                label=_("Saeima decision"),
                date=stage.date if stage else None,
                detail=detail,
                source_url=bill.decision_text_url or bill.source_url,
                bill=bill,
                vote=vote,
                positions=positions.get(vote.pk, ()) if vote else (),
                verb=bill.decision_verb,
                recorded_at=stage.recorded_at if stage else bill.updated_at,
            )
        )
        if bill.decision_verb == Bill.DecisionVerb.FORWARD and bill.decision_addressee:
            events.append(
                TimelineEvent(
                    key=f"committee-{bill.pk}",
                    kind="committee",
                    label=_("forwarded"),
                    date=stage.date if stage else None,
                    detail=bill.decision_addressee,
                    source_url=bill.decision_text_url,
                    bill=bill,
                    recorded_at=bill.updated_at,
                )
            )
    for bill in led_to:
        events.extend(
            replace(event, key=f"bill-{bill.pk}-{event.key}")
            for event in bill_timeline(bill=bill, positions=positions)
        )
    return events


@dataclass(frozen=True, slots=True)
class InitiativeOutcome:
    kind: str  # proclaimed / rejected / shelved / withdrawn / in_law / closed
    label: str
    bill: Bill | None = None


def initiative_outcome(*, initiative: Initiative) -> InitiativeOutcome | None:
    """Where the initiative's path ended, if it did: a law proclaimed, a bill rejected, or the
    decision's verb (reject / leave without further action); else the editors' status."""
    led_to = [link.bill for link in _links(initiative, InitiativeBill.Kind.LED_TO)]
    for bill in led_to:
        if any(s.kind == BillStage.Kind.PROCLAIMED and s.date for s in bill.stages.all()):
            return InitiativeOutcome("proclaimed", _("law proclaimed"), bill)
    for link in _links(initiative, InitiativeBill.Kind.DECISION):
        if link.bill.decision_verb == Bill.DecisionVerb.REJECT:
            return InitiativeOutcome("rejected", _("rejected by the Saeima"), link.bill)
        if link.bill.decision_verb == Bill.DecisionVerb.NO_FURTHER_ACTION:
            return InitiativeOutcome("shelved", _("left without further action"), link.bill)
    for bill in led_to:
        if bill.status in (Bill.Status.REJECTED, Bill.Status.WITHDRAWN):
            return InitiativeOutcome(bill.status, str(bill.get_status_display()), bill)
    final = {
        Initiative.Status.REJECTED,
        Initiative.Status.SHELVED,
        Initiative.Status.IN_LAW,
        Initiative.Status.CLOSED,
    }
    if initiative.status in final:
        return InitiativeOutcome(initiative.status, str(initiative.get_status_display()))
    return None


# --- suggestions for editors ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DecisionSuggestion:
    bill: Bill
    score: float
    signatures: int
    initiative_title: str


def initiative_decision_suggestions(
    *, initiative: Initiative, limit: int = 5
) -> list[DecisionSuggestion]:
    """Saeima decisions on collective submissions that may be about this initiative, best
    first, by title and signature count (`scrapers.initiatives_match`); already linked bills
    are left out. A suggestion only: an editor confirms it."""
    linked = set(initiative.bill_links.values_list("bill_id", flat=True))
    bills = {}
    submissions = []
    for bill in Bill.objects.filter(kind=Bill.Kind.DECISION, title__contains="kolektīv").exclude(
        pk__in=linked
    ):
        submission = parse_collective_submission_title(bill.title)
        if submission is None:
            continue
        bills[bill.number] = bill
        submissions.append(replace(submission, decision_number=bill.number))
    titles = [t for t in (initiative.title, initiative.title_en, initiative.title_ru) if t]
    if not titles:
        return []
    ranked = match_initiative_to_decision(
        titles[0], initiative.signatures, submissions, limit=limit
    )
    return [
        DecisionSuggestion(
            bill=bills[submission.decision_number],
            score=score,
            signatures=submission.signatures,
            initiative_title=submission.initiative_title,
        )
        for submission, score in ranked
        if submission.decision_number
    ]


# --- follows -------------------------------------------------------------------------------------


def user_follows(*, user, target: Bill | Initiative) -> bool:
    if user is None or not user.is_authenticated:
        return False
    field = "bill" if isinstance(target, Bill) else "initiative"
    return Subscription.objects.filter(
        user=user, unsubscribed_at__isnull=True, confirmed_at__isnull=False, **{field: target}
    ).exists()


def subscription_by_token(*, token: str) -> Subscription | None:
    return Subscription.objects.select_related("bill", "initiative").filter(token=token).first()


# --- search ----------------------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"^\s*(?P<n>\d+)\s*(?:/\s*(?P<kind>Lp|Lm|P|J)\s*(?P<term>\d+))?\s*$", re.I)
_KIND_CASE = {"lp": "Lp", "lm": "Lm", "p": "P", "j": "J"}


def _number_filter(query: str) -> Q | None:
    """`1292/Lp14` → that number; `1292` → every document numbered 1292 (any series, term)."""
    match = _NUMBER_RE.match(query)
    if match is None:
        return None
    if match["kind"]:
        return Q(number=f"{match['n']}/{_KIND_CASE[match['kind'].lower()]}{match['term']}")
    return Q(number__startswith=f"{match['n']}/")


def _words_filter(query: str, fields: Sequence[str]) -> Q:
    """Every word in at least one of the fields (the SQLite fallback; case folding is ASCII)."""
    condition = Q()
    for word in query.split():
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


def _full_text(queryset: QuerySet, query: str, fields: Sequence[str]) -> QuerySet:
    """PostgreSQL full-text search (config "simple": Latvian has no stemmer in PostgreSQL)."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector(*fields, config="simple")
    search = SearchQuery(query, config="simple", search_type="websearch")
    return (
        queryset.annotate(search=vector, rank=SearchRank(vector, search))
        .filter(search=search)
        .order_by("-rank", "pk")
    )


BILL_SEARCH_FIELDS = ("number", "title", "law_title")
INITIATIVE_SEARCH_FIELDS = ("title", "title_en", "title_ru", "summary", "external_id")


def bill_search(*, query: str, bills: QuerySet[Bill] | None = None) -> QuerySet[Bill]:
    """Bills and decisions by number (`1292/Lp14`, `1292`) or by the words of their titles."""
    bills = bills if bills is not None else Bill.objects.select_related("term")
    by_number = _number_filter(query)
    if by_number is not None:
        return bills.filter(by_number)
    if connection.vendor == "postgresql":
        return _full_text(bills, query, BILL_SEARCH_FIELDS)
    return bills.filter(_words_filter(query, BILL_SEARCH_FIELDS))


def initiative_search(
    *, query: str, initiatives: QuerySet[Initiative] | None = None
) -> QuerySet[Initiative]:
    """Initiatives by the words of their titles and summary, or by the number of a bill or
    decision they are linked to."""
    initiatives = initiatives if initiatives is not None else Initiative.objects.all()
    by_number = _number_filter(query)
    if by_number is not None:
        numbers = Bill.objects.filter(by_number).values("pk")
        return initiatives.filter(bill_links__bill__in=numbers).distinct()
    if connection.vendor == "postgresql":
        return _full_text(initiatives, query, INITIATIVE_SEARCH_FIELDS)
    return initiatives.filter(_words_filter(query, INITIATIVE_SEARCH_FIELDS))


def initiative_list(*, query: str = "") -> QuerySet[Initiative]:
    initiatives = Initiative.objects.order_by("-published_on", "title")
    return initiative_search(query=query, initiatives=initiatives) if query.strip() else initiatives


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    bills: list[Bill]
    initiatives: list[Initiative]


def legislation_search(*, query: str, limit: int = 50) -> SearchResults:
    """Bills and initiatives matching `query` (see `bill_search`, `initiative_search`)."""
    query = " ".join(query.split())[:200]
    if not query:
        return SearchResults(query="", bills=[], initiatives=[])
    return SearchResults(
        query=query,
        bills=list(bill_search(query=query)[:limit]),
        initiatives=list(initiative_search(query=query)[:limit]),
    )
