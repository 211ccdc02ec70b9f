import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from parvaipret.dialogue import selectors
from parvaipret.dialogue.models import Response
from parvaipret.parliament.models import Ballot
from tests.dialogue.conftest import answer_question, ballot, question_on_vote
from tests.factories import (
    DeputyAccountFactory,
    DeputyFactory,
    FactionFactory,
    QuestionFactory,
    QuestionVoteFactory,
    ResponseFactory,
    UserFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db

RIGA = ZoneInfo("Europe/Riga")


def test_answer_tallies_count_each_choice_per_question():
    question = QuestionFactory()
    other = QuestionFactory()
    answer_question(question, for_n=3, against_n=2, abstain_n=1)
    answer_question(other, against_n=4)
    tallies = selectors.answer_tallies(question_ids=[question.pk, other.pk])
    assert tallies[question.pk] == selectors.AnswerTally(3, 2, 1)
    assert tallies[other.pk] == selectors.AnswerTally(0, 4, 0)
    assert tallies[question.pk].total == 6


def test_public_positions_rank_the_largest_disagreement_first(deputy):
    vote_a, vote_b, vote_c = VoteFactory(), VoteFactory(), VoteFactory()
    ballot(deputy, vote_a, Ballot.Choice.FOR)
    ballot(deputy, vote_b, Ballot.Choice.FOR)
    ballot(deputy, vote_c, Ballot.Choice.AGAINST)
    mild = question_on_vote(vote_a, for_n=4, against_n=6)  # gap (6-4)/10 = 0.2
    agree = question_on_vote(vote_b, for_n=9, against_n=1)  # gap -0.8
    strong = question_on_vote(vote_c, for_n=9, against_n=1)  # deputy against: gap 0.8

    positions = selectors.public_positions(deputy=deputy)

    assert [p.question for p in positions] == [strong, mild, agree]
    assert [p.gap for p in positions] == [pytest.approx(0.8), pytest.approx(0.2), -0.8]
    assert positions[0].deputy_position == "against"
    assert positions[0].tally == selectors.AnswerTally(9, 1, 0)


def test_public_positions_flip_the_ballot_when_polarity_is_negative(deputy):
    vote = VoteFactory()
    ballot(deputy, vote, Ballot.Choice.FOR)
    question_on_vote(vote, polarity=-1, for_n=15, against_n=5)

    [position] = selectors.public_positions(deputy=deputy)

    assert position.ballot_choice == "for"
    assert position.polarity == -1
    assert position.deputy_position == "against"  # "Par" on the motion is "no" to the question
    assert position.gap == pytest.approx((15 - 5) / 20)
    assert position.is_clear_gap is True


def test_public_positions_use_the_latest_vote_the_deputy_voted_in(deputy):
    question = QuestionFactory()
    first = VoteFactory(timestamp=dt.datetime(2026, 4, 16, 9, 0, tzinfo=RIGA))
    final = VoteFactory(timestamp=dt.datetime(2026, 4, 16, 11, 0, tzinfo=RIGA))
    absent_later = VoteFactory(timestamp=dt.datetime(2026, 4, 16, 12, 0, tzinfo=RIGA))
    for vote in (first, final, absent_later):
        QuestionVoteFactory(question=question, vote=vote)
    ballot(deputy, first, Ballot.Choice.FOR)
    ballot(deputy, final, Ballot.Choice.AGAINST)
    ballot(deputy, absent_later, Ballot.Choice.DID_NOT_VOTE)

    [position] = selectors.public_positions(deputy=deputy)

    assert position.vote == final
    assert position.deputy_position == "against"


def test_public_positions_leave_out_unpublished_questions_and_missing_ballots(deputy):
    vote = VoteFactory()
    ballot(deputy, vote, Ballot.Choice.FOR)
    draft = QuestionFactory(published_at=None)
    QuestionVoteFactory(question=draft, vote=vote)
    question_on_vote(VoteFactory(), for_n=5)  # the deputy has no ballot on this vote
    assert selectors.public_positions(deputy=deputy) == []


def test_public_positions_give_no_gap_to_an_abstention_and_list_it_last(deputy):
    abstained, voted = VoteFactory(), VoteFactory()
    ballot(deputy, abstained, Ballot.Choice.ABSTAIN)
    ballot(deputy, voted, Ballot.Choice.FOR)
    question_on_vote(abstained, for_n=30)
    question_on_vote(voted, for_n=10)
    positions = selectors.public_positions(deputy=deputy)
    assert [p.deputy_position for p in positions] == ["for", "abstain"]
    assert positions[1].gap is None
    assert positions[1].is_clear_gap is False


@pytest.mark.parametrize(
    ("for_n", "against_n", "abstain_n", "clear"),
    [
        (0, 12, 8, True),  # 12 of 20 = 60 % against a "for" ballot: clear
        (0, 11, 9, False),  # 55 %: not clear
        (0, 12, 7, False),  # 19 answers: too few
        (8, 12, 0, True),
        (12, 8, 0, False),  # the majority agrees with the deputy
        (10, 10, 5, False),  # a tie has no majority
    ],
)
def test_is_clear_gap_thresholds(for_n, against_n, abstain_n, clear):
    assert selectors.CLEAR_GAP_MIN_ANSWERS == 20
    assert selectors.CLEAR_GAP_MIN_SHARE == 0.6
    tally = selectors.AnswerTally(for_n, against_n, abstain_n)
    assert selectors.is_clear_gap(position=1, tally=tally) is clear


def test_deputy_response_rate_counts_responses_on_the_question_or_its_votes(
    deputy, verified_account
):
    votes = [VoteFactory() for _ in range(4)]
    for vote in votes:
        ballot(deputy, vote, Ballot.Choice.FOR)
    on_question = question_on_vote(votes[0], against_n=20)
    question_on_vote(votes[1], against_n=20)  # clear, no response
    question_on_vote(votes[2], against_n=20)  # clear, answered on the vote
    question_on_vote(votes[3], for_n=20)  # agrees: not a gap
    ResponseFactory(account=verified_account, question=on_question)
    ResponseFactory(account=verified_account, question=None, vote=votes[2])

    rate = selectors.deputy_response_rate(deputy=deputy)

    assert (rate.clear_gaps, rate.responded) == (3, 2)
    assert rate.rate == pytest.approx(2 / 3)
    assert rate.percent == 67


def test_deputy_response_rate_ignores_withdrawn_responses_and_counts_hidden_ones(
    deputy, verified_account
):
    vote_a, vote_b = VoteFactory(), VoteFactory()
    ballot(deputy, vote_a, Ballot.Choice.FOR)
    ballot(deputy, vote_b, Ballot.Choice.FOR)
    qa = question_on_vote(vote_a, against_n=20)
    qb = question_on_vote(vote_b, against_n=20)
    ResponseFactory(account=verified_account, question=qa, state=Response.State.WITHDRAWN)
    ResponseFactory(
        account=verified_account,
        question=qb,
        state=Response.State.HIDDEN,
        moderation_reason="Aizskaroši izteikumi",
    )
    rate = selectors.deputy_response_rate(deputy=deputy)
    assert (rate.clear_gaps, rate.responded) == (2, 1)


def test_deputy_response_rate_is_none_without_clear_gaps(deputy):
    rate = selectors.deputy_response_rate(deputy=deputy)
    assert (rate.clear_gaps, rate.responded, rate.rate, rate.percent) == (0, 0, None, None)


def test_faction_response_rate_counts_deputies_gaps_and_the_faction_account():
    faction, other_faction = FactionFactory(short_name="JV"), FactionFactory(short_name="NA")
    first, second, outsider = DeputyFactory(), DeputyFactory(), DeputyFactory()
    vote_a, vote_b = VoteFactory(), VoteFactory()
    for deputy in (first, second):
        ballot(deputy, vote_a, Ballot.Choice.FOR, faction)
        ballot(deputy, vote_b, Ballot.Choice.FOR, faction)
    ballot(outsider, vote_a, Ballot.Choice.FOR, other_faction)
    qa = question_on_vote(vote_a, against_n=25)
    question_on_vote(vote_b, against_n=25)
    # the faction's official account answers question A for both its deputies
    faction_account = DeputyAccountFactory(deputy=None, faction=faction)
    ResponseFactory(account=faction_account, deputy=None, faction=faction, question=qa)

    rate = selectors.faction_response_rate(faction=faction)

    assert (rate.clear_gaps, rate.responded) == (4, 2)  # 2 deputies × 2 questions; A answered
    by_faction = {r.faction: r for r in selectors.response_rates_by_faction()}
    assert (by_faction[faction].clear_gaps, by_faction[faction].responded) == (4, 2)
    assert (by_faction[other_faction].clear_gaps, by_faction[other_faction].responded) == (1, 0)


def test_response_rates_by_deputy_lists_deputies_with_clear_gaps_best_first(
    deputy, verified_account
):
    silent = DeputyFactory()
    vote = VoteFactory()
    ballot(deputy, vote, Ballot.Choice.FOR)
    ballot(silent, vote, Ballot.Choice.FOR)
    question = question_on_vote(vote, against_n=30)
    ResponseFactory(account=verified_account, question=question)

    rates = selectors.response_rates_by_deputy()

    assert [(r.deputy, r.clear_gaps, r.responded) for r in rates] == [
        (deputy, 1, 1),
        (silent, 1, 0),
    ]


def test_responses_for_vote_include_responses_on_its_questions(verified_account):
    vote = VoteFactory()
    question = question_on_vote(vote)
    on_vote = ResponseFactory(account=verified_account, question=None, vote=vote)
    on_question = ResponseFactory(account=verified_account, question=question)
    ResponseFactory(account=verified_account, question=QuestionFactory())  # elsewhere

    assert set(selectors.responses_for(target=vote)) == {on_vote, on_question}
    assert set(selectors.responses_for(target=question)) == {on_vote, on_question}


def test_response_list_public_shows_hidden_but_not_withdrawn_and_counts_reactions(
    verified_account,
):
    published = ResponseFactory(account=verified_account)
    hidden = ResponseFactory(
        account=verified_account, state=Response.State.HIDDEN, moderation_reason="Spams"
    )
    ResponseFactory(account=verified_account, state=Response.State.WITHDRAWN)
    published.reactions.create(user=UserFactory(), helpful=True)
    published.reactions.create(user=UserFactory(), helpful=True)
    published.reactions.create(user=UserFactory(), helpful=False)

    rows = {r.pk: r for r in selectors.response_list_public()}

    assert set(rows) == {published.pk, hidden.pk}
    assert (rows[published.pk].helpful_count, rows[published.pk].unhelpful_count) == (2, 1)


def test_response_list_reported_orders_by_open_reports(verified_account):
    once = ResponseFactory(account=verified_account)
    twice = ResponseFactory(account=verified_account)
    ResponseFactory(account=verified_account)  # never reported
    once.reports.create(user=UserFactory(), reason="spam")
    twice.reports.create(user=UserFactory(), reason="abusive")
    twice.reports.create(user=UserFactory(), reason="misleading")
    assert [(r, r.open_report_count) for r in selectors.response_list_reported()] == [
        (twice, 2),
        (once, 1),
    ]
