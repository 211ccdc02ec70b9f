"""Celery tasks of the dialogue app (thin: the services do the work)."""

from celery import shared_task


@shared_task(name="dialogue.digests_send")
def digests_send() -> dict[str, int]:
    """Weekly: e-mail each subscribed verified deputy the public positions awaiting a response."""
    from parvaipret.dialogue.services import digests_send as service

    return service()
