"""Ingest tests: saved real pages served through the fetcher interface, never the network."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path

import pytest

from parvaipret.ingest.deputies import deputies_observe
from parvaipret.ingest.runs import RunLog
from parvaipret.ingest.terms import term_ensure
from parvaipret.parliament.models import Term
from scrapers.errors import FetchError
from scrapers.http import FetchedPage
from scrapers.records.parliament import SittingRecord
from scrapers.saeima.calendar import parse_sittings_json
from scrapers.saeima.deputies import parse_dump_deputies_csv
from scrapers.saeima.urls import vote_live_url

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAEIMA = FIXTURES / "saeima"
DUMP = SAEIMA / "dump-2026-04-16"
SNAPSHOTS = SAEIMA / "titania-snapshots-2026-04-16"
AGENDA_SNAPSHOT = FIXTURES / "legislation" / "titania_snapshot_agenda_2026-04-16.md"
CALENDAR_JSON = SAEIMA / "titania-derived" / "saeima14_sittings_calendar_2022-2026.json"
DEPWEB_LIST = SAEIMA / "titania" / "deputies-list_saeima14_depweb_public.html"

SITTING_2026_04_16 = "01945b61-73bb-4d34-bac1-5cd2db8d4ae1"
FETCHED_AT = dt.datetime(2026, 4, 16, 21, 30, tzinfo=dt.UTC)


class SavedPages:
    """A fetcher with `Fetcher.get`'s interface that serves saved real pages by URL.

    A URL without a saved page raises `FetchError` (HTTP 404), as the real fetcher would for a
    page that is not there; `requested` lists every URL asked for.
    """

    def __init__(self, pages: Mapping[str, bytes], *, fetched_at: dt.datetime = FETCHED_AT):
        self.pages = dict(pages)
        self.fetched_at = fetched_at
        self.requested: list[str] = []

    def get(self, url: str) -> FetchedPage:
        self.requested.append(url)
        if url not in self.pages:
            raise FetchError(url, "HTTP 404")
        content = self.pages[url]
        return FetchedPage(
            url=url,
            status=200,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            fetched_at=self.fetched_at,
            not_modified=False,
        )


def saved_vote_pages() -> dict[str, bytes]:
    """The 30 saved vote pages of 16.04.2026, under the URLs the agenda links them with."""
    return {
        vote_live_url(14, path.stem.removeprefix("vote_")): path.read_bytes()
        for path in sorted(SNAPSHOTS.glob("vote_*.md"))
    }


def sitting_2026_04_16() -> SittingRecord:
    """The real calendar entry of the sitting of 16 April 2026."""
    sittings = parse_sittings_json(CALENDAR_JSON.read_bytes(), url=str(CALENDAR_JSON))
    (sitting,) = [s for s in sittings if s.external_id == SITTING_2026_04_16]
    return sitting


@pytest.fixture
def term14(db) -> Term:
    return term_ensure(log=RunLog(pipeline="test", dry_run=True), number=14)


@pytest.fixture
def roster_2026_04_16(term14: Term) -> Term:
    """The 116 deputies of the dump's deputies.csv, observed on 16.04.2026 (no votes)."""
    records = parse_dump_deputies_csv(
        (DUMP / "deputies.csv").read_bytes(), url=str(DUMP / "deputies.csv")
    )
    deputies_observe(
        log=RunLog(pipeline="test", dry_run=True),
        term=term14,
        records=records,
        on=dt.date(2026, 4, 16),
    )
    return term14
