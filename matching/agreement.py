"""Agreement of citizens with deputies and factions (formulas and references: docs/matching.md §2).

Inputs. A question q stands for one or more roll calls (links j, each with a polarity p_j = +1 if
"for" on the question means "Par" on the vote, -1 if it means "Pret"). A citizen answers c_q in
{+1 for, 0 abstain, -1 against} with importance w_q > 0, or skips (nan). A target's ballot on the
vote of link j is d_j in {+1, 0, -1} or missing (did not vote, absent, no mandate). The citizen's
answer becomes a ballot on each linked vote: b_j = p_j * c_q.

Multi-vote questions. Each link counts as one column with the question's weight split evenly,
w_j = w_q / n_q (n_q = usable links of q), so a question weighs the same however many roll calls
it stands for; a target that took part in only some of them covers that share of the weight.

Per-link agreement, two views (kernels)::

    stated     a_j = 1 - |b_j - d_j| / 2       same 1, one side abstains 1/2, opposite 0 (Wahl-O-Mat)
    effective  a_j = [b_j = +1] == [d_j = +1]  abstaining counts as against (Satversme Art. 24:
                                                the Saeima decides by a majority of those present)

Scores, over S = links where the target has a position (missing data never counts as agreement
and never as disagreement; it is reported as coverage, the TWFY 2024 lesson)::

    agreement = sum_{j in S} w_j a_j / sum_{j in S} w_j
    coverage  = sum_{j in S} w_j / sum_{answered j} w_j           (weighted share, in [0, 1])
    overlap   = number of answered questions with at least one link in S

``agreement`` is nan when ``overlap < min_overlap`` (default 5, as saeima2026's Kompass).
Coverage is always returned beside it and is never folded into the score.

Targets: each deputy; each faction's majority (plurality of its voting members at the time of
the vote, nan on ties); and each faction "proportionally": the expected agreement with a randomly
drawn voting member, sum_x share_x * k(b_j, x) (DeinWal; a faction in which nobody voted is left
out of S, fixing DeinWal#73). Secret ballots and votes on persons are never linked.

Cost. ``matching_index`` is O(D * V) once per term. ``agreement`` touches only the K linked
columns of the answered questions: O(K * (D + 2F)); with 100 deputies and 8 factions about
0.4 ms for 50 answered questions and 1.3 ms for 500 (K ~ 1,000) on a shared 2-CPU machine.
``agreement_many`` builds per-question tables once, O(L * (D + 2F)), then computes every citizen
with three matrix products: (C, 3Q) x (3Q, 2N) and two (C, Q) x (Q, N), with N = D + 2F.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matching._answers import ANSWERS_SHAPE_MESSAGE, answered_links, validate_answers
from matching.encoding import CHOICE_ORDER, choice_index, encode_choices
from matching.factions import faction_positions
from matching.types import (
    AgreementScores,
    BallotMatrix,
    MatchingIndex,
    MatchResult,
    QuestionLinks,
)

DEFAULT_MIN_OVERLAP: Final = 5

#: k(b, d) for b, d in CHOICE_ORDER (for, against, abstain); [0] stated, [1] effective.
KERNELS: Final = np.array(
    [
        [[1.0, 0.0, 0.5], [0.0, 1.0, 0.5], [0.5, 0.5, 1.0]],
        [[1.0, 0.0, 0.0], [0.0, 1.0, 1.0], [0.0, 1.0, 1.0]],
    ]
)
KERNELS.flags.writeable = False

POLARITY_MESSAGE: Final = "A link's polarity must be +1 or -1, got {polarity!r}."


def matching_index(ballots: BallotMatrix) -> MatchingIndex:
    """Prepare a term for matching: faction positions and vote-major target arrays.

    Build once per term (and again after new votes arrive); cache it in the process. O(D * V)
    time; about V * (D + 13F) * 8 bytes of memory beside the ballots (33 MB for 100 x 20,000
    with 8 factions).
    """
    factions = faction_positions(ballots)
    targets_t = np.concatenate([ballots.positions.T, factions.majority.T], axis=1)
    targets_t[~ballots.matchable] = np.nan
    shares_t = np.nan_to_num(factions.shares.transpose(1, 2, 0), nan=0.0)  # (V, 3, F)
    shares_t[~ballots.matchable] = 0.0
    return MatchingIndex(
        ballots=ballots,
        factions=factions,
        targets_t=np.ascontiguousarray(targets_t),
        shares_t=np.ascontiguousarray(shares_t),
    )


def link_questions(
    ballots: BallotMatrix,
    links: Mapping[int, Iterable[int | tuple[int, int]]],
) -> QuestionLinks:
    """Resolve question -> vote-id links to ballot-matrix columns.

    ``links`` maps each question id to its vote ids, or to ``(vote_id, polarity)`` pairs with
    polarity +1 / -1 (a bare id means +1). Questions keep the mapping's order. Links to votes not
    in ``ballots`` or not matchable are dropped and listed in ``unmatched_vote_ids``.
    O(L log V).
    """
    question_ids: list[int] = []
    link_question: list[int] = []
    link_votes: list[int] = []
    link_polarity: list[float] = []
    for number, (question_id, items) in enumerate(links.items()):
        question_ids.append(int(question_id))
        for item in items:
            vote_id, polarity = (item, 1) if isinstance(item, int | np.integer) else item
            if polarity not in (1, -1):
                raise ValueError(POLARITY_MESSAGE.format(polarity=polarity))
            link_question.append(number)
            link_votes.append(int(vote_id))
            link_polarity.append(float(polarity))

    votes = np.asarray(link_votes, dtype=np.int64)
    if ballots.vote_ids.size:
        order = np.argsort(ballots.vote_ids, kind="stable")
        sorted_ids = ballots.vote_ids[order]
        found_at = np.minimum(np.searchsorted(sorted_ids, votes), sorted_ids.size - 1)
        columns = order[found_at]
        usable = (sorted_ids[found_at] == votes) & ballots.matchable[columns]
    else:
        columns = np.zeros(votes.size, dtype=np.int64)
        usable = np.zeros(votes.size, dtype=bool)

    per_question = np.bincount(
        np.asarray(link_question, dtype=np.int64)[usable], minlength=len(question_ids)
    )
    return QuestionLinks(
        question_ids=np.asarray(question_ids, dtype=np.int64),
        offsets=np.concatenate([[0], np.cumsum(per_question)]).astype(np.int64),
        columns=columns[usable].astype(np.int64),
        polarity=np.asarray(link_polarity, dtype=np.float64)[usable],
        unmatched_vote_ids=np.unique(votes[~usable]),
    )


def answer_arrays(
    questions: QuestionLinks, answers: Mapping[int, tuple[str | float, float]]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(Q,) choices and weights aligned with ``questions.question_ids``, for :func:`agreement`.

    ``answers`` maps question id -> (choice, importance); a choice is a code for
    :func:`~matching.encoding.encode_choices` ("for", "against", "abstain", "skip") or a number
    +1 / -1 / 0. Questions without an answer get nan / 0; answers to questions not in
    ``questions`` (unpublished, another term) are ignored. O(Q + A).
    """
    choices = np.full(questions.size, np.nan)
    weights = np.zeros(questions.size)
    row = {int(question_id): number for number, question_id in enumerate(questions.question_ids)}
    for question_id, (choice, importance) in answers.items():
        number = row.get(int(question_id))
        if number is None:
            continue
        choices[number] = float(encode_choices([choice])[0]) if isinstance(choice, str) else choice
        weights[number] = importance
    return choices, weights


