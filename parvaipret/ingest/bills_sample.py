"""The bundled real legislation sample (`parvaipret/legislation/fixtures/`), loaded through the
same pipelines as live data: decisions known from vote motives, two real LIVS cards (served by
`BundledPages` in place of the network), the agenda's outcome labels and the initiatives file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

import parvaipret
from parvaipret.ingest.bills import bills_sync
from parvaipret.ingest.initiatives import initiatives_import
from parvaipret.ingest.models import ScrapeRun
from parvaipret.ingest.runs import RunLog
from parvaipret.ingest.terms import term_ensure
from parvaipret.legislation.services import bill_upsert
from parvaipret.parliament.services import Provenance
from scrapers.errors import FetchError
from scrapers.http import FetchedPage
from scrapers.records.legislation import BillRecord, DocumentKind, livs_number_parts
from scrapers.saeima.motives import parse_motive

LEGISLATION_FIXTURES = Path(parvaipret.__file__).resolve().parent / "legislation" / "fixtures"
MOTIVES_FILE = "collective_submission_decisions.json"
PAGES_FILE = "pages.json"
INITIATIVES_FILE = "initiatives.csv"


class BundledPages:
    """A fetcher (`get(url) -> FetchedPage`) that serves saved pages instead of the network.

    `pages` maps each URL to a file. The pages carry their sha256 but no fetch time (None): when
    a saved copy was fetched is not known. A URL without a file raises `FetchError` (HTTP 404).
    """

    def __init__(self, pages: Mapping[str, Path]) -> None:
        self.pages = dict(pages)
        self.requested: list[str] = []

    def get(self, url: str) -> FetchedPage:
        self.requested.append(url)
        path = self.pages.get(url)
        if path is None:
            raise FetchError(url, "HTTP 404 (no bundled copy)")
        content = path.read_bytes()
        return FetchedPage(
            url=url,
            status=200,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            fetched_at=None,  # type: ignore[arg-type]  # unknown for a bundled copy
            not_modified=False,
        )


def motive_decision_record(*, motive: str, source_url: str = "") -> BillRecord:
    """A decision known only from a roll call's motive: its number and title, nothing else."""
    info = parse_motive(motive)
    if info.document_number is None or not info.title:
        raise ValueError(f"the motive names no document: {motive!r}")
    _n, kind, term = livs_number_parts(info.document_number)
    if kind is not DocumentKind.DECISION:
        raise ValueError(f"{info.document_number} is not a decision")
    return BillRecord(
        number=info.document_number,
        term=term,
        kind=kind,
        title=info.title,
        submitters=(),
        rapporteurs=(),
        responsible_committee=None,
        addressee=None,
        stages=(),
        status=None,
        outcome=None,
        source_url=source_url,
    )


def decisions_from_motives_load(*, path: Path, term: int = 14) -> ScrapeRun:
    """Upsert the decisions listed in `collective_submission_decisions.json`."""
    log = RunLog(pipeline="decisions_from_motives", params={"file": _relative(path)})
    term_row = term_ensure(log=log, number=term)
    for entry in json.loads(path.read_text(encoding="utf-8"))["decisions"]:
        record = motive_decision_record(motive=entry["motive"], source_url=entry["source_url"])
        with transaction.atomic():
            result = bill_upsert(
                record=record,
                term=term_row,
                provenance=Provenance(source_url=entry["source_url"]),
            )
        for outcome, n in result.counts.items():
            log.count(outcome, n)
    return log.finish()


def _relative(path: Path) -> str:
    """A path as the repository names it (stable across machines, shown as a record's source)."""
    try:
        return str(path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True, slots=True)
class SampleLoad:
    runs: tuple[ScrapeRun, ...]

    @property
    def failed(self) -> int:
        return sum(run.failed for run in self.runs)


def legislation_sample_load(*, folder: Path = LEGISLATION_FIXTURES) -> SampleLoad:
    """Load the bundled legislation sample (see the folder's README); idempotent."""
    manifest = json.loads((folder / PAGES_FILE).read_text(encoding="utf-8"))
    fetcher = BundledPages({url: folder / name for url, name in manifest["pages"].items()})
    day = dt.date.fromisoformat(manifest["sitting_date"])
    decisions = decisions_from_motives_load(path=folder / MOTIVES_FILE)
    cards = bills_sync(
        fetcher=fetcher, numbers=manifest["bills"], agendas=True, since=day, until=day
    )
    initiatives_path = folder / INITIATIVES_FILE
    initiatives = initiatives_import(
        content=initiatives_path.read_bytes(), name=_relative(initiatives_path)
    )
    return SampleLoad(runs=(decisions, cards, initiatives))
