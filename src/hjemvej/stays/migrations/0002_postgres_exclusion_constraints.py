"""On PostgreSQL: no two stays in one room, and no two residential stays of one citizen, may
overlap in time (half-open date ranges [started_on, ended_on)). SQLite has no exclusion
constraints; there the partial unique constraints of 0001 and the serialised check in
stays.services hold the rule."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE stays_stay ADD CONSTRAINT stay_room_no_overlap EXCLUDE USING gist (
        room_id WITH =, daterange(started_on, ended_on, '[)') WITH &&
    ) WHERE (room_id IS NOT NULL)""",
    """ALTER TABLE stays_stay ADD CONSTRAINT stay_citizen_no_overlapping_residential EXCLUDE USING gist (
        citizen_id WITH =, daterange(started_on, ended_on, '[)') WITH &&
    ) WHERE (residential)""",
]
DROP = [
    "ALTER TABLE stays_stay DROP CONSTRAINT IF EXISTS stay_citizen_no_overlapping_residential",
    "ALTER TABLE stays_stay DROP CONSTRAINT IF EXISTS stay_room_no_overlap",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("stays", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
