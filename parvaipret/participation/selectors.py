"""Reads of the participation app: the questionnaire, a respondent's answers and their results.

Results go selector → ``parliament.matrices.ballot_matrix`` (cached arrays of the term) →
``matching`` (agreement, faction positions, ideal points) → plain dataclasses for views and the
API. Nothing here queries per deputy or per vote.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Final, Literal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

import numpy as np
from numpy.typing import NDArray

from matching import (
    AgreementScores,
    BallotMatrix,
    CitizenPoint,
    IdealPoints,
    MatchingIndex,
    MatchResult,
    QuestionLinks,
    agreement,
    faction_positions,
    fit_ideal_points,
    link_questions,
    matching_index,
    project_citizen,
)
from parvaipret.core.cache import ProcessMemo
from parvaipret.core.versions import digest, read_once_per_request, table_stamps
from parvaipret.parliament.matrices import (
    ballot_matrix,
    ballot_matrix_key,
    ballot_matrix_slice,
    votes_fingerprint,
)
from parvaipret.parliament.models import Deputy, Faction, Term, Vote
from parvaipret.parliament.selectors import names_version
from parvaipret.participation.models import Answer, Question, QuestionVote, Respondent, Topic

View = Literal["stated", "effective"]
VIEWS: Final[tuple[View, ...]] = ("stated", "effective")

CHOICE_VALUE: Final[dict[str, float]] = {
    Answer.Choice.FOR: 1.0,
    Answer.Choice.AGAINST: -1.0,
    Answer.Choice.ABSTAIN: 0.0,
}
#: A position as the breakdown shows it, relative to the question (polarity applied).
POSITION_NAMES: Final[dict[float, str]] = {1.0: "for", -1.0: "against", 0.0: "abstain"}
POSITION_LABELS: Final = {
    "for": gettext_lazy("For"),
    "against": gettext_lazy("Against"),
    "abstain": gettext_lazy("Abstain"),
    "did_not_vote": gettext_lazy("Present, did not vote"),
    "absent": gettext_lazy("Absent"),
    "no_mandate": gettext_lazy("No mandate then"),
    "no_position": gettext_lazy("No majority"),
}
NO_MANDATE: Final = "no_mandate"
ABSENT: Final = "absent"
DID_NOT_VOTE: Final = "did_not_vote"
NO_POSITION: Final = "no_position"  # a faction with no plurality (tie) or no voting member

#: W-NOMINATE's minimum is 20 ballots; a short record (one sitting) falls back to this.
MAP_FALLBACK_MIN_VOTES: Final = 5
#: Answers mapped on fewer vote columns than this get a bootstrap cloud around the star.
MAP_CLOUD_BELOW: Final = 15
MAP_BOOTSTRAP: Final = 40
MAP_CLOUD_SHARE: Final = 0.8
_TERM_MEMO_SIZE: Final = 4


# -- the questionnaire ----------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionItem:
    question: Question
    links: list[QuestionVote]
    answer: Answer | None

    @property
    def first_vote(self) -> Vote | None:
        return self.links[0].vote if self.links else None


@dataclass(frozen=True)
class QuestionWeek:
    """The questions whose votes fell in one calendar week (Monday to Sunday)."""

    monday: dt.date
    items: list[QuestionItem]

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)


def question_list_published() -> QuerySet[Question]:
    """Published questions with their votes, newest vote first (``last_vote_at``)."""
    links = QuestionVote.objects.select_related("vote", "vote__sitting").order_by(
        "vote__timestamp", "vote_id"
    )
    return (
        Question.objects.filter(published_at__isnull=False)
        .select_related("topic")
        .prefetch_related(Prefetch("question_votes", queryset=links))
        .annotate(last_vote_at=Max("question_votes__vote__timestamp"))
        .order_by("-last_vote_at", "-published_at", "-id")
    )


@read_once_per_request
def question_list_version() -> str:
    """The version of what the published questions list shows: the questions (a changed link or
    polarity is saved with its question), their links, the topics' codes and the votes' own
    fingerprint (motive, time, tallies). Three queries."""
    row = table_stamps(
        [
            ("COUNT(*)", Question),
            ("MAX(updated_at)", Question),
            ("COUNT(*)", QuestionVote),
            ("MAX(id)", QuestionVote),
        ]
    )
    topics = list(Topic.objects.order_by("id").values_list("id", "slug"))
    return digest(row, topics, votes_fingerprint())


ANSWERS_VERSION_KEY: Final = "participation:answers-version"


@read_once_per_request
def answers_version() -> str:
    """The version of everyone's answers taken together (their count and newest change), for
    the aggregates built on them: public vs parliament, deputies' and factions' response rates.

    Citizens answer all the time, so a version read afresh would change with nearly every
    request and those aggregates would be rebuilt on every view. The version is therefore kept
    for ``settings.PUBLIC_ANSWERS_REFRESH_SECONDS`` (0: read afresh every time): the aggregates
    lag the answers by at most that long, and the pages that show them say so. A citizen's own
    results never use it. One query when it is read afresh, none otherwise.
    """

    def read() -> str:
        count, newest = table_stamps([("COUNT(*)", Answer), ("MAX(updated_at)", Answer)])
        return f"{count}:{''.join(ch for ch in newest if ch.isdigit()) or 0}"

    seconds = settings.PUBLIC_ANSWERS_REFRESH_SECONDS
    if seconds <= 0:
        return read()
    return cache.get_or_set(ANSWERS_VERSION_KEY, read, seconds)


def answers_refresh_minutes() -> int:
    """How far, in whole minutes, the public aggregates may lag the answers (0: not at all)."""
    seconds = settings.PUBLIC_ANSWERS_REFRESH_SECONDS
    return -(-seconds // 60) if seconds > 0 else 0


def answers_for_respondent(*, respondent: Respondent | None) -> QuerySet[Answer]:
    if respondent is None:
        return Answer.objects.none()
    return Answer.objects.filter(respondent=respondent).select_related("question")


def question_weeks(*, respondent: Respondent | None) -> list[QuestionWeek]:
    """The questionnaire: published questions grouped by the week of their vote, newest week
    first; within a week in the order the Saeima voted. Each carries the respondent's answer."""
    answers = {a.question_id: a for a in answers_for_respondent(respondent=respondent)}
    weeks: dict[dt.date, list[tuple[dt.datetime, QuestionItem]]] = {}
    for question in question_list_published():
        links = list(question.question_votes.all())
        moment = question.last_vote_at or question.published_at
        day = timezone.localdate(moment)
        monday = day - dt.timedelta(days=day.weekday())
        item = QuestionItem(question=question, links=links, answer=answers.get(question.pk))
        weeks.setdefault(monday, []).append((moment, item))
    return [
        QuestionWeek(monday=monday, items=[i for _, i in sorted(rows, key=lambda r: r[0])])
        for monday, rows in sorted(weeks.items(), reverse=True)
    ]


