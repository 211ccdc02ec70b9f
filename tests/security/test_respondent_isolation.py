"""An anonymous token reaches only its own answers: no reading or changing another's."""

from __future__ import annotations

import uuid

from django.test import Client

import pytest

from parvaipret.participation.models import Answer
from parvaipret.participation.views import COOKIE_NAME
from tests.factories import AnswerFactory, QuestionFactory, RespondentFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "HTTP_X_RESPONDENT_TOKEN"


@pytest.fixture
def question():
    return QuestionFactory(text="Vai atbalstāt valsts valodas likuma grozījumus?")


@pytest.fixture
def alice(question):
    return AnswerFactory(question=question, choice=Answer.Choice.AGAINST, importance=3).respondent


@pytest.fixture
def bob():
    return RespondentFactory()


def _answers(respondent) -> list[tuple[int, str, int]]:
    return list(respondent.answers.values_list("question_id", "choice", "importance"))


def test_a_token_changes_only_its_own_answers(api_client, question, alice, bob):
    body = {"answers": [{"question": question.pk, "choice": "for", "importance": 1}]}

    changed = api_client.post("/api/v1/answers/", body, format="json", **{HEADER: str(bob.token)})

    assert changed.status_code == 200
    assert changed.json()["token"] == str(bob.token)
    assert _answers(bob) == [(question.pk, "for", 1)]
    assert _answers(alice) == [(question.pk, "against", 3)]


def test_the_public_share_id_is_not_a_token(api_client, question, alice):
    body = {"answers": [{"question": question.pk, "choice": "for", "importance": 1}]}

    refused = api_client.post(
        "/api/v1/answers/", body, format="json", **{HEADER: str(alice.share_id)}
    )
    results = api_client.get("/api/v1/results/", **{HEADER: str(alice.share_id)})

    assert refused.status_code == 400
    assert results.status_code == 400
    assert _answers(alice) == [(question.pk, "against", 3)]


def test_a_guessed_token_creates_and_reads_nothing(api_client, question, alice):
    body = {"answers": [{"question": question.pk, "choice": "for", "importance": 1}]}
    guess = str(uuid.uuid4())

    refused = api_client.post("/api/v1/answers/", body, format="json", **{HEADER: guess})
    results = api_client.get("/api/v1/results/", **{HEADER: guess})

    assert refused.status_code == 400
    assert results.status_code == 400
    assert Answer.objects.count() == 1


def test_no_token_makes_a_new_respondent_and_never_reuses_one(api_client, question, alice):
    body = {"answers": [{"question": question.pk, "choice": "for", "importance": 1}]}

    created = api_client.post("/api/v1/answers/", body, format="json")

    assert created.status_code == 201
    assert created.json()["token"] != str(alice.token)
    assert _answers(alice) == [(question.pk, "against", 3)]


def test_an_accounts_respondent_is_not_reachable_by_its_token(api_client, question):
    owned = AnswerFactory(
        question=question, respondent=RespondentFactory(user=UserFactory())
    ).respondent
    body = {"answers": [{"question": question.pk, "choice": "abstain", "importance": 1}]}

    refused = api_client.post("/api/v1/answers/", body, format="json", **{HEADER: str(owned.token)})
    results = api_client.get("/api/v1/results/", **{HEADER: str(owned.token)})

    assert refused.status_code == 400
    assert results.status_code == 400
    assert _answers(owned) == [(question.pk, "for", 2)]


def test_results_page_shows_the_cookies_respondent_only(question, alice, bob):
    client = Client()
    client.cookies[COOKIE_NAME] = str(bob.token)

    page = client.get("/results/")

    assert page.context["respondent"] == bob
    assert str(alice.token) not in page.content.decode()
    assert str(alice.share_id) not in page.content.decode()


def test_shared_page_hides_the_answers_unless_the_respondent_chose_to_show_them(client, alice):
    hidden = client.get(f"/s/{alice.share_id}/")
    alice.share_answers = True
    alice.save()
    shown = client.get(f"/s/{alice.share_id}/")

    assert hidden.context["show_answers"] is False
    assert shown.context["show_answers"] is True
    assert str(alice.token) not in hidden.content.decode()
    assert str(alice.token) not in shown.content.decode()
    assert COOKIE_NAME not in shown.cookies  # a visitor never takes over the shared respondent
