"""The weekly digest goes out through Django's mail API (locmem backend in tests)."""

import datetime as dt

from django.core import mail
from django.utils import timezone

import pytest

from config.celery import app as celery_app
from parvaipret.dialogue import services
from parvaipret.dialogue.models import DigestSubscription
from parvaipret.dialogue.tasks import digests_send
from parvaipret.parliament.models import Ballot
from tests.dialogue.conftest import ballot, question_on_vote
from tests.factories import DeputyAccountFactory, ResponseFactory, VoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed(deputy, verified_account, settings):
    settings.SITE_URL = "https://parvaipret.example"
    settings.LANGUAGE_CODE = "en"
    return services.digest_subscription_set(deputy_account=verified_account, active=True)


def _gaps(deputy):
    answered, open_vote, agreed = VoteFactory(), VoteFactory(), VoteFactory()
    for vote in (answered, open_vote, agreed):
        ballot(deputy, vote, Ballot.Choice.FOR)
    answered_q = question_on_vote(answered, against_n=20)
    open_q = question_on_vote(open_vote, for_n=5, against_n=20, abstain_n=1)
    agreed_q = question_on_vote(agreed, for_n=30)
    return answered_q, open_q, agreed_q


def test_digests_send_task_emails_the_unanswered_public_positions(
    subscribed, deputy, verified_account
):
    answered_q, open_q, agreed_q = _gaps(deputy)
    ResponseFactory(account=verified_account, question=answered_q)

    result = digests_send.delay().get()

    assert result == {"sent": 1, "skipped": 0}
    [message] = mail.outbox
    assert message.to == ["office@example.org"]
    assert message.subject == "ParVaiPret: 1 question where the public disagrees with your vote"
    assert "Weekly digest for Inga Bērziņa" in message.body
    assert open_q.text_en in message.body  # in the site language (English here)
    assert "Public answers: for 5, against 20, abstain 1 — a clear gap" in message.body
    assert answered_q.text_en not in message.body  # already responded
    assert agreed_q.text_en not in message.body  # the public agrees
    assert "Your response rate: 1 of 2 clear gaps (50 %)." in message.body
    assert f"https://parvaipret.example/dialogue/deputies/{deputy.pk}/" in message.body
    assert "https://parvaipret.example/deputy-office/" in message.body
    subscribed.refresh_from_db()
    assert subscribed.last_sent_at is not None


def test_digests_send_does_not_repeat_within_six_days(subscribed, deputy):
    _gaps(deputy)
    start = timezone.now()
    assert services.digests_send(now=start) == {"sent": 1, "skipped": 0}
    assert services.digests_send(now=start + dt.timedelta(days=1)) == {"sent": 0, "skipped": 1}
    assert services.digests_send(now=start + dt.timedelta(days=7)) == {"sent": 1, "skipped": 0}
    assert len(mail.outbox) == 2


def test_digests_send_skips_inactive_unverified_and_empty(subscribed, deputy, staff):
    assert services.digests_send() == {"sent": 0, "skipped": 1}  # nothing to respond to
    _gaps(deputy)
    services.digest_subscription_set(deputy_account=subscribed.account, active=False)
    assert services.digests_send() == {"sent": 0, "skipped": 0}
    services.digest_subscription_set(deputy_account=subscribed.account, active=True)
    services.deputy_account_revoke(account=subscribed.account, actor=staff)
    assert services.digests_send() == {"sent": 0, "skipped": 0}
    pending = DeputyAccountFactory(status="pending")
    DigestSubscription.objects.create(account=pending)
    assert services.digests_send() == {"sent": 0, "skipped": 0}
    assert mail.outbox == []


def test_beat_schedule_sends_the_digest_weekly_on_monday_morning():
    entry = celery_app.conf.beat_schedule["dialogue.digests_send"]
    assert entry["task"] == "dialogue.digests_send" == digests_send.name
    schedule = entry["schedule"]
    assert (schedule.day_of_week, schedule.hour, schedule.minute) == ({1}, {8}, {0})
