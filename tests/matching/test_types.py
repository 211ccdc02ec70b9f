"""BallotMatrix invariants and read-only storage."""

from __future__ import annotations

import numpy as np
import pytest

from matching import BallotMatrix

nan = np.nan


def test_ballot_matrix_build_fills_defaults() -> None:
    ballots = BallotMatrix.build(np.array([[1.0, nan], [0.0, -1.0]]), faction=[[0, 0], [1, -1]])

    assert ballots.shape == (2, 2)
    assert ballots.present.tolist() == [[True, False], [True, True]]
    assert ballots.mandate.all()
    assert ballots.faction_ids.tolist() == [0, 1]
    assert ballots.matchable.tolist() == [True, True]


def test_ballot_matrix_copies_and_freezes_its_arrays() -> None:
    positions = np.array([[1.0, -1.0]])
    ballots = BallotMatrix.build(positions)
    positions[0, 0] = -1.0

    assert ballots.positions[0, 0] == 1.0
    with pytest.raises(ValueError, match="read-only"):
        ballots.positions[0, 0] = 0.0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"positions": [[0.5, 1.0]]}, "positions may only hold"),
        ({"present": [[False, True]]}, "must be marked present"),
        ({"mandate": [[True, False]]}, "must hold a mandate"),
        ({"faction": [[2, 0]]}, "faction holds indices"),
        ({"vote_ids": [7, 7]}, "vote_ids must be unique"),
        ({"matchable": [True]}, "matchable must have shape"),
    ],
)
def test_ballot_matrix_rejects_broken_invariants(changes: dict, message: str) -> None:
    fields = {
        "deputy_ids": [1],
        "vote_ids": [10, 11],
        "positions": [[1.0, 1.0]],
        "present": [[True, True]],
        "mandate": [[True, True]],
        "faction": [[0, 0]],
        "faction_ids": [5],
        "matchable": [True, True],
    } | changes
    with pytest.raises(ValueError, match=message):
        BallotMatrix(**fields)
