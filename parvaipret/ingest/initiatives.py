"""The initiatives pipelines: an editors' import file (CSV/JSON) and ManaBalss.lv pages →
`Initiative`, with the links to the Saeima decision and bills the records name.

- `initiatives_import`: every good row is upserted on (source, external_id) in its own
  transaction; each bad row becomes a `RunError` with its row number and the good rows are kept.
  A row's `saeima_decision` / `bills` become confirmed links when those documents are known (a
  missing one is reported; run `scrape_bills --number …` and import again).
- `initiative_scrape`: one ManaBalss page (`https://manabalss.lv/{slug}/show`).
- `initiatives_sync`: every ManaBalss initiative we hold, re-read (the daily task).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from parvaipret.core.exceptions import ApplicationError
from parvaipret.ingest.errors import KIND_FETCH, KIND_PARSE, KIND_STORE
from parvaipret.ingest.fetching import PageFetcher
from parvaipret.ingest.models import ScrapeRun
from parvaipret.ingest.runs import RunLog
from parvaipret.legislation.models import Bill, Initiative, InitiativeBill
from parvaipret.legislation.services import initiative_link_bill, initiative_upsert
from scrapers.errors import FetchError, ParseError
from scrapers.initiatives_file import parse_initiatives_file
from scrapers.manabalss.initiatives import SOURCE as MANABALSS
from scrapers.manabalss.initiatives import parse_initiative_page
from scrapers.records.legislation import InitiativeRecord

logger = logging.getLogger(__name__)

KIND_UNKNOWN_BILL = "unknown_bill"
UNKNOWN_BILL = "{number} is not in the database yet (scrape_bills --number {number}); not linked"


def _store(
    log: RunLog,
    record: InitiativeRecord,
    *,
    fetched_at=None,
    checksum: str = "",
    content: bytes | None = None,
) -> Initiative | None:
    """Upsert one record and its links in one transaction, counting what changed."""
    try:
        with transaction.atomic():
            initiative, outcome, _events = initiative_upsert(
                record=record, fetched_at=fetched_at, checksum=checksum
            )
            log.count(outcome)
            links = (
                [(record.saeima_decision, InitiativeBill.Kind.DECISION)]
                if (record.saeima_decision)
                else []
            )
            links += [(number, InitiativeBill.Kind.LED_TO) for number in record.bills]
            for number, kind in links:
                bill = Bill.objects.filter(number=number).first()
                if bill is None:
                    log.error(
                        source=record.source_url,
                        kind=KIND_UNKNOWN_BILL,
                        message=UNKNOWN_BILL.format(number=number),
                    )
                    continue
                _link, link_outcome = initiative_link_bill(
                    initiative=initiative, bill=bill, kind=kind, note=record.source_url
                )
                log.count(link_outcome)
    except (ApplicationError, ValidationError, DatabaseError) as error:
        if isinstance(error, ApplicationError):
            message = error.message
        elif isinstance(error, ValidationError):
            message = "; ".join(error.messages)
        else:
            message = str(error)
        log.fail(source=record.source_url, kind=KIND_STORE, message=message, content=content)
        return None
    return initiative


def initiatives_import(*, content: bytes, name: str, dry_run: bool = False) -> ScrapeRun:
    """Import an initiatives file (docs/initiatives-file.md); `name` is its path, for errors
    and for each record's `source_url` (`{name}#row=N`)."""
    log = RunLog(pipeline="initiatives_import", params={"file": name}, dry_run=dry_run)
    try:
        parsed = parse_initiatives_file(content, name=name)
    except ParseError as error:
        log.fail(source=name, kind=KIND_PARSE, message=error.reason)
        return log.finish(status=ScrapeRun.Status.FAILED)
    for error in parsed.errors:
        log.fail(source=name, kind=KIND_PARSE, message=error.reason)
    with log.data_changes():
        for record in parsed.records:
            _store(log, record)
    return log.finish()


def initiatives_import_path(*, path: Path, dry_run: bool = False) -> ScrapeRun:
    return initiatives_import(content=path.read_bytes(), name=str(path), dry_run=dry_run)


def _scrape_one(fetcher: PageFetcher, log: RunLog, url: str) -> Initiative | None:
    try:
        page = fetcher.get(url)
    except FetchError as error:
        log.fail(source=url, kind=KIND_FETCH, message=error.reason)
        return None
    if log.page_unchanged(page):
        log.count("noop")
        return Initiative.objects.filter(url=url).first()
    try:
        record = parse_initiative_page(page.content, url=page.url)
    except ParseError as error:
        log.fail(source=page.url, kind=KIND_PARSE, message=error.reason, content=page.content)
        log.page_seen(page, ok=False)
        return None
    failed_before = log.counts["failed"]
    initiative = _store(
        log,
        record,
        fetched_at=page.fetched_at,
        checksum=page.sha256 or "",
        content=page.content,
    )
    log.page_seen(page, ok=log.counts["failed"] == failed_before)
    return initiative


def initiative_scrape(*, fetcher: PageFetcher, url: str, dry_run: bool = False) -> ScrapeRun:
    """Read one ManaBalss initiative page into an `Initiative`."""
    log = RunLog(pipeline="initiative_scrape", params={"url": url}, dry_run=dry_run)
    with log.data_changes():
        _scrape_one(fetcher, log, url)
    return log.finish()


def initiatives_sync(
    *, fetcher: PageFetcher, urls: Sequence[str] | None = None, dry_run: bool = False
) -> ScrapeRun:
    """Re-read the pages of the ManaBalss initiatives we hold (or `urls`)."""
    if urls is None:
        urls = list(
            Initiative.objects.filter(source=MANABALSS)
            .exclude(url="")
            .order_by("pk")
            .values_list("url", flat=True)
        )
    log = RunLog(pipeline="initiatives_sync", params={"count": len(urls)}, dry_run=dry_run)
    with log.data_changes():
        for url in urls:
            _scrape_one(fetcher, log, url)
    return log.finish()
