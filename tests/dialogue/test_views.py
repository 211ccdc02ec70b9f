"""The dialogue pages render real data (test client, whole stack)."""

from django.urls import reverse

import pytest

from parvaipret.dialogue.models import Response
from parvaipret.parliament.models import Ballot
from tests.dialogue.conftest import ballot, question_on_vote
from tests.factories import (
    DeputyAccountFactory,
    FactionFactory,
    QuestionFactory,
    ResponseFactory,
    UserFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db


def test_response_index_lists_visible_responses(client, verified_account):
    ResponseFactory(account=verified_account, text="Balsoju par, jo skolām vajag naudu.")
    ResponseFactory(
        account=verified_account, state=Response.State.HIDDEN, moderation_reason="Reklāma"
    )
    ResponseFactory(account=verified_account, text="Atsaukts teksts", state="withdrawn")
    html = client.get(reverse("dialogue:response_index")).content.decode()
    assert "Balsoju par, jo skolām vajag naudu." in html
    assert "hidden by moderators: Reklāma" in html
    assert "Atsaukts teksts" not in html


def test_response_detail_shows_earlier_versions(client, verified_account):
    response = ResponseFactory(account=verified_account, text="Jaunākā versija")
    response.revisions.create(text="Pirmā versija")
    page = client.get(reverse("dialogue:response_detail", args=[response.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Jaunākā versija" in html
    assert "Earlier versions" in html
    assert "Pirmā versija" in html


def test_hidden_response_detail_shows_the_reason_not_the_text(client, verified_account):
    response = ResponseFactory(
        account=verified_account,
        text="Aizskarošs teksts",
        state=Response.State.HIDDEN,
        moderation_reason="Aizskaroši izteikumi",
    )
    response.revisions.create(text="Vēl viena aizskaroša versija")
    html = client.get(reverse("dialogue:response_detail", args=[response.pk])).content.decode()
    assert "hidden by moderators: Aizskaroši izteikumi" in html
    assert "Aizskarošs teksts" not in html
    assert "Vēl viena aizskaroša versija" not in html


def test_withdrawn_response_detail_is_not_found(client, verified_account):
    response = ResponseFactory(account=verified_account, state=Response.State.WITHDRAWN)
    assert client.get(reverse("dialogue:response_detail", args=[response.pk])).status_code == 404


def test_public_positions_page_shows_counts_ballot_and_gap(client, deputy):
    vote = VoteFactory(motive="Grozījumi Imigrācijas likumā (1180/Lp14), 3.lasījums")
    ballot(deputy, vote, Ballot.Choice.AGAINST)
    question = question_on_vote(vote, for_n=21, against_n=4, abstain_n=2)
    page = client.get(reverse("dialogue:public_positions", args=[deputy.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert question.text in html
    assert '<td class="num">21</td><td class="num">4</td><td class="num">2</td>' in html
    assert "63 %" in html  # (21 - 4) / 27
    assert "clear" in html
    assert "0 of 1 questions with a clear gap" in html


def test_public_positions_page_offers_respond_only_to_the_deputys_own_account(
    client, deputy, verified_account
):
    vote = VoteFactory()
    ballot(deputy, vote, Ballot.Choice.FOR)
    question = question_on_vote(vote, against_n=3)
    respond_url = reverse("dialogue:response_create", args=["question", question.pk])
    url = reverse("dialogue:public_positions", args=[deputy.pk])
    assert respond_url not in client.get(url).content.decode()
    client.force_login(verified_account.user)
    assert respond_url in client.get(url).content.decode()


def test_faction_page_shows_the_faction_accounts_responses(client):
    faction = FactionFactory(name="Frakcija JAUNĀ VIENOTĪBA", short_name="JV")
    account = DeputyAccountFactory(deputy=None, faction=faction)
    ResponseFactory(account=account, deputy=None, faction=faction, text="Frakcijas viedoklis")
    html = client.get(reverse("dialogue:faction_responses", args=[faction.pk])).content.decode()
    assert "Frakcija JAUNĀ VIENOTĪBA" in html
    assert "Frakcijas viedoklis" in html


def test_response_rates_page_lists_deputies_and_factions(client, deputy, verified_account):
    faction = FactionFactory(name="Nacionālā apvienība", short_name="NA")
    vote = VoteFactory()
    ballot(deputy, vote, Ballot.Choice.FOR, faction)
    question = question_on_vote(vote, against_n=20)
    ResponseFactory(account=verified_account, question=question)
    html = client.get(reverse("dialogue:response_rates")).content.decode()
    assert "Inga Bērziņa" in html
    assert "Nacionālā apvienība" in html
    assert "100 %" in html


def test_following_page_lists_followed_deputies_responses(client, citizen, verified_account):
    ResponseFactory(account=verified_account, text="Sekotājiem redzams")
    ResponseFactory(account=DeputyAccountFactory(), text="Cits deputāts")
    client.force_login(citizen)
    client.post(
        reverse("dialogue:deputy_follow", args=[verified_account.deputy_id]),
        {"action": "follow"},
    )
    html = client.get(reverse("dialogue:following")).content.decode()
    assert "Sekotājiem redzams" in html
    assert "Cits deputāts" not in html


def test_verified_deputy_posts_from_the_office_and_sees_it_on_the_public_pages(
    client, deputy, verified_account
):
    vote = VoteFactory()
    ballot(deputy, vote, Ballot.Choice.AGAINST)
    question = question_on_vote(vote, for_n=20)
    client.force_login(verified_account.user)
    office = client.get(reverse("dialogue:office")).content.decode()
    assert question.text in office
    client.post(
        reverse("dialogue:response_create", args=["question", question.pk]),
        {"text": "Balsoju pret, jo grozījumi nebija izdiskutēti komisijā."},
    )
    client.logout()
    positions = client.get(reverse("dialogue:public_positions", args=[deputy.pk]))
    assert "Balsoju pret, jo grozījumi nebija izdiskutēti komisijā." in positions.content.decode()
    assert "1 of 1 questions with a clear gap" in positions.content.decode()


def test_response_form_shows_a_rule_violation(client, verified_account):
    vote = VoteFactory()
    ResponseFactory(account=verified_account, question=None, vote=vote)
    client.force_login(verified_account.user)
    page = client.post(
        reverse("dialogue:response_create", args=["vote", vote.pk]), {"text": "Otrreiz"}
    )
    assert page.status_code == 200
    assert "You have already responded to this; edit your response instead." in (
        page.content.decode()
    )


def test_office_request_form_creates_a_pending_account(client, citizen, deputy):
    client.force_login(citizen)
    client.post(
        reverse("dialogue:office"),
        {"speaks_for": "deputy", "deputy": deputy.pk, "evidence": "inga@saeima.lv"},
    )
    account = citizen.deputy_account
    assert (account.deputy, account.status, account.evidence) == (
        deputy,
        "pending",
        "inga@saeima.lv",
    )


def test_report_page_and_moderation_queue(client, citizen, moderator, verified_account):
    response = ResponseFactory(account=verified_account, text="Apšaubāms apgalvojums")
    client.force_login(citizen)
    report_url = reverse("dialogue:response_report", args=[response.pk])
    assert client.get(report_url).status_code == 200
    client.post(report_url, {"reason": "misleading"})
    client.force_login(moderator)
    queue = client.get(reverse("dialogue:moderation")).content.decode()
    assert "Apšaubāms apgalvojums" in queue
    assert "misleading (1)" in queue
    decide = client.get(reverse("dialogue:response_moderate", args=[response.pk]))
    assert decide.status_code == 200
    client.post(
        reverse("dialogue:response_moderate", args=[response.pk]),
        {"decision": "hide", "reason": ""},
    )
    response.refresh_from_db()
    assert response.state == "published"  # no reason, nothing hidden
    client.post(reverse("dialogue:response_moderate", args=[response.pk]), {"decision": "dismiss"})
    assert (
        client.get(reverse("dialogue:moderation")).content.decode().count("Apšaubāms apgalvojums")
        == 0
    )


def test_react_buttons_show_the_users_own_mark(client, verified_account):
    response = ResponseFactory(account=verified_account)
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("dialogue:response_react", args=[response.pk]), {"mark": "unhelpful"})
    html = client.get(reverse("dialogue:response_detail", args=[response.pk])).content.decode()
    assert 'value="unhelpful" aria-pressed="true"' in html
    assert "helpful: 0, not helpful: 1" in html
    client.post(reverse("dialogue:response_react", args=[response.pk]), {"mark": "clear"})
    html = client.get(reverse("dialogue:response_detail", args=[response.pk])).content.decode()
    assert "helpful: 0, not helpful: 0" in html


def test_react_redirects_only_to_this_site(client, citizen, verified_account):
    response = ResponseFactory(account=verified_account)
    client.force_login(citizen)
    page = client.post(
        reverse("dialogue:response_react", args=[response.pk]),
        {"mark": "helpful", "next": "https://evil.example/"},
    )
    assert page.url == reverse("dialogue:response_detail", args=[response.pk])


def test_question_page_shows_public_counts_votes_and_responses(client, verified_account):
    vote = VoteFactory(motive="Grozījumi Saeimas vēlēšanu likumā (1292/Lp14), nodošana komisijām")
    question = question_on_vote(vote, polarity=-1, for_n=3, against_n=2, abstain_n=1)
    ResponseFactory(account=verified_account, question=None, vote=vote, text="Par balsojumu.")
    page = client.get(reverse("dialogue:question_responses", args=[question.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert question.text in html
    assert "for 3 · against 2 · abstain 1 (6 answers)" in html
    assert vote.motive in html
    assert "a 'for' ballot here means 'no' to the question" in html
    assert "Par balsojumu." in html


def test_question_page_of_an_unpublished_question_is_not_found(client):
    draft = QuestionFactory(published_at=None)
    assert client.get(reverse("dialogue:question_responses", args=[draft.pk])).status_code == 404


def test_public_positions_link_each_question_to_its_page(client, deputy):
    vote = VoteFactory()
    ballot(deputy, vote, Ballot.Choice.FOR)
    question = question_on_vote(vote, against_n=1)
    html = client.get(reverse("dialogue:public_positions", args=[deputy.pk])).content.decode()
    assert f'href="/dialogue/questions/{question.pk}/"' in html
