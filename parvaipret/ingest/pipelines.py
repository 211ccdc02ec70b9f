"""Pipelines: fetch with a `PageFetcher`, parse with `scrapers/`, store with the services.

- `votes_sync`: new sittings and their roll calls, from titania (calendar → agenda → vote pages,
  one transaction per vote page) and/or data.gov.lv (CKAN list → a sitting's `-dkp.xml` and
  `-vote.xml`, one transaction per sitting).
- `deputies_sync`: the DepWeb deputies view → `Deputy` (UNID) + `Membership` observed on the
  day of the fetch.

Every run is a `ScrapeRun` with counts. A page that fails to parse is quarantined with its bytes
and the run goes on; a roll call with an unknown deputy or failed check is quarantined, never
half-stored. Only a failure to fetch the starting page (calendar, CKAN list, deputies view)
stops a run: it is marked failed and the `FetchError` propagates, so the Celery task retries.

Pages may also be saved Playwright snapshots of the rendered page (the form in which the 2026
pages were archived); they are recognised by their first characters and read with the
snapshot parsers, so a saved archive can be replayed through the same pipeline.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from django.utils import timezone

from parvaipret.core.exceptions import ApplicationError
from parvaipret.ingest.deputies import deputies_observe
from parvaipret.ingest.errors import KIND_FETCH, KIND_PARSE
from parvaipret.ingest.factions import factions_ensure
from parvaipret.ingest.fetching import PageFetcher
from parvaipret.ingest.models import ScrapeRun
from parvaipret.ingest.names import DeputyResolver
from parvaipret.ingest.runs import RunLog
from parvaipret.ingest.terms import term_ensure
from parvaipret.ingest.votes import (
    PREPARE_ERRORS,
    RIGA,
    PreparedVote,
    bill_ids_for,
    failure_kind,
    failure_message,
    sitting_data,
    sitting_votes_store,
    vote_prepare,
)
from parvaipret.parliament.models import Sitting, Term, Vote
from scrapers.errors import FetchError, ParseError
from scrapers.http import FetchedPage
from scrapers.records.legislation import AgendaItemRecord, AgendaRecord
from scrapers.records.parliament import SittingKind, SittingRecord, VoteRecord
from scrapers.saeima.agenda import parse_agenda_html, parse_agenda_snapshot
from scrapers.saeima.calendar import parse_calendar
from scrapers.saeima.deputies import parse_deputy_list
from scrapers.saeima.opendata import parse_agenda_xml, parse_ckan_package, parse_vote_xml
from scrapers.saeima.urls import (
    agenda_url,
    calendar_url,
    ckan_package_show_url,
    deputies_url,
    vote_id_from_url,
)
from scrapers.saeima.votes import parse_vote, parse_vote_snapshot

logger = logging.getLogger(__name__)

Source = Literal["titania", "opendata", "both"]
Progress = Callable[[int, int, str], None]

# Sittings that hold no roll calls: their agendas are not fetched.
NO_ROLL_CALLS = frozenset({SittingKind.QUESTIONS, SittingKind.CEREMONIAL})
DEFAULT_LOOKBACK = dt.timedelta(days=14)


def _no_progress(done: int, total: int, label: str) -> None:
    return None


class RunStoppedError(Exception):
    """The starting page of a run could not be read; the error is already on the run."""


def is_snapshot(content: bytes) -> bool:
    """A saved Playwright accessibility snapshot (YAML-like lines "- role …"), not HTML."""
    return content.lstrip()[:2] == b"- "


def parse_vote_page(page: FetchedPage, *, term: int) -> VoteRecord:
    if is_snapshot(page.content):
        return parse_vote_snapshot(page.content, url=page.url, term=term)
    return parse_vote(page.content, url=page.url, term=term)


def parse_agenda_page(page: FetchedPage) -> AgendaRecord:
    if is_snapshot(page.content):
        return parse_agenda_snapshot(page.content.decode("utf-8"), url=page.url)
    return parse_agenda_html(page.content, url=page.url)


def riga_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(RIGA).date()


@dataclass(frozen=True, slots=True)
class Window:
    """The days a run looks at (both ends included)."""

    since: dt.date
    until: dt.date

    def holds(self, *days: dt.date) -> bool:
        return any(self.since <= day <= self.until for day in days)


def _window(since: dt.date | None, until: dt.date | None) -> Window:
    until = until or timezone.localdate()
    return Window(since=since or until - DEFAULT_LOOKBACK, until=until)


def _fetch(fetcher: PageFetcher, url: str, log: RunLog, *, n: int = 1) -> FetchedPage | None:
    """Fetch a page the run can do without: a failure is counted and the run goes on."""
    try:
        return fetcher.get(url)
    except FetchError as error:
        log.fail(source=url, kind=KIND_FETCH, message=error.reason, n=n)
        return None


# --- votes -------------------------------------------------------------------------------------


def votes_sync(
    *,
    fetcher: PageFetcher,
    term: int = 14,
    since: dt.date | None = None,
    until: dt.date | None = None,
    source: Source = "titania",
    dry_run: bool = False,
    sittings: Sequence[SittingRecord] | None = None,
    progress: Progress | None = None,
) -> ScrapeRun:
    """Pull the sittings held between `since` and `until` (default: the last 14 days) and their
    roll calls. `sittings` replaces the titania calendar (e.g. the derived calendar JSON)."""
    window = _window(since, until)
    log = RunLog(
        pipeline="votes_sync",
        params={
            "term": term,
            "since": window.since.isoformat(),
            "until": window.until.isoformat(),
            "source": source,
        },
        dry_run=dry_run,
    )
    try:
        with log.data_changes():
            term_row = term_ensure(log=log, number=term)
            if source in ("titania", "both"):
                _titania_votes(fetcher, log, term_row, window, sittings, progress or _no_progress)
            if source in ("opendata", "both"):
                _opendata_votes(fetcher, log, term_row, window, progress or _no_progress)
    except RunStoppedError:
        return log.finish(status=ScrapeRun.Status.FAILED)
    except (FetchError, ApplicationError):
        log.finish(status=ScrapeRun.Status.FAILED)
        raise
    return log.finish()


def _titania_votes(
    fetcher: PageFetcher,
    log: RunLog,
    term: Term,
    window: Window,
    sittings: Sequence[SittingRecord] | None,
    progress: Progress,
) -> None:
    if sittings is None:
        page = fetcher.get(calendar_url(term.number))  # FetchError: the run cannot start
        try:
            sittings = parse_calendar(page.content, url=page.url, term=term.number)
        except ParseError as error:
            log.fail(source=page.url, kind=KIND_PARSE, message=error.reason, content=page.content)
            raise RunStoppedError from error
    chosen = [s for s in sittings if s.term == term.number and window.holds(s.date, *s.dates)]
    for index, sitting in enumerate(chosen, start=1):
        progress(index - 1, len(chosen), f"sitting {sitting.date:%d.%m.%Y}")
        sitting_titania_sync(fetcher=fetcher, log=log, term=term, sitting=sitting)
    progress(len(chosen), len(chosen), "done")


def _agenda_label(item: AgendaItemRecord, record: VoteRecord) -> str | None:
    """The item's outcome label belongs to the roll call whose tallies the agenda prints."""
    tally = (item.votes_for, item.votes_against, item.votes_abstain)
    if item.outcome and tally == (record.votes_for, record.votes_against, record.votes_abstain):
        return item.outcome
    return None


