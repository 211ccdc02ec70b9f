"""The scrape_votes and sync_deputies commands: the pipelines by hand, with a progress bar."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command

import pytest

from parvaipret.ingest.management.commands import scrape_votes, sync_deputies
from parvaipret.ingest.management.commands.scrape_votes import ProgressBar
from parvaipret.ingest.models import ScrapeRun
from parvaipret.parliament.models import Vote
from scrapers.saeima.urls import deputies_url
from tests.ingest.conftest import DEPWEB_LIST, SavedPages
from tests.ingest.test_opendata_pipeline import _fetcher as opendata_fetcher

pytestmark = pytest.mark.django_db


def test_scrape_votes_dry_run_reports_counts_and_draws_progress(
    monkeypatch, roster_2026_04_16, tmp_path
):
    used: dict[str, object] = {}

    def fetcher(*, save_dir=None):
        used["save_dir"] = save_dir
        return opendata_fetcher()

    monkeypatch.setattr(scrape_votes, "default_fetcher", fetcher)
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "scrape_votes",
        "--since=2026-04-01",
        "--until=2026-04-30",
        "--term=14",
        "--source=opendata",
        "--dry-run",
        f"--save-raw={tmp_path}",
        stdout=out,
        stderr=err,
    )

    assert "5 inserted, 0 updated, 1 unchanged, 3 failed" in out.getvalue()
    assert "dry run: nothing stored" in out.getvalue()
    assert "[" + "#" * 30 + "] 3/3 done" in err.getvalue()
    assert used["save_dir"] == Path(tmp_path)
    assert Vote.objects.count() == 0
    assert ScrapeRun.objects.get(pipeline="votes_sync").dry_run


def test_sync_deputies_command_stores_the_deputies(monkeypatch, db):
    pages = SavedPages({deputies_url(14): DEPWEB_LIST.read_bytes()})
    monkeypatch.setattr(sync_deputies, "default_fetcher", lambda **kwargs: pages)
    out = io.StringIO()

    call_command("sync_deputies", stdout=out, stderr=io.StringIO())

    assert "207 inserted, 0 updated, 0 unchanged, 0 failed" in out.getvalue()


def test_progress_bar_fills_with_the_work_done():
    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)

    bar(0, 4, "sitting 16.04.2026")
    bar(2, 4, "sitting 23.04.2026")
    bar(4, 4, "done")

    assert stream.getvalue().splitlines() == [
        "[----------] 0/4 sitting 16.04.2026",
        "[#####-----] 2/4 sitting 23.04.2026",
        "[##########] 4/4 done",
    ]
