"""The municipality's citizens as ids from the index alone (policy.visible_citizen_ids).

Created with IF NOT EXISTS: the index was first tried by hand (CREATE INDEX CONCURRENTLY) on
the national-scale test database, and a migration must not fail where it already exists."""

from django.db import migrations, models

INDEX = models.Index(fields=["acting_municipality", "id"], name="citizen_municipality_id_idx")


def create(apps, schema_editor):
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS citizen_municipality_id_idx "
        "ON people_citizen (acting_municipality_id, id)"
    )


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS citizen_municipality_id_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_municipality_youth_shelter_policy"),
        ("people", "0004_people_citizen_digital_post_exempt"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="citizen", index=INDEX)],
            database_operations=[migrations.RunPython(create, drop)],
        )
    ]
