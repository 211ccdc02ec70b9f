"""A pipeline run's log: counts, errors, quarantined pages and the per-URL checksum memory.

`RunLog` wraps one `ScrapeRun`. A normal run writes its `ScrapeRun` at the start and each
`RunError` / `QuarantinedPage` as it happens (outside the data transactions, so a rolled-back
sitting still leaves its error behind). A dry run buffers everything and writes only the
`ScrapeRun` and its `RunError`s at the end, after the pipeline rolled its data changes back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from parvaipret.ingest.followups import VOTE_PIPELINES, votes_changed
from parvaipret.ingest.models import QuarantinedPage, RunError, ScrapeRun, SourcePage
from parvaipret.parliament.services import Outcome
from scrapers.http import FetchedPage

logger = logging.getLogger(__name__)

COUNT_FIELDS: dict[str, str] = {
    "insert": "inserted",
    "update": "updated",
    "noop": "unchanged",
    "failed": "failed",
}


@dataclass(frozen=True, slots=True)
class _Error:
    source: str
    kind: str
    message: str

    def as_fields(self) -> dict[str, str]:
        return {"source": self.source, "kind": self.kind, "message": self.message}


class _DryRunRollbackError(Exception):
    pass


# A run still "running" after this long was killed (the process died before `finish`).
STALE_AFTER = dt.timedelta(hours=6)


def _mark_interrupted(pipeline: str) -> None:
    """Close runs of `pipeline` left "running" by a killed process, so the log tells the truth."""
    ScrapeRun.objects.filter(
        pipeline=pipeline,
        status=ScrapeRun.Status.RUNNING,
        started_at__lt=timezone.now() - STALE_AFTER,
    ).update(status=ScrapeRun.Status.FAILED, finished_at=timezone.now())


class RunLog:
    """Bookkeeping of one pipeline run (see the module docstring)."""

    def __init__(
        self, *, pipeline: str, params: dict[str, Any] | None = None, dry_run: bool = False
    ):
        self.pipeline = pipeline
        self.params = params or {}
        self.dry_run = dry_run
        self.counts: Counter[str] = Counter()
        self.errors: list[_Error] = []
        self.quarantined = 0
        self.run: ScrapeRun | None = None
        if not dry_run:
            _mark_interrupted(pipeline)
            self.run = ScrapeRun.objects.create(pipeline=pipeline, params=self.params)

    # counting ------------------------------------------------------------------------------

    def count(self, outcome: Outcome | str, n: int = 1) -> None:
        self.counts[outcome] += n

    def error(self, *, source: str, kind: str, message: str) -> None:
        """Record a problem that cost nothing (or whose cost is counted elsewhere)."""
        logger.warning("%s: %s (%s): %s", self.pipeline, kind, source, message)
        entry = _Error(source=source[:500], kind=kind, message=message)
        self.errors.append(entry)
        if self.run is not None:
            RunError.objects.create(run=self.run, **entry.as_fields())

    def fail(
        self,
        *,
        source: str,
        kind: str,
        message: str,
        content: bytes | None = None,
        n: int = 1,
    ) -> None:
        """Count `n` records as failed, record the error and quarantine `content` if given."""
        self.counts["failed"] += n
        self.error(source=source, kind=kind, message=message)
        if content is not None:
            self.quarantine(url=source, content=content, error=f"{kind}: {message}")

    def quarantine(self, *, url: str, content: bytes, error: str) -> None:
        self.quarantined += 1
        if self.run is None:
            return
        QuarantinedPage.objects.create(
            run=self.run,
            url=url[:500],
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            error=error,
        )

    # pages -------------------------------------------------------------------------------

    def page_unchanged(self, page: FetchedPage) -> bool:
        """True when this URL was processed without errors before and its bytes are the same."""
        if page.not_modified:
            return SourcePage.objects.filter(url=page.url[:500], processed_ok=True).exists()
        known = SourcePage.objects.filter(url=page.url[:500]).first()
        return known is not None and known.processed_ok and page.is_unchanged(known.sha256)

    def page_seen(self, page: FetchedPage, *, ok: bool) -> None:
        if self.dry_run or page.not_modified or page.sha256 is None:
            return
        SourcePage.objects.update_or_create(
            url=page.url[:500],
            defaults={
                "sha256": page.sha256,
                "etag": page.etag or "",
                "last_modified": page.last_modified or "",
                "fetched_at": page.fetched_at,
                "processed_ok": ok,
            },
        )

    # the run as a whole -------------------------------------------------------------------

    @contextlib.contextmanager
    def data_changes(self) -> Iterator[None]:
        """Wrap the whole run's data changes: a dry run rolls all of them back at the end."""
        if not self.dry_run:
            yield
            return
        try:
            with transaction.atomic():
                yield
                raise _DryRunRollbackError
        except _DryRunRollbackError:
            logger.info("%s: dry run, every change rolled back", self.pipeline)

    def finish(self, *, status: str | None = None) -> ScrapeRun:
        """Write the counts and the final status; returns the saved `ScrapeRun`."""
        if status is None:
            status = ScrapeRun.Status.PARTIAL if self.counts["failed"] else ScrapeRun.Status.OK
        fields = {column: self.counts[key] for key, column in COUNT_FIELDS.items()}
        if self.run is None:
            self.run = ScrapeRun.objects.create(
                pipeline=self.pipeline, params=self.params, dry_run=True
            )
            RunError.objects.bulk_create(
                [RunError(run=self.run, **entry.as_fields()) for entry in self.errors]
            )
        for column, value in fields.items():
            setattr(self.run, column, value)
        self.run.status = status
        self.run.finished_at = timezone.now()
        self.run.save()
        changed = self.counts["insert"] + self.counts["update"]
        if changed and not self.dry_run and self.pipeline in VOTE_PIPELINES:
            term = self.params.get("term")
            votes_changed(terms=[int(term)] if term else None)
        return self.run

    def summary(self) -> str:
        return (
            f"{self.counts['insert']} inserted, {self.counts['update']} updated, "
            f"{self.counts['noop']} unchanged, {self.counts['failed']} failed"
        )
