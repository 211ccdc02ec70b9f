"""votes_sync through a fetcher serving saved real pages (the 16.04.2026 agenda and vote pages).

The titania pages of that sitting were saved as rendered snapshots; 30 of its 39 vote pages were
saved, so the other 9 are "not found" and show up as fetch errors on every run.
"""

from __future__ import annotations

import datetime as dt

import pytest

from parvaipret.ingest.dump import BUNDLED_SAMPLE, dump_import
from parvaipret.ingest.errors import KIND_FETCH, KIND_PARSE, KIND_UNKNOWN_DEPUTY
from parvaipret.ingest.models import QuarantinedPage, RunError, ScrapeRun, SourcePage
from parvaipret.ingest.pipelines import votes_sync
from parvaipret.parliament.models import Ballot, Deputy, Sitting, Vote
from scrapers.saeima.urls import agenda_url, vote_live_url
from tests.ingest.conftest import (
    AGENDA_SNAPSHOT,
    SITTING_2026_04_16,
    SavedPages,
    saved_vote_pages,
    sitting_2026_04_16,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 4, 16)
AGENDA_URL = agenda_url(14, SITTING_2026_04_16)
REFERRAL_1292 = "e8ee3055-f869-4dba-80ee-07c13a4617dd"
LAW_1269 = "b67dd118-caf3-4e55-9c03-35655e901626"


def _pages(**overrides: bytes) -> SavedPages:
    pages = {AGENDA_URL: AGENDA_SNAPSHOT.read_bytes(), **saved_vote_pages()}
    pages.update(overrides)
    return SavedPages(pages)


def _sync(fetcher: SavedPages, **options) -> ScrapeRun:
    return votes_sync(
        fetcher=fetcher,
        term=14,
        since=DAY,
        until=DAY,
        sittings=[sitting_2026_04_16()],
        **options,
    )


def test_votes_sync_stores_every_saved_vote_page_of_the_sitting(roster_2026_04_16):
    fetcher = _pages()
    run = _sync(fetcher)

    assert Vote.objects.count() == 30
    assert Ballot.objects.count() == 2670
    sitting = Sitting.objects.get()
    assert (sitting.external_id, sitting.date, sitting.kind) == (SITTING_2026_04_16, DAY, "regular")
    assert sitting.source_url == AGENDA_URL
    # the agenda links 39 roll calls; 9 of their pages were not saved
    assert fetcher.requested[0] == AGENDA_URL
    assert len(fetcher.requested) == 1 + 39
    assert run.failed == 9
    assert set(RunError.objects.filter(run=run).values_list("kind", flat=True)) == {KIND_FETCH}
    assert run.status == ScrapeRun.Status.PARTIAL
    # term noop (created by the roster fixture) + sitting + 30 votes
    assert (run.inserted, run.updated, run.unchanged) == (31, 0, 1)


def test_votes_sync_keeps_provenance_and_the_agenda_outcome_label(roster_2026_04_16):
    _sync(_pages())

    vote = Vote.objects.get(external_id=REFERRAL_1292)
    assert vote.source_url == vote_live_url(14, REFERRAL_1292)
    assert vote.fetched_at == dt.datetime(2026, 4, 16, 21, 30, tzinfo=dt.UTC)
    assert len(vote.checksum) == 64
    assert (vote.outcome_label, vote.outcome) == ("Noraidīts", "rejected")
    assert (vote.for_count, vote.against_count, vote.abstain_count) == (21, 44, 12)
    law = Vote.objects.get(external_id=LAW_1269)
    assert (law.outcome_label, law.outcome, law.reading, law.is_urgent) == (
        "Likums",
        "adopted",
        "2",
        True,
    )
    assert vote.timestamp == dt.datetime(2026, 4, 16, 6, 21, 3, tzinfo=dt.UTC)


def test_votes_sync_twice_changes_nothing(roster_2026_04_16):
    _sync(_pages())
    before = list(Ballot.objects.order_by("pk").values_list("pk", "choice", "faction_id"))

    second = _sync(_pages())

    assert (second.inserted, second.updated) == (0, 0)
    assert second.unchanged == 1 + 1 + 30  # term, sitting, 30 unchanged vote pages
    assert second.failed == 9  # the same 9 pages are still not saved
    assert list(Ballot.objects.order_by("pk").values_list("pk", "choice", "faction_id")) == before
    assert SourcePage.objects.filter(processed_ok=True).count() == 30