def sitting_titania_sync(
    *, fetcher: PageFetcher, log: RunLog, term: Term, sitting: SittingRecord
) -> None:
    """One titania sitting: upsert it, read its agenda, ingest each vote page on its own."""
    stored = sitting_votes_store(
        log=log,
        sitting=sitting_data(
            term=term,
            date=sitting.date,
            external_id=sitting.external_id,
            kind=sitting.kind,
            source_url=sitting.url,
        ),
        votes=[],
    )
    if stored is None or sitting.kind in NO_ROLL_CALLS:
        return
    page = _fetch(fetcher, agenda_url(term.number, sitting.external_id), log)
    if page is None:
        return
    try:
        agenda = parse_agenda_page(page)
    except ParseError as error:
        log.fail(source=page.url, kind=KIND_PARSE, message=error.reason, content=page.content)
        return
    resolver = DeputyResolver(term=term)
    for item in agenda.items:
        for url in item.vote_urls:
            vote_page_sync(
                fetcher=fetcher,
                log=log,
                term=term,
                url=url,
                sitting=stored,
                item=item,
                resolver=resolver,
            )


def vote_page_sync(
    *,
    fetcher: PageFetcher,
    log: RunLog,
    term: Term,
    url: str,
    sitting: Sitting | None = None,
    item: AgendaItemRecord | None = None,
    resolver: DeputyResolver | None = None,
) -> None:
    """One titania vote page, in its own transaction; skipped when its bytes are unchanged."""
    page = _fetch(fetcher, url, log)
    if page is None:
        return
    if log.page_unchanged(page) and not _label_pending(url, item):
        log.count("noop")
        return
    try:
        record = parse_vote_page(page, term=term.number)
    except ParseError as error:
        log.fail(source=page.url, kind=KIND_PARSE, message=error.reason, content=page.content)
        log.page_seen(page, ok=False)
        return
    _factions_for([record], term, log)
    resolver = resolver or DeputyResolver(term=term)
    try:
        prepared = vote_prepare(
            record=record,
            term=term,
            resolver=resolver,
            outcome_label=_agenda_label(item, record) if item else None,
            fetched_at=page.fetched_at,
            checksum=page.sha256 or "",
        )
    except PREPARE_ERRORS as error:
        log.fail(
            source=page.url,
            kind=failure_kind(error),
            message=failure_message(error),
            content=page.content,
        )
        log.page_seen(page, ok=False)
        return
    failed_before = log.counts["failed"]
    sitting_votes_store(log=log, sitting=sitting, votes=[prepared])
    log.page_seen(page, ok=log.counts["failed"] == failed_before)


