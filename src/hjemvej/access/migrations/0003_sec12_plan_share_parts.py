# The parts of a plan an offer gets (issue 12): the purpose and the chosen goals. A share made
# before this migration sent the whole plan, so it keeps the purpose and the plan's goals.

from django.db import migrations, models


def whole_plans_stay_shared(apps, schema_editor):
    PlanShare = apps.get_model("access", "PlanShare")
    Goal = apps.get_model("plans", "Goal")
    for share in PlanShare.objects.all():
        share.purpose = True
        share.save(update_fields=["purpose"])
        share.goals.set(Goal.objects.filter(plan_id=share.plan_id))


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0002_plan_shares_and_access_requests"),
        ("plans", "0003_plan_open_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="planshare",
            name="goals",
            field=models.ManyToManyField(
                blank=True, related_name="+", to="plans.goal", verbose_name="delte mål"
            ),
        ),
        migrations.AddField(
            model_name="planshare",
            name="purpose",
            field=models.BooleanField(
                default=False, verbose_name="formål, borgerens ønsker og forventet varighed"
            ),
        ),
        migrations.RunPython(whole_plans_stay_shared, migrations.RunPython.noop),
    ]
