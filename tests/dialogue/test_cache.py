"""The dialogue blocks beside votes and deputies are cached on the dialogue's data version:
whatever a deputy, a moderator or a citizen does shows on the next view, and the public's side
of the response rate lags the answers by at most ``PUBLIC_ANSWERS_REFRESH_SECONDS``."""

from django.core.cache import cache

import pytest

from parvaipret.dialogue import services
from parvaipret.dialogue.models import Response
from parvaipret.parliament.models import Ballot
from parvaipret.participation.selectors import ANSWERS_VERSION_KEY
from tests.dialogue.conftest import answer_question, ballot, question_on_vote
from tests.dialogue.test_templatetags import render
from tests.factories import ResponseFactory, VoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote_with_response(verified_account):
    vote = VoteFactory()
    response = services.response_submit(
        deputy_account=verified_account, target=vote, text="Balsoju par, jo tā solījām."
    )
    render("{% responses_for vote %}", vote=vote)  # fills the cache
    return vote, response


def test_a_new_response_shows_at_once_beside_the_vote(verified_account):
    vote = VoteFactory()
    assert "No deputy has responded yet." in render("{% responses_for vote %}", vote=vote)

    services.response_submit(deputy_account=verified_account, target=vote, text="Jauna atbilde.")

    assert "Jauna atbilde." in render("{% responses_for vote %}", vote=vote)


def test_an_edit_a_withdrawal_and_a_moderation_show_at_once(
    vote_with_response, verified_account, moderator
):
    vote, response = vote_with_response

    services.response_edit(response=response, deputy_account=verified_account, text="Labots.")
    html = render("{% responses_for vote %}", vote=vote)
    assert "Labots." in html
    assert "1 earlier version" in html

    services.response_moderate(
        response=response, moderator=moderator, decision="hide", reason="Ārpus tēmas"
    )
    assert "hidden by moderators: Ārpus tēmas" in render("{% responses_for vote %}", vote=vote)


def test_a_citizens_mark_changes_the_counts_and_is_shown_only_to_them(vote_with_response, citizen):
    vote, response = vote_with_response

    services.response_react(response=response, user=citizen, helpful=True)

    assert "helpful: 1, not helpful: 0" in render("{% responses_for vote %}", vote=vote)
    mine = render("{% responses_for vote %}", user=citizen, vote=vote)
    assert 'value="helpful" aria-pressed="true"' in mine
    assert "aria-pressed" not in render("{% responses_for vote %}", vote=vote)


def test_a_renamed_deputy_shows_under_the_new_name(vote_with_response, deputy):
    vote, _ = vote_with_response
    deputy.last_name = "Ozoliņa"
    deputy.save()

    assert "Inga Ozoliņa" in render("{% responses_for vote %}", vote=vote)


def test_the_cache_holds_no_account_user(vote_with_response):
    vote, _ = vote_with_response
    from parvaipret.dialogue.selectors import responses_shown

    (response,) = responses_shown(target=vote)
    assert "account" not in response._state.fields_cache  # no user, no e-mail in the cache


def _deputy_with_a_clear_gap_soon(deputy):
    """A deputy who voted for a question 19 citizens answered against: one more makes a gap."""
    vote = VoteFactory()
    ballot(deputy, vote, Ballot.Choice.FOR)
    return question_on_vote(vote, against_n=19)


def test_the_response_rate_follows_the_answers_at_once_without_a_refresh_interval(deputy):
    question = _deputy_with_a_clear_gap_soon(deputy)
    assert "no question with a clear gap" in render("{% deputy_dialogue deputy %}", deputy=deputy)

    answer_question(question, against_n=1)

    assert "0 of 1 questions with a clear gap" in render(
        "{% deputy_dialogue deputy %}", deputy=deputy
    )


def test_the_response_rate_counts_answers_again_after_the_refresh_interval(deputy, settings):
    settings.PUBLIC_ANSWERS_REFRESH_SECONDS = 60
    question = _deputy_with_a_clear_gap_soon(deputy)
    html = render("{% deputy_dialogue deputy %}", deputy=deputy)
    assert "no question with a clear gap" in html
    assert "answers counted every minute" in html

    answer_question(question, against_n=1)
    assert "no question with a clear gap" in render("{% deputy_dialogue deputy %}", deputy=deputy)

    cache.delete(ANSWERS_VERSION_KEY)  # the interval is over
    assert "0 of 1 questions with a clear gap" in render(
        "{% deputy_dialogue deputy %}", deputy=deputy
    )


def test_a_response_counts_in_the_rate_at_once_even_between_refreshes(
    deputy, verified_account, settings
):
    settings.PUBLIC_ANSWERS_REFRESH_SECONDS = 60
    question = _deputy_with_a_clear_gap_soon(deputy)
    answer_question(question, against_n=1)
    assert "0 of 1 questions" in render("{% deputy_dialogue deputy %}", deputy=deputy)

    ResponseFactory(account=verified_account, question=question, text="Paskaidroju.")

    html = render("{% deputy_dialogue deputy %}", deputy=deputy)
    assert "1 of 1 questions" in html
    assert "Paskaidroju." in html
    assert Response.objects.count() == 1


def test_one_pass_gives_every_deputy_and_faction_the_rate_of_their_own_computation(
    verified_account, deputy
):
    from parvaipret.dialogue import selectors
    from tests.factories import DeputyFactory, FactionFactory

    faction, other_faction = FactionFactory(), FactionFactory()
    colleague = DeputyFactory()
    questions = []
    for n, (mine, theirs) in enumerate(
        [(Ballot.Choice.FOR, Ballot.Choice.AGAINST), (Ballot.Choice.AGAINST, Ballot.Choice.FOR)] * 2
    ):
        vote = VoteFactory(term=faction.term)
        ballot(deputy, vote, mine, faction=faction)
        ballot(colleague, vote, theirs, faction=other_faction if n % 2 else faction)
        questions.append(question_on_vote(vote, against_n=15 + n, for_n=5 * n))
    ResponseFactory(account=verified_account, question=questions[2], text="Atbildu.")

    for d in (deputy, colleague):
        shown = selectors.response_rate_shown(subject=d)
        assert shown == selectors.deputy_response_rate(deputy=d)
    for f in (faction, other_faction):
        shown = selectors.response_rate_shown(subject=f)
        assert shown == selectors.faction_response_rate(faction=f)
    assert selectors.response_rate_shown(subject=deputy).clear_gaps > 0
    assert selectors.response_rate_shown(subject=deputy).responded == 1
