"""The Task model comes from the stays app with its table (stays_task) and rows: only the
model state is created here, the database is left as it is."""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("people", "0002_citizen_search_name"),
        ("stays", "0006_task_moves_to_deadlines"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Task",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("notify", "Underret handlekommunen (§110, stk. 6)"),
                                    ("action_plan", "Udarbejd handleplan (§141/§142)"),
                                    (
                                        "treatment_start",
                                        "Start behandlingen (§101: senest 14 dage efter henvendelsen)",
                                    ),
                                ],
                                max_length=20,
                                verbose_name="opgave",
                            ),
                        ),
                        ("due_on", models.DateField(verbose_name="frist")),
                        ("done_on", models.DateField(blank=True, null=True, verbose_name="udført")),
                        (
                            "note",
                            models.CharField(blank=True, max_length=300, verbose_name="bemærkning"),
                        ),
                        (
                            "citizen",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="stay_tasks",
                                to="people.citizen",
                            ),
                        ),
                        (
                            "done_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.municipality",
                            ),
                        ),
                        (
                            "stay",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="tasks",
                                to="stays.stay",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.unit",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "opgave",
                        "verbose_name_plural": "opgaver",
                        "db_table": "stays_task",
                        "ordering": ["due_on", "id"],
                        "indexes": [
                            models.Index(
                                fields=["done_on", "due_on"], name="stays_task_done_on_b1e35d_idx"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("stay", "kind"), name="task_one_per_stay_and_kind"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
