"""Faction positions, cohesion, rebel votes and attendance (formulas: docs/matching.md §3-4).

Faction position on a vote, from the members *at the time of the vote* who cast a ballot
(Y for, N against, A abstain, T = Y + N + A; "Nebalsoja" and absent members are not counted):

- majority: the plurality choice among {for, against, abstain}; no position (nan) if T = 0 or the
  top count is tied (Partijgedrag drops ties the same way).
- proportional: shares (Y/T, N/T, A/T); matching against them is the agreement with a randomly
  drawn voting member (DeinWal).

Cohesion is the Agreement Index of Hix, Noury and Roland (2005)::

    AI = (max(Y, N, A) - (T - max(Y, N, A)) / 2) / T = 1.5 * max / T - 0.5      in [0, 1]

1 = everyone voted alike, 0 = an even three-way split. It is given with the member count, because
a faction of 1-3 members is trivially cohesive (flag: ``Cohesion.small``).

A rebel vote (Public Whip) is a ballot for/against/abstain that differs from the plurality of the
deputy's own faction at the time; no faction, or no faction majority (tie), means no rebel vote.
Rate = rebel votes / ballots cast that could rebel.

Attendance (Public Whip, TheyVoteForYou#1098) = ballots cast / votes with a mandate; presence adds
"Nebalsoja" (registered, did not vote), which is not an absence.

Secret ballots and votes on persons (``BallotMatrix.matchable`` False) are never counted. All
functions are O(D * V) numpy passes; a 100 x 20,000 term takes tens of milliseconds.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

from matching._votes import VoteSelection, ballots_vote_mask, vote_mask
from matching.encoding import CHOICE_ORDER, choice_index
from matching.types import Attendance, BallotMatrix, Cohesion, FactionPositions, Rebels

#: Factions with fewer members than this on average are flagged ``Cohesion.small``.
SMALL_FACTION_MEMBERS: Final = 4


def _per_faction_vote(
    faction: NDArray[np.int64], where: NDArray[np.bool_], factions: int, votes: int
) -> NDArray[np.int64]:
    vote_index = np.broadcast_to(np.arange(votes), faction.shape)
    flat = faction[where] * votes + vote_index[where]
    return np.bincount(flat, minlength=factions * votes).reshape(factions, votes)


def faction_positions(ballots: BallotMatrix) -> FactionPositions:
    """Counts, plurality position and shares per faction and vote.

    Returns :class:`FactionPositions` with (F, V[, 3]) arrays for every vote (matchable or not).
    nan semantics: ``majority`` nan when no member voted or the top count ties; ``shares`` nan when
    no member voted. Unaffiliated deputies (faction -1) are in no faction. O(D * V).
    """
    votes = ballots.vote_ids.size
    factions = ballots.faction_ids.size
    fac = ballots.faction
    in_faction = fac >= 0
    choice = choice_index(ballots.positions)
    voted = in_faction & (choice >= 0)

    vote_index = np.broadcast_to(np.arange(votes), fac.shape)
    flat = (fac[voted] * votes + vote_index[voted]) * 3 + choice[voted]
    counts = np.bincount(flat, minlength=factions * votes * 3).reshape(factions, votes, 3)
    not_voting = _per_faction_vote(
        fac, in_faction & ballots.present & np.isnan(ballots.positions), factions, votes
    )
    members = _per_faction_vote(fac, in_faction & ballots.mandate, factions, votes)

    voters = counts.sum(axis=-1)
    top = counts.max(axis=-1, initial=0)
    tied = (counts == top[..., None]).sum(axis=-1) > 1
    majority = np.asarray(CHOICE_ORDER)[counts.argmax(axis=-1)]
    majority[(voters == 0) | tied] = np.nan
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = counts / voters[..., None]
    return FactionPositions(
        faction_ids=ballots.faction_ids,
        vote_ids=ballots.vote_ids,
        counts=counts,
        not_voting=not_voting,
        members=members,
        majority=majority,
        shares=shares,
        matchable=ballots.matchable,
    )


def agreement_index(
    positions: FactionPositions,
    *,
    votes: VoteSelection = None,
    min_members: int = SMALL_FACTION_MEMBERS,
) -> Cohesion:
    """Hix-Noury-Roland Agreement Index per faction and vote, and its mean per faction.

    ``votes``: None (all matchable), a (V,) boolean mask or vote ids; always intersected with
    ``matchable``. ``index`` (F, V) is nan where no member voted or the vote is not counted;
    ``mean`` (F,) is nan for a faction that never voted. ``small`` flags factions whose mean
    member count over the counted votes is below ``min_members``. O(F * V).
    """
    counted = vote_mask(positions.vote_ids, positions.matchable, votes)
    voters = positions.voters
    top = positions.counts.max(axis=-1, initial=0)
    valid = (voters > 0) & counted[None, :]
    index = np.full(voters.shape, np.nan)
    np.divide(1.5 * top, voters, out=index, where=valid)
    index[valid] -= 0.5

    n_votes = valid.sum(axis=1)
    has_votes = n_votes > 0
    mean = np.full(n_votes.shape, np.nan)
    mean_members = np.full(n_votes.shape, np.nan)
    mean[has_votes] = np.nansum(index, axis=1)[has_votes] / n_votes[has_votes]
    mean_members[has_votes] = (
        np.where(valid, positions.members, 0).sum(axis=1)[has_votes] / n_votes[has_votes]
    )
    return Cohesion(
        faction_ids=positions.faction_ids,
        vote_ids=positions.vote_ids,
        index=index,
        voters=voters,
        members=positions.members,
        mean=mean,
        votes=n_votes,
        mean_members=mean_members,
        small=~(mean_members >= min_members),
    )


def rebels(
    ballots: BallotMatrix,
    *,
    factions: FactionPositions | None = None,
    votes: VoteSelection = None,
) -> Rebels:
    """Ballots that differ from the plurality position of the deputy's faction at the time.

    ``factions`` may pass precomputed :func:`faction_positions` of the same ballots. ``votes`` as
    in :func:`agreement_index`. A deputy with no counted ballot has ``rate`` nan. O(D * V).
    """
    factions = faction_positions(ballots) if factions is None else factions
    n_votes = ballots.vote_ids.size
    counted_votes = ballots_vote_mask(ballots, votes)
    fac = ballots.faction
    # Row -1 (unaffiliated) picks an appended all-nan row: no line.
    lines = np.vstack([factions.majority, np.full((1, n_votes), np.nan)])
    line = lines[fac, np.arange(n_votes)[None, :]]
    positions = ballots.positions
    counted = counted_votes[None, :] & (fac >= 0) & ~np.isnan(positions) & ~np.isnan(line)
    matrix = counted & (positions != line)
    count = matrix.sum(axis=1)
    votes_counted = counted.sum(axis=1)
    return Rebels(
        deputy_ids=ballots.deputy_ids,
        vote_ids=ballots.vote_ids,
        matrix=matrix,
        count=count,
        votes_counted=votes_counted,
        rate=_ratio(count, votes_counted),
    )


def attendance(ballots: BallotMatrix, *, votes: VoteSelection = None) -> Attendance:
    """Ballots cast, Nebalsoja and absences per deputy over counted votes held with a mandate.

    ``votes`` as in :func:`agreement_index` (secret ballots carry no per-deputy record, so they are
    never counted). ``rate`` and ``presence`` are nan for a deputy with no counted mandate. O(D * V).
    """
    possible_cells = ballots.mandate & ballots_vote_mask(ballots, votes)[None, :]
    has_ballot = ~np.isnan(ballots.positions)
    possible = possible_cells.sum(axis=1)
    cast = (possible_cells & has_ballot).sum(axis=1)
    not_voting = (possible_cells & ballots.present & ~has_ballot).sum(axis=1)
    return Attendance(
        deputy_ids=ballots.deputy_ids,
        possible=possible,
        cast=cast,
        not_voting=not_voting,
        absent=possible - cast - not_voting,
        rate=_ratio(cast, possible),
        presence=_ratio(cast + not_voting, possible),
    )


def _ratio(numerator: NDArray[np.int64], denominator: NDArray[np.int64]) -> NDArray[np.float64]:
    out = np.full(numerator.shape, np.nan)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out
