"""The open tasks by deadline with the columns the worklists filter on, for an index-only scan
on PostgreSQL (INCLUDE); SQLite has no INCLUDE and gets the partial index alone.

Created with IF NOT EXISTS: the index was first tried by hand (CREATE INDEX CONCURRENTLY) on
the national-scale test database, and a migration must not fail where it already exists."""

from django.conf import settings
from django.db import migrations, models

INDEX = models.Index(
    condition=models.Q(("done_on__isnull", True)),
    fields=["due_on"],
    name="task_open_due_idx",
)


def create(apps, schema_editor):
    include = (
        " INCLUDE (municipality_id, unit_id, kind, citizen_id)"
        if schema_editor.connection.vendor == "postgresql"
        else ""
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS task_open_due_idx ON stays_task (due_on)"
        f"{include} WHERE done_on IS NULL"
    )


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS task_open_due_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_municipality_youth_shelter_policy"),
        ("deadlines", "0006_deadlines_task_print_letter"),
        ("people", "0005_perf13b_municipality_id_index"),
        ("stays", "0011_seed_dst_codes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="task", index=INDEX)],
            database_operations=[migrations.RunPython(create, drop)],
        )
    ]
