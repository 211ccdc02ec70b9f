"""The template tags other pages include: `{% load dialogue %}{% responses_for vote %}` etc."""

from django.contrib.auth.models import AnonymousUser
from django.template import RequestContext, Template
from django.test import RequestFactory

import pytest

from parvaipret.dialogue.models import Response
from parvaipret.parliament.models import Ballot
from tests.dialogue.conftest import ballot, question_on_vote
from tests.factories import DeputyAccountFactory, FactionFactory, ResponseFactory, VoteFactory

pytestmark = pytest.mark.django_db


def render(source: str, user=None, **context) -> str:
    request = RequestFactory().get("/votes/1/")
    request.user = user or AnonymousUser()
    return Template("{% load dialogue %}" + source).render(RequestContext(request, context))


def test_responses_for_vote_shows_text_hidden_notice_and_sign_in_prompt(verified_account):
    vote = VoteFactory()
    ResponseFactory(
        account=verified_account, question=None, vote=vote, text="Balsoju pret budžetam."
    )
    ResponseFactory(
        account=verified_account,
        question=question_on_vote(vote),
        state=Response.State.HIDDEN,
        text="Slēpts teksts",
        moderation_reason="Aizskaroši izteikumi",
    )
    html = render("{% responses_for vote %}", vote=vote)
    assert "Balsoju pret budžetam." in html
    assert "Inga Bērziņa" in html
    assert "verified deputy" in html
    assert "hidden by moderators: Aizskaroši izteikumi" in html
    assert "Slēpts teksts" not in html
    assert "to mark this response helpful or report it." in html


def test_responses_for_gives_signed_in_users_forms_with_a_csrf_token(verified_account, citizen):
    vote = VoteFactory()
    ResponseFactory(account=verified_account, question=None, vote=vote)
    html = render("{% responses_for vote %}", user=citizen, vote=vote)
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'value="helpful"' in html
    assert "Report" in html


def test_responses_for_a_vote_without_responses_says_so():
    assert "No deputy has responded yet." in render("{% responses_for vote %}", vote=VoteFactory())


def test_deputy_dialogue_shows_rate_follow_and_responses(deputy, verified_account):
    vote = VoteFactory(motive="Par valsts budžetu 2027. gadam (1200/Lp14), 3.lasījums")
    ballot(deputy, vote, Ballot.Choice.FOR)
    question_on_vote(vote, against_n=20)
    ResponseFactory(account=verified_account, question=None, vote=vote, text="Budžets ir labs.")
    html = render("{% deputy_dialogue deputy %}", deputy=deputy)
    assert "Budžets ir labs." in html
    assert "1 of 1 questions with a clear gap" in html
    assert "Par valsts budžetu 2027. gadam" in html  # what the response is on
    assert "to follow this deputy's responses." in html


def test_faction_dialogue_and_response_rate_for_a_faction():
    faction = FactionFactory(short_name="PRO", name="Frakcija PROGRESĪVIE")
    account = DeputyAccountFactory(deputy=None, faction=faction)
    ResponseFactory(account=account, deputy=None, faction=faction, text="Frakcija atbild.")
    html = render("{% faction_dialogue faction %}", faction=faction)
    assert "Frakcija atbild." in html
    assert "Frakcija PROGRESĪVIE" in html
    assert "no question with a clear gap" in render(
        "{% response_rate_for faction %}", faction=faction
    )


def test_ballot_label_filter_names_the_choice():
    assert render("{{ c|ballot_label }}", c="did_not_vote") == "did not vote"
