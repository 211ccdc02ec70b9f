"""Drop the single-column indexes on `Ballot.vote` and `Ballot.deputy` (issue 3: ingest speed).

The unique (vote, deputy) constraint and the (deputy, vote) index lead with these columns, so
every lookup by either is served without them; two fewer index entries per ballot, two million
ballots a term.

Only the indexes go. `AlterField(db_index=False)` alone would make Django drop and re-create
the foreign keys (re-validating every ballot under an exclusive lock on PostgreSQL, rebuilding
the table on SQLite); here the state changes as `AlterField` says, while the database only loses
the two indexes. Their names are Django's own for these columns, the same on every backend.
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "parliament_ballot"
INDEXES = {
    "deputy_id": "parliament_ballot_deputy_id_1359cde7",
    "vote_id": "parliament_ballot_vote_id_bd6c4d31",
}


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
                migrations.AlterField(
                    model_name="ballot",
                    name="vote",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ballots",
                        to="parliament.vote",
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
