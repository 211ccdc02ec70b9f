"""Drop the single-column index on `Ballot.deputy` (issue 3: ingest speed).

The (deputy, vote) index leads with the column, so every lookup by deputy is served without it;
one index entry fewer per ballot, two million ballots a term. The index on `Ballot.vote` stays
although the unique (vote, deputy) index leads with it too: without planner statistics
(autovacuum off, or a term just loaded) PostgreSQL answered the ingest's `vote_id IN (…)` with
a sequential scan of every ballot once it was gone (a re-run of the benchmark took 243 s
instead of 35-55 s).

Only the index goes. `AlterField(db_index=False)` alone would make Django drop and re-create
the foreign key (re-validating every ballot under an exclusive lock on PostgreSQL, rebuilding
the table on SQLite); here the state changes as `AlterField` says, while the database only loses
the index. Its name is Django's own for this column, the same on every backend.
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "parliament_ballot"
INDEXES = {"deputy_id": "parliament_ballot_deputy_id_1359cde7"}


class Migration(migrations.Migration):
    dependencies = [
        ("parliament", "0003_opendata_ids_fit_guids"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="ballot",
                    name="deputy",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ballots",
                        to="parliament.deputy",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX IF NOT EXISTS "{name}" ON "{TABLE}" ("{column}")',
                )
                for column, name in INDEXES.items()
            ],
        ),
    ]
