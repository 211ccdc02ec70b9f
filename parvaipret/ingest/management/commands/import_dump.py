"""`python manage.py import_dump DIR`: load a dump folder (see docs/dump.md).

A folder written by export_dump (with the table files) is restored table by table; a folder with
only deputies.csv, votes.csv and ballots.csv (the bundled sample) is read as roll calls.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parvaipret.ingest.dump import BUNDLED_CALENDAR
from parvaipret.ingest.dump_restore import dump_import_all
from parvaipret.ingest.models import ScrapeRun


class Command(BaseCommand):
    help = "Import a dump folder in the project's layout (idempotent: a re-run changes nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            type=Path,
            help="folder written by export_dump, or with deputies.csv, votes.csv, ballots.csv",
        )
        parser.add_argument(
            "--calendar",
            type=Path,
            default=BUNDLED_CALENDAR,
            help="sittings calendar JSON giving each sitting its titania id and kind, for a "
            "folder of roll calls only (default: the bundled 14th-Saeima calendar)",
        )
        parser.add_argument("--no-calendar", action="store_true", help="do not read a calendar")
        parser.add_argument("--dry-run", action="store_true", help="check and count, store nothing")

    def handle(
        self, *args, path: Path, calendar: Path, no_calendar: bool, dry_run: bool, **options
    ):
        if not path.is_dir():
            raise CommandError(f"{path} is not a folder")
        run = dump_import_all(
            path=path, calendar=None if no_calendar else calendar, dry_run=dry_run
        )
        self.stdout.write(
            f"import_dump {path}: {run.inserted} inserted, {run.updated} updated, "
            f"{run.unchanged} unchanged, {run.failed} failed ({run.get_status_display()}"
            f"{', dry run' if dry_run else ''})"
        )
        for error in run.errors.all():
            self.stderr.write(f"  {error.kind}: {error.source}: {error.message}")
        if run.status == ScrapeRun.Status.FAILED:
            raise CommandError("the dump could not be imported")
