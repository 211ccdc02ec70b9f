"""The SYNTHETIC benchmark term has the promised shape and behaviour."""

from __future__ import annotations

import numpy as np

from matching import agreement_index, attendance, faction_positions
from matching.synthetic import synthetic_answers, synthetic_questions, synthetic_term


def test_synthetic_term_is_deterministic_and_sized_as_asked() -> None:
    first = synthetic_term(seed=3, deputies=40, factions=4, votes=500)
    second = synthetic_term(seed=3, deputies=40, factions=4, votes=500)

    assert first.ballots.shape == (40, 500)
    assert first.ballots.faction_ids.tolist() == [1, 2, 3, 4]
    assert first.ideal_points.shape == (40, 2)
    np.testing.assert_array_equal(first.ballots.positions, second.ballots.positions)


def test_synthetic_term_looks_like_a_parliament() -> None:
    ballots = synthetic_term(seed=0, deputies=100, factions=8, votes=4000).ballots
    presence = attendance(ballots)
    cohesion = agreement_index(faction_positions(ballots))

    absent_share = presence.absent.sum() / presence.possible.sum()
    assert 0.07 < absent_share < 0.13
    assert presence.not_voting.sum() > 0
    assert 0.005 < (~ballots.matchable).mean() < 0.02
    assert np.isnan(ballots.positions[:, ~ballots.matchable]).all()
    assert (cohesion.mean > 0.8).all()
    assert (ballots.faction == -1).any()  # someone left their faction
    assert not ballots.mandate.all()  # mandates that start or end mid-term


def test_synthetic_questions_link_matchable_votes() -> None:
    ballots = synthetic_term(seed=1, deputies=20, factions=4, votes=300).ballots
    questions = synthetic_questions(ballots, questions=40, max_links=3, seed=2)

    assert questions.size == 40
    assert ((questions.link_counts >= 1) & (questions.link_counts <= 3)).all()
    assert ballots.matchable[questions.columns].all()
    assert set(np.unique(questions.polarity)) <= {-1.0, 1.0}


def test_synthetic_answers_answer_exactly_the_asked_number() -> None:
    choices, weights = synthetic_answers(10, 30, answered=12, seed=5)

    assert (~np.isnan(choices)).sum(axis=1).tolist() == [12] * 10
    assert set(np.unique(weights)) <= {1.0, 2.0, 3.0}
