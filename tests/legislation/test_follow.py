"""Following by e-mail (double opt-in, one-click unsubscribe) or with an account."""

from __future__ import annotations

import re

from django.core import mail
from django.core.cache import cache
from django.urls import reverse

import pytest

from parvaipret.core.exceptions import ApplicationError
from parvaipret.legislation.models import Subscription
from parvaipret.legislation.services import (
    CONFIRMATION_RATE,
    NO_EMAIL_ON_ACCOUNT,
    subscription_confirm,
    subscription_create,
    subscription_unsubscribe,
)
from tests.factories import BillFactory, InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _confirm_link(message) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/follow/confirm/[^/\s]+/)", message.body)[1]


def test_follow_by_email_sends_one_confirmation_and_activates_nothing(
    client, django_capture_on_commit_callbacks
):
    bill = BillFactory(number="1292/Lp14", title="Grozījumi Saeimas vēlēšanu likumā")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("legislation:follow", args=["bill", bill.pk]), {"email": "Anna@Example.org"}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("legislation:bill_detail", args=[bill.pk])
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.bill, subscription.is_active) == (
        "anna@example.org",
        bill,
        False,
    )
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    assert "1292/Lp14" in message.subject
    assert _confirm_link(message) == f"/follow/confirm/{subscription.token}/"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_follow_confirm_link_opened_confirms_nothing_until_the_button_is_pressed(client):
    subscription = Subscription.objects.create(email="a@example.org", bill=BillFactory())
    url = reverse("legislation:follow_confirm", args=[subscription.token])

    page = client.get(url)
    subscription.refresh_from_db()
    assert page.status_code == 200
    assert subscription.confirmed_at is None

    client.post(url)
    subscription.refresh_from_db()
    assert subscription.is_active


def test_follow_confirm_with_an_unknown_token_is_a_404(client):
    assert client.get(reverse("legislation:follow_confirm", args=["nope"])).status_code == 404


def test_unsubscribe_is_one_post_without_a_csrf_token(db):
    from django.test import Client

    subscription = Subscription.objects.create(email="a@example.org", bill=BillFactory())
    subscription_client = Client(enforce_csrf_checks=True)
    url = reverse("legislation:follow_unsubscribe", args=[subscription.token])

    assert subscription_client.get(url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None

    response = subscription_client.post(url, {"List-Unsubscribe": "One-Click"})
    subscription.refresh_from_db()
    assert response.status_code == 200
    assert subscription.unsubscribed_at is not None


def test_following_again_after_unsubscribing_needs_a_new_confirmation(
    django_capture_on_commit_callbacks,
):
    bill = BillFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = subscription_create(target=bill, email="a@example.org")
    old_token = first.token
    subscription_confirm(token=old_token)
    subscription_unsubscribe(token=old_token)

    with django_capture_on_commit_callbacks(execute=True):
        again = subscription_create(target=bill, email="a@example.org")

    assert again.pk == first.pk
    assert (again.is_active, again.unsubscribed_at, again.confirmed_at) == (False, None, None)
    assert again.token != old_token
    assert len(mail.outbox) == 2


def test_an_active_follower_following_again_gets_no_mail(django_capture_on_commit_callbacks):
    bill = BillFactory()
    with django_capture_on_commit_callbacks(execute=True):
        subscription = subscription_create(target=bill, email="a@example.org")
    subscription_confirm(token=subscription.token)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        subscription_create(target=bill, email="a@example.org")

    assert mail.outbox == []


def test_confirmation_emails_to_one_address_are_limited_per_day(
    django_capture_on_commit_callbacks,
):
    limit = int(CONFIRMATION_RATE.split("/")[0])
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(limit + 3):
            subscription_create(target=InitiativeFactory(), email="victim@example.org")

    assert len(mail.outbox) == limit


def test_signed_in_follow_is_active_at_once_without_email(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="b@example.org")
    initiative = InitiativeFactory()
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("legislation:follow", args=["initiative", initiative.pk]))

    subscription = Subscription.objects.get()
    assert (subscription.user, subscription.initiative, subscription.is_active) == (
        user,
        initiative,
        True,
    )
    assert mail.outbox == []
    page = client.get(reverse("legislation:initiative_detail", args=[initiative.pk]))
    assert "Stop following" in page.content.decode()

    client.post(reverse("legislation:follow_stop", args=["initiative", initiative.pk]))
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_a_signed_in_user_without_email_cannot_follow():
    with pytest.raises(ApplicationError, match=NO_EMAIL_ON_ACCOUNT):
        subscription_create(target=BillFactory(), user=UserFactory(email=""))


@pytest.mark.usefixtures("rate_window_frozen")
def test_follow_form_is_rate_limited(client):
    bill = BillFactory()
    url = reverse("legislation:follow", args=["bill", bill.pk])

    answers = [client.post(url, {"email": f"x{i}@example.org"}).status_code for i in range(11)]

    assert answers == [302] * 10 + [429]


def test_follow_form_honeypot_stores_nothing(client):
    bill = BillFactory()

    response = client.post(
        reverse("legislation:follow", args=["bill", bill.pk]),
        {"email": "bot@example.org", "website": "http://spam.example"},
    )

    assert response.status_code == 302
    assert Subscription.objects.count() == 0


def test_follow_form_rejects_a_bad_address(client):
    bill = BillFactory()

    client.post(reverse("legislation:follow", args=["bill", bill.pk]), {"email": "not-an-email"})

    assert Subscription.objects.count() == 0


def test_follow_an_unknown_target_is_a_404(client):
    response = client.post(reverse("legislation:follow", args=["law", 1]), {"email": "a@b.lv"})
    assert response.status_code == 404
