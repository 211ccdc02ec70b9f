"""ORM rows → the matching engine's input: one term's ballots as a ``matching.BallotMatrix``.

This is the only place that turns Ballot rows into arrays (style guide 2.6). A term is read with a
handful of queries whatever its size (votes, memberships, factions, and ONE ``values_list`` over
Ballot for the term's matchable votes), never a query per deputy or per vote.

Built matrices are cached twice: in the Django cache (shared between processes, compact int8
arrays) and in a small in-process memo (so a request does not even unpickle). Both are keyed by
the term and a fingerprint of its votes and memberships (count, newest id, newest update), so a
new or changed vote, or a new membership, invalidates the cached matrix by changing the key.

Conventions (as ``matching.types.BallotMatrix``): columns are the term's votes in time order;
rows are every deputy with a membership or a ballot in the term, by id. ``positions`` is +1 for,
-1 against, 0 abstain, nan for no ballot ("Nebalsoja", absent, no mandate, secret vote).
``present`` marks a ballot or "Nebalsoja"; ``mandate`` a membership covering the vote's date (or
any ballot row, "absent" included, since only mandate holders are listed); ``faction`` the
faction at the time: the one printed on the ballot where there is a ballot row, otherwise the
membership's. Secret ballots and votes on persons are columns with ``matchable`` False and no
ballots.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from django.core.cache import cache
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

import numpy as np
from numpy.typing import NDArray

from matching import BallotMatrix
from parvaipret.core.cache import ProcessMemo
from parvaipret.core.versions import read_once_per_request
from parvaipret.parliament.models import Ballot, Faction, Membership, Term, Vote

CACHE_PREFIX: Final = "parliament:ballot_matrix:v1"
CACHE_TIMEOUT: Final = 7 * 24 * 3600
MEMO_SIZE: Final = 4

VOTES_FROM_SEVERAL_TERMS_MESSAGE: Final = "The votes belong to more than one term: {terms}."
VOTES_NOT_IN_TERM_MESSAGE: Final = "Vote ids not in this ballot matrix: {ids}."

_NAN_CODE: Final = -128
_POSITION: Final[dict[str, float]] = {
    Ballot.Choice.FOR: 1.0,
    Ballot.Choice.AGAINST: -1.0,
    Ballot.Choice.ABSTAIN: 0.0,
    Ballot.Choice.DID_NOT_VOTE: np.nan,
    Ballot.Choice.ABSENT: np.nan,
}
_PRESENT: Final = frozenset(
    {Ballot.Choice.FOR, Ballot.Choice.AGAINST, Ballot.Choice.ABSTAIN, Ballot.Choice.DID_NOT_VOTE}
)

_memo: ProcessMemo[BallotMatrix] = ProcessMemo(MEMO_SIZE)


def ballot_matrix(
    *,
    term: Term | int | None = None,
    votes: QuerySet[Vote] | Iterable[Vote | int] | None = None,
    use_cache: bool = True,
) -> BallotMatrix:
    """The term's ballots as a ``BallotMatrix`` (all its votes, or only ``votes``).

    ``term`` None means the term of ``votes`` (they must share one), or the newest term when
    ``votes`` is None too; no term at all gives an empty (0, 0) matrix. ``votes`` keeps the
    selected columns in the term's time order. The whole term is built (or read from the cache)
    and then sliced, so every selection of one term shares one cache entry.
    """
    vote_ids = None if votes is None else _ids(votes)
    term_id = _term_id(term, vote_ids)
    if term_id is None:
        return _empty()
    key = ballot_matrix_key(term=term_id)
    matrix = _cached(key) if use_cache else None
    if matrix is None:
        matrix = _build(term_id)
        if use_cache:
            _store(key, matrix)
    if vote_ids is None:
        return matrix
    wanted = np.isin(matrix.vote_ids, vote_ids)
    missing = np.setdiff1d(vote_ids, matrix.vote_ids)
    if missing.size:
        raise ValueError(VOTES_NOT_IN_TERM_MESSAGE.format(ids=missing[:10].tolist()))
    return _columns(matrix, np.flatnonzero(wanted))


def ballot_matrix_key(*, term: Term | int) -> str:
    """Cache key of a term's matrix: changes whenever a vote or membership is added or changed."""
    term_id = term.pk if isinstance(term, Term) else int(term)
    return f"{CACHE_PREFIX}:{term_id}:{votes_fingerprint(term=term_id)}"


