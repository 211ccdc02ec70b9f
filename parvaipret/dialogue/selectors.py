"""Reads of the dialogue app: responses to show, public positions to respond to, response rates.

**Public positions.** For a deputy and a published question, the deputy's position is their ballot
on the question's *deciding* roll call: the latest of the question's votes (by time) on which they
voted for, against or abstained. A "Par" ballot means "for" the question when the QuestionVote's
polarity is +1 and "against" when it is −1 (and the other way round for "Pret"); abstaining stays
abstaining. Did-not-vote and absence give no position.

The public's side is the aggregate of Answer rows: for / against / abstain counts. The *gap* is
``(answers opposite to the deputy − answers agreeing with the deputy) / all answers``, from −1
(everyone agrees with the deputy) to +1 (everyone disagrees); it is defined only when the deputy
voted for or against.

**Clear gap** (the denominator of response rates), with the thresholds below as module constants:
at least ``CLEAR_GAP_MIN_ANSWERS`` answers, the public majority side (for or against) holds at
least ``CLEAR_GAP_MIN_SHARE`` of *all* answers (abstentions included), and that side is the
opposite of the deputy's position. A deputy who abstained has no clear gap.

**Response rate**: the share of clear gaps the deputy answered with a response (published, or
hidden by moderators: it was still said) on the question or on any of the question's votes.
A faction's rate counts every (deputy, question) clear gap where the deputy's deciding ballot was
cast in that faction; it is answered when the deputy or the faction's official account responded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from parvaipret.core.cache import cached
from parvaipret.core.versions import digest, read_once_per_request, table_stamps
from parvaipret.dialogue.models import (
    DeputyAccount,
    DeputyFollow,
    DigestSubscription,
    Response,
    ResponseReaction,
    ResponseReport,
    ResponseRevision,
)
from parvaipret.legislation.models import Initiative
from parvaipret.parliament.models import Ballot, Deputy, Faction, Term, Vote
from parvaipret.parliament.selectors import names_version
from parvaipret.participation.models import Answer, Question, QuestionVote
from parvaipret.participation.selectors import answers_version, question_list_version

CLEAR_GAP_MIN_ANSWERS = 20
"""A public majority needs at least this many answers to count as clear."""

CLEAR_GAP_MIN_SHARE = 0.6
"""…and its side must hold at least this share of all answers (abstentions included)."""

MODERATE_PERMISSION = "dialogue.moderate_response"

VISIBLE_STATES = (Response.State.PUBLISHED, Response.State.HIDDEN)
"""What the public sees: published responses, and hidden ones as "hidden by moderators: reason"."""

_POSITION_OF_BALLOT = {Ballot.Choice.FOR: 1, Ballot.Choice.AGAINST: -1, Ballot.Choice.ABSTAIN: 0}
_POSITION_NAMES = {1: "for", -1: "against", 0: "abstain"}


# --- responses ------------------------------------------------------------------------------


def response_list_public(
    *,
    deputy: Deputy | None = None,
    faction: Faction | None = None,
    question: Question | None = None,
    vote: Vote | None = None,
    initiative: Initiative | None = None,
) -> QuerySet[Response]:
    """Responses the public sees (published and hidden), newest first, with reaction counts."""
    qs = Response.objects.filter(state__in=VISIBLE_STATES)
    filters = {
        "deputy": deputy,
        "faction": faction,
        "question": question,
        "vote": vote,
        "initiative": initiative,
    }
    qs = qs.filter(**{name: value for name, value in filters.items() if value is not None})
    return _with_public_details(qs)


def responses_for(*, target: Question | Vote | Initiative | Deputy | Faction) -> QuerySet[Response]:
    """What to show beside a page's object.

    A vote shows the responses on it and on the questions that stand for it; a question shows
    the responses on it and on its votes; a deputy or faction shows what they said.
    """
    qs = Response.objects.filter(state__in=VISIBLE_STATES)
    if isinstance(target, Vote):
        question_ids = QuestionVote.objects.filter(vote=target).values("question_id")
        qs = qs.filter(Q(vote=target) | Q(question_id__in=question_ids))
    elif isinstance(target, Question):
        vote_ids = QuestionVote.objects.filter(question=target).values("vote_id")
        qs = qs.filter(Q(question=target) | Q(vote_id__in=vote_ids))
    elif isinstance(target, Initiative):
        qs = qs.filter(initiative=target)
    elif isinstance(target, Deputy):
        qs = qs.filter(deputy=target)
    elif isinstance(target, Faction):
        qs = qs.filter(faction=target)
    else:
        raise TypeError(f"responses_for: cannot show responses for {type(target).__name__}")
    return _with_public_details(qs)


def response_list_for_account(*, account: DeputyAccount) -> QuerySet[Response]:
    """Everything the account's speaker (deputy or faction) said, withdrawn included."""
    qs = Response.objects.all()
    qs = (
        qs.filter(deputy=account.deputy)
        if account.deputy_id
        else qs.filter(faction=account.faction)
    )
    return _with_public_details(qs)


