"""The open stays by citizen; on PostgreSQL with the columns the home page's worklist reads
(INCLUDE), so it scans the index alone. SQLite gets the plain partial index.

IF NOT EXISTS: the index was first tried by hand (CREATE INDEX CONCURRENTLY) on the
national-scale test database, and a migration must not fail where it already exists."""

from django.db import migrations, models
from django.db.models import Q

INDEX = models.Index(fields=["citizen"], condition=Q(ended_on__isnull=True), name="stay_open_idx")


def create(apps, schema_editor):
    include = (
        " INCLUDE (id, offer_id, started_on)"
        if schema_editor.connection.vendor == "postgresql"
        else ""
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS stay_open_idx ON stays_stay (citizen_id){include} "
        "WHERE ended_on IS NULL"
    )


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS stay_open_idx")


class Migration(migrations.Migration):
    dependencies = [("stays", "0012_home16_placement")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="stay", index=INDEX)],
            database_operations=[migrations.RunPython(create, drop)],
        )
    ]