@read_once_per_request
def votes_fingerprint(*, term: Term | int | None = None) -> str:
    """The version of the roll calls of ``term`` (None: of every term): count, newest id and
    newest update of the votes, count and newest id of the memberships. One query.

    A changed ballot bumps its vote's ``updated_at`` (``parliament.services``), so any vote,
    ballot or membership added or changed by an ingest gives a new fingerprint. It is the
    version part of ``ballot_matrix_key``; pages that show votes key their caches on it too.
    """
    votes, memberships = Vote._meta.db_table, Membership._meta.db_table
    where = "" if term is None else " WHERE term_id = %s"
    columns = [
        ("COUNT(*)", votes),
        ("MAX(id)", votes),
        ("MAX(updated_at)", votes),
        ("COUNT(*)", memberships),
        ("MAX(id)", memberships),
    ]
    # Table names come from the models; the term id is a parameter.
    sql = "SELECT " + ", ".join(f"(SELECT {c} FROM {t}{where})" for c, t in columns)  # noqa: S608
    params = [] if term is None else [term.pk if isinstance(term, Term) else int(term)] * 5
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count, newest, updated, members, newest_member = cursor.fetchone()
    # A datetime (PostgreSQL) or its text (SQLite): its digits are the version either way.
    stamp = "".join(ch for ch in str(updated or "") if ch.isdigit()) or "0"
    return f"{count}:{newest or 0}:{stamp}:{members}:{newest_member or 0}"


def ballot_matrix_slice(
    matrix: BallotMatrix, *, vote_ids: Iterable[int], strict: bool = True
) -> BallotMatrix:
    """The columns of ``vote_ids``, in the order given (e.g. a citizen's answered votes).

    Unknown ids raise ``ValueError``, or are left out with ``strict=False``. A repeated id is
    kept once (vote ids of a ``BallotMatrix`` are unique). Rows and factions are unchanged.
    """
    wanted = list(dict.fromkeys(int(v) for v in vote_ids))
    columns = vote_columns(matrix, vote_ids=wanted)
    if strict and (columns < 0).any():
        unknown = np.asarray(wanted)[columns < 0]
        raise ValueError(VOTES_NOT_IN_TERM_MESSAGE.format(ids=unknown[:10].tolist()))
    return _columns(matrix, columns[columns >= 0])


def vote_columns(matrix: BallotMatrix, *, vote_ids: Iterable[int]) -> NDArray[np.int64]:
    """Column index of each vote id in ``matrix`` (-1 where the vote is not in it)."""
    ids = np.asarray(list(vote_ids), dtype=np.int64)
    if matrix.vote_ids.size == 0 or ids.size == 0:
        return np.full(ids.size, -1, dtype=np.int64)
    order = np.argsort(matrix.vote_ids, kind="stable")
    sorted_ids = matrix.vote_ids[order]
    at = np.minimum(np.searchsorted(sorted_ids, ids), sorted_ids.size - 1)
    return np.where(sorted_ids[at] == ids, order[at], -1).astype(np.int64)


def ballot_matrix_clear_memo() -> None:
    """Forget the in-process copies (tests; the Django cache is cleared separately)."""
    _memo.clear()


def _ids(votes: QuerySet[Vote] | Iterable[Vote | int]) -> NDArray[np.int64]:
    if isinstance(votes, QuerySet):
        return np.asarray(list(votes.values_list("id", flat=True)), dtype=np.int64)
    return np.asarray([v.pk if isinstance(v, Vote) else int(v) for v in votes], dtype=np.int64)


def _term_id(term: Term | int | None, vote_ids: NDArray[np.int64] | None) -> int | None:
    if term is not None:
        return term.pk if isinstance(term, Term) else int(term)
    if vote_ids is not None and vote_ids.size:
        terms = sorted(
            set(Vote.objects.filter(id__in=vote_ids.tolist()).values_list("term_id", flat=True))
        )
        if len(terms) > 1:
            raise ValueError(VOTES_FROM_SEVERAL_TERMS_MESSAGE.format(terms=terms))
        if terms:
            return terms[0]
    return Term.objects.order_by("-number").values_list("id", flat=True).first()


