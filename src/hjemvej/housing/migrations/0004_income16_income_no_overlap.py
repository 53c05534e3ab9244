"""On PostgreSQL: no two income periods of one citizen may overlap (closed date ranges
[valid_from, valid_to], an open end runs on). SQLite has no exclusion constraints; there the
serialised check in housing.services.do_record_income holds the rule."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE housing_income ADD CONSTRAINT income_citizen_no_overlap EXCLUDE USING gist (
        citizen_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&
    )""",
]
DROP = ["ALTER TABLE housing_income DROP CONSTRAINT IF EXISTS income_citizen_no_overlap"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("housing", "0003_income16_income")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
