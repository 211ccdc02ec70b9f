"""Worked examples for citizen <-> deputy and citizen <-> faction agreement.

Every expected number is worked out by hand in the comments from the term in conftest.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from matching import (
    BallotMatrix,
    MatchingIndex,
    agreement,
    agreement_many,
    answer_arrays,
    link_questions,
    matching_index,
)

nan = np.nan

# One question per ordinary vote: q1 -> 101, ..., q6 -> 106.
ONE_VOTE_EACH = {q: [100 + q] for q in range(1, 7)}
# The citizen: for, for, against, for, against, abstain.
CITIZEN = np.array([1.0, 1.0, -1.0, 1.0, -1.0, 0.0])


def test_agreement_scores_each_deputy_by_hand(
    small_term: BallotMatrix, small_index: MatchingIndex
) -> None:
    questions = link_questions(small_term, ONE_VOTE_EACH)
    result = agreement(small_index, questions, CITIZEN)

    # A: 1 + 1 + 1 + 1/2 (A abstained) + 0 + 1/2 (citizen abstained) = 4 of 6.
    # B: 1 + 0 + 1 + 1 + (absent) + 1/2 = 3.5 of 5.
    # C: 1 + 1 + 1/2 + 0 + 0 + (Nebalsoja) = 2.5 of 5.
    # D: 0 + 0 + 0 + (absent) + 1 + 1/2 = 1.5 of 5.
    assert result.deputies.stated == pytest.approx([4 / 6, 3.5 / 5, 2.5 / 5, 1.5 / 5])
    # Effective (abstain = against): A 1,1,1,0,0,0; B 1,0,1,1,0; C 1,1,1,0,0; D 0,0,0,1,0.
    assert result.deputies.effective == pytest.approx([3 / 6, 3 / 5, 3 / 5, 1 / 5])
    assert result.deputies.coverage == pytest.approx([1.0, 5 / 6, 5 / 6, 5 / 6])
    assert result.deputies.overlap.tolist() == [6, 5, 5, 5]
    assert result.deputies.ids.tolist() == [11, 12, 13, 14]
    assert int(result.answered_questions) == 6
    assert float(result.answered_weight) == 6.0


def test_agreement_scores_faction_majority_by_hand(
    small_term: BallotMatrix, small_index: MatchingIndex
) -> None:
    questions = link_questions(small_term, ONE_VOTE_EACH)
    result = agreement(small_index, questions, CITIZEN)

    # Faction 1 (A, B, C) pluralities: 101 for (3-0-0), 102 for (2-1-0), 103 against (0-2-1),
    # 104 none (1-1-1 tie), 105 for (2-0-0), 106 for (2-0-0).
    # Stated: 1 + 1 + 1 + (tie) + 0 + 1/2 = 3.5 of 5; effective 1 + 1 + 1 + 0 + 0 = 3 of 5.
    # Faction 2 is D alone: the same as deputy D.
    assert result.factions.stated == pytest.approx([3.5 / 5, 1.5 / 5])
    assert result.factions.effective == pytest.approx([3 / 5, 1 / 5])
    assert result.factions.coverage == pytest.approx([5 / 6, 5 / 6])
    assert result.factions.overlap.tolist() == [5, 5]
    assert result.factions.ids.tolist() == [1, 2]


def test_agreement_scores_faction_proportional_by_hand(
    small_term: BallotMatrix, small_index: MatchingIndex
) -> None:
    questions = link_questions(small_term, ONE_VOTE_EACH)
    result = agreement(small_index, questions, CITIZEN)

    # Faction 1 shares (for, against, abstain): 101 (1, 0, 0), 102 (2/3, 1/3, 0),
    # 103 (0, 2/3, 1/3), 104 (1/3, 1/3, 1/3), 105 (1, 0, 0), 106 (1, 0, 0).
    # Stated, a random voting member: 1, 2/3, 2/3 + 1/3 * 1/2 = 5/6, 1/3 + 1/3 * 1/2 = 1/2, 0, 1/2
    # -> 21/6 over 6 questions = 7/12.
    # Effective: 1, 2/3, 1 (against or abstain), 1/3, 0, 0 -> 3 of 6.
    assert result.factions_proportional.stated == pytest.approx([7 / 12, 1.5 / 5])
    assert result.factions_proportional.effective == pytest.approx([3 / 6, 1 / 5])
    assert result.factions_proportional.coverage == pytest.approx([1.0, 5 / 6])
    assert result.factions_proportional.overlap.tolist() == [6, 5]


def test_agreement_splits_a_question_weight_over_its_votes(
    small_term: BallotMatrix, small_index: MatchingIndex
) -> None:
    # q7: "for" = Par on 101 and Pret on 102 (polarity -1), importance 2.
    # q8: 105 and 106, importance 1.
    questions = link_questions(small_term, {7: [101, (102, -1)], 8: [105, 106]})
    result = agreement(small_index, questions, [1.0, 1.0], [2.0, 1.0], min_overlap=1)

    # Link weights 1, 1, 1/2, 1/2; the citizen's ballots +1, -1, +1, +1.
    # A (+ + + +): 1*1 + 1*0 + 1/2*1 + 1/2*1 = 2 over 3 -> 2/3, coverage 3/3.
    # B (+ - abs +): 1 + 1 + (absent) + 1/2 = 2.5 over 2.5 -> 1, coverage 2.5/3.
    # C (+ + + NB): 1 + 0 + 1/2 + (Nebalsoja) = 1.5 over 2.5 -> 0.6, coverage 2.5/3.
    # D (- - - +): 0 + 1 + 0 + 1/2 = 1.5 over 3 -> 0.5.
    assert result.deputies.stated == pytest.approx([2 / 3, 1.0, 0.6, 0.5])
    assert result.deputies.coverage == pytest.approx([1.0, 2.5 / 3, 2.5 / 3, 1.0])
    assert result.deputies.overlap.tolist() == [2, 2, 2, 2]
    assert float(result.answered_weight) == 3.0


def test_agreement_is_nan_below_min_overlap_but_coverage_is_kept(
    small_term: BallotMatrix, small_index: MatchingIndex
) -> None:
    questions = link_questions(small_term, ONE_VOTE_EACH)
    result = agreement(small_index, questions, CITIZEN, min_overlap=6)

    assert result.deputies.stated[0] == pytest.approx(4 / 6)
    assert np.isnan(result.deputies.stated[1:]).all()
    assert np.isnan(result.deputies.effective[1:]).all()
    assert result.deputies.coverage == pytest.approx([1.0, 5 / 6, 5 / 6, 5 / 6])


def test_agreement_default_min_overlap_is_five_questions(
    small_term: BallotMatrix, small_index: MatchingIndex
) -> None:
    four = {q: [100 + q] for q in range(1, 5)}
    questions = link_questions(small_term, four)
    result = agreement(small_index, questions, CITIZEN[:4])

    assert np.isnan(result.deputies.stated).all()
    assert result.deputies.overlap.tolist() == [4, 4, 4, 3]


def test_agreement_with_a_deputy_who_never_voted_is_nan_with_zero_coverage(
    small_term: BallotMatrix, small_index: MatchingIndex
) -> None:
    # Only 105: B was absent.
    questions = link_questions(small_term, {5: [105]})
    result = agreement(small_index, questions, [1.0], min_overlap=1)

    assert np.isnan(result.deputies.stated[1])
    assert result.deputies.coverage[1] == 0.0
    assert result.deputies.overlap[1] == 0


def test_agreement_without_answers_is_nan_everywhere(
    small_term: BallotMatrix, small_index: MatchingIndex
) -> None:
    questions = link_questions(small_term, ONE_VOTE_EACH)
    result = agreement(small_index, questions, np.full(6, nan))

    assert np.isnan(result.deputies.stated).all()
    assert np.isnan(result.deputies.coverage).all()
    assert int(result.answered_questions) == 0


def test_agreement_rejects_choices_outside_the_encoding(
    small_term: BallotMatrix, small_index: MatchingIndex
) -> None:
    questions = link_questions(small_term, ONE_VOTE_EACH)
    with pytest.raises(ValueError, match="choices"):
        agreement(small_index, questions, [0.5, 1, 1, 1, 1, 1])
    with pytest.raises(ValueError, match="weights"):
        agreement(small_index, questions, CITIZEN, [-1, 1, 1, 1, 1, 1])


def test_agreement_result_arrays_are_read_only(
    small_term: BallotMatrix, small_index: MatchingIndex
) -> None:
    result = agreement(small_index, link_questions(small_term, ONE_VOTE_EACH), CITIZEN)
    with pytest.raises(ValueError, match="read-only"):
        result.deputies.stated[0] = 1.0


def test_link_questions_drops_unknown_and_secret_votes(small_term: BallotMatrix) -> None:
    questions = link_questions(small_term, {1: [101, 999], 2: [107], 3: [(103, -1)]})

    assert questions.question_ids.tolist() == [1, 2, 3]
    assert questions.link_counts.tolist() == [1, 0, 1]
    assert questions.columns.tolist() == [0, 2]
    assert questions.polarity.tolist() == [1.0, -1.0]
    assert questions.unmatched_vote_ids.tolist() == [107, 999]


def test_link_questions_rejects_a_polarity_other_than_plus_or_minus_one(
    small_term: BallotMatrix,
) -> None:
    with pytest.raises(ValueError, match="polarity"):
        link_questions(small_term, {1: [(101, 0)]})


def test_agreement_treats_a_question_without_usable_votes_as_skipped(
    small_term: BallotMatrix, small_index: MatchingIndex
) -> None:
    links = dict(ONE_VOTE_EACH) | {9: [107]}  # 107 is a secret ballot
    with_secret = agreement(small_index, link_questions(small_term, links), [*CITIZEN, 1.0])
    without = agreement(small_index, link_questions(small_term, ONE_VOTE_EACH), CITIZEN)

    assert int(with_secret.answered_questions) == 6
    np.testing.assert_array_equal(with_secret.deputies.coverage, without.deputies.coverage)


def test_agreement_many_matches_the_worked_example(
    small_term: BallotMatrix, small_index: MatchingIndex
) -> None:
    questions = link_questions(small_term, ONE_VOTE_EACH)
    opposite = np.where(np.isnan(CITIZEN), nan, -CITIZEN)
    result = agreement_many(small_index, questions, np.stack([CITIZEN, opposite]))

    assert result.deputies.stated.shape == (2, 4)
    assert result.deputies.stated[0] == pytest.approx([4 / 6, 3.5 / 5, 2.5 / 5, 1.5 / 5])
    # The opposite citizen: A 0 + 0 + 0 + 1/2 + 1 + 1/2 = 2 of 6.
    assert result.deputies.stated[1, 0] == pytest.approx(2 / 6)
    assert result.answered_questions.tolist() == [6, 6]


def test_agreement_many_accepts_one_weight_row_for_all_citizens(
    small_term: BallotMatrix, small_index: MatchingIndex
) -> None:
    questions = link_questions(small_term, ONE_VOTE_EACH)
    weights = np.array([3.0, 1, 1, 1, 1, 1])
    result = agreement_many(small_index, questions, np.stack([CITIZEN, CITIZEN]), weights)

    # A: 3*1 + 1 + 1 + 1/2 + 0 + 1/2 = 6 of 8.
    assert result.deputies.stated[:, 0] == pytest.approx([6 / 8, 6 / 8])
    assert result.answered_weight.tolist() == [8.0, 8.0]


def test_agreement_many_rejects_a_question_axis_of_the_wrong_length(
    small_term: BallotMatrix, small_index: MatchingIndex
) -> None:
    questions = link_questions(small_term, ONE_VOTE_EACH)
    with pytest.raises(ValueError, match="choices"):
        agreement_many(small_index, questions, np.ones((2, 5)))


def test_matching_index_leaves_secret_votes_without_positions(
    small_term: BallotMatrix, small_index: MatchingIndex
) -> None:
    assert np.isnan(small_index.targets_t[6]).all()
    assert (small_index.shares_t[6] == 0).all()
    assert small_index.targets_t.shape == (7, 4 + 2)


def test_matching_index_ignores_positions_recorded_on_unmatchable_votes() -> None:
    # A vote on persons whose ballots were recorded anyway must still not be matched.
    ballots = BallotMatrix.build(np.array([[1.0, 1.0]]), matchable=[True, False])
    index = matching_index(ballots)
    questions = link_questions(ballots, {1: [0], 2: [1]})
    result = agreement(index, questions, [1.0, -1.0], min_overlap=1)

    assert result.deputies.stated.tolist() == [1.0]
    assert questions.unmatched_vote_ids.tolist() == [1]


def test_answer_arrays_aligns_answers_with_the_question_order(small_term: BallotMatrix) -> None:
    questions = link_questions(small_term, {3: [103], 1: [101], 2: [102]})
    choices, weights = answer_arrays(
        questions, {1: ("for", 2), 2: ("abstain", 1), 99: ("against", 3)}
    )

    np.testing.assert_array_equal(choices, [nan, 1.0, 0.0])
    assert weights.tolist() == [0.0, 2.0, 1.0]


def test_answer_arrays_feed_agreement_like_hand_built_arrays(
    small_term: BallotMatrix, small_index: MatchingIndex
) -> None:
    questions = link_questions(small_term, ONE_VOTE_EACH)
    codes = ["for", "for", "against", "for", "against", "abstain"]
    choices, weights = answer_arrays(questions, {q: (codes[q - 1], 1) for q in range(1, 7)})

    result = agreement(small_index, questions, choices, weights)
    assert result.deputies.stated == pytest.approx([4 / 6, 3.5 / 5, 2.5 / 5, 1.5 / 5])
