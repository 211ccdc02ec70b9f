"""parliament.matrices: ORM rows → BallotMatrix, in a fixed number of queries, cached."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

import numpy as np
import pytest

from parvaipret.parliament.matrices import (
    ballot_matrix,
    ballot_matrix_clear_memo,
    ballot_matrix_key,
    ballot_matrix_slice,
    vote_columns,
)
from tests.factories import (
    BallotFactory,
    DeputyFactory,
    FactionFactory,
    MembershipFactory,
    TermFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db
RIGA = ZoneInfo("Europe/Riga")
nan = np.nan


def _queries(function):
    with CaptureQueriesContext(connection) as queries:
        result = function()
    return result, len(queries)


def test_ballot_matrix_encodes_positions_presence_and_mandate(small_term):
    matrix = ballot_matrix(term=small_term.term)
    deputies = small_term.deputies
    assert matrix.deputy_ids.tolist() == [deputies[k].pk for k in ("a1", "a2", "a3", "b1", "b2")]
    assert matrix.vote_ids.tolist() == [v.pk for v in small_term.votes]
    np.testing.assert_array_equal(
        matrix.positions,
        [
            [1, 1, -1, 1, 0, 1],
            [1, 1, -1, 1, 1, 1],
            [1, 0, -1, nan, 1, -1],
            [-1, -1, 1, -1, -1, -1],
            [-1, -1, 1, nan, -1, 1],
        ],
    )
    # a3 was absent from v4 (no ballot row); b2 was there but did not vote.
    assert (matrix.present[2, 3], matrix.mandate[2, 3]) == (False, True)
    assert (matrix.present[4, 3], matrix.mandate[4, 3]) == (True, True)
    assert matrix.mandate.all()
    a, b = small_term.factions["A"].pk, small_term.factions["B"].pk
    assert matrix.faction_ids.tolist() == sorted([a, b])
    assert matrix.faction_ids[matrix.faction[:, 0]].tolist() == [a, a, a, b, b]
    assert matrix.matchable.all()


def test_ballot_matrix_takes_faction_and_mandate_at_the_time_of_each_vote():
    term = TermFactory()
    old, new = FactionFactory(term=term), FactionFactory(term=term)
    deputy = DeputyFactory()
    MembershipFactory(
        deputy=deputy, term=term, faction=old, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31)
    )
    MembershipFactory(deputy=deputy, term=term, faction=new, start=dt.date(2026, 3, 1))
    times = [dt.datetime(2026, month, 10, 10, tzinfo=RIGA) for month in (1, 2, 3, 4)]
    votes = [VoteFactory(term=term, timestamp=t) for t in times]
    BallotFactory(vote=votes[0], deputy=deputy, faction=old, choice="against")
    BallotFactory(vote=votes[2], deputy=deputy, faction=new, choice="for")
    # On the vote page of April the deputy is printed without a faction: the page wins.
    BallotFactory(vote=votes[3], deputy=deputy, faction=None, choice="abstain")

    matrix = ballot_matrix(term=term)

    np.testing.assert_array_equal(matrix.positions, [[-1, nan, 1, 0]])
    assert matrix.mandate.tolist() == [[True, False, True, True]]  # February: no mandate
    index = {int(f): k for k, f in enumerate(matrix.faction_ids)}
    assert matrix.faction.tolist() == [[index[old.pk], -1, index[new.pk], -1]]


def test_ballot_matrix_keeps_secret_votes_as_unmatchable_empty_columns(small_term):
    secret = VoteFactory(
        term=small_term.term,
        is_secret=True,
        timestamp=dt.datetime(2026, 4, 16, 13, 0, tzinfo=RIGA),
    )
    BallotFactory(vote=secret, deputy=small_term.deputies["a1"], choice="for")
    matrix = ballot_matrix(term=small_term.term)
    assert matrix.vote_ids[-1] == secret.pk
    assert matrix.matchable.tolist() == [True] * 6 + [False]
    assert np.isnan(matrix.positions[:, -1]).all()
    assert not matrix.present[:, -1].any()


def test_ballot_matrix_queries_do_not_grow_with_the_term(small_term):
    _, small = _queries(lambda: ballot_matrix(term=small_term.term, use_cache=False))
    more = [VoteFactory(term=small_term.term) for _ in range(5)]
    for vote in more:
        for deputy in small_term.deputies.values():
            BallotFactory(vote=vote, deputy=deputy, choice="for")
    extra = DeputyFactory()
    MembershipFactory(deputy=extra, term=small_term.term, faction=small_term.factions["A"])
    matrix, larger = _queries(lambda: ballot_matrix(term=small_term.term, use_cache=False))
    assert matrix.shape == (6, 11)
    assert larger == small


def test_ballot_matrix_is_cached_until_a_vote_is_added(small_term):
    first, built = _queries(lambda: ballot_matrix(term=small_term.term))
    again, cached = _queries(lambda: ballot_matrix(term=small_term.term))
    assert again is first
    assert cached == 1  # the cache key (one query of aggregates); no Ballot query
    assert cached < built

    added = VoteFactory(term=small_term.term, timestamp=dt.datetime(2026, 4, 23, 9, 0, tzinfo=RIGA))
    BallotFactory(vote=added, deputy=small_term.deputies["b1"], choice="abstain")
    fresh = ballot_matrix(term=small_term.term)
    assert fresh.shape == (5, 7)
    assert fresh.vote_ids[-1] == added.pk
    assert fresh.positions[3, -1] == 0


def test_ballot_matrix_comes_back_from_the_shared_cache_unchanged(small_term):
    built = ballot_matrix(term=small_term.term)
    ballot_matrix_clear_memo()  # another process: only the Django cache is shared
    restored, queries = _queries(lambda: ballot_matrix(term=small_term.term))
    assert restored is not built
    assert queries == 1  # the cache key
    for name in ("deputy_ids", "vote_ids", "faction_ids", "present", "mandate", "faction"):
        np.testing.assert_array_equal(getattr(restored, name), getattr(built, name))
    np.testing.assert_array_equal(restored.positions, built.positions)
    assert not restored.positions.flags.writeable


def test_ballot_matrix_key_changes_with_votes_and_memberships(small_term):
    key = ballot_matrix_key(term=small_term.term)
    assert key == ballot_matrix_key(term=small_term.term.pk)
    MembershipFactory(term=small_term.term, faction=small_term.factions["B"])
    with_member = ballot_matrix_key(term=small_term.term)
    assert with_member != key
    vote = small_term.votes[0]
    vote.motive = "Labots motīvs"
    vote.save()
    assert ballot_matrix_key(term=small_term.term) != with_member


def test_ballot_matrix_selects_votes_in_time_order(small_term):
    v = small_term.votes
    matrix = ballot_matrix(votes=[v[4].pk, v[1]])
    assert matrix.vote_ids.tolist() == [v[1].pk, v[4].pk]
    np.testing.assert_array_equal(matrix.positions[:, 0], [1, 1, 0, -1, -1])


def test_ballot_matrix_rejects_votes_of_another_term(small_term):
    other = VoteFactory(term=TermFactory(number=13, start=dt.date(2018, 11, 6)))
    with pytest.raises(ValueError, match="more than one term"):
        ballot_matrix(votes=[small_term.votes[0].pk, other.pk])
    with pytest.raises(ValueError, match="not in this ballot matrix"):
        ballot_matrix(term=small_term.term, votes=[other.pk])


def test_ballot_matrix_is_empty_without_any_term(db):
    assert ballot_matrix().shape == (0, 0)


def test_ballot_matrix_slice_keeps_the_given_order_and_can_drop_unknown(small_term):
    matrix = ballot_matrix(term=small_term.term)
    v = [vote.pk for vote in small_term.votes]
    sliced = ballot_matrix_slice(matrix, vote_ids=[v[5], v[0], v[5]])
    assert sliced.vote_ids.tolist() == [v[5], v[0]]
    np.testing.assert_array_equal(sliced.positions[:, 0], [1, 1, -1, -1, 1])
    assert sliced.deputy_ids.tolist() == matrix.deputy_ids.tolist()
    with pytest.raises(ValueError):
        ballot_matrix_slice(matrix, vote_ids=[v[0], 10**9])
    assert ballot_matrix_slice(matrix, vote_ids=[10**9, v[2]], strict=False).vote_ids.tolist() == [
        v[2]
    ]
    assert vote_columns(matrix, vote_ids=[v[3], 10**9]).tolist() == [3, -1]