# -- per-term arrays, prepared once ---------------------------------------------------------------


@dataclass(frozen=True)
class TermLabels:
    """Who the matrix rows and faction columns are: names, codes and colours, read once."""

    deputies: dict[int, str]  # deputy id -> full name
    factions: dict[int, tuple[str, str, str]]  # faction id -> (short name, name, colour)
    current: NDArray[np.int64]  # (D,) faction index at each deputy's latest vote, -1 none


@dataclass(frozen=True)
class TargetLabel:
    """What a faction's or deputy's result shows besides its scores (see ``TargetResult``)."""

    id: int
    label: str
    name: str
    colour: str | None
    faction_label: str


class TermMatching:
    """A term's ballot matrix with what matching needs from it, built once per cache key.

    Everything here depends only on the deputies' side (ballots, names), never on a respondent.
    """

    def __init__(self, key: str, ballots: BallotMatrix) -> None:
        self.key = key
        self.ballots = ballots
        self._lock = threading.Lock()

    @cached_property
    def index(self) -> MatchingIndex:
        return matching_index(self.ballots)

    @cached_property
    def labels(self) -> TermLabels:
        ballots = self.ballots
        deputies = Deputy.objects.filter(id__in=ballots.deputy_ids.tolist()).only(
            "id", "first_name", "last_name"
        )
        factions = Faction.objects.filter(id__in=ballots.faction_ids.tolist()).values_list(
            "id", "short_name", "name", "colour"
        )
        return TermLabels(
            deputies={deputy.pk: deputy.full_name for deputy in deputies},
            factions={pk: (short, name, colour) for pk, short, name, colour in factions},
            current=_current_faction(ballots),
        )

    @cached_property
    def targets(self) -> tuple[list[TargetLabel], list[TargetLabel]]:
        """Factions and deputies in the order of ``agreement``'s scores (the matrix's faction
        columns and deputy rows); a deputy with their current faction's code and colour."""
        ballots, labels = self.ballots, self.labels
        short = [labels.factions[int(fid)][0] for fid in ballots.faction_ids]
        colours = [labels.factions[int(fid)][2] for fid in ballots.faction_ids]
        factions = []
        for faction_id in ballots.faction_ids.tolist():
            code, name, colour = labels.factions[faction_id]
            factions.append(TargetLabel(faction_id, code, name, colour, code))
        deputies = []
        for deputy_id, current in zip(
            ballots.deputy_ids.tolist(), labels.current.tolist(), strict=True
        ):
            name = labels.deputies[deputy_id]
            colour, code = (colours[current], short[current]) if current >= 0 else (None, "")
            deputies.append(TargetLabel(deputy_id, name, name, colour, code))
        return factions, deputies

    @cached_property
    def ideal_points(self) -> IdealPoints | None:
        """A 2-D map, or None when the term has too few contested votes to draw one."""
        with self._lock:
            for min_votes in (None, MAP_FALLBACK_MIN_VOTES):
                try:
                    if min_votes is None:
                        return fit_ideal_points(self.ballots)
                    return fit_ideal_points(self.ballots, min_votes=min_votes)
                except ValueError:
                    continue
            return None


