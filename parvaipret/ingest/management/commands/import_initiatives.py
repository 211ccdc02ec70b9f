"""`python manage.py import_initiatives FILE [--dry-run]`: an editors' CSV or JSON file of
initiatives (docs/initiatives-file.md). Bad rows are listed with their row numbers; the good
rows are kept; importing the same file again changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parvaipret.ingest.initiatives import initiatives_import_path
from parvaipret.ingest.models import ScrapeRun


class Command(BaseCommand):
    help = "Import citizens' initiatives from a CSV or JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and count; store nothing")

    def handle(self, *args, file: Path, dry_run: bool, **options) -> None:
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        run = initiatives_import_path(path=file, dry_run=dry_run)
        self.stdout.write(
            f"import_initiatives: {run.inserted} inserted, {run.updated} updated, "
            f"{run.unchanged} unchanged, {run.failed} failed"
            f"{' (dry run: nothing stored)' if dry_run else ''}"
        )
        for error in run.errors.all():
            self.stderr.write(f"  {error.kind}: {error.message}")
        if run.status == ScrapeRun.Status.FAILED:
            raise CommandError("the file could not be read")
