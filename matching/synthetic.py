"""SYNTHETIC benchmark data: a made-up Saeima term, questions and citizens. Not real data.

Nothing here describes real deputies or votes. It exists so that benchmarks (``benchmarks/``) and
property tests can run on a term of realistic *shape and size* (100 deputies, 8 factions, 20,000
roll calls, about 2 million ballots, docs/matching-methods.md §2.12 "Volume") with behaviour that
resembles a parliament:

- factions sit around centres on a 2-D plane, deputies near their faction's centre;
- each vote is a random cutting line; about 30 % are near-unanimous procedural votes;
- a faction decides for / against / abstain from its centre's side of the line (abstaining near
  the line), and each member follows the line with probability 0.93, otherwise votes their own
  side of the line (with noise);
- each deputy is absent from ~10 % of votes (rates differ per deputy), present-but-not-voting
  ("Nebalsoja") on ~1.5 %; two deputies hold a mandate for only part of the term, three change
  faction mid-term (one of them leaves to sit unaffiliated);
- ~1 % of votes are secret or on persons: no per-deputy data and ``matchable`` False.

Everything is seeded and deterministic for a given ``seed`` and size.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from matching.agreement import link_questions
from matching.encoding import ABSTAIN, AGAINST, FOR
from matching.types import BallotMatrix, QuestionLinks

FOLLOW_LINE = 0.93
ABSTAIN_BAND = 0.2
PROCEDURAL_SHARE = 0.3
SECRET_SHARE = 0.01
NOT_VOTING_RATE = 0.015


class SyntheticTerm(NamedTuple):
    """SYNTHETIC: ``ballots`` of a made-up term and the latent 2-D ``ideal_points`` (D, 2)."""

    ballots: BallotMatrix
    ideal_points: NDArray[np.float64]


def synthetic_term(
    seed: int = 0, deputies: int = 100, factions: int = 8, votes: int = 20000
) -> SyntheticTerm:
    """Build a SYNTHETIC term (see module docstring); ids are 1..n for deputies, factions, votes.

    About 1 s for 100 x 20,000. Requires deputies >= 2 * factions.
    """
    rng = np.random.default_rng(seed)
    sizes = _faction_sizes(rng, deputies, factions)
    home = np.repeat(np.arange(factions), sizes)
    centres = rng.normal(0.0, 1.0, (factions, 2))
    points = centres[home] + rng.normal(0.0, 0.3, (deputies, 2))

    angle = rng.uniform(0.0, np.pi, votes)
    normal = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    cut = rng.normal(0.0, 0.6, votes)
    procedural = rng.random(votes) < PROCEDURAL_SHARE
    cut[procedural] = rng.choice([-1.0, 1.0], procedural.sum()) * rng.uniform(
        2.5, 4.0, procedural.sum()
    )

    faction = np.broadcast_to(home[:, None], (deputies, votes)).copy()
    movers = rng.choice(deputies, size=min(3, deputies), replace=False)
    for number, deputy in enumerate(movers):
        switch = rng.integers(votes // 5, 4 * votes // 5)
        faction[deputy, switch:] = -1 if number == 0 else (home[deputy] + 1) % factions

    faction_line = _side(centres @ normal.T - cut)  # (F, V)
    own = _side(points @ normal.T - cut + rng.normal(0.0, 0.5, (deputies, votes)))
    line = faction_line[np.clip(faction, 0, None), np.arange(votes)]
    follows = (faction >= 0) & (rng.random((deputies, votes)) < FOLLOW_LINE)
    positions = np.where(follows, line, own)

    mandate = np.ones((deputies, votes), dtype=bool)
    if deputies >= 2:
        mandate[deputies - 1, : votes // 2] = False
        mandate[deputies - 2, votes // 2 :] = False
    absence_rate = rng.beta(2.0, 18.0, deputies)
    absent = rng.random((deputies, votes)) < absence_rate[:, None]
    present = mandate & ~absent
    not_voting = present & (rng.random((deputies, votes)) < NOT_VOTING_RATE)
    matchable = rng.random(votes) >= SECRET_SHARE
    present[:, ~matchable] = False
    positions = np.where(present & ~not_voting, positions, np.nan)
    faction = np.where(mandate, faction, -1)

    ballots = BallotMatrix(
        deputy_ids=np.arange(1, deputies + 1),
        vote_ids=np.arange(1, votes + 1),
        positions=positions,
        present=present,
        mandate=mandate,
        faction=faction,
        faction_ids=np.arange(1, factions + 1),
        matchable=matchable,
    )
    return SyntheticTerm(ballots=ballots, ideal_points=points)


def synthetic_questions(
    ballots: BallotMatrix, *, questions: int = 1000, max_links: int = 3, seed: int = 0
) -> QuestionLinks:
    """SYNTHETIC questions 1..questions, each linked to 1..max_links random matchable votes.

    About one link in ten has polarity -1 ("for" on the question means "Pret" on the vote).
    """
    rng = np.random.default_rng(seed)
    pool = ballots.vote_ids[ballots.matchable]
    links: dict[int, list[tuple[int, int]]] = {}
    for question in range(1, questions + 1):
        count = int(rng.integers(1, max_links + 1))
        chosen = rng.choice(pool, size=min(count, pool.size), replace=False)
        links[question] = [(int(v), -1 if rng.random() < 0.1 else 1) for v in chosen]
    return link_questions(ballots, links)


def synthetic_answers(
    citizens: int, questions: int, *, answered: int, seed: int = 0
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """SYNTHETIC answers: (C, Q) choices (+1 / -1 / 0, nan = skipped) and importance 1-3.

    Each citizen answers ``answered`` questions drawn at random (for 45 %, against 40 %,
    abstain 15 %). O(C * Q).
    """
    rng = np.random.default_rng(seed)
    values = rng.choice(
        np.array([FOR, AGAINST, ABSTAIN]), p=[0.45, 0.4, 0.15], size=(citizens, questions)
    )
    weights = rng.integers(1, 4, size=(citizens, questions)).astype(np.float64)
    if answered < questions:
        order = rng.random((citizens, questions)).argsort(axis=1)
        skipped = order[:, answered:]
        np.put_along_axis(values, skipped, np.nan, axis=1)
    return values, weights


def _faction_sizes(rng: np.random.Generator, deputies: int, factions: int) -> NDArray[np.int64]:
    if deputies < 2 * factions:
        raise ValueError("synthetic_term needs at least two deputies per faction.")
    shares = rng.dirichlet(np.full(factions, 3.0))
    sizes = 2 + np.floor(shares * (deputies - 2 * factions)).astype(np.int64)
    sizes[np.argsort(-shares)[: deputies - sizes.sum()]] += 1
    return np.sort(sizes)[::-1]


def _side(utility: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.where(
        utility > ABSTAIN_BAND, FOR, np.where(utility < -ABSTAIN_BAND, AGAINST, ABSTAIN)
    )