_term_memo: ProcessMemo[TermMatching] = ProcessMemo(_TERM_MEMO_SIZE)


def term_matching(*, term: Term | int) -> TermMatching:
    """The term's ``TermMatching``, rebuilt when its votes (the matrix's key) or the deputies'
    and factions' names change."""
    key = f"{ballot_matrix_key(term=term)}:{names_version()}"
    found = _term_memo.get(key)
    if found is None:
        found = TermMatching(key, ballot_matrix(term=term))
        _term_memo.put(key, found)
    return found


def term_matching_clear() -> None:
    _term_memo.clear()


# -- results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberPosition:
    deputy_id: int
    name: str
    position: str


@dataclass(frozen=True)
class BreakdownRow:
    """One answered question (and one of its votes) next to a target's position on it.

    ``position`` is relative to the question (a "Par" on a vote with polarity -1 is "against");
    ``counts`` (for, against, abstain) of a faction's members, likewise relative.
    """

    number: int
    question: Question
    vote_id: int
    vote_label: str
    vote_url: str
    polarity: int
    answer: Answer
    position: str
    counts: tuple[int, int, int] | None = None
    members: tuple[MemberPosition, ...] = ()

    @property
    def match(self) -> Literal["same", "partly", "opposite"] | None:
        """Same answer, one side abstained (half a point when stated), or opposite."""
        if self.position not in POSITION_NAMES.values():
            return None
        if self.position == self.answer.choice:
            return "same"
        if "abstain" in (self.position, self.answer.choice):
            return "partly"
        return "opposite"


@dataclass(frozen=True)
class AnsweredQuestion:
    """An answered question as the results list it: numbered in the order the Saeima voted."""

    number: int
    question: Question
    answer: Answer
    links: tuple[QuestionVote, ...]


