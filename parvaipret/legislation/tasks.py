"""Celery tasks of the legislation app: telling followers about events, thinly.

`legislation.notify_followers` is queued (on commit) by the services that record events;
`legislation.send_notification` and `legislation.send_confirmation` send one e-mail each.
Delivery is at most once per (subscription, event): see `parvaipret.legislation.services`.
"""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task


@shared_task(name="legislation.notify_followers")
def notify_followers(event_ids: list[int]) -> dict:
    """Create the notification rows of these events and queue one e-mail per row."""
    from parvaipret.legislation.services import followers_notify

    return {"queued": followers_notify(event_ids=event_ids)}


@shared_task(
    name="legislation.send_notification",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    max_retries=5,
)
def send_notification(notification_id: int) -> dict:
    from parvaipret.legislation.services import notification_send

    return {"sent": notification_send(notification_id=notification_id)}


@shared_task(
    name="legislation.send_confirmation",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    max_retries=5,
)
def send_confirmation(subscription_id: int) -> dict:
    """The double opt-in e-mail of a new e-mail subscription."""
    from parvaipret.legislation.models import Subscription
    from parvaipret.legislation.services import subscription_send_confirmation

    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return {"sent": False}
    return {"sent": subscription_send_confirmation(subscription=subscription)}
