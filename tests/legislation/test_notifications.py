"""Followers get one e-mail per new event: never twice, never for old news, never unconfirmed.

The bill walks through its real stages (the card of 1292/Lp14, cut to its first one, two and
three columns), as the daily ingest would see it on 31.03, 13.04 and 16.04.2026.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from smtplib import SMTPServerDisconnected
from zoneinfo import ZoneInfo

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

import pytest

from parvaipret.legislation.models import Event, InitiativeBill, Notification
from parvaipret.legislation.services import (
    bill_upsert,
    followers_notify,
    initiative_link_bill,
    initiative_upsert,
    notification_send,
)
from scrapers.records.legislation import InitiativeRecord
from tests.factories import InitiativeFactory, SubscriptionFactory, UserFactory

pytestmark = pytest.mark.django_db

RIGA = ZoneInfo("Europe/Riga")
BEFORE_THE_BILL = dt.datetime(2026, 3, 30, 10, 0, tzinfo=RIGA)


@pytest.fixture
def ingest(term14, django_capture_on_commit_callbacks):
    """Run `bill_upsert` as the pipeline does: committed, so the queued e-mails go out."""

    def run(record):
        with django_capture_on_commit_callbacks(execute=True):
            return bill_upsert(record=record, term=term14)

    return run


def _card_up_to(card, columns: int):
    return dataclasses.replace(card, stages=card.stages[:columns], outcome=None, status=None)


def _follows_bill(bill, **fields):
    return SubscriptionFactory(bill=bill, initiative=None, **fields)


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_followers_get_exactly_one_email_per_new_stage(ingest, card_1292):
    bill = ingest(_card_up_to(card_1292, 1)).bill  # submitted: nobody follows yet
    assert mail.outbox == []
    initiative = InitiativeFactory()
    initiative_link_bill(initiative=initiative, bill=bill, kind=InitiativeBill.Kind.LED_TO)
    _follows_bill(bill, email="alice@example.org", confirmed_at=BEFORE_THE_BILL)
    SubscriptionFactory(  # the same person also follows the initiative: still one e-mail
        initiative=initiative, email="alice@example.org", confirmed_at=BEFORE_THE_BILL
    )
    bob = UserFactory(username="bob", email="bob@example.org")
    _follows_bill(bill, email="", user=bob, confirmed_at=BEFORE_THE_BILL)
    SubscriptionFactory(
        initiative=initiative, email="erin@example.org", confirmed_at=BEFORE_THE_BILL
    )
    _follows_bill(bill, email="carol@example.org")  # never confirmed
    _follows_bill(
        bill,
        email="dave@example.org",
        confirmed_at=BEFORE_THE_BILL,
        unsubscribed_at=BEFORE_THE_BILL + dt.timedelta(days=1),
    )

    ingest(_card_up_to(card_1292, 2))  # + Prezidijs 13.04.2026
    assert _recipients() == ["alice@example.org", "bob@example.org", "erin@example.org"]
    assert {m.subject for m in mail.outbox} == {"1292/Lp14: new stage"}

    mail.outbox.clear()
    ingest(card_1292)  # + Nodošana komis. 16.04.2026, Noraidīts
    assert _recipients() == ["alice@example.org", "bob@example.org", "erin@example.org"]
    assert all("Nodošana komis." in m.body and "16.04.2026" in m.body for m in mail.outbox)

    mail.outbox.clear()
    ingest(card_1292)  # the same card again: a noop, nothing new to tell
    assert mail.outbox == []
    assert Notification.objects.count() == 6
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0


def test_unconfirmed_and_unsubscribed_followers_get_nothing(ingest, card_1292):
    bill = ingest(_card_up_to(card_1292, 1)).bill
    _follows_bill(bill, email="carol@example.org")
    _follows_bill(
        bill,
        email="dave@example.org",
        confirmed_at=BEFORE_THE_BILL,
        unsubscribed_at=BEFORE_THE_BILL + dt.timedelta(hours=1),
    )

    ingest(card_1292)

    assert mail.outbox == []
    assert Notification.objects.count() == 0


def test_an_event_older_than_the_subscription_is_not_sent(ingest, card_1292):
    """Confirmed on 14.04.2026: the Presidium of 13.04 is old news, the referral of 16.04 not."""
    bill = ingest(_card_up_to(card_1292, 1)).bill
    _follows_bill(
        bill, email="late@example.org", confirmed_at=dt.datetime(2026, 4, 14, 9, tzinfo=RIGA)
    )

    ingest(card_1292)

    assert len(mail.outbox) == 1
    assert "Nodošana komis." in mail.outbox[0].body
    assert "Prezidijs" not in mail.outbox[0].body


def test_an_event_recorded_before_the_subscription_was_confirmed_is_never_sent(
    ingest, card_1292, django_capture_on_commit_callbacks
):
    result = ingest(card_1292)
    _follows_bill(result.bill, email="new@example.org", confirmed_at=dt.datetime.now(tz=RIGA))

    with django_capture_on_commit_callbacks(execute=True):
        queued = followers_notify(event_ids=[e.pk for e in result.events])

    assert queued == 0
    assert mail.outbox == []


def test_a_changed_initiative_status_tells_its_followers(
    term14, django_capture_on_commit_callbacks
):
    record = InitiativeRecord(
        source="manabalss",
        external_id="izbeigt-teroru-pret-latvijas-iedzivotajiem-ar-krievijas-pilsonibu",
        url=None,
        title_lv="PĀRTRAUKT NERROT LATVIJAS IEDZĪVOTĀJUS AR KRIEVIJAS UN BALTKRIEVIJAS PILSONĪBU",
        title_en=None,
        title_ru=None,
        summary=None,
        author="Olga Petkeviča",
        published=dt.date(2022, 12, 19),
        signatures=13355,
        threshold=10000,
        status=None,
        submitted=None,
        addressee="Latvijas Republikas Saeimā",
        saeima_decision=None,
        bills=(),
        source_url="https://manabalss.lv/izbeigt-teroru-pret-latvijas-iedzivotajiem-ar-krievijas-pilsonibu/show",
    )
    initiative, _outcome, _events = initiative_upsert(record=record)
    SubscriptionFactory(initiative=initiative, email="f@example.org", confirmed_at=BEFORE_THE_BILL)
    rejected = dataclasses.replace(
        record,
        status="Iniciatīva Saeimā ir noraidīta, tomēr daļa no prasītā ir ieviešanas procesā",
    )

    with django_capture_on_commit_callbacks(execute=True):
        _initiative, outcome, events = initiative_upsert(record=rejected)
    with django_capture_on_commit_callbacks(execute=True):
        initiative_upsert(record=rejected)  # seen again: nothing new

    assert (outcome, [e.kind for e in events]) == ("update", ["status"])
    assert _recipients() == ["f@example.org"]
    assert "noraidīta" in mail.outbox[0].body


def test_every_notification_has_a_one_click_unsubscribe_header(ingest, card_1292):
    bill = ingest(_card_up_to(card_1292, 2)).bill
    subscription = _follows_bill(bill, email="alice@example.org", confirmed_at=BEFORE_THE_BILL)

    ingest(card_1292)

    (message,) = mail.outbox
    url = f"http://127.0.0.1:8000/follow/unsubscribe/{subscription.token}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body
    assert f"http://127.0.0.1:8000/bills/{bill.pk}/" in message.body


def test_notification_send_sends_at_most_once(ingest, card_1292):
    bill = ingest(_card_up_to(card_1292, 2)).bill
    subscription = _follows_bill(bill, email="alice@example.org", confirmed_at=BEFORE_THE_BILL)
    event = Event.objects.get(stage__kind="presidium")
    notification = Notification.objects.create(subscription=subscription, event=event)

    assert notification_send(notification_id=notification.pk) is True
    assert notification_send(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


class RefusingBackend(BaseEmailBackend):
    """A mail server that cannot be reached: nothing is delivered."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


def test_notification_send_releases_its_claim_when_the_server_refuses(ingest, card_1292, settings):
    bill = ingest(_card_up_to(card_1292, 2)).bill
    subscription = _follows_bill(bill, email="alice@example.org", confirmed_at=BEFORE_THE_BILL)
    notification = Notification.objects.create(
        subscription=subscription, event=Event.objects.get(stage__kind="presidium")
    )
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"

    with pytest.raises(SMTPServerDisconnected):
        notification_send(notification_id=notification.pk)
    notification.refresh_from_db()
    assert (notification.sent_at, notification.error) == (None, "Connection unexpectedly closed")

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notification_send(notification_id=notification.pk) is True
    assert len(mail.outbox) == 1


def test_notifications_are_unique_per_subscription_and_event(ingest, card_1292):
    bill = ingest(_card_up_to(card_1292, 2)).bill
    subscription = _follows_bill(bill, email="alice@example.org", confirmed_at=BEFORE_THE_BILL)
    event = Event.objects.get(stage__kind="presidium")
    Notification.objects.create(subscription=subscription, event=event)

    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(subscription=subscription, event=event)
