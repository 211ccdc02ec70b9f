"""Celery tasks of the bills and initiatives pipelines (thin; retried on fetch errors).

`ingest.bills_sync` runs daily (config/celery.py): the cards named by the last 14 days' roll
calls and of every bill still on its way, plus the agendas' outcome labels.
`ingest.initiatives_sync` re-reads the ManaBalss initiatives daily.

Celery registers tasks from each app's `tasks` module; `parvaipret/ingest/tasks.py` imports this
module so the worker knows these names.
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from scrapers.errors import FetchError


def _counts(run) -> dict:
    return {
        "run": run.pk,
        "status": run.status,
        "inserted": run.inserted,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "failed": run.failed,
    }


@shared_task(
    name="ingest.bills_sync",
    autoretry_for=(FetchError,),
    retry_backoff=True,
    max_retries=3,
)
def bills_sync(term: int = 14, numbers: list[str] | None = None, since: str | None = None) -> dict:
    """Bill and decision cards (and the recent agendas' outcome labels)."""
    from parvaipret.ingest.bills import bills_sync as pipeline
    from parvaipret.ingest.fetching import default_fetcher

    run = pipeline(
        fetcher=default_fetcher(),
        term=term,
        numbers=numbers,
        since=dt.date.fromisoformat(since) if since else None,
    )
    return _counts(run)


@shared_task(
    name="ingest.initiatives_sync",
    autoretry_for=(FetchError,),
    retry_backoff=True,
    max_retries=3,
)
def initiatives_sync() -> dict:
    """Re-read every ManaBalss initiative page we hold."""
    from parvaipret.ingest.fetching import default_fetcher
    from parvaipret.ingest.initiatives import initiatives_sync as pipeline

    return _counts(pipeline(fetcher=default_fetcher()))
