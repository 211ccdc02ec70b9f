"""The 2-D map of deputies and the projection of citizens onto it."""

from __future__ import annotations

import numpy as np
import pytest

from matching import BallotMatrix, fit_ideal_points, link_questions, project_citizen
from matching.synthetic import synthetic_term

nan = np.nan


@pytest.fixture(scope="module")
def term() -> tuple[BallotMatrix, np.ndarray]:
    """SYNTHETIC: 60 deputies, 5 factions, 1,500 votes."""
    ballots, latent = synthetic_term(seed=7, deputies=60, factions=5, votes=1500)
    return ballots, latent


def test_fit_ideal_points_recovers_the_latent_plane_of_a_synthetic_term(
    term: tuple[BallotMatrix, np.ndarray],
) -> None:
    ballots, latent = term
    points = fit_ideal_points(ballots)
    included = points.included

    # The map is close to a linear image of the latent plane. Not all of it: with factions that
    # vote as blocs 93 % of the time, a deputy's own place inside the faction barely shows.
    design = np.column_stack([points.coords[included], np.ones(included.sum())])
    _, residual, _, _ = np.linalg.lstsq(design, latent[included], rcond=None)
    r_squared = 1 - residual / ((latent[included] - latent[included].mean(0)) ** 2).sum(0)
    assert (r_squared > 0.8).all()
    assert points.explained[0] >= points.explained[1] > 0


def test_fit_ideal_points_drops_lopsided_votes_and_thin_records() -> None:
    rng = np.random.default_rng(0)
    positions = rng.choice([1.0, -1.0], size=(50, 30))
    positions[:, 0] = 1.0
    positions[0, 0] = -1.0  # minority 1 of 50 = 2 % < 2.5 %
    positions[:, 1] = 1.0
    positions[:2, 1] = -1.0  # minority 2 of 50 = 4 %: kept
    positions[49, :15] = nan  # 15 ballots left, fewer than 20
    ballots = BallotMatrix.build(positions, vote_ids=np.arange(1000, 1030))
    points = fit_ideal_points(ballots)

    assert 1000 not in points.vote_ids
    assert 1001 in points.vote_ids
    assert points.column_lookup[0] == -1
    assert not points.included[49]
    assert np.isnan(points.coords[49]).all()
    assert points.included[:49].all()


def test_fit_ideal_points_orients_axes_towards_polarity_deputies(
    term: tuple[BallotMatrix, np.ndarray],
) -> None:
    ballots, _ = term
    default = fit_ideal_points(ballots)
    low = int(np.nanargmin(default.coords[:, 0]))
    high = int(np.nanargmax(default.coords[:, 1]))
    flipped = fit_ideal_points(
        ballots, polarity=[int(ballots.deputy_ids[low]), int(ballots.deputy_ids[high])]
    )

    np.testing.assert_allclose(flipped.coords[:, 0], -default.coords[:, 0])
    np.testing.assert_allclose(flipped.coords[:, 1], default.coords[:, 1])


def test_fit_ideal_points_default_orientation_puts_frequent_for_voters_on_the_positive_side(
    term: tuple[BallotMatrix, np.ndarray],
) -> None:
    ballots, _ = term
    points = fit_ideal_points(ballots)
    used = ballots.positions[:, points.columns][points.included]
    for_share = (used == 1).sum(1) / (~np.isnan(used)).sum(1)

    for axis in range(2):
        assert np.cov(points.coords[points.included, axis], for_share)[0, 1] >= 0


def test_fit_ideal_points_is_stable_when_a_few_votes_are_added(
    term: tuple[BallotMatrix, np.ndarray],
) -> None:
    ballots, _ = term
    fewer = fit_ideal_points(ballots, votes=ballots.vote_ids[:-20])
    more = fit_ideal_points(ballots)

    for axis in range(2):
        correlation = np.corrcoef(fewer.coords[:, axis], more.coords[:, axis])[0, 1]
        assert correlation > 0.99


def test_fit_ideal_points_rejects_too_little_data() -> None:
    ballots = BallotMatrix.build(np.array([[1.0, -1.0], [-1.0, 1.0]]))
    with pytest.raises(ValueError, match="Too little data"):
        fit_ideal_points(ballots)


def test_project_citizen_lands_on_a_deputy_with_a_complete_record() -> None:
    rng = np.random.default_rng(1)
    positions = rng.choice([1.0, -1.0, 0.0], size=(12, 40))
    positions[1:, 5] = nan  # others miss some votes; deputy 0 has every ballot
    ballots = BallotMatrix.build(positions, vote_ids=np.arange(1, 41))
    points = fit_ideal_points(ballots, min_votes=10)
    links = {int(v): [int(v)] for v in points.vote_ids}
    citizen = positions[0, points.columns]
    placed = project_citizen(points, link_questions(ballots, links), citizen)

    np.testing.assert_allclose(placed.coords, points.coords[0], atol=1e-10)
    assert placed.columns_used == points.vote_ids.size


def test_project_citizen_uses_only_answered_columns_and_polarity(
    term: tuple[BallotMatrix, np.ndarray],
) -> None:
    ballots, _ = term
    points = fit_ideal_points(ballots)
    votes = points.vote_ids[:8]
    straight = link_questions(ballots, {i: [int(v)] for i, v in enumerate(votes)})
    reversed_links = link_questions(ballots, {i: [(int(v), -1)] for i, v in enumerate(votes)})
    answers = np.array([1.0, -1, 1, 0, -1, 1, 1, -1])

    a = project_citizen(points, straight, answers)
    b = project_citizen(points, reversed_links, -answers)
    np.testing.assert_allclose(a.coords, b.coords)
    assert a.columns_used == 8


def test_project_citizen_without_enough_columns_has_no_point(
    term: tuple[BallotMatrix, np.ndarray],
) -> None:
    ballots, _ = term
    points = fit_ideal_points(ballots)
    one = link_questions(ballots, {1: [int(points.vote_ids[0])]})
    placed = project_citizen(points, one, [1.0], bootstrap=5)

    assert np.isnan(placed.coords).all()
    assert placed.columns_used == 1
    assert placed.samples.shape == (5, 2)
    assert np.isnan(placed.samples).all()


def test_project_citizen_bootstrap_cloud_surrounds_the_point(
    term: tuple[BallotMatrix, np.ndarray],
) -> None:
    ballots, _ = term
    points = fit_ideal_points(ballots)
    row = 3
    voted = [
        int(v)
        for v, c in zip(points.vote_ids, points.columns, strict=True)
        if not np.isnan(ballots.positions[row, c])
    ][:200]
    questions = link_questions(ballots, {v: [v] for v in voted})
    answers = ballots.positions[row, np.searchsorted(ballots.vote_ids, voted)]
    placed = project_citizen(points, questions, answers, bootstrap=300, seed=4)

    assert placed.samples.shape == (300, 2)
    centre = np.nanmedian(placed.samples, axis=0)
    spread = np.nanstd(placed.samples, axis=0)
    assert (np.abs(centre - placed.coords) < spread).all()
    # 200 of a deputy's own ballots place the citizen among that deputy's faction.
    distances = np.linalg.norm(points.coords - placed.coords, axis=1)
    nearest = np.argsort(distances)[:5]
    assert (ballots.faction[nearest, 0] == ballots.faction[row, 0]).all()
