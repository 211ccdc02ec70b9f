"""`python manage.py load_sample_legislation`: the bundled real bills, decisions and collective
submissions (`parvaipret/legislation/fixtures/`, see its README), through the real pipelines.
Run after `import_dump` (the roll calls it links to); running it again changes nothing."""

from django.core.management.base import BaseCommand, CommandError

from parvaipret.ingest.bills_sample import legislation_sample_load


class Command(BaseCommand):
    help = "Load the bundled real legislation sample (1292/Lp14, 953/Lm14, 928/Lm14, 936/Lm14)."

    def handle(self, *args, **options) -> None:
        load = legislation_sample_load()
        for run in load.runs:
            self.stdout.write(
                f"  {run.pipeline}: {run.inserted} inserted, {run.updated} updated, "
                f"{run.unchanged} unchanged, {run.failed} failed"
            )
            for error in run.errors.all():
                self.stderr.write(f"    {error.kind}: {error.source}: {error.message}")
        if load.failed:
            raise CommandError("the bundled legislation sample did not load cleanly")
