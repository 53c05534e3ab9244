"""Each goal's yearly follow-up date stored on the goal (issue 13), backfilled with the same
function the models call (plans.follow_up.store_goal_follow_ups, over rules.goal_follow_up_due),
in batches of goals by id. Running it again recomputes and writes only what differs."""

from django.db import migrations, models

from hjemvej.plans.follow_up import BATCH, store_goal_follow_ups


def backfill(apps, schema_editor):
    Goal = apps.get_model("plans", "Goal")
    last = Goal.objects.order_by("-id").values_list("id", flat=True).first() or 0
    for start in range(0, last + 1, BATCH):
        store_goal_follow_ups(Goal.objects.filter(id__gte=start, id__lt=start + BATCH))


class Migration(migrations.Migration):
    dependencies = [("plans", "0006_perf13b_open_plan_indexes")]

    operations = [
        migrations.AddField(
            model_name="goal",
            name="follow_up_due_on",
            field=models.DateField(editable=False, null=True, verbose_name="årlig opfølgning"),
        ),
        migrations.AddIndex(
            model_name="goal",
            index=models.Index(
                fields=["plan", "follow_up_due_on"], include=["id"], name="goal_plan_due_idx"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
