"""Properties of citizen agreement that must hold for every term and every citizen."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import (
    BallotMatrix,
    MatchResult,
    agreement,
    agreement_many,
    link_questions,
    matching_index,
)
from tests.matching.strategies import ballot_matrices, choices, question_links, weights

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)
FIELDS = ("stated", "effective", "coverage")
TARGETS = ("deputies", "factions", "factions_proportional")


def assert_same_result(left: MatchResult, right: MatchResult) -> None:
    for target in TARGETS:
        a, b = getattr(left, target), getattr(right, target)
        np.testing.assert_array_equal(a.overlap, b.overlap)
        for field in FIELDS:
            np.testing.assert_allclose(getattr(a, field), getattr(b, field), rtol=1e-12, atol=1e-12)


def self_answers(
    ballots: BallotMatrix, row: np.ndarray, *, flip: bool
) -> tuple[dict[int, list[tuple[int, int]]], np.ndarray]:
    """One question per vote where the target has a position; polarity alternates."""
    columns = np.flatnonzero(~np.isnan(row) & ballots.matchable)
    links, answers = {}, []
    for number, column in enumerate(columns):
        polarity = 1 if number % 2 == 0 else -1
        links[number + 1] = [(int(ballots.vote_ids[column]), polarity)]
        answers.append((-1 if flip else 1) * polarity * row[column])
    return links, np.asarray(answers, dtype=np.float64)


@PROPERTY_SETTINGS
@given(ballots=ballot_matrices(), data=st.data())
def test_agreement_with_oneself_is_one(ballots: BallotMatrix, data: st.DataObject) -> None:
    index = matching_index(ballots)
    deputy = data.draw(st.integers(0, ballots.shape[0] - 1))
    links, answers = self_answers(ballots, ballots.positions[deputy], flip=False)
    result = agreement(index, link_questions(ballots, links), answers, min_overlap=1)

    if answers.size:
        assert result.deputies.stated[deputy] == 1.0
        assert result.deputies.effective[deputy] == 1.0
        assert result.deputies.coverage[deputy] == 1.0
        assert result.deputies.overlap[deputy] == answers.size


@PROPERTY_SETTINGS
@given(ballots=ballot_matrices(), data=st.data())
def test_agreement_with_a_faction_majority_answered_as_its_own_is_one(
    ballots: BallotMatrix, data: st.DataObject
) -> None:
    index = matching_index(ballots)
    if ballots.faction_ids.size == 0:
        return
    faction = data.draw(st.integers(0, ballots.faction_ids.size - 1))
    links, answers = self_answers(ballots, index.factions.majority[faction], flip=False)
    result = agreement(index, link_questions(ballots, links), answers, min_overlap=1)

    if answers.size:
        assert result.factions.stated[faction] == 1.0
        assert result.factions.effective[faction] == 1.0


@PROPERTY_SETTINGS
@given(ballots=ballot_matrices(), data=st.data())
def test_agreement_with_ones_exact_opposite_is_zero(
    ballots: BallotMatrix, data: st.DataObject
) -> None:
    index = matching_index(ballots)
    deputy = data.draw(st.integers(0, ballots.shape[0] - 1))
    row = np.where(ballots.positions[deputy] == 0, np.nan, ballots.positions[deputy])
    links, answers = self_answers(ballots, row, flip=True)
    result = agreement(index, link_questions(ballots, links), answers, min_overlap=1)

    if answers.size:
        assert result.deputies.stated[deputy] == 0.0
        assert result.deputies.effective[deputy] == 0.0


@PROPERTY_SETTINGS
@given(ballots=ballot_matrices(), data=st.data())
def test_agreement_is_invariant_to_question_order(
    ballots: BallotMatrix, data: st.DataObject
) -> None:
    index = matching_index(ballots)
    links = data.draw(question_links(ballots))
    size = len(links)
    c, w = data.draw(choices(size)), data.draw(weights(size))
    order = data.draw(st.permutations(range(size)))
    keys = list(links)
    shuffled = {keys[i]: links[keys[i]] for i in order}

    original = agreement(index, link_questions(ballots, links), c, w, min_overlap=1)
    permuted = agreement(
        index, link_questions(ballots, shuffled), c[list(order)], w[list(order)], min_overlap=1
    )
    assert_same_result(original, permuted)


@PROPERTY_SETTINGS
@given(
    ballots=ballot_matrices(),
    data=st.data(),
    factor=st.sampled_from([0.25, 2.0, 3.0, 1000.0]),
)
def test_agreement_does_not_change_when_all_weights_are_scaled(
    ballots: BallotMatrix, data: st.DataObject, factor: float
) -> None:
    index = matching_index(ballots)
    questions = link_questions(ballots, data.draw(question_links(ballots)))
    c, w = data.draw(choices(questions.size)), data.draw(weights(questions.size))

    base = agreement(index, questions, c, w, min_overlap=1)
    scaled = agreement(index, questions, c, w * factor, min_overlap=1)
    assert_same_result(base, scaled)


@PROPERTY_SETTINGS
@given(ballots=ballot_matrices(), data=st.data())
def test_agreement_weight_zero_is_the_same_as_skipping(
    ballots: BallotMatrix, data: st.DataObject
) -> None:
    index = matching_index(ballots)
    links = data.draw(question_links(ballots))
    questions = link_questions(ballots, links)
    c, w = data.draw(choices(questions.size)), data.draw(weights(questions.size))
    zero = w == 0

    skipped = agreement(index, questions, np.where(zero, np.nan, c), w)
    weighted_zero = agreement(index, questions, c, w)
    kept = [key for key, is_zero in zip(links, zero, strict=True) if not is_zero]
    removed = agreement(
        index, link_questions(ballots, {key: links[key] for key in kept}), c[~zero], w[~zero]
    )
    assert_same_result(weighted_zero, skipped)
    assert_same_result(weighted_zero, removed)


@PROPERTY_SETTINGS
@given(ballots=ballot_matrices(), data=st.data())
def test_agreement_missing_ballots_never_count_as_agreement(
    ballots: BallotMatrix, data: st.DataObject
) -> None:
    """A deputy's score equals the score over only the votes they took part in."""
    index = matching_index(ballots)
    links = data.draw(question_links(ballots))
    c, w = data.draw(choices(len(links))), data.draw(weights(len(links)))
    deputy = data.draw(st.integers(0, ballots.shape[0] - 1))
    usable = set(ballots.vote_ids[ballots.matchable].tolist())
    voted = set(ballots.vote_ids[~np.isnan(ballots.positions[deputy])].tolist()) & usable
    # Drop the deputy's missing votes, and with them whole questions, keeping the weight that
    # the remaining links carried (a question's weight is split over its usable links).
    trimmed, kept_c, kept_w = {}, [], []
    for (key, items), choice, weight in zip(links.items(), c, w, strict=True):
        present = [item for item in items if item[0] in voted]
        if present:
            trimmed[key] = present
            kept_c.append(choice)
            kept_w.append(weight * len(present) / sum(item[0] in usable for item in items))

    full = agreement(index, link_questions(ballots, links), c, w, min_overlap=1)
    if not trimmed:
        assert np.isnan(full.deputies.stated[deputy])
        assert full.deputies.overlap[deputy] == 0
        return
    only_voted = agreement(
        index, link_questions(ballots, trimmed), np.array(kept_c), np.array(kept_w), min_overlap=1
    )
    np.testing.assert_allclose(
        full.deputies.stated[deputy], only_voted.deputies.stated[deputy], rtol=1e-12
    )
    np.testing.assert_allclose(
        full.deputies.effective[deputy], only_voted.deputies.effective[deputy], rtol=1e-12
    )
    assert full.deputies.overlap[deputy] == only_voted.deputies.overlap[deputy]


