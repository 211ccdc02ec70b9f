"""Reads behind the journalists' dashboards: numbers computed from the term's cached ballot matrix.

Every figure follows one path: ``parliament.matrices.ballot_matrix`` (the term's ballots as
arrays, cached) → ``matching`` (faction positions, Agreement Index, rebels, attendance,
alignment, ideal points) → small frozen dataclasses of plain values that views turn into plotly
figures (``insights.figures``) and the API into JSON. Nothing queries per deputy or per vote.

Each result is cached in the Django cache under a key made of the filters and the data's version:
the matrix's own key (which changes when a vote or membership is added or changed) plus
fingerprints of what else the figure reads (factions, coalition periods, deputies' names, the
questions and their topics, and for public-vs-parliament the answers). New votes therefore give
new keys; stale entries simply expire.

Counting rules (docs/matching.md): only matchable votes (no secret ballots, no votes on persons);
a faction's position is the plurality of its members who voted; cohesion is the Hix-Noury-Roland
Agreement Index; attendance is being registered in the vote (a ballot or "Nebalsoja") out of the
votes held while holding a mandate; a rebel vote is a ballot against one's own faction's
plurality. The selected votes of a period are those whose local (Riga) date falls within it; a
topic selects the votes behind the published questions on that topic.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Literal, TypeVar

from django.db.models import Count, QuerySet
from django.utils import timezone, translation

import numpy as np
from numpy.typing import NDArray

from matching import (
    DEFAULT_MIN_OVERLAP,
    BallotMatrix,
    FactionPositions,
    agreement_index,
    attendance,
    deputy_alignment,
    faction_alignment,
    faction_positions,
    fit_ideal_points,
    rebels,
)
from parvaipret.core.cache import ProcessMemo, cached
from parvaipret.core.versions import digest, table_stamps
from parvaipret.insights.forms import DashboardFilters
from parvaipret.parliament.matrices import ballot_matrix, ballot_matrix_key, vote_columns
from parvaipret.parliament.models import CoalitionPeriod, Deputy, Faction, Term, Vote
from parvaipret.participation.models import Answer, Question, QuestionVote
from parvaipret.participation.selectors import answers_version

CACHE_PREFIX: Final = "insights:v1"
CACHE_TIMEOUT: Final = 24 * 3600
MEMO_SIZE: Final = 64
"""Dashboards' data kept in each process as well: the latest filters × languages looked at."""

#: No agreement percentage between two factions (or a deputy and a faction) on fewer shared votes.
ALIGNMENT_MIN_OVERLAP: Final = DEFAULT_MIN_OVERLAP
#: Citizens' shares are shown only for questions with at least this many answers.
PUBLIC_MIN_ANSWERS: Final = 10
#: W-NOMINATE wants 20 ballots per deputy; a short period (one sitting) falls back to this.
MAP_FALLBACK_MIN_VOTES: Final = 5

Choice = Literal["for", "against", "abstain"]
DeputyVoteKind = Literal["rebel", "absent", "all"]
POSITION_NAMES: Final[dict[float, Choice]] = {1.0: "for", -1.0: "against", 0.0: "abstain"}

T = TypeVar("T")


# -- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FactionRef:
    id: int
    short_name: str
    name: str
    colour: str


@dataclass(frozen=True)
class AlignmentData:
    """Faction × faction agreement (0–1, None below the minimum overlap) over the selected votes."""

    factions: tuple[FactionRef, ...]
    agreement: tuple[tuple[float | None, ...], ...]
    overlap: tuple[tuple[int, ...], ...]
    votes: int
    view: str
    key: str = ""


@dataclass(frozen=True)
class SplitVote:
    """A vote on which two factions took different positions (``counts``: for, against, abstain)."""

    vote_id: int
    timestamp: dt.datetime
    motive: str
    outcome: str
    position_a: Choice
    counts_a: tuple[int, int, int]
    position_b: Choice
    counts_b: tuple[int, int, int]


@dataclass(frozen=True)
class CohesionSeries:
    """A faction's mean Agreement Index per month (None: no vote that month) and overall."""

    faction: FactionRef
    values: tuple[float | None, ...]
    counts: tuple[int, ...]
    coalition: tuple[bool, ...] | None
    mean: float | None
    votes: int
    mean_members: float | None
    small: bool


