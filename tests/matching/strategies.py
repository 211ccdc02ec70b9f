"""Hypothesis strategies for small ballot matrices and citizens' answers."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from matching import BallotMatrix

# Cell codes: 0 for, 1 against, 2 abstain, 3 present but did not vote (Nebalsoja), 4 absent.
_CODE_POSITIONS = np.array([1.0, -1.0, 0.0, np.nan, np.nan])


@st.composite
def ballot_matrices(
    draw: st.DrawFn, *, max_deputies: int = 6, max_votes: int = 10, max_factions: int = 3
) -> BallotMatrix:
    deputies = draw(st.integers(1, max_deputies))
    votes = draw(st.integers(1, max_votes))
    factions = draw(st.integers(0, max_factions))
    codes = draw(arrays(np.int8, (deputies, votes), elements=st.integers(0, 4)))
    present = codes <= 3
    mandate = present | draw(arrays(np.bool_, (deputies, votes)))
    faction = draw(arrays(np.int64, (deputies, votes), elements=st.integers(-1, factions - 1)))
    matchable = draw(arrays(np.bool_, (votes,)))
    return BallotMatrix(
        deputy_ids=np.arange(1, deputies + 1),
        vote_ids=np.arange(101, 101 + votes),
        positions=_CODE_POSITIONS[codes],
        present=present,
        mandate=mandate,
        faction=faction,
        faction_ids=np.arange(1, factions + 1),
        matchable=matchable,
    )


@st.composite
def question_links(
    draw: st.DrawFn, ballots: BallotMatrix, *, max_questions: int = 8, max_links: int = 3
) -> dict[int, list[tuple[int, int]]]:
    """question id -> [(vote id, polarity)], distinct votes within a question."""
    count = draw(st.integers(1, max_questions))
    vote_ids = ballots.vote_ids.tolist()
    links = {}
    for question_id in range(1, count + 1):
        votes = draw(
            st.lists(
                st.sampled_from(vote_ids),
                min_size=1,
                max_size=min(max_links, len(vote_ids)),
                unique=True,
            )
        )
        links[question_id] = [(vote, draw(st.sampled_from([1, -1]))) for vote in votes]
    return links


def choices(size: int) -> st.SearchStrategy[np.ndarray]:
    return arrays(np.float64, (size,), elements=st.sampled_from([1.0, -1.0, 0.0, np.nan]))


def weights(size: int) -> st.SearchStrategy[np.ndarray]:
    return arrays(np.float64, (size,), elements=st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0]))