@PROPERTY_SETTINGS
@given(ballots=ballot_matrices(), data=st.data())
def test_agreement_a_deputy_without_any_ballot_has_no_score(
    ballots: BallotMatrix, data: st.DataObject
) -> None:
    positions = ballots.positions.copy()
    positions[0] = np.nan
    present = ballots.present.copy()
    present[0] = False
    silent = BallotMatrix.build(
        positions,
        faction=ballots.faction,
        faction_ids=ballots.faction_ids,
        present=present,
        mandate=ballots.mandate,
        matchable=ballots.matchable,
    )
    index = matching_index(silent)
    questions = link_questions(silent, data.draw(question_links(silent)))
    c, w = data.draw(choices(questions.size)), data.draw(weights(questions.size))
    result = agreement(index, questions, c, w, min_overlap=0)

    assert np.isnan(result.deputies.stated[0])
    assert np.isnan(result.deputies.effective[0])
    assert result.deputies.overlap[0] == 0
    assert result.deputies.coverage[0] == 0.0 or np.isnan(result.deputies.coverage[0])


@PROPERTY_SETTINGS
@given(ballots=ballot_matrices(), data=st.data())
def test_agreement_scores_stay_between_zero_and_one(
    ballots: BallotMatrix, data: st.DataObject
) -> None:
    index = matching_index(ballots)
    questions = link_questions(ballots, data.draw(question_links(ballots)))
    c, w = data.draw(choices(questions.size)), data.draw(weights(questions.size))
    result = agreement(index, questions, c, w, min_overlap=1)

    for target in TARGETS:
        scores = getattr(result, target)
        for field in FIELDS:
            values = getattr(scores, field)
            assert ((values >= 0) & (values <= 1) | np.isnan(values)).all()


