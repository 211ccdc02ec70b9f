"""`python manage.py exports_rebuild [--term 14 ...]`: rewrite the open-data exports now."""

from django.core.management.base import BaseCommand, CommandParser

from parvaipret.insights.services import exports_dir, exports_rebuild


class Command(BaseCommand):
    help = "Rewrite the bulk exports (CSV dump layout and JSON per term, question totals)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--term",
            type=int,
            action="append",
            dest="terms",
            help="Saeima number (repeatable; default: every term with votes)",
        )

    def handle(self, *args, terms: list[int] | None, **options) -> None:
        files = exports_rebuild(terms=terms)
        for item in files:
            self.stdout.write(f"{exports_dir() / item.name}: {item.size} bytes")
