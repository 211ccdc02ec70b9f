"""A respondent downloads (JSON, CSV) and deletes their own answers: pages and API."""

from __future__ import annotations

import csv
import io
import json

from django.test import Client

import pytest

from parvaipret.participation import services
from parvaipret.participation.models import Answer, Respondent
from parvaipret.participation.views import COOKIE_NAME
from tests.factories import (
    AnswerFactory,
    QuestionFactory,
    QuestionVoteFactory,
    RespondentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HEADER = "HTTP_X_RESPONDENT_TOKEN"


@pytest.fixture
def respondent():
    """Two answers, one question behind a vote; and someone else's answer to the same question."""
    first = QuestionFactory(text="Vai atbalstāt pirmo?")
    second = QuestionFactory(text="Vai atbalstāt otro?")
    link = QuestionVoteFactory(question=first)
    owner = RespondentFactory()
    AnswerFactory(respondent=owner, question=first, choice=Answer.Choice.AGAINST, importance=3)
    AnswerFactory(respondent=owner, question=second, choice=Answer.Choice.ABSTAIN, importance=1)
    AnswerFactory(question=first, choice=Answer.Choice.FOR)
    owner.vote_id = link.vote_id
    return owner


def _cookie_client(respondent) -> Client:
    client = Client()
    client.cookies[COOKIE_NAME] = str(respondent.token)
    return client


def test_respondent_export_lists_every_answer_and_no_token(respondent):
    data = services.respondent_export(respondent=respondent)

    assert [(a["question"], a["choice"], a["importance"]) for a in data["answers"]] == [
        ("Vai atbalstāt pirmo?", "against", 3),
        ("Vai atbalstāt otro?", "abstain", 1),
    ]
    assert data["answers"][0]["vote_ids"] == [respondent.vote_id]
    assert data["answers"][1]["vote_ids"] == []
    assert data["respondent"]["on_account"] is False
    assert str(respondent.token) not in json.dumps(data)


def test_respondent_delete_removes_answers_and_respondent_but_not_others(respondent):
    deleted = services.respondent_delete(respondent=respondent)

    assert deleted == 2
    assert not Respondent.objects.filter(pk=respondent.pk).exists()
    assert Answer.objects.count() == 1  # the other respondent's answer stays


def test_respondent_delete_keeps_the_account():
    user = UserFactory()
    owned = AnswerFactory(respondent=RespondentFactory(user=user)).respondent

    services.respondent_delete(respondent=owned)

    user.refresh_from_db()
    assert not Respondent.objects.filter(user=user).exists()


def test_download_json_page_is_an_attachment_with_the_answers(respondent):
    page = _cookie_client(respondent).get("/results/mine.json")

    data = json.loads(page.content)
    assert page.status_code == 200
    assert page["Content-Disposition"] == 'attachment; filename="parvaipret-my-answers.json"'
    assert page["Cache-Control"] == "private, no-store"
    assert [a["choice"] for a in data["answers"]] == ["against", "abstain"]


def test_download_csv_page_has_one_row_per_answer(respondent):
    page = _cookie_client(respondent).get("/results/mine.csv")

    rows = list(csv.DictReader(io.StringIO(page.content.decode())))
    assert page["Content-Type"] == "text/csv; charset=utf-8"
    assert [(r["question"], r["choice"], r["importance"]) for r in rows] == [
        ("Vai atbalstāt pirmo?", "against", "3"),
        ("Vai atbalstāt otro?", "abstain", "1"),
    ]
    assert rows[0]["vote_ids"] == str(respondent.vote_id)


def test_download_without_a_respondent_is_not_found(client):
    assert client.get("/results/mine.json").status_code == 404
    assert client.get("/results/mine.csv").status_code == 404


def test_results_page_links_to_download_and_delete(respondent):
    page = _cookie_client(respondent).get("/results/").content.decode()

    assert 'href="/results/mine.json"' in page
    assert 'href="/results/mine.csv"' in page
    assert 'href="/results/delete/"' in page


def test_delete_page_asks_first_and_deletes_only_when_confirmed(respondent):
    client = _cookie_client(respondent)

    asked = client.get("/results/delete/")
    unconfirmed = client.post("/results/delete/", {})
    still_there = Respondent.objects.filter(pk=respondent.pk).exists()
    confirmed = client.post("/results/delete/", {"confirm": "yes"})

    assert asked.status_code == 200
    assert asked.context["answers"] == 2
    assert unconfirmed.status_code == 400
    assert still_there
    assert confirmed.status_code == 302
    assert confirmed.url == "/questions/"
    assert confirmed.cookies[COOKIE_NAME].value == ""  # the cookie is cleared
    assert not Respondent.objects.filter(pk=respondent.pk).exists()
    assert Answer.objects.count() == 1


def test_delete_page_for_a_signed_in_user_deletes_the_accounts_answers(client):
    user = UserFactory()
    AnswerFactory(respondent=RespondentFactory(user=user))
    client.force_login(user)

    client.post("/results/delete/", {"confirm": "yes"})

    assert not Answer.objects.exists()
    assert type(user).objects.filter(pk=user.pk).exists()


def test_api_get_mine_exports_the_tokens_answers(api_client, respondent):
    got = api_client.get("/api/v1/answers/mine/", **{HEADER: str(respondent.token)})

    assert got.status_code == 200
    assert [a["question"] for a in got.json()["answers"]] == [
        "Vai atbalstāt pirmo?",
        "Vai atbalstāt otro?",
    ]
    assert got.json()["respondent"]["share_id"] == str(respondent.share_id)


def test_api_delete_mine_deletes_the_tokens_answers_only(api_client, respondent):
    deleted = api_client.delete("/api/v1/answers/mine/", **{HEADER: str(respondent.token)})
    again = api_client.get("/api/v1/answers/mine/", **{HEADER: str(respondent.token)})

    assert deleted.status_code == 200
    assert deleted.json() == {"deleted_answers": 2}
    assert again.status_code == 400  # the token is gone with the respondent
    assert Answer.objects.count() == 1


def test_api_mine_without_a_token_or_with_the_share_id_is_refused(api_client, respondent):
    no_token = api_client.get("/api/v1/answers/mine/")
    share_id = api_client.delete("/api/v1/answers/mine/", **{HEADER: str(respondent.share_id)})

    assert no_token.status_code == 400
    assert share_id.status_code == 400
    assert Answer.objects.count() == 3