@dataclass(frozen=True)
class CohesionData:
    months: tuple[str, ...]
    series: tuple[CohesionSeries, ...]
    coalition_loaded: bool
    votes: int
    key: str = ""


@dataclass(frozen=True)
class DeputyRecord:
    """A deputy's attendance and rebel votes over the selected votes held with a mandate.

    ``factions`` are the factions sat in, in order ("" = unaffiliated); ``faction`` the last.
    """

    deputy_id: int
    name: str
    faction_id: int | None
    faction: str
    colour: str | None
    factions: tuple[str, ...]
    possible: int
    cast: int
    not_voting: int
    absent: int
    rebel_votes: int
    rebel_counted: int

    @property
    def present(self) -> int:
        return self.cast + self.not_voting

    @property
    def attendance(self) -> float | None:
        return self.present / self.possible if self.possible else None

    @property
    def rebel_rate(self) -> float | None:
        return self.rebel_votes / self.rebel_counted if self.rebel_counted else None


@dataclass(frozen=True)
class DeputyRecords:
    deputies: tuple[DeputyRecord, ...]
    votes: int
    key: str = ""


@dataclass(frozen=True)
class MapData:
    """Deputies' 2-D ideal points (None: too few ballots to place) over the selected votes."""

    deputies: tuple[DeputyRecord, ...]
    coords: tuple[tuple[float | None, float | None], ...]
    explained: tuple[float, ...]
    votes_used: int
    votes: int
    key: str = ""

    @property
    def drawn(self) -> bool:
        return bool(self.votes_used)


@dataclass(frozen=True)
class FactionStance:
    faction: FactionRef
    position: Choice | None
    counts: tuple[int, int, int]


@dataclass(frozen=True)
class PublicQuestion:
    """A published question next to the Saeima's decisive vote, both relative to the question.

    ``citizen_counts`` is None when fewer than ``PUBLIC_MIN_ANSWERS`` answered ("too few
    answers"); ``adopted`` is whether the Saeima said yes to the question (the vote's outcome,
    reversed when a "Par" ballot means "no"), None when the outcome is not given.
    """

    question_id: int
    label: str
    vote_id: int
    polarity: int
    answers: int
    citizen_counts: tuple[int, int, int] | None
    saeima_counts: tuple[int, int, int]
    adopted: bool | None
    factions: tuple[FactionStance, ...]

    @property
    def gap(self) -> float | None:
        """|citizens' For share − the Saeima's For share| (0–1), as ``dashboards.question_gap``."""
        if self.citizen_counts is None or not sum(self.saeima_counts):
            return None
        citizens = self.citizen_counts[0] / sum(self.citizen_counts)
        return abs(citizens - self.saeima_counts[0] / sum(self.saeima_counts))

    @property
    def gap_points(self) -> float | None:
        return None if self.gap is None else 100 * self.gap


@dataclass(frozen=True)
class PublicData:
    questions: tuple[PublicQuestion, ...]
    min_answers: int
    key: str = ""


@dataclass(frozen=True)
class FactionAgreement:
    faction: FactionRef
    stated: float | None
    effective: float | None
    overlap: int

    def value(self, view: str) -> float | None:
        return self.effective if view == "effective" else self.stated


@dataclass(frozen=True)
class DeputyDashboard:
    """One deputy over the selected votes: record, attendance, rebel votes, agreement."""

    deputy_id: int
    record: DeputyRecord | None
    choices: dict[str, int]
    rebel_vote_ids: tuple[int, ...]
    agreements: tuple[FactionAgreement, ...]
    votes: int
    key: str = ""


@dataclass(frozen=True)
class FactionDashboard:
    """One faction over the selected votes: cohesion, agreement with the others, its members
    (attendance and rebel votes counted only while they sat in this faction)."""

    faction: FactionRef
    cohesion: float | None
    cohesion_votes: int
    mean_members: float | None
    small: bool
    agreements: tuple[FactionAgreement, ...]
    members: tuple[DeputyRecord, ...]
    votes: int
    key: str = ""


