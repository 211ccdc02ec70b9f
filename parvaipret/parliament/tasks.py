"""Celery tasks of the parliament app."""

from __future__ import annotations

from celery import shared_task

NEWEST_VOTES_WARMED = 100
"""Vote pages rendered ahead after an ingest: the newest roll calls, the ones people look at."""


@shared_task(name="parliament.pages_warm")
def pages_warm(newest_votes: int = NEWEST_VOTES_WARMED) -> dict:
    """Render the home page, the votes list, the newest roll calls' pages and every current
    deputy's page, in every language, so their cached fragments are ready before the first
    visitor (``core.pages``). Queued after each ingest that changed votes."""
    from parvaipret.core.pages import localized_paths, pages_render
    from parvaipret.parliament.selectors import deputy_ids_current, vote_ids_newest

    paths = [
        *localized_paths("home"),
        *localized_paths("parliament:vote_list"),
        *localized_paths(
            "parliament:vote_detail", [(pk,) for pk in vote_ids_newest(limit=newest_votes)]
        ),
        *localized_paths("parliament:deputy_detail", [(pk,) for pk in deputy_ids_current()]),
    ]
    report = pages_render(paths)
    return {"rendered": report.rendered, "failed": report.failed, "skipped": report.skipped}
