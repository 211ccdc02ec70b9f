"""`python manage.py scrape_votes --since 2026-04-01 --term 14 [--dry-run] [--save-raw DIR]`.

The same work as the weekly Celery task, by hand: calendar → sittings → vote pages (titania)
and/or the data.gov.lv XML files, with a progress bar on stderr.
"""

import datetime as dt
from pathlib import Path
from typing import TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from parvaipret.ingest.fetching import default_fetcher
from parvaipret.ingest.models import ScrapeRun
from parvaipret.ingest.pipelines import votes_sync
from scrapers.errors import FetchError


class ProgressBar:
    """A one-line text progress bar, redrawn in place on a terminal (plain lines otherwise)."""

    def __init__(self, stream: TextIO | OutputWrapper, *, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.interactive = stream.isatty()

    def _write(self, text: str) -> None:
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")
        else:
            self.stream.write(text)

    def __call__(self, done: int, total: int, label: str) -> None:
        filled = self.width * done // total if total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"[{bar}] {done}/{total} {label}"
        if self.interactive:
            self._write(f"\r{line[:100]:<100}")
            if done >= total:
                self._write("\n")
        else:
            self._write(line + "\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Pull Saeima sittings and roll calls since a date (titania and/or data.gov.lv)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since",
            type=dt.date.fromisoformat,
            help="first sitting day, YYYY-MM-DD (default: 14 days ago)",
        )
        parser.add_argument(
            "--until", type=dt.date.fromisoformat, help="last sitting day (default: today)"
        )
        parser.add_argument("--term", type=int, default=14, help="Saeima number (default 14)")
        parser.add_argument(
            "--source",
            choices=["titania", "opendata", "both"],
            default="titania",
            help="titania vote pages (same day), data.gov.lv XML (a day later), or both",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="fetch, parse and count; store nothing"
        )
        parser.add_argument(
            "--save-raw",
            type=Path,
            metavar="DIR",
            help="save every raw response (with a .meta.json) so it can become a test fixture",
        )

    def handle(self, *args, since, until, term, source, dry_run, save_raw, **options) -> None:
        fetcher = default_fetcher(save_dir=save_raw)
        try:
            run = votes_sync(
                fetcher=fetcher,
                term=term,
                since=since,
                until=until,
                source=source,
                dry_run=dry_run,
                progress=ProgressBar(self.stderr),
            )
        except FetchError as error:
            raise CommandError(f"could not fetch {error.url}: {error.reason}") from error
        self.stdout.write(
            f"scrape_votes: {run.inserted} inserted, {run.updated} updated, "
            f"{run.unchanged} unchanged, {run.failed} failed ({run.get_status_display()}"
            f"{', dry run: nothing stored' if dry_run else ''})"
        )
        for error in run.errors.all():
            self.stderr.write(f"  {error.kind}: {error.source}: {error.message}")
        if run.status == ScrapeRun.Status.FAILED:
            raise CommandError("the run failed")
