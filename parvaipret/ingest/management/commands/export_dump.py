"""`python manage.py export_dump DIR`: write the database's public data as a dump folder.

The folder gets deputies.csv, votes.csv and ballots.csv (one term's roll calls in the project's
original layout), one CSV file per public table and a README.md (see docs/dump.md).
"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from parvaipret.ingest.dump import dump_export
from parvaipret.ingest.dump_tables import dump_export_all


class Command(BaseCommand):
    help = "Export the public data: one term's roll calls in the dump layout, and every table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="folder to write (created if missing)")
        parser.add_argument(
            "--term", type=int, default=14, help="Saeima number of the roll-call files (14)"
        )
        parser.add_argument(
            "--since", type=dt.date.fromisoformat, help="roll-call files: first day, YYYY-MM-DD"
        )
        parser.add_argument(
            "--until", type=dt.date.fromisoformat, help="roll-call files: last day, YYYY-MM-DD"
        )
        parser.add_argument(
            "--roll-calls-only",
            action="store_true",
            help="write only deputies.csv, votes.csv and ballots.csv, not the tables",
        )

    def handle(
        self, *args, path: Path, term: int, since, until, roll_calls_only: bool, **options
    ) -> None:
        if roll_calls_only:
            result = dump_export(path=path, term=term, since=since, until=until)
        else:
            full = dump_export_all(path=path, term=term, since=since, until=until)
            result = full.roll_calls
        self.stdout.write(
            f"export_dump {path}: {result.deputies} deputies, {result.votes} votes, "
            f"{result.ballots} ballots"
        )
        if not roll_calls_only:
            for name, count in full.rows.items():
                self.stdout.write(f"  {name}: {count} rows")