def _label_pending(url: str, item: AgendaItemRecord | None) -> bool:
    """An unchanged vote page is still read when the agenda now has a label the vote lacks."""
    vote_id = vote_id_from_url(url)
    if item is None or not item.outcome or vote_id is None:
        return False
    return Vote.objects.filter(external_id=vote_id, outcome_label="").exists()


def _factions_for(records: Sequence[VoteRecord], term: Term, log: RunLog) -> None:
    """Create the factions a roll call prints that the known-factions table can name."""
    codes = {b.faction_short for r in records for b in r.ballots}
    for _faction, outcome in factions_ensure(term=term, codes=codes):
        log.count(outcome)


def _opendata_votes(
    fetcher: PageFetcher, log: RunLog, term: Term, window: Window, progress: Progress
) -> None:
    package = fetcher.get(ckan_package_show_url())  # FetchError: the run cannot start
    try:
        files = parse_ckan_package(package.content, url=package.url)
    except ParseError as error:
        log.fail(source=package.url, kind=KIND_PARSE, message=error.reason, content=package.content)
        raise RunStoppedError from error
    chosen = []
    for group in files:
        if group.term != term.number or group.vote is None:
            continue
        created = [f.created for f in (group.dkp, group.vote) if f is not None and f.created]
        if created and max(created)[:10] < window.since.isoformat():
            continue  # published before the window: an older sitting
        if group.year is not None and group.year < window.since.year:
            continue
        chosen.append(group)
    for index, group in enumerate(chosen, start=1):
        progress(index - 1, len(chosen), group.prefix)
        sitting_opendata_sync(
            fetcher=fetcher,
            log=log,
            term=term,
            vote_url=group.vote.url,
            dkp_url=group.dkp.url if group.dkp else None,
            window=window,
        )
    progress(len(chosen), len(chosen), "done")