@dataclass(frozen=True)
class DeputyVote:
    vote_id: int
    position: Choice | Literal["did_not_vote", "absent"]
    faction_line: Choice | None
    rebel: bool


# -- selection of votes, versions and caching -----------------------------------------------------


@dataclass(frozen=True)
class _Selection:
    ballots: BallotMatrix
    positions: FactionPositions
    mask: NDArray[np.bool_]  # (V,) selected and matchable
    dates: NDArray[np.datetime64]  # (V,) local date of each vote

    @property
    def columns(self) -> NDArray[np.int64]:
        return np.flatnonzero(self.mask)


def _selection(filters: DashboardFilters) -> _Selection:
    matrix = ballot_matrix(term=filters.term)
    rows = list(Vote.objects.filter(term=filters.term).values_list("id", "timestamp"))
    dates = np.full(matrix.vote_ids.size, np.datetime64("NaT"), dtype="datetime64[D]")
    if rows:
        columns = vote_columns(matrix, vote_ids=[vote_id for vote_id, _ in rows])
        known = columns >= 0
        local = np.asarray([timezone.localdate(ts) for _, ts in rows], dtype="datetime64[D]")
        dates[columns[known]] = local[known]
    mask = matrix.matchable.copy()
    if filters.start is not None:
        mask &= dates >= np.datetime64(filters.start, "D")
    if filters.end is not None:
        mask &= dates <= np.datetime64(filters.end, "D")
    if filters.topic is not None:
        on_topic = Vote.objects.filter(
            term=filters.term,
            questions__topic=filters.topic,
            questions__published_at__isnull=False,
        ).values_list("id", flat=True)
        mask &= np.isin(matrix.vote_ids, np.asarray(list(on_topic), dtype=np.int64))
    return _Selection(ballots=matrix, positions=faction_positions(matrix), mask=mask, dates=dates)


def data_version(term: Term, *, answers: bool = False) -> str:
    """What the dashboards' numbers of a term depend on; changes when any of it changes.

    Four queries: the ballot-matrix key, the term's factions and coalition periods, and one
    row of counts and newest updates of deputies, questions, their votes (and answers).
    """
    tables = [
        ("COUNT(*)", Deputy),
        ("MAX(updated_at)", Deputy),
        ("COUNT(*)", Question),
        ("MAX(updated_at)", Question),
        ("COUNT(*)", QuestionVote),
        ("MAX(id)", QuestionVote),
    ]
    counts = table_stamps(tables)
    if answers:
        counts.append(answers_version())
    parts: list[object] = [
        ballot_matrix_key(term=term),
        list(
            Faction.objects.filter(term=term)
            .order_by("id")
            .values_list("id", "short_name", "name", "colour")
        ),
        list(
            CoalitionPeriod.objects.filter(faction__term=term)
            .order_by("id")
            .values_list("id", "faction_id", "start", "end")
        ),
        counts,
    ]
    return digest(*parts)


_memo: ProcessMemo = ProcessMemo(MEMO_SIZE)


def _cached(
    name: str,
    filters: DashboardFilters,
    compute: Callable[[], T],
    *,
    extra: Sequence[object] = (),
    answers: bool = False,
    per_language: bool = False,
) -> T:
    """The cached result of ``compute()``, its ``key`` field set to the cache key."""
    language = translation.get_language() if per_language else ""
    version = data_version(filters.term, answers=answers)
    key = f"{CACHE_PREFIX}:{name}:{digest(version, filters.token, *extra, language)}"
    found = _memo.get(key)
    if found is None:

        def keyed() -> T:
            value = compute()
            fields = dataclasses.fields(value) if dataclasses.is_dataclass(value) else ()
            if any(f.name == "key" for f in fields):
                value = dataclasses.replace(value, key=key)
            return value

        found = cached(key, keyed, CACHE_TIMEOUT)
        _memo.put(key, found)
    return found