@dataclass(frozen=True)
class TargetResult:
    """A faction's or deputy's agreement with the respondent, in percent (None = n/a)."""

    kind: Literal["faction", "deputy"]
    id: int
    label: str
    name: str
    colour: str | None
    faction_label: str
    stated: float | None
    effective: float | None
    coverage: float | None
    overlap: int
    view: View = "stated"
    breakdown: tuple[BreakdownRow, ...] = ()

    @property
    def agreement(self) -> float | None:
        """The score in the chosen view (what the ranking is by)."""
        return self.score(self.view)

    def score(self, view: View) -> float | None:
        return self.stated if view == "stated" else self.effective


@dataclass(frozen=True)
class MapData:
    """Inputs of ``dashboards.ideal_point_map``: deputies' points and the citizen's."""

    coords: NDArray[np.float64]
    deputy_ids: list[int]
    names: list[str]
    factions: list[list[str]]
    colours: list[str | None]
    citizen: CitizenPoint | None


@dataclass(frozen=True)
class RespondentResults:
    term: Term | None
    view: View
    min_overlap: int
    answered: int
    scored: int
    factions: list[TargetResult]
    deputies: list[TargetResult]
    map: MapData | None = None
    questions: list[AnsweredQuestion] = field(default_factory=list)
    unmatched_questions: list[int] = field(default_factory=list)
    citizen: CitizenPoint | None = None  # the respondent on the deputies' map

    @property
    def ranked(self) -> bool:
        return any(t.score(self.view) is not None for t in self.factions + self.deputies)


def respondent_results(
    *,
    respondent: Respondent | None,
    view: View = "stated",
    min_overlap: int | None = None,
    with_map: bool = True,
    detail: bool = True,
) -> RespondentResults:
    """Factions and deputies ranked by agreement with the respondent's published answers.

    The term is the newest one among the answered questions' votes. Both views are computed;
    ``view`` chooses the ranking. Targets below ``min_overlap`` shared questions (default
    ``settings.MATCHING_MIN_OVERLAP``) get None and are listed after the ranked ones, by overlap.
    Deputies who shared no answered question are left out.

    ``detail`` False leaves out what only the results page shows (each target's per-question
    breakdown, the numbered answered ``questions``, the map's deputies and the citizen's
    bootstrap cloud): the API's scores and citizen point are the same, at a fraction of the cost.
    """
    min_overlap = settings.MATCHING_MIN_OVERLAP if min_overlap is None else min_overlap
    answers = [
        a
        for a in answers_for_respondent(respondent=respondent)
        if a.question.published_at is not None
    ]
    links = list(
        QuestionVote.objects.filter(question_id__in=[a.question_id for a in answers])
        .select_related("vote__term")
        .order_by("question_id", "vote__timestamp", "vote_id")
    )
    term = max((link.vote.term for link in links), key=lambda t: t.number, default=None)
    if term is None:
        term = Term.objects.order_by("-number").first()
    empty = RespondentResults(
        term=term,
        view=view,
        min_overlap=min_overlap,
        answered=len(answers),
        scored=0,
        factions=[],
        deputies=[],
    )
    if term is None or not answers:
        return empty

    prepared = term_matching(term=term)
    by_question: dict[int, list[tuple[int, int]]] = {}
    for link in links:
        by_question.setdefault(link.question_id, []).append((link.vote_id, link.polarity))
    answers = [a for a in answers if a.question_id in by_question]
    questions = link_questions(
        prepared.ballots, {a.question_id: by_question[a.question_id] for a in answers}
    )
    choices = np.array([CHOICE_VALUE[a.choice] for a in answers], dtype=np.float64)
    weights = np.array([a.importance for a in answers], dtype=np.float64)
    result = agreement(prepared.index, questions, choices, weights, min_overlap=min_overlap)

    unmatched = [
        a.question_id for a, n in zip(answers, questions.link_counts, strict=True) if n == 0
    ]
    breakdown = _breakdown(prepared.ballots, answers, links) if detail else None
    factions, deputies = _targets(prepared, result, breakdown, view)
    chart = _map(prepared, questions, choices, weights) if with_map and detail else None
    citizen = chart.citizen if chart is not None else None
    if with_map and not detail and prepared.ideal_points is not None:
        citizen = project_citizen(prepared.ideal_points, questions, choices, weights)
    return RespondentResults(
        term=term,
        view=view,
        min_overlap=min_overlap,
        answered=len(answers),
        scored=int(result.answered_questions),
        factions=factions,
        deputies=deputies,
        map=chart,
        questions=breakdown.questions if breakdown is not None else [],
        unmatched_questions=unmatched,
        citizen=citizen,
    )


