"""`python manage.py export_dump DIR`: write deputies.csv, votes.csv, ballots.csv of a term."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from parvaipret.ingest.dump import dump_export


class Command(BaseCommand):
    help = "Export the roll calls of a term in the project's dump layout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="folder to write (created if missing)")
        parser.add_argument("--term", type=int, default=14, help="Saeima number (default 14)")
        parser.add_argument("--since", type=dt.date.fromisoformat, help="first day, YYYY-MM-DD")
        parser.add_argument("--until", type=dt.date.fromisoformat, help="last day, YYYY-MM-DD")

    def handle(self, *args, path: Path, term: int, since, until, **options) -> None:
        result = dump_export(path=path, term=term, since=since, until=until)
        self.stdout.write(
            f"export_dump {path}: {result.deputies} deputies, {result.votes} votes, "
            f"{result.ballots} ballots"
        )
