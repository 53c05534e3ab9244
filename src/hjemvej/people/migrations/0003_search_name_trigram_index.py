"""On PostgreSQL: a trigram index (pg_trgm) on the folded name, so that a name search
(`search_name LIKE '%jensen%'`) uses an index instead of reading every citizen. SQLite has no
such index; there the migration does nothing."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS people_citizen_search_name_trgm "
    "ON people_citizen USING gin (search_name gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS people_citizen_search_name_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("people", "0002_citizen_search_name")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
