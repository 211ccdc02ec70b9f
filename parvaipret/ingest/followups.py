"""Work that follows an ingest which changed votes: queued after the transaction commits.

One place, so every pipeline that stores roll calls triggers the same follow-ups.
"""

from __future__ import annotations

from django.db import transaction

# Pipelines whose changes touch roll calls and ballots.
VOTE_PIPELINES = frozenset({"import_dump", "votes_sync"})


def votes_changed(*, terms: list[int] | None = None) -> None:
    """Rebuild the bulk exports for `terms` (None = all), warm the dashboards' cache
    (``insights.dashboards_rebuild``), re-match every respondent in chunks
    (``participation.rematch_respondents``) and render the most visited vote and deputy pages
    ahead of visitors (``parliament.pages_warm``) once the current transaction commits."""
    from parvaipret.insights.tasks import dashboards_rebuild
    from parvaipret.insights.tasks import exports_rebuild as exports_rebuild_task
    from parvaipret.parliament.tasks import pages_warm
    from parvaipret.participation.tasks import rematch_respondents

    transaction.on_commit(lambda: exports_rebuild_task.delay(terms=terms))
    transaction.on_commit(lambda: dashboards_rebuild.delay(terms=terms))
    transaction.on_commit(lambda: rematch_respondents.delay())
    transaction.on_commit(lambda: pages_warm.delay())
