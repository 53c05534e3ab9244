"""The open plans read from indexes alone on PostgreSQL: plan_open_idx (by citizen) is rebuilt
with the plan's id and unit as INCLUDE columns, and plan_open_unit_idx (by unit, for offer
staff and managers) is new. SQLite gets the plain partial indexes.

IF NOT EXISTS: the unit index was first tried by hand (CREATE INDEX CONCURRENTLY) on the
national-scale test database, and a migration must not fail where it already exists."""

from django.db import migrations, models
from django.db.models import Q

UNIT_INDEX = models.Index(
    fields=["unit"], condition=Q(ends_on__isnull=True), name="plan_open_unit_idx"
)


def create(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute("DROP INDEX IF EXISTS plan_open_idx")
        schema_editor.execute(
            "CREATE INDEX plan_open_idx ON plans_plan (citizen_id) INCLUDE (id, unit_id) "
            "WHERE ends_on IS NULL"
        )
    include = " INCLUDE (id, citizen_id)" if postgres else ""
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS plan_open_unit_idx ON plans_plan (unit_id){include} "
        "WHERE ends_on IS NULL"
    )


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS plan_open_unit_idx")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS plan_open_idx")
        schema_editor.execute(
            "CREATE INDEX plan_open_idx ON plans_plan (citizen_id) WHERE ends_on IS NULL"
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0005_plans_safety_assessment")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="plan", index=UNIT_INDEX)],
            database_operations=[migrations.RunPython(create, drop)],
        )
    ]