def _build(term_id: int) -> BallotMatrix:
    votes = list(
        Vote.objects.filter(term_id=term_id)
        .order_by("timestamp", "number", "id")
        .values_list("id", "timestamp", "is_secret", "is_candidate_vote")
    )
    vote_ids = np.asarray([v[0] for v in votes], dtype=np.int64)
    vote_dates = np.asarray(
        [timezone.localdate(v[1]) if timezone.is_aware(v[1]) else v[1].date() for v in votes],
        dtype="datetime64[D]",
    )
    matchable = np.asarray([not (v[2] or v[3]) for v in votes], dtype=bool)

    memberships = list(
        Membership.objects.filter(term_id=term_id)
        .order_by("start", "id")
        .values_list("deputy_id", "faction_id", "start", "end")
    )
    rows = list(
        Ballot.objects.filter(
            Q(vote__term_id=term_id) & Q(vote__is_secret=False) & Q(vote__is_candidate_vote=False)
        ).values_list("deputy_id", "vote_id", "choice", "faction_id")
    )
    # Column arrays at C speed: one object array, not a Python loop per ballot and field.
    table = np.array(rows, dtype=object).reshape(len(rows), 4)
    ballot_deputy = table[:, 0].astype(np.int64)
    ballot_vote = table[:, 1].astype(np.int64)
    choices = table[:, 2].tolist()
    ballot_faction = np.array(table[:, 3].tolist(), dtype=np.float64)  # None -> nan
    has_faction = ~np.isnan(ballot_faction)

    faction_ids = set(Faction.objects.filter(term_id=term_id).values_list("id", flat=True))
    faction_ids.update(m[1] for m in memberships if m[1] is not None)
    factions = np.union1d(
        np.fromiter(faction_ids, dtype=np.int64), ballot_faction[has_faction].astype(np.int64)
    )
    deputies = np.union1d(np.asarray([m[0] for m in memberships], dtype=np.int64), ballot_deputy)

    shape = (deputies.size, vote_ids.size)
    positions = np.full(shape, np.nan)
    present = np.zeros(shape, dtype=bool)
    mandate = np.zeros(shape, dtype=bool)
    faction = np.full(shape, -1, dtype=np.int64)

    for deputy_id, faction_id, start, end in memberships:
        member = int(np.searchsorted(deputies, deputy_id))
        during = np.ones(vote_ids.size, dtype=bool)
        if start is not None:
            during &= vote_dates >= np.datetime64(start, "D")
        if end is not None:
            during &= vote_dates <= np.datetime64(end, "D")
        mandate[member, during] = True
        faction[member, during] = (
            -1 if faction_id is None else int(np.searchsorted(factions, faction_id))
        )

    if rows:
        row = np.searchsorted(deputies, ballot_deputy)
        order = np.argsort(vote_ids, kind="stable")
        col = order[np.searchsorted(vote_ids[order], ballot_vote)]
        positions[row, col] = np.array([_POSITION[c] for c in choices], dtype=np.float64)
        present[row, col] = np.array([c in _PRESENT for c in choices], dtype=bool)
        mandate[row, col] = True
        faction_at = np.searchsorted(factions, np.nan_to_num(ballot_faction).astype(np.int64))
        faction[row, col] = np.where(has_faction, faction_at, -1)

    faction[~mandate] = -1
    return BallotMatrix(
        deputy_ids=deputies,
        vote_ids=vote_ids,
        positions=positions,
        present=present,
        mandate=mandate,
        faction=faction,
        faction_ids=factions,
        matchable=matchable,
    )


def _columns(matrix: BallotMatrix, columns: NDArray[np.int64]) -> BallotMatrix:
    return BallotMatrix(
        deputy_ids=matrix.deputy_ids,
        vote_ids=matrix.vote_ids[columns],
        positions=matrix.positions[:, columns],
        present=matrix.present[:, columns],
        mandate=matrix.mandate[:, columns],
        faction=matrix.faction[:, columns],
        faction_ids=matrix.faction_ids,
        matchable=matrix.matchable[columns],
    )


def _empty() -> BallotMatrix:
    return BallotMatrix.build(np.empty((0, 0)))


def _cached(key: str) -> BallotMatrix | None:
    found = _memo.get(key)
    if found is not None:
        return found
    stored = cache.get(key)
    if stored is None:
        return None
    matrix = _unpack(stored)
    _memo.put(key, matrix)
    return matrix


def _store(key: str, matrix: BallotMatrix) -> None:
    cache.set(key, _pack(matrix), CACHE_TIMEOUT)
    _memo.put(key, matrix)


def _pack(matrix: BallotMatrix) -> dict[str, Any]:
    """Compact arrays for the shared cache (int8 positions: 8x smaller than float64)."""
    positions = np.where(np.isnan(matrix.positions), _NAN_CODE, matrix.positions)
    return {
        "deputy_ids": matrix.deputy_ids,
        "vote_ids": matrix.vote_ids,
        "faction_ids": matrix.faction_ids,
        "positions": positions.astype(np.int8),
        "present": matrix.present,
        "mandate": matrix.mandate,
        "faction": matrix.faction.astype(np.int16),
        "matchable": matrix.matchable,
    }


def _unpack(stored: dict[str, Any]) -> BallotMatrix:
    codes = stored["positions"]
    return BallotMatrix(
        deputy_ids=stored["deputy_ids"],
        vote_ids=stored["vote_ids"],
        positions=np.where(codes == _NAN_CODE, np.nan, codes.astype(np.float64)),
        present=stored["present"],
        mandate=stored["mandate"],
        faction=stored["faction"].astype(np.int64),
        faction_ids=stored["faction_ids"],
        matchable=stored["matchable"],
    )
