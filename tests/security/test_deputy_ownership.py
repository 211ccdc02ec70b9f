"""A verified deputy edits and withdraws only their own responses; the API writes none."""

from __future__ import annotations

from django.urls import reverse

import pytest

from parvaipret.dialogue.models import DeputyAccount, Response
from tests.factories import DeputyAccountFactory, ResponseFactory, UserFactory

pytestmark = pytest.mark.django_db

ORIGINAL = "Balsoju pret, jo grozījumi nebija apspriesti komisijā."


@pytest.fixture
def own_account():
    return DeputyAccountFactory(status=DeputyAccount.Status.VERIFIED)


@pytest.fixture
def others_response():
    return ResponseFactory(
        account=DeputyAccountFactory(status=DeputyAccount.Status.VERIFIED), text=ORIGINAL
    )


def test_a_deputy_cannot_edit_another_deputys_response(client, own_account, others_response):
    client.force_login(own_account.user)
    url = reverse("dialogue:response_edit", args=[others_response.pk])

    form = client.get(url)
    posted = client.post(url, {"text": "Pārrakstīts cita vārdā."})

    others_response.refresh_from_db()
    assert form.status_code == 403
    assert posted.status_code == 403
    assert others_response.text == ORIGINAL


def test_a_deputy_cannot_withdraw_another_deputys_response(client, own_account, others_response):
    client.force_login(own_account.user)

    posted = client.post(reverse("dialogue:response_withdraw", args=[others_response.pk]))

    others_response.refresh_from_db()
    assert posted.status_code == 403
    assert others_response.state == Response.State.PUBLISHED


def test_a_deputy_can_edit_their_own_response(client, own_account):
    own = ResponseFactory(account=own_account, text=ORIGINAL)
    client.force_login(own_account.user)

    posted = client.post(
        reverse("dialogue:response_edit", args=[own.pk]), {"text": "Papildināts skaidrojums."}
    )

    own.refresh_from_db()
    assert posted.status_code == 302
    assert own.text == "Papildināts skaidrojums."


def test_a_pending_deputy_account_cannot_edit_even_its_own_response(client):
    pending = DeputyAccountFactory(status=DeputyAccount.Status.PENDING)
    own = ResponseFactory(account=pending, text=ORIGINAL)
    client.force_login(pending.user)

    posted = client.post(reverse("dialogue:response_edit", args=[own.pk]), {"text": "Jauns."})

    own.refresh_from_db()
    assert posted.status_code == 403
    assert own.text == ORIGINAL


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_the_responses_api_changes_no_response(api_client, own_account, others_response, method):
    api_client.force_authenticate(others_response.account.user)  # even the author

    changed = getattr(api_client, method)(
        f"/api/v1/responses/{others_response.pk}/", {"text": "API"}, format="json"
    )

    others_response.refresh_from_db()
    assert changed.status_code == 405
    assert others_response.text == ORIGINAL


def test_a_citizen_cannot_open_the_response_editor(client, others_response):
    client.force_login(UserFactory())

    posted = client.post(
        reverse("dialogue:response_edit", args=[others_response.pk]), {"text": "x"}
    )

    others_response.refresh_from_db()
    assert posted.status_code == 403
    assert others_response.text == ORIGINAL
