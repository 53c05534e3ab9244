"""A unit's active courses with the citizen and current phase (INCLUDE on PostgreSQL; SQLite
gets the partial index alone), and the courses ended before their minimum by end date: the
home page's course worklists read them from the indexes instead of every course.

Created with IF NOT EXISTS: the indexes were first tried by hand (CREATE INDEX CONCURRENTLY) on
the national-scale test database, and a migration must not fail where they already exist."""

from django.db import migrations, models

ACTIVE = models.Index(
    condition=models.Q(("status", "active")),
    fields=["unit"],
    include=("citizen", "current_phase"),
    name="course_active_unit_idx",
)
ENDED_EARLY = models.Index(
    condition=models.Q(("ended_before_minimum", True), ("status", "ended")),
    fields=["ended_on"],
    name="course_ended_early_idx",
)


def create(apps, schema_editor):
    include = (
        " INCLUDE (citizen_id, current_phase_id)"
        if schema_editor.connection.vendor == "postgresql"
        else ""
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS course_active_unit_idx ON courses_course (unit_id)"
        f"{include} WHERE status = 'active'"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS course_ended_early_idx ON courses_course (ended_on) "
        "WHERE ended_before_minimum AND status = 'ended'"
    )


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS course_active_unit_idx")
    schema_editor.execute("DROP INDEX IF EXISTS course_ended_early_idx")


class Migration(migrations.Migration):
    dependencies = [("courses", "0006_cohort15b_adl_and_limits")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(model_name="course", index=ACTIVE),
                migrations.AddIndex(model_name="course", index=ENDED_EARLY),
            ],
            database_operations=[migrations.RunPython(create, drop)],
        )
    ]
