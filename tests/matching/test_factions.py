"""Faction positions, Agreement Index, rebel votes and attendance (term in conftest.py)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from matching import (
    BallotMatrix,
    agreement_index,
    attendance,
    faction_positions,
    rebels,
)
from tests.matching.strategies import ballot_matrices

nan = np.nan
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)


def test_faction_positions_count_members_who_voted(small_term: BallotMatrix) -> None:
    positions = faction_positions(small_term)

    # Faction 1 (A, B, C): (for, against, abstain) per vote 101..107.
    assert positions.counts[0].tolist() == [
        [3, 0, 0],
        [2, 1, 0],
        [0, 2, 1],
        [1, 1, 1],
        [2, 0, 0],
        [2, 0, 0],
        [0, 0, 0],
    ]
    assert positions.voters[1].tolist() == [1, 1, 1, 0, 1, 1, 0]
    assert positions.not_voting[0].tolist() == [0, 0, 0, 0, 0, 1, 0]  # C's Nebalsoja on 106
    assert positions.members.tolist() == [[3] * 7, [1] * 7]


def test_faction_positions_majority_is_the_plurality_and_ties_have_none(
    small_term: BallotMatrix,
) -> None:
    positions = faction_positions(small_term)

    np.testing.assert_array_equal(positions.majority[0], [1, 1, -1, nan, 1, 1, nan])
    np.testing.assert_array_equal(positions.majority[1], [-1, -1, 1, nan, -1, 1, nan])
    np.testing.assert_allclose(positions.shares[0, 1], [2 / 3, 1 / 3, 0])
    assert np.isnan(positions.shares[1, 3]).all()  # D absent: no share at all


def test_agreement_index_by_hand(small_term: BallotMatrix) -> None:
    cohesion = agreement_index(faction_positions(small_term))

    # AI = 1.5 * max / T - 0.5: (3,0,0) 1; (2,1,0) 0.5; (0,2,1) 0.5; (1,1,1) 0; (2,0,0) 1 twice.
    np.testing.assert_allclose(cohesion.index[0], [1, 0.5, 0.5, 0, 1, 1, nan])
    assert cohesion.mean[0] == pytest.approx(4 / 6)
    assert cohesion.votes.tolist() == [6, 5]
    # Faction 2 has one member: always 1, flagged as small.
    assert cohesion.mean[1] == 1.0
    assert cohesion.mean_members.tolist() == [3.0, 1.0]
    assert cohesion.small.tolist() == [True, True]
    assert agreement_index(faction_positions(small_term), min_members=3).small.tolist() == [
        False,
        True,
    ]


def test_agreement_index_over_a_subset_of_votes(small_term: BallotMatrix) -> None:
    cohesion = agreement_index(faction_positions(small_term), votes=[102, 104])

    assert cohesion.mean[0] == pytest.approx(0.25)  # (0.5 + 0) / 2
    assert np.isnan(cohesion.index[0, 0])
    assert cohesion.votes.tolist() == [2, 1]


def test_rebels_by_hand(small_term: BallotMatrix) -> None:
    result = rebels(small_term)

    # Faction 1 line: for, for, against, (tie), for, for. B voted against on 102, C abstained on
    # 103. D alone cannot rebel.
    assert result.count.tolist() == [0, 1, 1, 0]
    assert result.votes_counted.tolist() == [5, 4, 4, 5]
    np.testing.assert_allclose(result.rate, [0, 0.25, 0.25, 0])
    assert np.argwhere(result.matrix).tolist() == [[1, 1], [2, 2]]


def test_rebels_need_a_faction(small_term: BallotMatrix) -> None:
    unaffiliated = BallotMatrix.build(
        small_term.positions,
        faction=np.full(small_term.shape, -1),
        faction_ids=small_term.faction_ids,
        present=small_term.present,
        matchable=small_term.matchable,
    )
    result = rebels(unaffiliated)

    assert result.count.tolist() == [0, 0, 0, 0]
    assert np.isnan(result.rate).all()


def test_attendance_separates_nebalsoja_from_absence(small_term: BallotMatrix) -> None:
    result = attendance(small_term)

    # Six matchable votes (107 is secret and has no per-deputy record).
    assert result.possible.tolist() == [6, 6, 6, 6]
    assert result.cast.tolist() == [6, 5, 5, 5]
    assert result.not_voting.tolist() == [0, 0, 1, 0]
    assert result.absent.tolist() == [0, 1, 0, 1]
    np.testing.assert_allclose(result.rate, [1, 5 / 6, 5 / 6, 5 / 6])
    np.testing.assert_allclose(result.presence, [1, 5 / 6, 1, 5 / 6])


def test_attendance_counts_only_votes_held_with_a_mandate() -> None:
    positions = np.array([[1.0, nan, nan, -1.0]])
    mandate = np.array([[True, True, False, True]])
    ballots = BallotMatrix.build(positions, mandate=mandate)
    result = attendance(ballots)

    assert result.possible.tolist() == [3]
    assert result.rate.tolist() == [2 / 3]


def test_attendance_rejects_unknown_vote_ids(small_term: BallotMatrix) -> None:
    with pytest.raises(ValueError, match="999"):
        attendance(small_term, votes=[101, 999])


@PROPERTY_SETTINGS
@given(ballots=ballot_matrices())
def test_faction_counts_and_unaffiliated_add_up_to_all_ballots(ballots: BallotMatrix) -> None:
    positions = faction_positions(ballots)
    unaffiliated = (ballots.faction == -1) & ~np.isnan(ballots.positions)

    per_vote = positions.counts.sum(axis=(0, 2)) + unaffiliated.sum(axis=0)
    assert per_vote.tolist() == (~np.isnan(ballots.positions)).sum(axis=0).tolist()


@PROPERTY_SETTINGS
@given(ballots=ballot_matrices())
def test_agreement_index_stays_between_zero_and_one(ballots: BallotMatrix) -> None:
    cohesion = agreement_index(faction_positions(ballots))
    values = cohesion.index[~np.isnan(cohesion.index)]

    assert ((values >= 0) & (values <= 1)).all()
    assert np.isnan(cohesion.index[:, ~ballots.matchable]).all()


@PROPERTY_SETTINGS
@given(ballots=ballot_matrices())
def test_rebel_votes_always_differ_from_the_faction_line(ballots: BallotMatrix) -> None:
    positions = faction_positions(ballots)
    result = rebels(ballots, factions=positions)
    deputies, votes = np.nonzero(result.matrix)
    lines = positions.majority[ballots.faction[deputies, votes], votes]

    assert (ballots.positions[deputies, votes] != lines).all()
    assert not np.isnan(lines).any()
    assert ballots.matchable[votes].all()
    assert (result.count <= result.votes_counted).all()


@PROPERTY_SETTINGS
@given(ballots=ballot_matrices())
def test_attendance_parts_add_up(ballots: BallotMatrix) -> None:
    result = attendance(ballots)

    assert (result.cast + result.not_voting + result.absent == result.possible).all()
    assert (result.absent >= 0).all()
