"""Selecting a subset of votes (columns) of a BallotMatrix."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
from numpy.typing import NDArray

from matching.types import BallotMatrix

UNKNOWN_VOTES_MESSAGE: Final = "Vote ids not in this ballot matrix: {ids}."
VOTE_MASK_SHAPE_MESSAGE: Final = "A boolean vote mask must have shape ({size},), got {shape}."

#: What functions taking ``votes=`` accept: None (all), a (V,) boolean mask, or vote ids.
VoteSelection = NDArray[np.bool_] | NDArray[np.int64] | Sequence[int] | None


def vote_mask(
    vote_ids: NDArray[np.int64], matchable: NDArray[np.bool_], votes: VoteSelection
) -> NDArray[np.bool_]:
    """(V,) mask of the selected votes, always intersected with ``matchable``."""
    if votes is None:
        return matchable.copy()
    selection = np.asarray(votes)
    if selection.dtype == np.bool_:
        if selection.shape != matchable.shape:
            raise ValueError(
                VOTE_MASK_SHAPE_MESSAGE.format(size=vote_ids.size, shape=selection.shape)
            )
        return selection & matchable
    ids = selection.astype(np.int64).reshape(-1)
    missing = np.setdiff1d(ids, vote_ids)
    if missing.size:
        raise ValueError(UNKNOWN_VOTES_MESSAGE.format(ids=missing[:10].tolist()))
    return np.isin(vote_ids, ids) & matchable


def ballots_vote_mask(ballots: BallotMatrix, votes: VoteSelection) -> NDArray[np.bool_]:
    return vote_mask(ballots.vote_ids, ballots.matchable, votes)