def response_list_followed(*, user) -> QuerySet[Response]:
    """Visible responses of the deputies the user follows."""
    followed = DeputyFollow.objects.filter(user=user).values("deputy_id")
    return _with_public_details(
        Response.objects.filter(state__in=VISIBLE_STATES, deputy_id__in=followed)
    )


def response_list_reported() -> QuerySet[Response]:
    """The moderation queue: responses with open reports, most reported first."""
    open_reports = Count("reports", filter=Q(reports__resolved_at__isnull=True), distinct=True)
    return (
        _with_public_details(Response.objects.filter(state__in=VISIBLE_STATES))
        .annotate(open_report_count=open_reports)
        .filter(open_report_count__gt=0)
        .order_by("-open_report_count", "-created_at")
    )


def response_report_reasons(*, response: Response) -> dict[str, int]:
    """Open reports of a response counted by reason (labels in the active language)."""
    labels = dict(ResponseReport.Reason.choices)
    rows = (
        response.reports.filter(resolved_at__isnull=True)
        .values("reason")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    return {str(labels[row["reason"]]): row["n"] for row in rows}


def _with_public_details(qs: QuerySet[Response]) -> QuerySet[Response]:
    # Few joins: with the targets joined too and the counts as joins with GROUP BY, PostgreSQL
    # spent ~40 ms planning every such query (most pages list no response at all). The counts
    # are correlated subqueries; the targets come by prefetch, only when there are responses.
    return (
        qs.select_related("account__user", "deputy", "faction")
        .prefetch_related("question", "vote", "initiative")
        .annotate(
            helpful_count=_count_of(ResponseReaction.objects.filter(helpful=True)),
            unhelpful_count=_count_of(ResponseReaction.objects.filter(helpful=False)),
            revision_count=_count_of(ResponseRevision.objects.all()),
        )
        .order_by("-created_at", "-pk")
    )


def _count_of(rows: QuerySet) -> Coalesce:
    """How many of ``rows`` belong to the outer query's response (0 when none)."""
    counted = (
        rows.filter(response=OuterRef("pk"))
        .order_by()
        .values("response")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def reactions_of_user(*, user, responses: Iterable[Response]) -> dict[int, bool]:
    """The user's own marks on these responses: response id → helpful."""
    if not user.is_authenticated:
        return {}
    rows = ResponseReaction.objects.filter(user=user, response__in=list(responses))
    return dict(rows.values_list("response_id", "helpful"))


def reported_by_user(*, user, responses: Iterable[Response]) -> set[int]:
    if not user.is_authenticated:
        return set()
    rows = ResponseReport.objects.filter(user=user, response__in=list(responses))
    return set(rows.values_list("response_id", flat=True))


# --- cached public reads (pages beside votes, deputies, factions) ----------------------------

CACHE_PREFIX = "dialogue"
CACHE_TIMEOUT = 24 * 3600


@read_once_per_request
def dialogue_version() -> str:
    """The version of what the public dialogue blocks show: the responses (new, edited,
    moderated, withdrawn), their reactions and revisions, the initiatives' titles, the deputies'
    and factions' names (``names_version``) and the published questions with their votes
    (``question_list_version``, which covers the ballots). Six small queries, no ORM joins.
    """
    row = table_stamps(
        [
            ("COUNT(*)", Response),
            ("MAX(updated_at)", Response),
            ("COUNT(*)", ResponseReaction),
            ("MAX(updated_at)", ResponseReaction),
            ("COUNT(*)", ResponseRevision),
            ("MAX(id)", ResponseRevision),
            ("MAX(updated_at)", Initiative),
        ]
    )
    return digest(row, names_version(), question_list_version())


def responses_shown(
    *,
    target: Question | Vote | Initiative | Deputy | Faction,
    limit: int | None = None,
    version: str | None = None,
) -> list[Response]:
    """``responses_for(target)`` (the first ``limit``), as the public sees them, cached on
    ``dialogue_version``. Nothing about the viewer is in it: their own marks are read apart."""
    version = version or dialogue_version()
    key = f"{CACHE_PREFIX}:responses:{type(target).__name__}:{target.pk}:{limit}:{version}"

    def compute() -> list[Response]:
        # The public cards show the speaker, never the account's user: leave the user out.
        qs = responses_for(target=target).select_related(None).select_related("deputy", "faction")
        return list(qs[:limit] if limit else qs)

    return cached(key, compute, CACHE_TIMEOUT)


def response_rate_shown(*, subject: Deputy | Faction, version: str | None = None) -> ResponseRate:
    """The deputy's or faction's response rate, from every deputy's (or every faction's of the
    term) rates computed in one pass and cached on ``dialogue_version`` and on the answers'
    version, which is refreshed every ``PUBLIC_ANSWERS_REFRESH_SECONDS``. One pass serves the
    pages of all 100 deputies until either version changes."""
    version = version or dialogue_version()
    answers = answers_version()
    if isinstance(subject, Deputy):
        key = f"{CACHE_PREFIX}:rates:deputies:{version}:{answers}"
        rates = cached(key, lambda: _rates_by_deputy(_gaps()), CACHE_TIMEOUT)
    else:
        key = f"{CACHE_PREFIX}:rates:factions:{subject.term_id}:{version}:{answers}"
        rates = cached(key, lambda: _rates_by_faction(_gaps(term=subject.term)), CACHE_TIMEOUT)
    return rates.get(subject.pk) or ResponseRate(clear_gaps=0, responded=0)


# --- accounts, follows, digests -------------------------------------------------------------


def deputy_account_for_user(*, user) -> DeputyAccount | None:
    if not user.is_authenticated:
        return None
    return (
        DeputyAccount.objects.select_related("deputy", "faction", "user").filter(user=user).first()
    )


def response_is_own(*, account: DeputyAccount, response: Response) -> bool:
    """Whether the account speaks for the response's deputy (or faction)."""
    if account.deputy_id:
        return response.deputy_id == account.deputy_id
    return response.faction_id == account.faction_id


def user_can_moderate(*, user) -> bool:
    return bool(user.is_authenticated and user.has_perm(MODERATE_PERMISSION))


def deputy_is_followed(*, user, deputy: Deputy) -> bool:
    return bool(
        user.is_authenticated and DeputyFollow.objects.filter(user=user, deputy=deputy).exists()
    )


def deputy_follower_count(*, deputy: Deputy) -> int:
    return DeputyFollow.objects.filter(deputy=deputy).count()


def deputy_list_followed(*, user) -> QuerySet[Deputy]:
    return Deputy.objects.filter(followers__user=user).order_by("last_name", "first_name")


def digest_subscription_list_due() -> QuerySet[DigestSubscription]:
    """Active subscriptions of verified deputy accounts that have an e-mail address."""
    return (
        DigestSubscription.objects.filter(
            is_active=True,
            account__status=DeputyAccount.Status.VERIFIED,
            account__deputy__isnull=False,
        )
        .exclude(account__user__email="")
        .select_related("account__user", "account__deputy")
        .order_by("pk")
    )


def deputy_recent_ballots(*, deputy: Deputy, limit: int = 20) -> list[Ballot]:
    """The deputy's latest ballots with their votes, for the office page's "respond to a vote"."""
    has_response = Response.objects.filter(
        vote=OuterRef("vote"), deputy=deputy, state__in=VISIBLE_STATES
    )
    return list(
        Ballot.objects.filter(deputy=deputy)
        .select_related("vote", "faction")
        .annotate(responded=Exists(has_response))
        .order_by("-vote__timestamp", "-vote__number")[:limit]
    )


# --- public positions and response rates ----------------------------------------------------


@dataclass(frozen=True)
class AnswerTally:
    """The public's answers to one question."""

    for_count: int = 0
    against_count: int = 0
    abstain_count: int = 0

    @property
    def total(self) -> int:
        return self.for_count + self.against_count + self.abstain_count

    @property
    def majority(self) -> str | None:
        """``"for"`` or ``"against"``, whichever has more answers; None on a tie or no answers."""
        if self.for_count > self.against_count:
            return "for"
        if self.against_count > self.for_count:
            return "against"
        return None

    @property
    def majority_share(self) -> float | None:
        if not self.total or self.majority is None:
            return None
        return max(self.for_count, self.against_count) / self.total

    def share(self, side: str) -> float | None:
        if not self.total:
            return None
        return getattr(self, f"{side}_count") / self.total


@dataclass(frozen=True)
class PublicPosition:
    """One question where a deputy's ballot can be set against the public's answers."""

    question: Question
    vote: Vote  # the deciding roll call
    ballot_choice: str  # Ballot.Choice on that roll call, as cast
    polarity: int  # QuestionVote.polarity: −1 flips for/against
    deputy_position: str  # "for", "against" or "abstain", on the question
    tally: AnswerTally
    gap: float | None
    is_clear_gap: bool
    responded: bool


@dataclass(frozen=True)
class ResponseRate:
    clear_gaps: int
    responded: int

    @property
    def rate(self) -> float | None:
        """Share of clear gaps that got a response; None when there was nothing to respond to."""
        return self.responded / self.clear_gaps if self.clear_gaps else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


@dataclass(frozen=True)
class DeputyResponseRate(ResponseRate):
    deputy: Deputy | None = None


@dataclass(frozen=True)
class FactionResponseRate(ResponseRate):
    faction: Faction | None = None


def answer_tallies(*, question_ids: Iterable[int]) -> dict[int, AnswerTally]:
    """Aggregate Answer counts per question: for / against / abstain."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Answer.objects.filter(question_id__in=list(question_ids))
        .values("question_id", "choice")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts[row["question_id"]][row["choice"]] = row["n"]
    return {
        question_id: AnswerTally(
            for_count=by_choice.get(Answer.Choice.FOR, 0),
            against_count=by_choice.get(Answer.Choice.AGAINST, 0),
            abstain_count=by_choice.get(Answer.Choice.ABSTAIN, 0),
        )
        for question_id, by_choice in counts.items()
    }


def position_gap(*, position: int, tally: AnswerTally) -> float | None:
    """(opposite − agreeing) / all answers, for a deputy position of +1 (for) or −1 (against)."""
    if position == 0 or not tally.total:
        return None
    agreeing, opposite = (
        (tally.for_count, tally.against_count)
        if position == 1
        else (tally.against_count, tally.for_count)
    )
    return (opposite - agreeing) / tally.total


def is_clear_gap(*, position: int, tally: AnswerTally) -> bool:
    """The module docstring's definition, with CLEAR_GAP_MIN_ANSWERS and CLEAR_GAP_MIN_SHARE."""
    if position == 0 or tally.total < CLEAR_GAP_MIN_ANSWERS or tally.majority is None:
        return False
    share = tally.majority_share or 0.0
    opposite = "against" if position == 1 else "for"
    return tally.majority == opposite and share >= CLEAR_GAP_MIN_SHARE


@dataclass
class _Gap:
    deputy_id: int
    question_id: int
    vote_id: int
    faction_id: int | None
    ballot_choice: str
    polarity: int
    position: int
    tally: AnswerTally
    gap: float | None
    clear: bool
    responded: bool = False
    faction_responded: bool = False


@dataclass
class _QuestionVotes:
    votes: list[tuple[int, int]] = field(default_factory=list)  # (vote_id, polarity), latest first


def _gaps(*, deputy_ids: Iterable[int] | None = None, term: Term | None = None) -> list[_Gap]:
    """Every (deputy, published question) pair with a deciding ballot, in five queries."""
    links = QuestionVote.objects.filter(question__published_at__isnull=False)
    if term is not None:
        links = links.filter(vote__term=term)
    questions: dict[int, _QuestionVotes] = defaultdict(_QuestionVotes)
    for question_id, vote_id, polarity in links.order_by(
        "-vote__timestamp", "-vote__number", "-vote_id"
    ).values_list("question_id", "vote_id", "polarity"):
        questions[question_id].votes.append((vote_id, polarity))
    if not questions:
        return []
    vote_ids = {vote_id for q in questions.values() for vote_id, _ in q.votes}

    ballots = Ballot.objects.filter(vote_id__in=vote_ids, choice__in=list(_POSITION_OF_BALLOT))
    if deputy_ids is not None:
        ballots = ballots.filter(deputy_id__in=list(deputy_ids))
    by_deputy: dict[int, dict[int, tuple[str, int | None]]] = defaultdict(dict)
    for deputy_id, vote_id, choice, faction_id in ballots.values_list(
        "deputy_id", "vote_id", "choice", "faction_id"
    ):
        by_deputy[deputy_id][vote_id] = (choice, faction_id)

    tallies = answer_tallies(question_ids=questions)
    said = Response.objects.filter(state__in=VISIBLE_STATES).filter(
        Q(question_id__in=list(questions)) | Q(vote_id__in=vote_ids)
    )
    by_deputy_said: set[tuple[int, str, int]] = set()
    by_faction_said: set[tuple[int, str, int]] = set()
    for deputy_id, faction_id, question_id, vote_id in said.values_list(
        "deputy_id", "faction_id", "question_id", "vote_id"
    ):
        target = ("q", question_id) if question_id else ("v", vote_id)
        if deputy_id:
            by_deputy_said.add((deputy_id, *target))
        elif faction_id:
            by_faction_said.add((faction_id, *target))

    gaps: list[_Gap] = []
    for deputy_id, deputy_ballots in by_deputy.items():
        for question_id, q in questions.items():
            deciding = next(((v, p) for v, p in q.votes if v in deputy_ballots), None)
            if deciding is None:
                continue
            vote_id, polarity = deciding
            choice, faction_id = deputy_ballots[vote_id]
            position = _POSITION_OF_BALLOT[choice] * polarity
            tally = tallies.get(question_id, AnswerTally())
            targets = [("q", question_id)] + [("v", v) for v, _ in q.votes]
            gaps.append(
                _Gap(
                    deputy_id=deputy_id,
                    question_id=question_id,
                    vote_id=vote_id,
                    faction_id=faction_id,
                    ballot_choice=choice,
                    polarity=polarity,
                    position=position,
                    tally=tally,
                    gap=position_gap(position=position, tally=tally),
                    clear=is_clear_gap(position=position, tally=tally),
                    responded=any((deputy_id, *t) in by_deputy_said for t in targets),
                    faction_responded=faction_id is not None
                    and any((faction_id, *t) in by_faction_said for t in targets),
                )
            )
    return gaps


def public_positions(*, deputy: Deputy, limit: int | None = None) -> list[PublicPosition]:
    """The deputy's questions, where the public majority differs most from their vote first.

    Questions the deputy abstained on, or nobody answered yet, come last (their gap is None).
    """
    gaps = _gaps(deputy_ids=[deputy.pk])
    gaps.sort(key=lambda g: (g.gap is None, -(g.gap or 0.0), -g.tally.total, -g.question_id))
    if limit is not None:
        gaps = gaps[:limit]
    question_by_id = Question.objects.select_related("topic").in_bulk([g.question_id for g in gaps])
    vote_by_id = Vote.objects.in_bulk([g.vote_id for g in gaps])
    return [
        PublicPosition(
            question=question_by_id[g.question_id],
            vote=vote_by_id[g.vote_id],
            ballot_choice=g.ballot_choice,
            polarity=g.polarity,
            deputy_position=_POSITION_NAMES[g.position],
            tally=g.tally,
            gap=g.gap,
            is_clear_gap=g.clear,
            responded=g.responded,
        )
        for g in gaps
    ]


def deputy_response_rate(*, deputy: Deputy) -> ResponseRate:
    rates = _rates_by_deputy(_gaps(deputy_ids=[deputy.pk]))
    return rates.get(deputy.pk) or ResponseRate(clear_gaps=0, responded=0)


def faction_response_rate(*, faction: Faction) -> ResponseRate:
    deputy_ids = Ballot.objects.filter(faction=faction).values_list("deputy_id", flat=True)
    rates = _rates_by_faction(_gaps(deputy_ids=set(deputy_ids), term=faction.term))
    return rates.get(faction.pk) or ResponseRate(clear_gaps=0, responded=0)


def _rates_by_deputy(gaps: Iterable[_Gap]) -> dict[int, ResponseRate]:
    """Deputy id → rate, for every deputy with at least one clear gap."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for g in gaps:
        if g.clear:
            counts[g.deputy_id][0] += 1
            counts[g.deputy_id][1] += g.responded
    return {pk: ResponseRate(clear_gaps=c, responded=r) for pk, (c, r) in counts.items()}


def _rates_by_faction(gaps: Iterable[_Gap]) -> dict[int, ResponseRate]:
    """Faction id → rate: the clear gaps of ballots cast in the faction, answered by the deputy
    or by the faction's official account."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for g in gaps:
        if g.clear and g.faction_id is not None:
            counts[g.faction_id][0] += 1
            counts[g.faction_id][1] += g.responded or g.faction_responded
    return {pk: ResponseRate(clear_gaps=c, responded=r) for pk, (c, r) in counts.items()}


def response_rates_by_deputy(*, term: Term | None = None) -> list[DeputyResponseRate]:
    """Every deputy with at least one clear gap, best response rate first (for dashboards)."""
    counted = _rates_by_deputy(_gaps(term=term))
    deputies = Deputy.objects.in_bulk(list(counted))
    rates = [
        DeputyResponseRate(clear_gaps=r.clear_gaps, responded=r.responded, deputy=deputies[pk])
        for pk, r in counted.items()
    ]
    rates.sort(key=lambda x: (-(x.rate or 0.0), -x.clear_gaps, x.deputy.last_name))
    return rates


def response_rates_by_faction(*, term: Term | None = None) -> list[FactionResponseRate]:
    """Every faction with at least one clear gap among its deputies, best rate first."""
    counted = _rates_by_faction(_gaps(term=term))
    factions = Faction.objects.in_bulk(list(counted))
    rates = [
        FactionResponseRate(clear_gaps=r.clear_gaps, responded=r.responded, faction=factions[pk])
        for pk, r in counted.items()
    ]
    rates.sort(key=lambda x: (-(x.rate or 0.0), -x.clear_gaps, x.faction.short_name))
    return rates