@PROPERTY_SETTINGS
@given(ballots=ballot_matrices(), data=st.data())
def test_agreement_views_coincide_when_nobody_abstains(
    ballots: BallotMatrix, data: st.DataObject
) -> None:
    positions = np.where(ballots.positions == 0, 1.0, ballots.positions)
    no_abstentions = BallotMatrix.build(
        positions,
        faction=ballots.faction,
        faction_ids=ballots.faction_ids,
        present=ballots.present,
        mandate=ballots.mandate,
        matchable=ballots.matchable,
    )
    index = matching_index(no_abstentions)
    questions = link_questions(no_abstentions, data.draw(question_links(no_abstentions)))
    drawn = data.draw(choices(questions.size))
    c = np.where(drawn == 0, -1.0, drawn)
    result = agreement(index, questions, c, min_overlap=1)

    np.testing.assert_allclose(result.deputies.stated, result.deputies.effective, rtol=1e-12)
    np.testing.assert_allclose(result.factions.stated, result.factions.effective, rtol=1e-12)


@PROPERTY_SETTINGS
@given(
    ballots=ballot_matrices(),
    data=st.data(),
    citizens=st.integers(1, 5),
    min_overlap=st.integers(0, 3),
)
def test_agreement_many_equals_looping_the_single_version(
    ballots: BallotMatrix, data: st.DataObject, citizens: int, min_overlap: int
) -> None:
    index = matching_index(ballots)
    questions = link_questions(ballots, data.draw(question_links(ballots)))
    c = np.stack([data.draw(choices(questions.size)) for _ in range(citizens)])
    w = np.stack([data.draw(weights(questions.size)) for _ in range(citizens)])

    many = agreement_many(index, questions, c, w, min_overlap=min_overlap)
    for row in range(citizens):
        single = agreement(index, questions, c[row], w[row], min_overlap=min_overlap)
        assert many.answered_questions[row] == single.answered_questions
        np.testing.assert_allclose(many.answered_weight[row], single.answered_weight)
        for target in TARGETS:
            a, b = getattr(many, target), getattr(single, target)
            np.testing.assert_array_equal(a.overlap[row], b.overlap)
            for field in FIELDS:
                np.testing.assert_allclose(
                    getattr(a, field)[row], getattr(b, field), rtol=1e-12, atol=1e-12
                )
