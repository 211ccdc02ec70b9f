"""Load the bundled sample data, step by step, the way `make run` needs it.

Each step is another app's management command, so each kind of data is loaded one way only.
Every step is idempotent: running `make run` twice changes nothing.
"""

from pathlib import Path

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

import parvaipret

BUNDLED = Path(parvaipret.__file__).resolve().parent / "ingest" / "fixtures"

# (command, arguments, what it loads)
STEPS: list[tuple[str, list[str], str]] = [
    ("import_dump", [str(BUNDLED / "saeima14-2026-04-16")], "the real 16 April 2026 sitting"),
    (
        "load_sample_legislation",
        [],
        "real bills 1292/Lp14, 953/Lm14 and collective submissions 928/Lm14, 936/Lm14",
    ),
    ("load_sample_questions", [], "sample questions (editors' wording) for 8 of those votes"),
    # Keep last: links a DEMO account to a real deputy of the data loaded above.
    (
        "create_demo_accounts",
        ["--skip-without-debug"],
        "clearly-labelled DEMO accounts (DEBUG only)",
    ),
]


class Command(BaseCommand):
    help = "Load the bundled real Saeima sample (and any clearly-labelled demo data)."

    def handle(self, *args, **options) -> None:
        known = get_commands()
        for command, arguments, what in STEPS:
            if command not in known:
                raise CommandError(f"load_sample: the command {command!r} does not exist")
            self.stdout.write(f"loading {what} ({command})")
            call_command(command, *arguments, stdout=self.stdout, stderr=self.stderr)
