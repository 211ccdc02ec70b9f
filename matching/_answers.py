"""Validating a citizen's answers and expanding answered questions into weighted vote links."""

from __future__ import annotations

from typing import Final, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matching.types import QuestionLinks

CHOICE_VALUES_MESSAGE: Final = "choices may only hold +1, -1, 0 or nan (skipped)."
WEIGHT_VALUES_MESSAGE: Final = "weights must be finite and >= 0."
ANSWERS_SHAPE_MESSAGE: Final = "{name} must have shape {expected}, got {actual}."


def validate_answers(
    choices: ArrayLike, weights: ArrayLike | None, shape: tuple[int, ...] | None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """choices and weights as float arrays of ``shape`` (None: any (C, Q)); weights None = 1."""
    c = np.asarray(choices, dtype=np.float64)
    if shape is None:
        if c.ndim != 2:
            raise ValueError(
                ANSWERS_SHAPE_MESSAGE.format(name="choices", expected="(C, Q)", actual=c.shape)
            )
        shape = c.shape
    if c.shape != shape:
        raise ValueError(
            ANSWERS_SHAPE_MESSAGE.format(name="choices", expected=shape, actual=c.shape)
        )
    # |c| in {0, 1} exactly when c * c == |c|; nan (skipped) compares unequal and is allowed.
    if not (np.isnan(c) | (c * c == np.abs(c))).all():
        raise ValueError(CHOICE_VALUES_MESSAGE)
    if weights is None:
        w = np.ones(shape)
    else:
        weights_array = np.asarray(weights, dtype=np.float64)
        try:
            w = np.broadcast_to(weights_array, shape)
        except ValueError:
            raise ValueError(
                ANSWERS_SHAPE_MESSAGE.format(
                    name="weights", expected=shape, actual=weights_array.shape
                )
            ) from None
    if not (np.isfinite(w).all() and (w >= 0).all()):
        raise ValueError(WEIGHT_VALUES_MESSAGE)
    return c, w


class AnsweredLinks(NamedTuple):
    """The vote links of one citizen's scorable answers, grouped by question.

    ``rows`` (A,) answered question indices; ``starts`` (A,) and ``lengths`` (A,) where each
    question's links lie in the arrays below; ``columns``, ``ballots`` (the answer as a ballot on
    the vote: choice times polarity) and ``weights`` (the question's weight split over its
    links), all (K,).
    """

    rows: NDArray[np.intp]
    starts: NDArray[np.int64]
    lengths: NDArray[np.int64]
    columns: NDArray[np.int64]
    ballots: NDArray[np.float64]
    weights: NDArray[np.float64]


def answered_links(
    questions: QuestionLinks, c: NDArray[np.float64], w: NDArray[np.float64]
) -> AnsweredLinks:
    """Expand the answered questions (choice given, weight > 0, a usable link). O(Q + K)."""
    lengths = questions.link_counts
    rows = np.flatnonzero(~np.isnan(c) & (w > 0) & (lengths > 0))
    lens = lengths[rows]
    starts = np.cumsum(lens) - lens
    link = np.arange(int(lens.sum())) + np.repeat(questions.offsets[rows] - starts, lens)
    return AnsweredLinks(
        rows=rows,
        starts=starts,
        lengths=lens,
        columns=questions.columns[link],
        ballots=np.repeat(c[rows], lens) * questions.polarity[link],
        weights=np.repeat(w[rows] / lens, lens),
    )