def sitting_opendata_sync(
    *,
    fetcher: PageFetcher,
    log: RunLog,
    term: Term,
    vote_url: str,
    dkp_url: str | None,
    window: Window | None = None,
) -> None:
    """One data.gov.lv sitting (`-dkp.xml` + `-vote.xml`) in one transaction."""
    agenda = None
    if dkp_url:
        # The agenda adds the sitting's date, kind and the outcome labels; without it the roll
        # calls are still stored (the error stays on the run).
        try:
            dkp = fetcher.get(dkp_url)
        except FetchError as error:
            log.error(source=dkp_url, kind=KIND_FETCH, message=f"{error.reason}; votes kept")
            dkp = None
        if dkp is not None:
            try:
                agenda = parse_agenda_xml(dkp.content, url=dkp.url)
            except ParseError as error:
                log.error(source=dkp.url, kind=KIND_PARSE, message=f"{error.reason}; votes kept")
                log.quarantine(url=dkp.url, content=dkp.content, error=error.reason)
        if window is not None and agenda and agenda.date and not window.holds(agenda.date):
            return
    page = _fetch(fetcher, vote_url, log)
    if page is None:
        return
    try:
        votes = parse_vote_xml(page.content, url=page.url, term=term.number)
    except ParseError as error:
        log.fail(source=page.url, kind=KIND_PARSE, message=error.reason, content=page.content)
        return
    if agenda is not None and votes.sitting_id and votes.sitting_id.lower() != agenda.external_id:
        log.fail(
            source=page.url,
            kind=KIND_PARSE,
            message=f"DK_ID {votes.sitting_id} of the votes is not the agenda's "
            f"{agenda.external_id} ({dkp_url})",
            content=page.content,
            n=len(votes.votes),
        )
        return
    for rejected in votes.rejected:
        log.fail(
            source=f"{page.url} VOTING_ID {rejected.external_id}",
            kind=KIND_PARSE,
            message=rejected.reason,
        )
    if votes.rejected:
        log.quarantine(
            url=page.url,
            content=page.content,
            error="; ".join(r.reason for r in votes.rejected),
        )
    if not votes.votes:
        return
    day = agenda.date if agenda and agenda.date else riga_day(votes.votes[0].timestamp)
    if window is not None and not window.holds(day):
        return
    items = {item.external_id: item for item in agenda.items} if agenda else {}
    _factions_for(votes.votes, term, log)
    resolver = DeputyResolver(term=term)
    bill_ids = bill_ids_for(votes.votes)
    prepared: list[PreparedVote] = []
    for record in votes.votes:
        item = items.get(record.agenda_item_id or "")
        label = None
        if (
            item is not None
            and item.result
            and (item.votes_for, item.votes_against, item.votes_abstain)
            == (record.votes_for, record.votes_against, record.votes_abstain)
        ):
            label = item.result
        try:
            prepared.append(
                vote_prepare(
                    record=record,
                    term=term,
                    resolver=resolver,
                    id_kind="opendata",
                    outcome_label=label,
                    fetched_at=page.fetched_at,
                    checksum=page.sha256 or "",
                    bill_ids=bill_ids,
                )
            )
        except PREPARE_ERRORS as error:
            log.fail(
                source=f"{page.url} VOTING_ID {record.external_id}",
                kind=failure_kind(error),
                message=failure_message(error),
                content=page.content,
            )
    sitting = sitting_data(
        term=term,
        date=day,
        opendata_id=agenda.external_id if agenda else votes.sitting_id,
        kind=agenda.kind if agenda else None,
        source_url=dkp_url or page.url,
        fetched_at=page.fetched_at,
    )
    sitting_votes_store(log=log, sitting=sitting, votes=prepared)


# --- deputies ----------------------------------------------------------------------------------


def deputies_sync(*, fetcher: PageFetcher, term: int = 14, dry_run: bool = False) -> ScrapeRun:
    """The DepWeb deputies view → deputies and their faction, observed on the day of the fetch."""
    log = RunLog(pipeline="deputies_sync", params={"term": term}, dry_run=dry_run)
    try:
        with log.data_changes():
            term_row = term_ensure(log=log, number=term)
            page = fetcher.get(deputies_url(term))
            try:
                records = parse_deputy_list(page.content, url=page.url)
            except ParseError as error:
                log.fail(
                    source=page.url, kind=KIND_PARSE, message=error.reason, content=page.content
                )
                raise RunStoppedError from error
            deputies_observe(
                log=log,
                term=term_row,
                records=records,
                on=riga_day(page.fetched_at),
                fetched_at=page.fetched_at,
                checksum=page.sha256 or "",
            )
    except RunStoppedError:
        return log.finish(status=ScrapeRun.Status.FAILED)
    except (FetchError, ApplicationError):
        log.finish(status=ScrapeRun.Status.FAILED)
        raise
    return log.finish()
