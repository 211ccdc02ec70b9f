"""Floods from one address end in HTTP 429: answering, sign-up, follow and responses.

Each limit is read from the view module, so a changed rate changes the number of requests the
test sends, not its verdict. Requests before the limit may be invalid (a 400 is cheap); the
limiter counts attempts, not successes, which is the point against a flood.
"""

from __future__ import annotations

from django.urls import reverse

import pytest

from parvaipret.accounts.views import SIGNUP_RATE
from parvaipret.core.ratelimit import Rate
from parvaipret.dialogue.models import DeputyAccount, Response
from parvaipret.legislation.views import FOLLOW_RATE
from parvaipret.participation.models import Answer
from parvaipret.participation.views import ANSWER_RATE
from tests.factories import (
    BillFactory,
    DeputyAccountFactory,
    DeputyFactory,
    QuestionFactory,
    ResponseFactory,
    UserFactory,
    VoteFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_window_frozen")]

ADDRESS = "203.0.113.7"
OTHER_ADDRESS = "203.0.113.8"


def _limit(rate: str) -> int:
    return Rate.parse(rate).count


def test_answer_api_answers_429_after_the_limit_from_one_address(api_client):
    question = QuestionFactory()
    limit = _limit(ANSWER_RATE)
    for _ in range(limit):
        flood = api_client.post(
            "/api/v1/answers/", {"answers": []}, format="json", REMOTE_ADDR=ADDRESS
        )
        assert flood.status_code == 400
    valid = {"answers": [{"question": question.pk, "choice": "for", "importance": 2}]}

    blocked = api_client.post("/api/v1/answers/", valid, format="json", REMOTE_ADDR=ADDRESS)
    elsewhere = api_client.post("/api/v1/answers/", valid, format="json", REMOTE_ADDR=OTHER_ADDRESS)

    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) >= 1
    assert blocked.json()["detail"]  # the message, in the request's language
    assert elsewhere.status_code == 201
    assert Answer.objects.count() == 1  # the blocked submission stored nothing


def test_questionnaire_form_shares_the_answer_limit_with_the_api(client, api_client):
    limit = _limit(ANSWER_RATE)
    for _ in range(limit):
        api_client.post("/api/v1/answers/", {"answers": []}, format="json", REMOTE_ADDR=ADDRESS)

    page = client.get("/questions/", REMOTE_ADDR=ADDRESS)
    posted = client.post("/questions/", {}, REMOTE_ADDR=ADDRESS)

    assert page.status_code == 200  # reading the questionnaire is never limited
    assert posted.status_code == 429
    assert posted["Content-Type"] == "text/html; charset=utf-8"  # a page for a browser


def test_questionnaire_form_alone_answers_429_after_the_limit(client):
    limit = _limit(ANSWER_RATE)
    statuses = [
        client.post("/questions/", {}, REMOTE_ADDR=ADDRESS).status_code for _ in range(limit + 1)
    ]

    assert 429 not in statuses[:limit]
    assert statuses[-1] == 429


def test_signup_answers_429_after_the_limit_from_one_address(client):
    limit = _limit(SIGNUP_RATE)
    for n in range(limit):
        client.post(
            "/accounts/signup/",
            {
                "username": f"flood{n}",
                "email": f"flood{n}@example.org",
                "password1": "x",
                "password2": "y",
            },
            REMOTE_ADDR=ADDRESS,
        )

    blocked = client.post(
        "/accounts/signup/",
        {
            "username": "late",
            "email": "late@example.org",
            "password1": "Garš-Parole-2026",
            "password2": "Garš-Parole-2026",
        },
        REMOTE_ADDR=ADDRESS,
    )
    office = client.post("/accounts/signup/deputy-office/", {}, REMOTE_ADDR=ADDRESS)

    assert blocked.status_code == 429
    assert office.status_code == 429  # both sign-up forms count together
    assert not UserFactory._meta.model.objects.filter(username="late").exists()


def test_legislation_follow_form_answers_429_after_the_limit(client):
    bill = BillFactory()
    url = reverse("legislation:follow", args=["bill", bill.pk])
    limit = _limit(FOLLOW_RATE)
    statuses = [
        client.post(url, {"email": "not-an-address"}, REMOTE_ADDR=ADDRESS).status_code
        for _ in range(limit + 1)
    ]

    assert 429 not in statuses[:limit]
    assert statuses[-1] == 429


def test_legislation_follow_api_answers_429_after_the_limit(api_client):
    limit = _limit(FOLLOW_RATE)
    statuses = [
        api_client.post("/api/v1/follow/", {}, format="json", REMOTE_ADDR=ADDRESS).status_code
        for _ in range(limit + 1)
    ]

    assert 429 not in statuses[:limit]
    assert statuses[-1] == 429


def test_deputy_follow_answers_429_after_the_limit_per_user(client):
    user = UserFactory()
    deputy = DeputyFactory()
    client.force_login(user)
    url = reverse("dialogue:deputy_follow", args=[deputy.pk])
    limit = _limit("60/h")
    statuses = [client.post(url, {}).status_code for _ in range(limit + 1)]

    assert set(statuses[:limit]) == {302}
    assert statuses[-1] == 429


def test_response_creation_answers_429_after_the_limit(client):
    account = DeputyAccountFactory(status=DeputyAccount.Status.VERIFIED)
    client.force_login(account.user)
    vote = VoteFactory()
    url = reverse("dialogue:response_create", args=["vote", vote.pk])
    limit = _limit("20/h")
    statuses = [client.post(url, {"text": ""}).status_code for _ in range(limit + 1)]

    assert 429 not in statuses[:limit]
    assert statuses[-1] == 429
    assert not Response.objects.exists()


def test_response_report_and_reaction_apis_answer_429_after_their_limits(api_client):
    response = ResponseFactory()
    api_client.force_authenticate(UserFactory())
    report_url = f"/api/v1/responses/{response.pk}/report/"
    react_url = f"/api/v1/responses/{response.pk}/reaction/"

    reports = [api_client.post(report_url, {}, format="json").status_code for _ in range(11)]
    reactions = [
        api_client.post(react_url, {"helpful": True}, format="json").status_code for _ in range(61)
    ]

    assert 429 not in reports[:10]
    assert reports[-1] == 429
    assert 429 not in reactions[:60]
    assert reactions[-1] == 429