@dataclass(frozen=True)
class _Breakdown:
    """Per answered link: the sliced ballots, faction positions and who is who."""

    rows: list[tuple[Answer, QuestionVote]]
    numbers: dict[int, int]  # question id -> number (1, 2, ... in the order of the votes)
    questions: list[AnsweredQuestion]
    columns: NDArray[np.int64]  # column in ``ballots`` (the slice) of each row, -1 if none
    ballots: BallotMatrix
    majority: NDArray[np.float64]  # (F, K)
    counts: NDArray[np.int64]  # (F, K, 3)


def _breakdown(
    ballots: BallotMatrix, answers: list[Answer], links: list[QuestionVote]
) -> _Breakdown:
    answered = {a.question_id: a for a in answers}
    rows = [(answered[link.question_id], link) for link in links if link.question_id in answered]
    rows.sort(key=lambda r: (r[1].vote.timestamp, r[1].vote_id))
    numbers: dict[int, int] = {}
    grouped: dict[int, list[QuestionVote]] = {}
    for answer, link in rows:
        numbers.setdefault(answer.question_id, len(numbers) + 1)
        grouped.setdefault(answer.question_id, []).append(link)
    questions = [
        AnsweredQuestion(
            number=number,
            question=answered[question_id].question,
            answer=answered[question_id],
            links=tuple(grouped[question_id]),
        )
        for question_id, number in numbers.items()
    ]
    sliced = ballot_matrix_slice(ballots, vote_ids=[link.vote_id for _, link in rows], strict=False)
    position = {int(v): k for k, v in enumerate(sliced.vote_ids)}
    columns = np.array([position.get(link.vote_id, -1) for _, link in rows], dtype=np.int64)
    positions = faction_positions(sliced)
    return _Breakdown(
        rows=rows,
        numbers=numbers,
        questions=questions,
        columns=columns,
        ballots=sliced,
        majority=positions.majority,
        counts=positions.counts,
    )


def _deputy_position(ballots: BallotMatrix, row: int, column: int, polarity: int) -> str:
    value = ballots.positions[row, column]
    if not np.isnan(value):
        return POSITION_NAMES[float(value * polarity)]
    if ballots.present[row, column]:
        return DID_NOT_VOTE
    return ABSENT if ballots.mandate[row, column] else NO_MANDATE


def _vote_label(vote: Vote) -> str:
    """Short name of a roll call for tables: its document numbers, else the motive's start."""
    if vote.document_numbers:
        return vote.document_numbers
    return vote.motive if len(vote.motive) <= 40 else vote.motive[:39] + "…"


def _relative_counts(counts: NDArray[np.int64], polarity: int) -> tuple[int, int, int]:
    yes, no, abstain = (int(c) for c in counts)
    return (yes, no, abstain) if polarity == 1 else (no, yes, abstain)


