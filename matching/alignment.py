"""Pairwise agreement matrices: deputy x deputy and faction x faction (docs/matching.md §5).

For two targets g, h with positions on a set of votes, over the votes S_gh where both have one::

    stated(g, h)    = mean_{v in S_gh} (1 - |x_gv - x_hv| / 2)       same 1, one abstains 1/2
    effective(g, h) = mean_{v in S_gh} [x_gv = +1] == [x_hv = +1]    abstain counts as against
    overlap(g, h)   = |S_gh|

the same two kernels as the citizen scores, so a dashboard and a citizen's result read alike.
Scores are nan when ``overlap < min_overlap``. Deputies use their own ballots (Public Whip's
``distance_b``, attended-both only: absences are left out, not half-counted). Factions use their
plurality positions (VoteWatch / HowTheyVote-reuser "alliance score"; the effective view on
for/not-for equals their exact-match share), or with ``method="proportional"`` the agreement of
two randomly drawn voting members, one from each faction, which keeps split votes (its diagonal is
below 1 for a split faction).

Computation: with one-hot indicator matrices I_x (N, V) for x in (for, against, abstain) (or the
shares, for the proportional method) restricted to the selected votes::

    numerator = sum_x I_x @ (sum_y k(x, y) I_y)^T,   overlap = (sum_x I_x) @ (sum_x I_x)^T

i.e. one (N, 3V) x (3V, N) product per view plus (N, V) x (V, N) for the overlap, in float32 for
the one-hot indicators (exact: every sum is a multiple of 1/2 below 2**23). The results are
exactly symmetric. About 0.3-1 s for 100 deputies x 20,000 votes on a shared 2-CPU machine.
"""

from __future__ import annotations

from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray

from matching._votes import VoteSelection, ballots_vote_mask, vote_mask
from matching.agreement import DEFAULT_MIN_OVERLAP, KERNELS
from matching.encoding import CHOICE_ORDER
from matching.types import Alignment, BallotMatrix, FactionPositions

METHOD_MESSAGE: Final = "method must be 'majority' or 'proportional', got {method!r}."


def deputy_alignment(
    ballots: BallotMatrix,
    *,
    votes: VoteSelection = None,
    min_overlap: int = DEFAULT_MIN_OVERLAP,
) -> Alignment:
    """Deputy x deputy agreement over ``votes`` (None = all matchable; mask or vote ids).

    Returns :class:`Alignment` with (D, D) arrays; the diagonal is 1 wherever a deputy has at
    least ``min_overlap`` ballots. O(D^2 * V).
    """
    mask = ballots_vote_mask(ballots, votes)
    indicators = _one_hot(ballots.positions[:, mask])
    return _pairwise(ballots.deputy_ids, indicators, min_overlap)


def faction_alignment(
    factions: FactionPositions,
    *,
    votes: VoteSelection = None,
    method: Literal["majority", "proportional"] = "majority",
    min_overlap: int = DEFAULT_MIN_OVERLAP,
) -> Alignment:
    """Faction x faction agreement over ``votes`` (None = all matchable; mask or vote ids).

    ``method="majority"`` compares plurality positions (votes where a faction tied or had no
    voter are left out); ``"proportional"`` compares vote shares. Returns (F, F) arrays.
    O(F^2 * V).
    """
    mask = vote_mask(factions.vote_ids, factions.matchable, votes)
    if method == "majority":
        indicators = _one_hot(factions.majority[:, mask])
    elif method == "proportional":
        shares = factions.shares[:, mask, :]
        indicators = np.nan_to_num(np.moveaxis(shares, -1, 0), nan=0.0)
    else:
        raise ValueError(METHOD_MESSAGE.format(method=method))
    return _pairwise(factions.faction_ids, indicators, min_overlap)


def _one_hot(positions: NDArray[np.float64]) -> NDArray[np.float32]:
    """(3, N, V) indicators of for / against / abstain. float32 is exact here: every product
    sum is a multiple of 1/2 below 2**23, and it halves the cost of the products."""
    return np.stack([positions == x for x in CHOICE_ORDER]).astype(np.float32)


def _pairwise(
    ids: NDArray[np.int64], indicators: NDArray[np.floating], min_overlap: int
) -> Alignment:
    """indicators (3, N, V): per choice, 1/0 (or a share) of each target on each vote."""
    choices, targets, votes = indicators.shape
    flat = indicators.transpose(1, 0, 2).reshape(targets, choices * votes)
    known = indicators.sum(axis=0)
    overlap = (known @ known.T).astype(np.float64)
    numerators = []
    for kernel in KERNELS:
        # partner[x] = sum_y k(x, y) I_y, so that sum_x I_x @ partner[x]^T is one product.
        partner = np.tensordot(kernel.astype(indicators.dtype), indicators, axes=(1, 0))
        partner_flat = partner.transpose(1, 0, 2).reshape(targets, choices * votes)
        numerator = (flat @ partner_flat.T).astype(np.float64)
        numerators.append(0.5 * (numerator + numerator.T))
    scored = overlap >= max(min_overlap, 1)
    stated = np.full(overlap.shape, np.nan)
    effective = np.full(overlap.shape, np.nan)
    np.divide(numerators[0], overlap, out=stated, where=scored)
    np.divide(numerators[1], overlap, out=effective, where=scored)
    return Alignment(
        ids=ids,
        stated=np.clip(stated, 0.0, 1.0),
        effective=np.clip(effective, 0.0, 1.0),
        overlap=np.rint(overlap).astype(np.int64),
    )
