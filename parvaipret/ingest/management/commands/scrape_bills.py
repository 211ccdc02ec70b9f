"""`python manage.py scrape_bills --term 14 [--number 1292/Lp14 …] [--from-votes] [--dry-run]
[--save-raw DIR]`.

The same work as the daily Celery task, by hand: bill and decision cards (and decision texts),
votes linked to bills and stages, and the recent agendas' outcome labels; a progress bar on
stderr.
"""

import datetime as dt
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parvaipret.core.exceptions import ApplicationError
from parvaipret.ingest.bills import bills_sync
from parvaipret.ingest.fetching import default_fetcher
from parvaipret.ingest.management.commands.scrape_votes import ProgressBar
from parvaipret.ingest.models import ScrapeRun


class Command(BaseCommand):
    help = "Read Saeima bill and decision cards into bills and their stages."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--term", type=int, default=14, help="Saeima number (default 14)")
        parser.add_argument(
            "--number",
            action="append",
            dest="numbers",
            metavar="NUMBER",
            help="a document number like 1292/Lp14 or 953/Lm14 (repeatable)",
        )
        parser.add_argument(
            "--from-votes",
            action="store_true",
            help="every bill and decision the term's stored roll calls vote on",
        )
        parser.add_argument(
            "--since",
            type=dt.date.fromisoformat,
            help="default selection and agendas: from this day (default 14 days ago)",
        )
        parser.add_argument(
            "--until", type=dt.date.fromisoformat, help="agendas: until this day (default today)"
        )
        parser.add_argument(
            "--no-agendas", action="store_true", help="do not read the agendas' outcome labels"
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

    def handle(
        self,
        *args,
        term,
        numbers,
        from_votes,
        since,
        until,
        no_agendas,
        dry_run,
        save_raw,
        **options,
    ) -> None:
        if numbers and from_votes:
            raise CommandError("give --number or --from-votes, not both")
        try:
            run = bills_sync(
                fetcher=default_fetcher(save_dir=save_raw),
                term=term,
                numbers=numbers,
                from_votes=from_votes,
                since=since,
                until=until,
                agendas=False if no_agendas else None,
                dry_run=dry_run,
                progress=ProgressBar(sys.stderr),
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"scrape_bills: {run.inserted} inserted, {run.updated} updated, "
            f"{run.unchanged} unchanged, {run.failed} failed ({run.get_status_display()}"
            f"{', dry run: nothing stored' if dry_run else ''})"
        )
        for error in run.errors.all():
            self.stderr.write(f"  {error.kind}: {error.source}: {error.message}")
        if run.status == ScrapeRun.Status.FAILED:
            raise CommandError("the run failed")