def _targets(
    prepared: TermMatching,
    result: MatchResult,
    breakdown: _Breakdown | None,
    view: View,
) -> tuple[list[TargetResult], list[TargetResult]]:
    """Factions and deputies with their scores, ranked; with their per-question rows when a
    ``breakdown`` is given. Deputies who shared no answered question are left out."""
    faction_labels, deputy_labels = prepared.targets
    rows = _BreakdownRows(prepared, breakdown) if breakdown is not None else None
    factions = [
        _target("faction", label, scores, rows.faction(k) if rows is not None else (), view)
        for k, (label, scores) in enumerate(
            zip(faction_labels, _percentages(result.factions), strict=True)
        )
    ]
    deputies = [
        _target("deputy", label, scores, rows.deputy(k) if rows is not None else (), view)
        for k, (label, scores) in enumerate(
            zip(deputy_labels, _percentages(result.deputies), strict=True)
        )
        if scores[3] > 0
    ]
    return _rank(factions, view), _rank(deputies, view)


class _BreakdownRows:
    """Each target's ``BreakdownRow``s for the results page."""

    def __init__(self, prepared: TermMatching, breakdown: _Breakdown) -> None:
        self.breakdown = breakdown
        self.names = [prepared.labels.deputies[int(d)] for d in breakdown.ballots.deputy_ids]
        self.urls = {
            link.vote_id: reverse("parliament:vote_detail", args=[link.vote_id])
            for _, link in breakdown.rows
        }

    def _answered(self) -> Iterator[tuple[Answer, QuestionVote, int]]:
        breakdown = self.breakdown
        for (answer, link), column in zip(breakdown.rows, breakdown.columns, strict=True):
            if column >= 0:
                yield answer, link, int(column)

    def _row(
        self,
        answer: Answer,
        link: QuestionVote,
        position: str,
        counts: tuple[int, int, int] | None = None,
        members: tuple[MemberPosition, ...] = (),
    ) -> BreakdownRow:
        return BreakdownRow(
            number=self.breakdown.numbers[answer.question_id],
            question=answer.question,
            vote_id=link.vote_id,
            vote_label=_vote_label(link.vote),
            vote_url=self.urls[link.vote_id],
            polarity=link.polarity,
            answer=answer,
            position=position,
            counts=counts,
            members=members,
        )

    def faction(self, k: int) -> tuple[BreakdownRow, ...]:
        breakdown, sliced = self.breakdown, self.breakdown.ballots
        rows = []
        for answer, link, column in self._answered():
            majority = breakdown.majority[k, column]
            members = np.flatnonzero((sliced.faction[:, column] == k) & sliced.mandate[:, column])
            position = (
                NO_POSITION
                if np.isnan(majority)
                else POSITION_NAMES[float(majority * link.polarity)]
            )
            rows.append(
                self._row(
                    answer,
                    link,
                    position,
                    counts=_relative_counts(breakdown.counts[k, column], link.polarity),
                    members=tuple(
                        MemberPosition(
                            deputy_id=int(sliced.deputy_ids[d]),
                            name=self.names[d],
                            position=_deputy_position(sliced, d, column, link.polarity),
                        )
                        for d in members
                    ),
                )
            )
        return tuple(rows)

    def deputy(self, k: int) -> tuple[BreakdownRow, ...]:
        sliced = self.breakdown.ballots
        return tuple(
            self._row(answer, link, _deputy_position(sliced, k, column, link.polarity))
            for answer, link, column in self._answered()
        )


#: A target's (stated, effective, coverage) in percent, None = n/a, and its overlap.
_Percentages = tuple[float | None, float | None, float | None, int]


def _percentages(scores: AgreementScores) -> list[_Percentages]:
    """Each target's scores in percent (one decimal), read from the arrays once."""

    def pct(value: float) -> float | None:
        return None if value != value else round(100.0 * value, 1)  # nan → None

    return [
        (pct(stated), pct(effective), pct(coverage), overlap)
        for stated, effective, coverage, overlap in zip(
            scores.stated.tolist(),
            scores.effective.tolist(),
            scores.coverage.tolist(),
            scores.overlap.tolist(),
            strict=True,
        )
    ]


