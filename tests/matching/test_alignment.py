"""Deputy x deputy and faction x faction agreement matrices (term in conftest.py)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import BallotMatrix, deputy_alignment, faction_alignment, faction_positions
from tests.matching.strategies import ballot_matrices

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)


def test_deputy_alignment_by_hand(small_term: BallotMatrix) -> None:
    result = deputy_alignment(small_term, min_overlap=1)

    # A and B both voted on 101, 102, 103, 104, 106: 1 + 0 + 1 + 1/2 + 1 = 3.5 of 5;
    # effective 1 + 0 + 1 + 0 + 1 = 3 of 5.
    assert result.stated[0, 1] == pytest.approx(0.7)
    assert result.effective[0, 1] == pytest.approx(0.6)
    assert result.overlap[0, 1] == 5
    # A and D on 101, 102, 103, 105, 106: only 106 agrees.
    assert result.stated[0, 3] == pytest.approx(0.2)
    assert result.effective[0, 3] == pytest.approx(0.2)
    assert result.ids.tolist() == [11, 12, 13, 14]


def test_deputy_alignment_over_chosen_votes(small_term: BallotMatrix) -> None:
    result = deputy_alignment(small_term, votes=[101, 102], min_overlap=1)

    assert result.stated[0, 1] == pytest.approx(0.5)
    assert result.overlap[0].tolist() == [2, 2, 2, 2]


def test_deputy_alignment_is_nan_below_min_overlap(small_term: BallotMatrix) -> None:
    result = deputy_alignment(small_term)  # default 5 votes in common

    assert result.stated[0, 1] == pytest.approx(0.7)
    assert np.isnan(result.stated[1, 2])  # B and C share only 101..104: 4 votes
    assert result.overlap[1, 2] == 4


def test_faction_alignment_majority_by_hand(small_term: BallotMatrix) -> None:
    result = faction_alignment(faction_positions(small_term), min_overlap=1)

    # Faction 1: for, for, against, (tie), for, for; faction 2: against, against, for, -, against,
    # for. Common 101, 102, 103, 105, 106: only 106 agrees.
    assert result.stated[0, 1] == pytest.approx(0.2)
    assert result.overlap.tolist() == [[5, 5], [5, 5]]
    assert result.stated[0, 0] == 1.0


def test_faction_alignment_proportional_keeps_split_votes(small_term: BallotMatrix) -> None:
    result = faction_alignment(faction_positions(small_term), method="proportional", min_overlap=1)

    # Faction 1 with itself, two random voting members, per vote sum_xy s_x s_y k(x, y):
    # 101: 1; 102: 4/9 + 1/9 = 5/9; 103: 4/9 + 1/9 + 2 * (2/9 * 1/2) = 7/9;
    # 104: 3/9 + 4 * (1/9 * 1/2) = 5/9; 105, 106: 1.  Mean over 6 = (3 + 17/9) / 6 = 22/27.
    assert result.stated[0, 0] == pytest.approx(22 / 27)
    # With faction 2 (D alone): 101 (D against): 0; 102 (against): 1/3; 103 (for): 0 + 1/3 * 1/2
    # = 1/6; 105 (against): 0; 106 (for): 1.  Mean over 5 = (1/3 + 1/6 + 1) / 5 = 0.3.
    assert result.stated[0, 1] == pytest.approx(0.3)


def test_faction_alignment_rejects_an_unknown_method(small_term: BallotMatrix) -> None:
    with pytest.raises(ValueError, match="method"):
        faction_alignment(faction_positions(small_term), method="median")  # type: ignore[arg-type]


@PROPERTY_SETTINGS
@given(ballots=ballot_matrices(), min_overlap=st.integers(0, 3))
def test_deputy_alignment_is_symmetric_with_ones_on_the_diagonal(
    ballots: BallotMatrix, min_overlap: int
) -> None:
    result = deputy_alignment(ballots, min_overlap=min_overlap)

    for matrix in (result.stated, result.effective, result.overlap):
        np.testing.assert_array_equal(matrix, matrix.T)
    diagonal = np.diag(result.stated)
    assert (diagonal[~np.isnan(diagonal)] == 1.0).all()
    assert (np.diag(result.effective)[~np.isnan(diagonal)] == 1.0).all()


@PROPERTY_SETTINGS
@given(ballots=ballot_matrices(), method=st.sampled_from(["majority", "proportional"]))
def test_faction_alignment_is_symmetric(ballots: BallotMatrix, method: str) -> None:
    result = faction_alignment(faction_positions(ballots), method=method, min_overlap=1)  # type: ignore[arg-type]

    for matrix in (result.stated, result.effective, result.overlap):
        np.testing.assert_array_equal(matrix, matrix.T)
    values = result.stated[~np.isnan(result.stated)]
    assert ((values >= 0) & (values <= 1)).all()


@PROPERTY_SETTINGS
@given(ballots=ballot_matrices())
def test_deputy_alignment_counts_only_votes_both_took_part_in(ballots: BallotMatrix) -> None:
    result = deputy_alignment(ballots, min_overlap=1)
    voted = ~np.isnan(ballots.positions) & ballots.matchable[None, :]

    expected = voted.astype(int) @ voted.T.astype(int)
    np.testing.assert_array_equal(result.overlap, expected)
    assert np.isnan(result.stated[expected == 0]).all()