def agreement(
    index: MatchingIndex,
    questions: QuestionLinks,
    choices: ArrayLike,
    weights: ArrayLike | None = None,
    *,
    min_overlap: int = DEFAULT_MIN_OVERLAP,
) -> MatchResult:
    """One citizen against every deputy and faction of the term.

    ``choices`` (Q,) +1 / -1 / 0, nan = skipped; ``weights`` (Q,) importance >= 0 (None = all 1;
    0 = skipped). Only the answered questions' linked columns are read, so ``questions`` may hold
    the site's whole question set (cached) or just this citizen's questions.

    Returns a :class:`MatchResult` whose arrays have shape (N,) per target set and () for the
    totals. Scores are nan below ``min_overlap`` answered questions in common. O(K * (D + 2F))
    for K linked columns of the answered questions.
    """
    c, w = validate_answers(choices, weights, (questions.size,))
    links = answered_links(questions, c, w)
    indicators, known = _link_indicators(index, links.columns)  # (K, 3, N), (K, N)
    size, _, targets = indicators.shape
    left = np.zeros((len(CHOICE_ORDER), size))
    left[choice_index(links.ballots), np.arange(size)] = links.weights
    # tallies[x, y, n]: answer weight where the citizen's ballot is x and target n's is y.
    flat = indicators.reshape(size, len(CHOICE_ORDER) * targets)
    tallies = (left @ flat).reshape(len(CHOICE_ORDER), len(CHOICE_ORDER), targets)
    num_stated, num_effective = np.einsum("vxy,xyn->vn", KERNELS, tallies)
    den = tallies.sum(axis=(0, 1))
    overlap = _segment_any(known, links.starts, links.lengths).sum(axis=0)
    answered_weight = np.asarray(w[links.rows].sum())
    return _result(
        index,
        num_stated,
        num_effective,
        den,
        overlap,
        np.asarray(links.rows.size, dtype=np.int64),
        answered_weight,
        min_overlap,
    )


