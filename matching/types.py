"""Data in and data out of the matching engine: frozen dataclasses of numpy arrays plus id arrays.

Shapes use D deputies, V votes (roll calls), F factions, Q questions, L question-to-vote links,
C citizens and N targets (deputies or factions). Arrays stored in these classes are read-only, so a
cached :class:`BallotMatrix` or :class:`MatchingIndex` cannot be changed by accident. Positions
follow :mod:`matching.encoding` (+1 for, -1 against, 0 abstain, nan missing).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

SHAPE_MESSAGE: Final = "{name} must have shape {expected}, got {actual}."
POSITION_VALUES_MESSAGE: Final = "positions may only hold +1, -1, 0 or nan."
BALLOT_WITHOUT_PRESENCE_MESSAGE: Final = "A deputy with a ballot must be marked present."
PRESENCE_WITHOUT_MANDATE_MESSAGE: Final = "A deputy marked present must hold a mandate."
FACTION_INDEX_MESSAGE: Final = "faction holds indices into faction_ids, or -1 for none."
DUPLICATE_IDS_MESSAGE: Final = "{name} must be unique."


def _array(value: ArrayLike, dtype: DTypeLike, name: str, shape: tuple[int, ...]) -> NDArray[Any]:
    out = np.array(value, dtype=dtype, copy=True)
    if out.shape != shape:
        raise ValueError(SHAPE_MESSAGE.format(name=name, expected=shape, actual=out.shape))
    out.flags.writeable = False
    return out


def _ids(value: ArrayLike, name: str) -> NDArray[np.int64]:
    out = np.array(value, dtype=np.int64, copy=True).reshape(-1)
    if np.unique(out).size != out.size:
        raise ValueError(DUPLICATE_IDS_MESSAGE.format(name=name))
    out.flags.writeable = False
    return out


def _lock(instance: Any) -> None:
    """Replace every ndarray field by a read-only view (no copy; the caller's array is untouched)."""
    for field in dataclasses.fields(instance):
        value = getattr(instance, field.name)
        if isinstance(value, np.ndarray):
            view = value.view()
            view.flags.writeable = False
            object.__setattr__(instance, field.name, view)


@dataclass(frozen=True, slots=True, eq=False)
class BallotMatrix:
    """All roll calls of one term: who voted how, who was there, in which faction.

    - ``deputy_ids`` (D,), ``vote_ids`` (V,), ``faction_ids`` (F,): database ids, unique.
    - ``positions`` (D, V) float64: +1 / -1 / 0, nan where the deputy cast no ballot (did not vote,
      absent, no mandate) or the vote has no per-deputy record (secret ballot).
    - ``present`` (D, V) bool: registered in the vote; True for every ballot and for "Nebalsoja".
    - ``mandate`` (D, V) bool: held a mandate at the time, i.e. could have voted.
    - ``faction`` (D, V) int64: index into ``faction_ids`` of the faction the deputy sat in at the
      time of the vote, -1 for unaffiliated (or no mandate).
    - ``matchable`` (V,) bool: False for secret ballots and votes on persons, which are left out of
      matching, cohesion, rebels, attendance, alignment and the map.

    Invariants checked on construction: ballot implies present, present implies mandate, positions
    in {+1, -1, 0, nan}, faction indices valid. Use :meth:`build` for the optional arrays.
    """

    deputy_ids: NDArray[np.int64]
    vote_ids: NDArray[np.int64]
    positions: NDArray[np.float64]
    present: NDArray[np.bool_]
    mandate: NDArray[np.bool_]
    faction: NDArray[np.int64]
    faction_ids: NDArray[np.int64]
    matchable: NDArray[np.bool_]

    def __post_init__(self) -> None:
        deputy_ids = _ids(self.deputy_ids, "deputy_ids")
        vote_ids = _ids(self.vote_ids, "vote_ids")
        faction_ids = _ids(self.faction_ids, "faction_ids")
        shape = (deputy_ids.size, vote_ids.size)
        positions = _array(self.positions, np.float64, "positions", shape)
        present = _array(self.present, np.bool_, "present", shape)
        mandate = _array(self.mandate, np.bool_, "mandate", shape)
        faction = _array(self.faction, np.int64, "faction", shape)
        matchable = _array(self.matchable, np.bool_, "matchable", (vote_ids.size,))

        known = ~np.isnan(positions)
        if not np.isin(positions[known], (-1.0, 0.0, 1.0)).all():
            raise ValueError(POSITION_VALUES_MESSAGE)
        if (known & ~present).any():
            raise ValueError(BALLOT_WITHOUT_PRESENCE_MESSAGE)
        if (present & ~mandate).any():
            raise ValueError(PRESENCE_WITHOUT_MANDATE_MESSAGE)
        if faction.size and (faction.min() < -1 or faction.max() >= faction_ids.size):
            raise ValueError(FACTION_INDEX_MESSAGE)

        for name, value in (
            ("deputy_ids", deputy_ids),
            ("vote_ids", vote_ids),
            ("faction_ids", faction_ids),
            ("positions", positions),
            ("present", present),
            ("mandate", mandate),
            ("faction", faction),
            ("matchable", matchable),
        ):
            object.__setattr__(self, name, value)

    @classmethod
    def build(
        cls,
        positions: ArrayLike,
        *,
        faction: ArrayLike | None = None,
        faction_ids: ArrayLike | None = None,
        deputy_ids: ArrayLike | None = None,
        vote_ids: ArrayLike | None = None,
        present: ArrayLike | None = None,
        mandate: ArrayLike | None = None,
        matchable: ArrayLike | None = None,
    ) -> BallotMatrix:
        """Fill the optional arrays with defaults and construct.

        Defaults: ids 0..n-1; ``present`` = has a ballot; ``mandate`` = all True; ``faction`` = all
        -1 with ``faction_ids`` empty, else ``faction_ids`` = 0..max(faction); ``matchable`` = all.
        """
        pos = np.asarray(positions, dtype=np.float64)
        if pos.ndim != 2:
            raise ValueError(
                SHAPE_MESSAGE.format(name="positions", expected="(D, V)", actual=pos.shape)
            )
        d, v = pos.shape
        fac = np.full((d, v), -1, np.int64) if faction is None else np.asarray(faction, np.int64)
        if faction_ids is None:
            faction_ids = np.arange(int(fac.max(initial=-1)) + 1)
        return cls(
            deputy_ids=np.arange(d) if deputy_ids is None else deputy_ids,
            vote_ids=np.arange(v) if vote_ids is None else vote_ids,
            positions=pos,
            present=~np.isnan(pos) if present is None else present,
            mandate=np.ones((d, v), bool) if mandate is None else mandate,
            faction=fac,
            faction_ids=faction_ids,
            matchable=np.ones(v, bool) if matchable is None else matchable,
        )

    @property
    def shape(self) -> tuple[int, int]:
        return (self.deputy_ids.size, self.vote_ids.size)


@dataclass(frozen=True, slots=True, eq=False)
class QuestionLinks:
    """Which vote columns each question stands for, in CSR layout (built by ``link_questions``).

    - ``question_ids`` (Q,): the questions, in the order of the answer arrays' question axis.
    - ``offsets`` (Q+1,): links of question q are ``columns[offsets[q]:offsets[q+1]]``.
    - ``columns`` (L,): column indices into the ``BallotMatrix`` vote axis (matchable votes only).
    - ``polarity`` (L,) float64: +1 if "for" on the question means "Par" on the vote, -1 if it
      means "Pret" (``QuestionVote.polarity``).
    - ``unmatched_vote_ids`` (U,): linked vote ids left out (not in the term, or not matchable).

    A question with no usable link is kept (so question axes stay aligned) and scores like a
    skipped question.
    """

    question_ids: NDArray[np.int64]
    offsets: NDArray[np.int64]
    columns: NDArray[np.int64]
    polarity: NDArray[np.float64]
    unmatched_vote_ids: NDArray[np.int64]

    def __post_init__(self) -> None:
        _lock(self)

    @property
    def size(self) -> int:
        return int(self.question_ids.size)

    @property
    def link_counts(self) -> NDArray[np.int64]:
        """(Q,) number of usable vote columns per question."""
        return np.diff(self.offsets)


@dataclass(frozen=True, slots=True, eq=False)
class FactionPositions:
    """How each faction voted on each vote, from the ballots of its members at the time.

    - ``counts`` (F, V, 3) int64: members who voted for / against / abstain (``CHOICE_ORDER``).
    - ``not_voting`` (F, V) int64: members present without a ballot ("Nebalsoja").
    - ``members`` (F, V) int64: members holding a mandate at the time.
    - ``majority`` (F, V) float64: plurality position of the members who voted; nan when no member
      voted or the top count is tied.
    - ``shares`` (F, V, 3) float64: counts / voters; nan where no member voted.
    - ``matchable`` (V,): copied from the ballots. Positions are given for every vote; consumers
      (matching, cohesion, alignment, rebels) leave non-matchable votes out.
    """

    faction_ids: NDArray[np.int64]
    vote_ids: NDArray[np.int64]
    counts: NDArray[np.int64]
    not_voting: NDArray[np.int64]
    members: NDArray[np.int64]
    majority: NDArray[np.float64]
    shares: NDArray[np.float64]
    matchable: NDArray[np.bool_]

    def __post_init__(self) -> None:
        _lock(self)

    @property
    def voters(self) -> NDArray[np.int64]:
        """(F, V) members who cast a ballot (for + against + abstain)."""
        return self.counts.sum(axis=-1)


@dataclass(frozen=True, slots=True, eq=False)
class MatchingIndex:
    """Per-term arrays prepared once by ``matching_index`` and reused by every request.

    - ``ballots``: the term.
    - ``factions``: :class:`FactionPositions` of the term.
    - ``targets_t`` (V, D + F) float64: per vote, the positions of the D deputies then the F
      factions' majority positions; whole rows are nan for non-matchable votes. Vote-major so that
      a request gathers only its K answered columns as contiguous rows.
    - ``shares_t`` (V, 3, F) float64: per vote, choice (``CHOICE_ORDER``) and faction, the share
      of the faction's voting members; all three 0 where no member voted or the vote is not
      matchable (so the shares sum to 1 exactly where the faction has a position).
    """

    ballots: BallotMatrix
    factions: FactionPositions
    targets_t: NDArray[np.float64]
    shares_t: NDArray[np.float64]

    def __post_init__(self) -> None:
        _lock(self)


@dataclass(frozen=True, slots=True, eq=False)
class AgreementScores:
    """Agreement of citizens with N targets; leading axes ``...`` are () for one citizen, (C,).

    - ``ids`` (N,): deputy or faction ids.
    - ``stated`` (..., N): Wahl-O-Mat agreement in [0, 1] (same 1, one side abstains 1/2,
      opposite 0); nan when ``overlap < min_overlap``.
    - ``effective`` (..., N): abstaining counts as against (outcome view); same nan rule.
    - ``coverage`` (..., N): weight of the answered questions' votes the target took part in,
      divided by the answered weight, in [0, 1]; nan when the citizen answered nothing scorable.
    - ``overlap`` (..., N) int64: answered questions on which the target took part in at least
      one linked vote.
    """

    ids: NDArray[np.int64]
    stated: NDArray[np.float64]
    effective: NDArray[np.float64]
    coverage: NDArray[np.float64]
    overlap: NDArray[np.int64]

    def __post_init__(self) -> None:
        _lock(self)


@dataclass(frozen=True, slots=True, eq=False)
class MatchResult:
    """Scores of one citizen (``agreement``) or many (``agreement_many``).

    - ``deputies``: :class:`AgreementScores` against each deputy.
    - ``factions``: against each faction's majority (plurality) position.
    - ``factions_proportional``: against a randomly drawn voting member of each faction (DeinWal).
    - ``answered_questions`` (...) int64: scorable answered questions (answered, weight > 0, at
      least one usable link).
    - ``answered_weight`` (...) float64: their summed weight.
    """

    deputies: AgreementScores
    factions: AgreementScores
    factions_proportional: AgreementScores
    answered_questions: NDArray[np.int64]
    answered_weight: NDArray[np.float64]

    def __post_init__(self) -> None:
        _lock(self)


@dataclass(frozen=True, slots=True, eq=False)
class Cohesion:
    """Agreement Index (Hix, Noury and Roland) per faction and vote, and per faction over votes.

    - ``index`` (F, V): ``1.5 * max(Y, N, A) / T - 0.5``; nan where no member voted or the vote is
      not counted.
    - ``voters`` (F, V), ``members`` (F, V): T and members holding a mandate.
    - ``mean`` (F,): mean index over counted votes; ``votes`` (F,): how many.
    - ``mean_members`` (F,): mean members over those votes; ``small`` (F,): below ``min_members``,
      so the index says little (a 1-member faction is always 1).
    """

    faction_ids: NDArray[np.int64]
    vote_ids: NDArray[np.int64]
    index: NDArray[np.float64]
    voters: NDArray[np.int64]
    members: NDArray[np.int64]
    mean: NDArray[np.float64]
    votes: NDArray[np.int64]
    mean_members: NDArray[np.float64]
    small: NDArray[np.bool_]

    def __post_init__(self) -> None:
        _lock(self)


@dataclass(frozen=True, slots=True, eq=False)
class Rebels:
    """Ballots against the deputy's own faction majority.

    - ``matrix`` (D, V) bool: a rebel vote.
    - ``count`` (D,): rebel votes; ``votes_counted`` (D,): ballots cast while in a faction that had
      a majority position; ``rate`` (D,): count / votes_counted, nan if none.
    """

    deputy_ids: NDArray[np.int64]
    vote_ids: NDArray[np.int64]
    matrix: NDArray[np.bool_]
    count: NDArray[np.int64]
    votes_counted: NDArray[np.int64]
    rate: NDArray[np.float64]

    def __post_init__(self) -> None:
        _lock(self)


@dataclass(frozen=True, slots=True, eq=False)
class Attendance:
    """Per deputy over the counted votes they held a mandate for (all (D,)).

    ``possible`` votes with a mandate; ``cast`` ballots (for/against/abstain); ``not_voting``
    present without a ballot (Nebalsoja); ``absent`` = possible - cast - not_voting;
    ``rate`` = cast / possible; ``presence`` = (cast + not_voting) / possible; nan if possible = 0.
    """

    deputy_ids: NDArray[np.int64]
    possible: NDArray[np.int64]
    cast: NDArray[np.int64]
    not_voting: NDArray[np.int64]
    absent: NDArray[np.int64]
    rate: NDArray[np.float64]
    presence: NDArray[np.float64]

    def __post_init__(self) -> None:
        _lock(self)


@dataclass(frozen=True, slots=True, eq=False)
class Alignment:
    """Pairwise agreement of N deputies or factions over a set of votes (all (N, N), symmetric).

    ``stated`` (same 1, one abstains 1/2, opposite 0) and ``effective`` (abstain = against) are
    means over ``overlap``, the votes on which both had a position; nan below ``min_overlap``.
    """

    ids: NDArray[np.int64]
    stated: NDArray[np.float64]
    effective: NDArray[np.float64]
    overlap: NDArray[np.int64]

    def __post_init__(self) -> None:
        _lock(self)


@dataclass(frozen=True, slots=True, eq=False)
class IdealPoints:
    """A 2-D (``dims``-D) map of deputies from their voting record (``fit_ideal_points``).

    - ``coords`` (D, dims): nan for deputies left out (too few ballots); ``included`` (D,).
    - ``vote_ids`` (V',), ``columns`` (V',): the votes used and their ballot-matrix columns.
    - ``means`` (V',): column means subtracted before the decomposition.
    - ``loadings`` (V', dims): right singular vectors; a deputy's coordinates are their centred
      row times ``loadings``.
    - ``singular_values`` (dims,), ``explained`` (dims,): share of the centred matrix's variance.
    - ``column_lookup`` (V,): position in ``columns`` of each ballot-matrix column, -1 if unused.
    """

    deputy_ids: NDArray[np.int64]
    coords: NDArray[np.float64]
    included: NDArray[np.bool_]
    vote_ids: NDArray[np.int64]
    columns: NDArray[np.int64]
    means: NDArray[np.float64]
    loadings: NDArray[np.float64]
    singular_values: NDArray[np.float64]
    explained: NDArray[np.float64]
    column_lookup: NDArray[np.int64]

    def __post_init__(self) -> None:
        _lock(self)


@dataclass(frozen=True, slots=True, eq=False)
class CitizenPoint:
    """A citizen placed on an :class:`IdealPoints` map (``project_citizen``).

    ``coords`` (dims,) nan when the answered votes cannot fix a point; ``columns_used`` the number
    of mapped vote columns; ``samples`` (B, dims) bootstrap points (B = 0 unless asked).
    """

    coords: NDArray[np.float64]
    columns_used: int
    samples: NDArray[np.float64]

    def __post_init__(self) -> None:
        _lock(self)