def _number(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _factions(ids: Iterable[int]) -> dict[int, FactionRef]:
    return {
        row[0]: FactionRef(*row)
        for row in Faction.objects.filter(id__in=list(ids)).values_list(
            "id", "short_name", "name", "colour"
        )
    }


def _active_factions(selection: _Selection) -> list[int]:
    """Indices of the factions with a voting member on a selected vote, largest first."""
    mask = selection.mask
    voters = selection.positions.voters[:, mask].sum(axis=1)
    members = selection.positions.members[:, mask].sum(axis=1)
    refs = _factions(selection.ballots.faction_ids.tolist())
    active = [int(f) for f in np.flatnonzero(voters > 0)]
    short = {f: refs[int(selection.ballots.faction_ids[f])].short_name for f in active}
    return sorted(active, key=lambda f: (-int(members[f]), short[f]))


# -- faction alignment ------------------------------------------------------------------------------


def faction_alignment_data(*, filters: DashboardFilters) -> AlignmentData:
    """Pairwise agreement of the factions' plurality positions over the selected votes."""

    def compute() -> AlignmentData:
        selection = _selection(filters)
        active = _active_factions(selection)
        result = faction_alignment(
            selection.positions, votes=selection.mask, min_overlap=ALIGNMENT_MIN_OVERLAP
        )
        matrix = result.effective if filters.view == "effective" else result.stated
        refs = _factions(selection.ballots.faction_ids.tolist())
        ids = selection.ballots.faction_ids
        return AlignmentData(
            factions=tuple(refs[int(ids[f])] for f in active),
            agreement=tuple(tuple(_number(matrix[i, j]) for j in active) for i in active),
            overlap=tuple(tuple(int(result.overlap[i, j]) for j in active) for i in active),
            votes=int(selection.mask.sum()),
            view=filters.view,
        )

    return _cached("alignment", filters, compute)


def faction_split_votes(
    *, filters: DashboardFilters, faction_a: Faction, faction_b: Faction
) -> list[SplitVote]:
    """Selected votes on which both factions had a position and the two differed, newest first.

    In the effective view (abstaining counts as against) only for versus not-for is a split.
    """

    def compute() -> list[SplitVote]:
        selection = _selection(filters)
        ids = selection.ballots.faction_ids.tolist()
        if faction_a.pk not in ids or faction_b.pk not in ids:
            return []
        a, b = ids.index(faction_a.pk), ids.index(faction_b.pk)
        majority = selection.positions.majority
        both = selection.mask & ~np.isnan(majority[a]) & ~np.isnan(majority[b])
        if filters.view == "effective":
            split = both & ((majority[a] == 1.0) != (majority[b] == 1.0))
        else:
            split = both & (majority[a] != majority[b])
        columns = np.flatnonzero(split)
        counts = selection.positions.counts
        by_id = {
            vote.pk: vote
            for vote in Vote.objects.filter(id__in=selection.ballots.vote_ids[columns].tolist())
        }
        rows = []
        for column in columns[::-1]:
            vote = by_id[int(selection.ballots.vote_ids[column])]
            rows.append(
                SplitVote(
                    vote_id=vote.pk,
                    timestamp=vote.timestamp,
                    motive=vote.motive,
                    outcome=vote.outcome,
                    position_a=POSITION_NAMES[float(majority[a, column])],
                    counts_a=tuple(int(c) for c in counts[a, column]),
                    position_b=POSITION_NAMES[float(majority[b, column])],
                    counts_b=tuple(int(c) for c in counts[b, column]),
                )
            )
        return rows

    return _cached("split", filters, compute, extra=(faction_a.pk, faction_b.pk))


# -- cohesion over time -------------------------------------------------------------------------


def _month_number(dates: NDArray[np.datetime64]) -> NDArray[np.int64]:
    return dates.astype("datetime64[M]").astype(np.int64)


def _month_label(number: int) -> str:
    return str(np.datetime64(int(number), "M"))


def _month_end(number: int) -> dt.date:
    year, month = divmod(int(number), 12)
    year += 1970
    month += 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def cohesion_data(*, filters: DashboardFilters) -> CohesionData:
    """Each faction's mean Agreement Index per calendar month, with coalition flags.

    A faction counts as in the coalition in a month when one of its ``CoalitionPeriod`` rows
    covers the date of the month's last selected vote (the month's last day when it had none).
    With no coalition periods for the term, ``coalition_loaded`` is False and no flags are given.
    """

    def compute() -> CohesionData:
        selection = _selection(filters)
        columns = selection.columns
        cohesion = agreement_index(selection.positions, votes=selection.mask)
        if not columns.size:
            return CohesionData(months=(), series=(), coalition_loaded=False, votes=0)
        month_of = _month_number(selection.dates[columns])
        first, last = int(month_of.min()), int(month_of.max())
        months = list(range(first, last + 1))
        slot = month_of - first
        reference: list[dt.date] = []
        for k, number in enumerate(months):
            in_month = selection.dates[columns][slot == k]
            reference.append(in_month.max().item() if in_month.size else _month_end(number))

        periods: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
        for faction_id, start, end in CoalitionPeriod.objects.filter(
            faction__term=filters.term
        ).values_list("faction_id", "start", "end"):
            periods.setdefault(faction_id, []).append((start, end))
        refs = _factions(selection.ballots.faction_ids.tolist())
        series = []
        for f in _active_factions(selection):
            faction_id = int(selection.ballots.faction_ids[f])
            index = cohesion.index[f, columns]
            valid = ~np.isnan(index)
            sums = np.bincount(slot[valid], weights=index[valid], minlength=len(months))
            counts = np.bincount(slot[valid], minlength=len(months))
            values = tuple(float(s / n) if n else None for s, n in zip(sums, counts, strict=True))
            coalition = None
            if periods:
                coalition = tuple(
                    any(
                        start <= day and (end is None or day <= end)
                        for start, end in periods.get(faction_id, [])
                    )
                    for day in reference
                )
            series.append(
                CohesionSeries(
                    faction=refs[faction_id],
                    values=values,
                    counts=tuple(int(n) for n in counts),
                    coalition=coalition,
                    mean=_number(cohesion.mean[f]),
                    votes=int(cohesion.votes[f]),
                    mean_members=_number(cohesion.mean_members[f]),
                    small=bool(cohesion.small[f]),
                )
            )
        return CohesionData(
            months=tuple(_month_label(m) for m in months),
            series=tuple(series),
            coalition_loaded=bool(periods),
            votes=int(columns.size),
        )

    return _cached("cohesion", filters, compute)


# -- rebels, attendance and the map -------------------------------------------------------------


def _deputy_names(ids: Iterable[int]) -> dict[int, str]:
    return {
        pk: f"{first} {last}"
        for pk, first, last in Deputy.objects.filter(id__in=list(ids)).values_list(
            "id", "first_name", "last_name"
        )
    }


def _records(selection: _Selection, ballots: BallotMatrix) -> tuple[DeputyRecord, ...]:
    """Records of every deputy of ``ballots`` holding a mandate on a selected vote, by name."""
    mask = selection.mask
    counted = attendance(ballots, votes=mask)
    rebel = rebels(ballots, factions=selection.positions, votes=mask)
    rows = np.flatnonzero(counted.possible > 0)
    refs = _factions(ballots.faction_ids.tolist())
    names = _deputy_names(ballots.deputy_ids[rows].tolist())
    records = []
    for row in rows:
        held = mask & ballots.mandate[row]
        sequence = [int(f) for f in ballots.faction[row, held]]
        history = [f for k, f in enumerate(sequence) if k == 0 or f != sequence[k - 1]]
        labels = tuple(
            "" if f < 0 else refs[int(ballots.faction_ids[f])].short_name for f in history
        )
        current = history[-1] if history else -1
        ref = refs[int(ballots.faction_ids[current])] if current >= 0 else None
        records.append(
            DeputyRecord(
                deputy_id=int(ballots.deputy_ids[row]),
                name=names.get(int(ballots.deputy_ids[row]), ""),
                faction_id=ref.id if ref else None,
                faction=ref.short_name if ref else "",
                colour=ref.colour if ref else None,
                factions=labels,
                possible=int(counted.possible[row]),
                cast=int(counted.cast[row]),
                not_voting=int(counted.not_voting[row]),
                absent=int(counted.absent[row]),
                rebel_votes=int(rebel.count[row]),
                rebel_counted=int(rebel.votes_counted[row]),
            )
        )
    return tuple(sorted(records, key=lambda r: (r.name, r.deputy_id)))


def deputy_records(*, filters: DashboardFilters) -> DeputyRecords:
    """Attendance and rebel votes of every deputy with a mandate during the selected votes."""

    def compute() -> DeputyRecords:
        selection = _selection(filters)
        return DeputyRecords(
            deputies=_records(selection, selection.ballots), votes=int(selection.mask.sum())
        )

    return _cached("records", filters, compute)


def deputy_map_data(*, filters: DashboardFilters) -> MapData:
    """Ideal points (``matching.fit_ideal_points``) of the deputies over the selected votes.

    Uses W-NOMINATE's screening (20 ballots per deputy), falling back to
    ``MAP_FALLBACK_MIN_VOTES`` for short periods; ``votes_used`` 0 means no map could be drawn.
    """

    def compute() -> MapData:
        selection = _selection(filters)
        records = deputy_records(filters=filters).deputies
        points = None
        for min_votes in (None, MAP_FALLBACK_MIN_VOTES):
            try:
                points = (
                    fit_ideal_points(selection.ballots, votes=selection.mask)
                    if min_votes is None
                    else fit_ideal_points(
                        selection.ballots, votes=selection.mask, min_votes=min_votes
                    )
                )
                break
            except ValueError:
                continue
        if points is None:
            coords = tuple((None, None) for _ in records)
            return MapData(
                deputies=records,
                coords=coords,
                explained=(),
                votes_used=0,
                votes=int(selection.mask.sum()),
            )
        row_of = {int(d): k for k, d in enumerate(points.deputy_ids)}
        coords = tuple(
            (
                _number(points.coords[row_of[r.deputy_id], 0]),
                _number(points.coords[row_of[r.deputy_id], 1]),
            )
            for r in records
        )
        return MapData(
            deputies=records,
            coords=coords,
            explained=tuple(float(e) for e in points.explained),
            votes_used=int(points.vote_ids.size),
            votes=int(selection.mask.sum()),
        )

    return _cached("map", filters, compute)


# -- public vs parliament -----------------------------------------------------------------------


def public_data(*, filters: DashboardFilters) -> PublicData:
    """Every published question whose decisive vote (its last linked vote) is selected.

    The period applies to the decisive vote's date and the topic to the question. Citizens'
    answers are counted per choice (aggregates only, never individual answers); the Saeima's
    counts are the printed tallies of the decisive vote; factions' positions come from the
    ballots. All three are turned to the question's side with the link's polarity.
    """

    def compute() -> PublicData:
        links = (
            QuestionVote.objects.filter(
                question__published_at__isnull=False, vote__term=filters.term
            )
            .order_by("question_id", "vote__timestamp", "vote_id")
            .values_list("question_id", "vote_id", "polarity", "vote__timestamp")
        )
        decisive: dict[int, tuple[int, int, dt.date]] = {}
        for question_id, vote_id, polarity, timestamp in links:
            decisive[question_id] = (vote_id, polarity, timezone.localdate(timestamp))
        chosen = {
            q: link
            for q, link in decisive.items()
            if (filters.start is None or link[2] >= filters.start)
            and (filters.end is None or link[2] <= filters.end)
        }
        questions = Question.objects.filter(id__in=list(chosen))
        if filters.topic is not None:
            questions = questions.filter(topic=filters.topic)
        questions = list(questions)
        answer_counts: dict[int, dict[str, int]] = {}
        for question_id, choice, n in (
            Answer.objects.filter(question__in=questions)
            .values_list("question_id", "choice")
            .annotate(n=Count("id"))
            .order_by()
        ):
            answer_counts.setdefault(question_id, {})[choice] = n
        votes = {
            vote.pk: vote
            for vote in Vote.objects.filter(id__in=[chosen[q.pk][0] for q in questions])
        }
        matrix = ballot_matrix(term=filters.term)
        positions = faction_positions(matrix)
        columns = vote_columns(matrix, vote_ids=[chosen[q.pk][0] for q in questions])
        refs = _factions(matrix.faction_ids.tolist())
        rows = []
        for question, column in zip(questions, columns, strict=True):
            vote_id, polarity, _ = chosen[question.pk]
            vote = votes[vote_id]
            counts = answer_counts.get(question.pk, {})
            total = sum(counts.values())
            citizens = tuple(counts.get(c, 0) for c in ("for", "against", "abstain"))
            saeima = (vote.for_count, vote.against_count, vote.abstain_count)
            rows.append(
                PublicQuestion(
                    question_id=question.pk,
                    label=question.localized_text,
                    vote_id=vote_id,
                    polarity=polarity,
                    answers=total,
                    citizen_counts=citizens if total >= PUBLIC_MIN_ANSWERS else None,
                    saeima_counts=_oriented(saeima, polarity),
                    adopted=_adopted(vote.outcome, polarity),
                    factions=_stances(positions, int(column), polarity, refs)
                    if column >= 0 and matrix.matchable[column]
                    else (),
                )
            )
        return PublicData(questions=tuple(rows), min_answers=PUBLIC_MIN_ANSWERS)

    return _cached("public", filters, compute, answers=True, per_language=True)


def _oriented(counts: tuple[int, int, int], polarity: int) -> tuple[int, int, int]:
    return counts if polarity == 1 else (counts[1], counts[0], counts[2])


def _adopted(outcome: str, polarity: int) -> bool | None:
    if outcome == Vote.Outcome.ADOPTED:
        return polarity == 1
    if outcome == Vote.Outcome.REJECTED:
        return polarity != 1
    return None


def _stances(
    positions: FactionPositions, column: int, polarity: int, refs: dict[int, FactionRef]
) -> tuple[FactionStance, ...]:
    stances = []
    for f in np.flatnonzero(positions.voters[:, column] > 0):
        majority = float(positions.majority[f, column])
        counts = tuple(int(c) for c in positions.counts[f, column])
        stances.append(
            FactionStance(
                faction=refs[int(positions.faction_ids[f])],
                position=None if np.isnan(majority) else POSITION_NAMES[majority * polarity + 0.0],
                counts=_oriented(counts, polarity),
            )
        )
    return tuple(sorted(stances, key=lambda s: s.faction.short_name))


# -- one deputy, one faction --------------------------------------------------------------------


def _agreements(
    selection: _Selection, rows: NDArray[np.float64], skip: int | None = None
) -> tuple[FactionAgreement, ...]:
    """Agreement of one row of positions (over all columns) with each active faction's line."""
    active = [f for f in _active_factions(selection) if f != skip]
    columns = selection.columns
    majority = selection.positions.majority[:, columns]
    stacked = np.vstack([rows[columns][None, :], majority[active]]) if active else None
    if stacked is None:
        return ()
    small = BallotMatrix.build(stacked)
    result = deputy_alignment(small, min_overlap=ALIGNMENT_MIN_OVERLAP)
    refs = _factions(selection.ballots.faction_ids.tolist())
    return tuple(
        FactionAgreement(
            faction=refs[int(selection.ballots.faction_ids[f])],
            stated=_number(result.stated[0, k + 1]),
            effective=_number(result.effective[0, k + 1]),
            overlap=int(result.overlap[0, k + 1]),
        )
        for k, f in enumerate(active)
    )


def deputy_dashboard(*, filters: DashboardFilters, deputy: Deputy) -> DeputyDashboard:
    """A deputy's record over the selected votes (None when they held no mandate in it)."""

    def compute() -> DeputyDashboard:
        selection = _selection(filters)
        ids = selection.ballots.deputy_ids.tolist()
        votes = int(selection.mask.sum())
        records = {r.deputy_id: r for r in deputy_records(filters=filters).deputies}
        record = records.get(deputy.pk)
        if deputy.pk not in ids or record is None:
            return DeputyDashboard(
                deputy_id=deputy.pk,
                record=None,
                choices={},
                rebel_vote_ids=(),
                agreements=(),
                votes=votes,
            )
        row = ids.index(deputy.pk)
        ballots = selection.ballots
        held = selection.mask & ballots.mandate[row]
        position = ballots.positions[row]
        choices = {
            "for": int((held & (position == 1.0)).sum()),
            "against": int((held & (position == -1.0)).sum()),
            "abstain": int((held & (position == 0.0)).sum()),
            "did_not_vote": int((held & ballots.present[row] & np.isnan(position)).sum()),
            "absent": int((held & ~ballots.present[row]).sum()),
        }
        rebel = rebels(ballots, factions=selection.positions, votes=selection.mask)
        rebel_ids = ballots.vote_ids[rebel.matrix[row]][::-1]
        return DeputyDashboard(
            deputy_id=deputy.pk,
            record=record,
            choices=choices,
            rebel_vote_ids=tuple(int(v) for v in rebel_ids),
            agreements=_agreements(selection, position),
            votes=votes,
        )

    return _cached("deputy", filters, compute, extra=(deputy.pk,))


def deputy_votes(
    *, filters: DashboardFilters, deputy: Deputy, kind: DeputyVoteKind = "all"
) -> list[DeputyVote]:
    """The selected votes held during the deputy's mandate, newest first: all of them, only the
    rebel votes, or only those the deputy was absent from (not registered)."""

    def compute() -> list[DeputyVote]:
        selection = _selection(filters)
        ids = selection.ballots.deputy_ids.tolist()
        if deputy.pk not in ids:
            return []
        row = ids.index(deputy.pk)
        ballots = selection.ballots
        held = selection.mask & ballots.mandate[row]
        rebel = rebels(ballots, factions=selection.positions, votes=selection.mask).matrix[row]
        absent = held & ~ballots.present[row]
        wanted = {"all": held, "rebel": rebel, "absent": absent}[kind]
        majority = selection.positions.majority
        rows = []
        for column in np.flatnonzero(wanted)[::-1]:
            value = float(ballots.positions[row, column])
            f = int(ballots.faction[row, column])
            line = float(majority[f, column]) if f >= 0 else np.nan
            rows.append(
                DeputyVote(
                    vote_id=int(ballots.vote_ids[column]),
                    position=POSITION_NAMES[value]
                    if not np.isnan(value)
                    else ("did_not_vote" if ballots.present[row, column] else "absent"),
                    faction_line=None if np.isnan(line) else POSITION_NAMES[line],
                    rebel=bool(rebel[column]),
                )
            )
        return rows

    return _cached("deputy-votes", filters, compute, extra=(deputy.pk, kind))


def faction_dashboard(*, filters: DashboardFilters, faction: Faction) -> FactionDashboard:
    """A faction over the selected votes (of its own term)."""

    def compute() -> FactionDashboard:
        selection = _selection(filters)
        ballots = selection.ballots
        ref = FactionRef(faction.pk, faction.short_name, faction.name, faction.colour)
        votes = int(selection.mask.sum())
        ids = ballots.faction_ids.tolist()
        if faction.pk not in ids:
            return FactionDashboard(
                faction=ref,
                cohesion=None,
                cohesion_votes=0,
                mean_members=None,
                small=True,
                agreements=(),
                members=(),
                votes=votes,
            )
        f = ids.index(faction.pk)
        cohesion = agreement_index(selection.positions, votes=selection.mask)
        inside = (ballots.faction == f) & selection.mask[None, :]
        members = BallotMatrix(
            deputy_ids=ballots.deputy_ids,
            vote_ids=ballots.vote_ids,
            positions=np.where(inside, ballots.positions, np.nan),
            present=ballots.present & inside,
            mandate=ballots.mandate & inside,
            faction=np.where(inside, ballots.faction, -1),
            faction_ids=ballots.faction_ids,
            matchable=ballots.matchable,
        )
        line = selection.positions.majority[f]
        return FactionDashboard(
            faction=ref,
            cohesion=_number(cohesion.mean[f]),
            cohesion_votes=int(cohesion.votes[f]),
            mean_members=_number(cohesion.mean_members[f]),
            small=bool(cohesion.small[f]),
            agreements=_agreements(selection, line, skip=f),
            members=_records(selection, members),
            votes=votes,
        )

    return _cached("faction", filters, compute, extra=(faction.pk,))


def votes_by_id(ids: Sequence[int]) -> dict[int, Vote]:
    """The votes of a page of results, in one query (with their sitting and bill)."""
    return {
        vote.pk: vote
        for vote in Vote.objects.filter(id__in=list(ids)).select_related("sitting", "bill")
    }


def deputy_terms(*, deputy: Deputy) -> QuerySet[Term]:
    """Terms in which the deputy held a seat or cast a ballot, newest first."""
    return Term.objects.filter(memberships__deputy=deputy).distinct().order_by("-number")
