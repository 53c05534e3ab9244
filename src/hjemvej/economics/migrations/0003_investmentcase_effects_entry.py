from django.db import migrations, models


class Migration(migrations.Migration):
    """Effects are typed as SØM prints them: the total over the horizon. Cases saved before this
    were computed per year (× the horizon), so they are marked "per_year" and keep their result."""

    dependencies = [("economics", "0002_seed_reimbursement_rules")]

    operations = [
        migrations.AddField(
            model_name="investmentcase",
            name="effects_entry",
            field=models.CharField(
                choices=[("total", "I alt over tidshorisonten"), ("per_year", "Pr. år")],
                default="per_year",
                max_length=10,
                verbose_name="effekterne er indtastet",
            ),
        ),
        migrations.AlterField(
            model_name="investmentcase",
            name="effects_entry",
            field=models.CharField(
                choices=[("total", "I alt over tidshorisonten"), ("per_year", "Pr. år")],
                default="total",
                max_length=10,
                verbose_name="effekterne er indtastet",
            ),
        ),
    ]
