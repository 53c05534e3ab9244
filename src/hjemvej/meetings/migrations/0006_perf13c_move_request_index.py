"""The move requests' index carries the columns the home page filters on (INCLUDE, PostgreSQL
only), and participation is looked up by (meeting, user) from an index alone (issue 13)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0005_meeting_starts_at_and_move_request_indexes")]

    operations = [
        migrations.RemoveIndex(
            model_name="meeting",
            name="meeting_move_request_idx",
        ),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(
                condition=models.Q(("citizen_reply", "move")),
                fields=["starts_at"],
                include=("id", "ends_at", "status", "citizen", "unit"),
                name="meeting_move_request_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(fields=["meeting", "user"], name="participant_meeting_user_idx"),
        ),
    ]
