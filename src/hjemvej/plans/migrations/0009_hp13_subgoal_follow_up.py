"""The open sub-goals' follow-up dates by goal (partial index), so the home page counts a
caseload's due sub-goals from the index alone.

Created with IF NOT EXISTS: the index was first tried by hand (CREATE INDEX CONCURRENTLY) on
the national-scale test database, and a migration must not fail where it already exists."""

from django.db import migrations, models

INDEX = models.Index(
    condition=models.Q(("achieved_on__isnull", True), ("follow_up_on__isnull", False)),
    fields=["goal", "follow_up_on"],
    name="subgoal_open_follow_up_idx",
)


def create(apps, schema_editor):
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS subgoal_open_follow_up_idx ON plans_subgoal "
        "(goal_id, follow_up_on) WHERE achieved_on IS NULL AND follow_up_on IS NOT NULL"
    )


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS subgoal_open_follow_up_idx")


class Migration(migrations.Migration):
    dependencies = [("plans", "0008_perf13c_open_plan_dates")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="subgoal", index=INDEX)],
            database_operations=[migrations.RunPython(create, drop)],
        )
    ]
