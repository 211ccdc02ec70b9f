"""`python manage.py scrape_initiative URL [--dry-run] [--save-raw DIR]`: read one ManaBalss.lv
initiative page (`https://manabalss.lv/{slug}/show`) into an initiative."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parvaipret.ingest.fetching import default_fetcher
from parvaipret.ingest.initiatives import initiative_scrape
from parvaipret.ingest.models import ScrapeRun


class Command(BaseCommand):
    help = "Read one ManaBalss.lv initiative page."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url")
        parser.add_argument("--dry-run", action="store_true", help="fetch and parse; store nothing")
        parser.add_argument("--save-raw", type=Path, metavar="DIR", help="keep the raw response")

    def handle(self, *args, url: str, dry_run: bool, save_raw, **options) -> None:
        run = initiative_scrape(
            fetcher=default_fetcher(save_dir=save_raw), url=url, dry_run=dry_run
        )
        self.stdout.write(
            f"scrape_initiative: {run.inserted} inserted, {run.updated} updated, "
            f"{run.unchanged} unchanged, {run.failed} failed"
        )
        for error in run.errors.all():
            self.stderr.write(f"  {error.kind}: {error.source}: {error.message}")
        if run.status != ScrapeRun.Status.OK:
            raise CommandError("the page could not be read")