def agreement_many(
    index: MatchingIndex,
    questions: QuestionLinks,
    choices: ArrayLike,
    weights: ArrayLike | None = None,
    *,
    min_overlap: int = DEFAULT_MIN_OVERLAP,
) -> MatchResult:
    """Many citizens at once, as matrix products on indicator matrices.

    ``choices`` (C, Q) +1 / -1 / 0, nan = skipped; ``weights`` (C, Q) or (Q,) importance >= 0
    (None = all 1). Row i of every result equals ``agreement(index, questions, choices[i],
    weights[i])`` up to floating-point rounding.

    Method: per question q, target n and citizen ballot x (for / against / abstain) the tables
    ``G_x[q, n] = sum_{j in q} k(x * p_j, d_jn) [d_jn known] / n_q`` (both views) and
    ``Kw[q, n] = sum_{j in q} [d_jn known] / n_q`` are built once, O(L * N). With
    ``U_x[i, q] = w_iq [c_iq = x]``, the numerators of both views are one (C, 3Q) x (3Q, 2N)
    product ``sum_x U_x @ G_x``; the denominator ``(sum_x U_x) @ Kw`` and the overlap counts
    ``[answered] @ [covered]`` are (C, Q) x (Q, N) products. About 9 times the flops of a bare
    (C, Q) x (Q, N) product. Memory O(C * (Q + N)); call it in chunks of ~10^5 citizens.
    """
    c, w = validate_answers(choices, weights, None)
    n_questions = c.shape[1]
    if n_questions != questions.size:
        raise ValueError(
            ANSWERS_SHAPE_MESSAGE.format(
                name="choices", expected=f"(C, {questions.size})", actual=c.shape
            )
        )
    answered = ~np.isnan(c) & (w > 0) & (questions.link_counts > 0)[None, :]
    answered_w = np.where(answered, w, 0.0)
    left = np.empty((c.shape[0], len(CHOICE_ORDER) * n_questions))
    for number, x in enumerate(CHOICE_ORDER):
        block = left[:, number * n_questions : (number + 1) * n_questions]
        np.multiply(answered_w, c == x, out=block)
    right, known_weight, cover = _question_tables(index, questions)
    targets = cover.shape[1]
    numerators = left @ right
    # Counts of 0/1 products are exact in float32 (below 2**24) at half the cost of float64.
    overlap = np.rint(answered.astype(np.float32) @ cover.astype(np.float32)).astype(np.int64)
    return _result(
        index,
        numerators[:, :targets],
        numerators[:, targets:],
        answered_w @ known_weight,
        overlap,
        answered.sum(axis=1).astype(np.int64),
        answered_w.sum(axis=1),
        min_overlap,
    )