def test_votes_sync_quarantines_a_malformed_page_and_stores_the_rest(roster_2026_04_16):
    url = vote_live_url(14, REFERRAL_1292)
    real = saved_vote_pages()[url]
    # Test input: the real page cut off after its first 3,000 bytes (the ballot table is lost).
    truncated = real[:3000]

    run = _sync(_pages(**{url: truncated}))

    assert Vote.objects.count() == 29
    assert not Vote.objects.filter(external_id=REFERRAL_1292).exists()
    error = RunError.objects.get(run=run, kind=KIND_PARSE)
    assert error.source == url
    page = QuarantinedPage.objects.get(run=run)
    assert (page.url, bytes(page.content)) == (url, truncated)
    assert run.failed == 9 + 1
    assert not SourcePage.objects.get(url=url).processed_ok


def test_votes_sync_quarantines_a_vote_with_an_unknown_deputy(term14):
    """Only the 100 deputies of the 2026 DepWeb list are known: roll calls naming one of the
    16 others (substitutes, ministers' seats) are quarantined whole, none half-stored."""
    from parvaipret.ingest.pipelines import deputies_sync
    from scrapers.saeima.urls import deputies_url
    from tests.ingest.conftest import DEPWEB_LIST

    deputies_sync(fetcher=SavedPages({deputies_url(14): DEPWEB_LIST.read_bytes()}))
    run = _sync(_pages())

    unknown = RunError.objects.filter(run=run, kind=KIND_UNKNOWN_DEPUTY)
    assert unknown.count() == 30
    first = unknown.get(source=vote_live_url(14, REFERRAL_1292)).message
    # every name of that roll call missing from the DepWeb list is reported at once
    for name in ("Jānis Dombrava", "Uldis Augulis", "Ingrīda Circene", "Viesturs Zariņš"):
        assert f"is named '{name}'" in first
    assert Vote.objects.count() == 0
    assert Ballot.objects.count() == 0
    assert Deputy.objects.count() == 100
    assert QuarantinedPage.objects.filter(run=run).count() == 30


def test_votes_sync_after_the_dump_only_adds_the_agenda_labels():
    """The dump and the titania pages are the same roll calls: the second source finds them by
    their ids, changes no ballot and fills in only what the dump lacks (the outcome labels)."""
    dump_import(path=BUNDLED_SAMPLE)
    ballots = list(Ballot.objects.order_by("pk").values_list("pk", "choice", "faction_id"))

    run = _sync(_pages())

    assert Vote.objects.count() == 30
    assert run.inserted == 0
    assert run.updated == 30
    assert list(Ballot.objects.order_by("pk").values_list("pk", "choice", "faction_id")) == ballots
    assert Vote.objects.filter(outcome_label="").count() == 0


def test_votes_sync_dry_run_stores_nothing(roster_2026_04_16):
    run = _sync(_pages(), dry_run=True)

    assert run.dry_run
    assert run.inserted == 31
    assert Vote.objects.count() == 0
    assert Sitting.objects.count() == 0
    assert RunError.objects.filter(run=run).count() == 9


def test_votes_sync_skips_sittings_outside_the_window(roster_2026_04_16):
    fetcher = _pages()
    run = votes_sync(
        fetcher=fetcher,
        term=14,
        since=dt.date(2026, 4, 17),
        until=dt.date(2026, 4, 30),
        sittings=[sitting_2026_04_16()],
    )

    assert fetcher.requested == []
    assert (run.inserted, run.failed, run.status) == (0, 0, ScrapeRun.Status.OK)


def test_votes_sync_rereads_an_unchanged_page_when_the_agenda_brings_a_missing_label(
    roster_2026_04_16,
):
    _sync(_pages())
    # As if the first run had seen the agenda before its outcome labels were printed.
    Vote.objects.update(outcome_label="", outcome="")

    run = _sync(_pages())

    assert run.updated == 30
    assert Vote.objects.filter(outcome_label="").count() == 0
    assert Vote.objects.get(external_id=REFERRAL_1292).outcome == "rejected"
