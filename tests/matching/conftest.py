"""A hand-sized term whose scores are worked out by hand in the tests.

Deputies 11 (A), 12 (B), 13 (C) sit in faction 1 (index 0), deputy 14 (D) in faction 2. Votes
101..106 are ordinary roll calls, 107 a secret ballot (no per-deputy record, not matchable)::

            101  102  103  104  105  106  107
    A 11     +    +    -    0    +    +    .
    B 12     +    -    -    +   abs   +    .
    C 13     +    +    0    -    +   NB    .
    D 14     -    -    +   abs   -    +    .

(+ for, - against, 0 abstain, abs absent, NB present but did not vote "Nebalsoja").
"""

from __future__ import annotations

import numpy as np
import pytest

from matching import BallotMatrix, MatchingIndex, matching_index

nan = np.nan


@pytest.fixture
def small_term() -> BallotMatrix:
    positions = np.array(
        [
            [1, 1, -1, 0, 1, 1, nan],
            [1, -1, -1, 1, nan, 1, nan],
            [1, 1, 0, -1, 1, nan, nan],
            [-1, -1, 1, nan, -1, 1, nan],
        ]
    )
    present = ~np.isnan(positions)
    present[2, 5] = True  # C: Nebalsoja on 106
    faction = np.array([[0] * 7, [0] * 7, [0] * 7, [1] * 7])
    return BallotMatrix(
        deputy_ids=np.array([11, 12, 13, 14]),
        vote_ids=np.arange(101, 108),
        positions=positions,
        present=present,
        mandate=np.ones((4, 7), bool),
        faction=faction,
        faction_ids=np.array([1, 2]),
        matchable=np.array([True] * 6 + [False]),
    )


@pytest.fixture
def small_index(small_term: BallotMatrix) -> MatchingIndex:
    return matching_index(small_term)
