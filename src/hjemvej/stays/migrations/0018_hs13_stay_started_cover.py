"""The stays by start date with the columns the home page's arrivals count reads (INCLUDE), on
PostgreSQL: the week's arrivals of a caseload are counted from the index alone. With the plain
index on started_on PostgreSQL visited each of the week's stays of the whole installation in the
table (1,400 random pages at 100,000 citizens), or walked every visible citizen's stays. SQLite
gets a plain index.

IF NOT EXISTS: the index was first tried by hand (CREATE INDEX CONCURRENTLY) on the
national-scale test database, and a migration must not fail where it already exists."""

from django.db import migrations, models

INDEX = models.Index(fields=["started_on"], name="stay_started_cover_idx")


def create(apps, schema_editor):
    include = (
        " INCLUDE (citizen_id, offer_id)" if schema_editor.connection.vendor == "postgresql" else ""
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS stay_started_cover_idx ON stays_stay (started_on){include}"
    )


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS stay_started_cover_idx")


class Migration(migrations.Migration):
    dependencies = [("stays", "0017_fix16_placement_stay")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="stay", index=INDEX)],
            database_operations=[migrations.RunPython(create, drop)],
        )
    ]
