"""Celery tasks of the ingest: thin wrappers around the pipelines, retried on fetch errors.

The beat schedule (config/celery.py) runs `ingest.votes_sync` on Thursday night (titania, same
day) and Friday morning (titania and data.gov.lv, published a day later), and
`ingest.deputies_sync` daily.
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
    name="ingest.votes_sync",
    autoretry_for=(FetchError,),
    retry_backoff=True,
    max_retries=3,
)
def votes_sync(term: int = 14, since: str | None = None, source: str = "titania") -> dict:
    """Pull the sittings since `since` (ISO date; default the last 14 days) and their votes."""
    from parvaipret.ingest.fetching import default_fetcher
    from parvaipret.ingest.pipelines import votes_sync as pipeline

    run = pipeline(
        fetcher=default_fetcher(),
        term=term,
        since=dt.date.fromisoformat(since) if since else None,
        source=source,
    )
    return _counts(run)


@shared_task(
    name="ingest.deputies_sync",
    autoretry_for=(FetchError,),
    retry_backoff=True,
    max_retries=3,
)
def deputies_sync(term: int = 14) -> dict:
    """Read the DepWeb deputies view (deputies and factions as of today)."""
    from parvaipret.ingest.fetching import default_fetcher
    from parvaipret.ingest.pipelines import deputies_sync as pipeline

    return _counts(pipeline(fetcher=default_fetcher(), term=term))


# The bills and initiatives tasks live in their own module; importing it registers them.
from parvaipret.ingest import bills_tasks  # noqa: E402, F401
