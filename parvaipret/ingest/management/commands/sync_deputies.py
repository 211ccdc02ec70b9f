"""`python manage.py sync_deputies [--term 14] [--dry-run] [--save-raw DIR]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parvaipret.ingest.fetching import default_fetcher
from parvaipret.ingest.models import ScrapeRun
from parvaipret.ingest.pipelines import deputies_sync
from scrapers.errors import FetchError


class Command(BaseCommand):
    help = "Read the titania DepWeb deputies view: deputies and their faction as of today."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--term", type=int, default=14, help="Saeima number (default 14)")
        parser.add_argument("--dry-run", action="store_true", help="count, store nothing")
        parser.add_argument("--save-raw", type=Path, metavar="DIR", help="save the raw response")

    def handle(self, *args, term: int, dry_run: bool, save_raw, **options) -> None:
        try:
            run = deputies_sync(
                fetcher=default_fetcher(save_dir=save_raw), term=term, dry_run=dry_run
            )
        except FetchError as error:
            raise CommandError(f"could not fetch {error.url}: {error.reason}") from error
        self.stdout.write(
            f"sync_deputies: {run.inserted} inserted, {run.updated} updated, "
            f"{run.unchanged} unchanged, {run.failed} failed ({run.get_status_display()})"
        )
        for error in run.errors.all():
            self.stderr.write(f"  {error.kind}: {error.source}: {error.message}")
        if run.status == ScrapeRun.Status.FAILED:
            raise CommandError("the run failed")