def _link_indicators(
    index: MatchingIndex, columns: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Per link, ballot y (``CHOICE_ORDER``) and target: 1/0 or a faction's share; and known.

    Targets are the D deputies, the F faction majorities, then the F proportional factions.
    Indicators (K, 3, N) are all 0 where the target has no position and sum to 1 where it has
    one; ``known`` (K, N) marks the latter.
    """
    positions = index.targets_t[columns]
    shares = index.shares_t[columns]
    size, positional = positions.shape
    out = np.empty((size, len(CHOICE_ORDER), positional + shares.shape[2]))
    for number, value in enumerate(CHOICE_ORDER):
        out[:, number, :positional] = positions == value
    out[:, :, positional:] = shares
    known = np.concatenate([positions == positions, shares.sum(axis=1) > 0], axis=1)
    return out, known


def _segment_any(
    values: NDArray[np.bool_], starts: NDArray[np.int64], lengths: NDArray[np.int64]
) -> NDArray[np.bool_]:
    """(S, N) logical or of rows starts[s] .. starts[s] + lengths[s] - 1 (all lengths >= 1)."""
    out = values[starts]
    for rank in range(1, int(lengths.max(initial=1))):
        longer = lengths > rank
        out[longer] |= values[starts[longer] + rank]
    return out


def _segment_sum(
    values: NDArray[np.float64], starts: NDArray[np.int64], lengths: NDArray[np.int64]
) -> NDArray[np.float64]:
    """(S, N) sums of rows starts[s] .. starts[s] + lengths[s] - 1 (all lengths >= 1)."""
    out = values[starts]
    for rank in range(1, int(lengths.max(initial=1))):
        longer = lengths > rank
        out[longer] += values[starts[longer] + rank]
    return out


def _question_tables(
    index: MatchingIndex, questions: QuestionLinks
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """(3Q, 2N) right-hand matrix [G_stated_x | G_effective_x] per x; (Q, N) Kw and cover."""
    indicators, known = _link_indicators(index, questions.columns)  # (L, 3, N), (L, N)
    targets = indicators.shape[2]
    lengths = questions.link_counts
    nonempty = np.flatnonzero(lengths > 0)
    starts = questions.offsets[nonempty]
    share = np.repeat(1.0 / lengths[nonempty], lengths[nonempty])[:, None]

    def per_question(values: NDArray[np.float64]) -> NDArray[np.float64]:
        out = np.zeros((questions.size, targets))
        out[nonempty] = _segment_sum(values * share, starts, lengths[nonempty])
        return out

    known_weight = per_question(known.astype(np.float64))
    cover = np.zeros((questions.size, targets))
    cover[nonempty] = _segment_any(known, starts, lengths[nonempty])
    blocks = []
    for x in CHOICE_ORDER:
        rows = choice_index(x * questions.polarity)  # the answer as a ballot on each linked vote
        stated, effective = (
            np.einsum("ly,lyn->ln", kernel[rows], indicators) for kernel in KERNELS
        )
        blocks.append(np.concatenate([per_question(stated), per_question(effective)], axis=1))
    return np.concatenate(blocks, axis=0), known_weight, cover


def _result(
    index: MatchingIndex,
    num_stated: NDArray[np.float64],
    num_effective: NDArray[np.float64],
    den: NDArray[np.float64],
    overlap: NDArray[np.int64],
    answered_questions: NDArray[np.int64],
    answered_weight: NDArray[np.float64],
    min_overlap: int,
) -> MatchResult:
    """Turn numerators and denominators into scores, in place (the arrays are not reused)."""
    scored = (overlap >= max(min_overlap, 1)) & (den > 0)
    for numerator in (num_stated, num_effective):
        np.divide(numerator, den, out=numerator, where=scored)
        np.copyto(numerator, np.nan, where=~scored)
        np.clip(numerator, 0.0, 1.0, out=numerator)
    weight = np.expand_dims(answered_weight, -1)
    coverage = den
    np.divide(den, weight, out=coverage, where=weight > 0)
    np.copyto(coverage, np.nan, where=~(weight > 0))
    np.clip(coverage, 0.0, 1.0, out=coverage)
    stated, effective = num_stated, num_effective

    deputies = index.ballots.deputy_ids.size
    factions = index.factions.faction_ids.size
    parts = (
        (index.ballots.deputy_ids, slice(0, deputies)),
        (index.factions.faction_ids, slice(deputies, deputies + factions)),
        (index.factions.faction_ids, slice(deputies + factions, deputies + 2 * factions)),
    )
    scores = [
        AgreementScores(
            ids=ids,
            stated=stated[..., part],
            effective=effective[..., part],
            coverage=coverage[..., part],
            overlap=overlap[..., part],
        )
        for ids, part in parts
    ]
    return MatchResult(
        deputies=scores[0],
        factions=scores[1],
        factions_proportional=scores[2],
        answered_questions=answered_questions,
        answered_weight=np.asarray(answered_weight, dtype=np.float64),
    )
