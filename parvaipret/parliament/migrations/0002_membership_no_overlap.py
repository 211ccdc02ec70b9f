"""The database itself rejects two memberships of one deputy that overlap in time.

A trigger on both backends (SQLite has no exclusion constraints). Empty dates are open ends.
"""

from django.db import migrations

OVERLAP = """
    EXISTS (SELECT 1 FROM parliament_membership m
            WHERE m.deputy_id = NEW.deputy_id AND m.id <> NEW.id
              AND COALESCE(m.start, '0001-01-01') <= COALESCE(NEW."end", '9999-12-31')
              AND COALESCE(NEW.start, '0001-01-01') <= COALESCE(m."end", '9999-12-31'))
"""

SQLITE_FORWARD = [
    f"""CREATE TRIGGER membership_no_overlap_{event.lower()} BEFORE {event} ON parliament_membership
        WHEN {OVERLAP.replace("m.id <> NEW.id", "m.id IS NOT NEW.id")}
        BEGIN SELECT RAISE(ABORT, 'membership overlap: a deputy cannot hold two seats at once'); END;"""
    for event in ("INSERT", "UPDATE")
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS membership_no_overlap_insert;",
    "DROP TRIGGER IF EXISTS membership_no_overlap_update;",
]

POSTGRES_FORWARD = [
    f"""CREATE OR REPLACE FUNCTION membership_no_overlap() RETURNS trigger AS $$
        BEGIN
          IF {OVERLAP.replace("m.id <> NEW.id", "m.id IS DISTINCT FROM NEW.id")
                     .replace("'0001-01-01'", "'0001-01-01'::date")
                     .replace("'9999-12-31'", "'9999-12-31'::date")} THEN
            RAISE EXCEPTION 'membership overlap: a deputy cannot hold two seats at once'
              USING ERRCODE = 'exclusion_violation';
          END IF;
          RETURN NEW;
        END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER membership_no_overlap BEFORE INSERT OR UPDATE ON parliament_membership
        FOR EACH ROW EXECUTE FUNCTION membership_no_overlap();""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS membership_no_overlap ON parliament_membership;",
    "DROP FUNCTION IF EXISTS membership_no_overlap();",
]


def forward(apps, schema_editor):
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(
        schema_editor.connection.vendor, []
    )
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(
        schema_editor.connection.vendor, []
    )
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("parliament", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
