"""The Task model moves to the deadlines app; its table (stays_task) and rows stay where they
are, so only Django's idea of which app owns it changes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("stays", "0005_stay_occupation_after"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="Task",
                ),
            ],
            database_operations=[],
        ),
    ]