def _target(
    kind: Literal["faction", "deputy"],
    label: TargetLabel,
    scores: _Percentages,
    rows: tuple[BreakdownRow, ...],
    view: View,
) -> TargetResult:
    stated, effective, coverage, overlap = scores
    return TargetResult(
        kind=kind,
        id=label.id,
        label=label.label,
        name=label.name,
        colour=label.colour,
        faction_label=label.faction_label,
        stated=stated,
        effective=effective,
        coverage=coverage,
        overlap=overlap,
        view=view,
        breakdown=rows,
    )


def _rank(targets: list[TargetResult], view: View) -> list[TargetResult]:
    shown = [t for t in targets if t.score(view) is not None]
    hidden = [t for t in targets if t.score(view) is None]
    shown.sort(key=lambda t: (-t.score(view), -t.overlap, t.label))
    hidden.sort(key=lambda t: (-t.overlap, t.label))
    return shown + hidden


def _current_faction(ballots: BallotMatrix) -> NDArray[np.int64]:
    """(D,) faction index at each deputy's latest vote with a mandate (-1 none)."""
    columns = ballots.vote_ids.size
    if columns == 0:
        return np.full(ballots.deputy_ids.size, -1, dtype=np.int64)
    last = columns - 1 - np.argmax(ballots.mandate[:, ::-1], axis=1)
    out = ballots.faction[np.arange(ballots.deputy_ids.size), last]
    return np.where(ballots.mandate.any(axis=1), out, -1)


def _faction_history(ballots: BallotMatrix, row: int, short: list[str]) -> list[str]:
    sequence = ballots.faction[row, ballots.mandate[row]]
    if sequence.size == 0:
        return []
    changes = np.concatenate([[True], sequence[1:] != sequence[:-1]])
    return [short[i] if i >= 0 else "" for i in sequence[changes].tolist()]


def _map(
    prepared: TermMatching,
    questions: QuestionLinks,
    choices: NDArray[np.float64],
    weights: NDArray[np.float64],
) -> MapData | None:
    points = prepared.ideal_points
    if points is None:
        return None
    ballots, labels = prepared.ballots, prepared.labels
    on_map = np.flatnonzero(points.included)
    short = [labels.factions[int(f)][0] for f in ballots.faction_ids]
    colour = [labels.factions[int(f)][2] for f in ballots.faction_ids]
    current = labels.current
    citizen = project_citizen(points, questions, choices, weights)
    if citizen.columns_used < MAP_CLOUD_BELOW:
        citizen = project_citizen(points, questions, choices, weights, bootstrap=MAP_BOOTSTRAP)
        citizen = _central_cloud(citizen)
    return MapData(
        coords=points.coords[on_map],
        deputy_ids=[int(d) for d in ballots.deputy_ids[on_map]],
        names=[labels.deputies[int(d)] for d in ballots.deputy_ids[on_map]],
        factions=[_faction_history(ballots, int(row), short) for row in on_map],
        colours=[colour[current[row]] if current[row] >= 0 else None for row in on_map],
        citizen=citizen,
    )


def _central_cloud(citizen: CitizenPoint) -> CitizenPoint:
    """Keep the central ``MAP_CLOUD_SHARE`` of the bootstrap points (nearest the citizen).

    With few answers a resample can land far away and zoom the whole map out; the central
    points show the uncertainty without hiding the deputies.
    """
    samples = citizen.samples[np.isfinite(citizen.samples).all(axis=1)]
    if samples.size == 0 or not np.isfinite(citizen.coords).all():
        return CitizenPoint(
            coords=citizen.coords, columns_used=citizen.columns_used, samples=samples
        )
    distance = np.linalg.norm(samples - citizen.coords, axis=1)
    central = samples[distance <= np.quantile(distance, MAP_CLOUD_SHARE)]
    return CitizenPoint(coords=citizen.coords, columns_used=citizen.columns_used, samples=central)


def respondent_by_share_id(*, share_id: uuid.UUID) -> Respondent | None:
    return Respondent.objects.filter(share_id=share_id).first()
