"""Loads the FFB vocabulary that ships with the product (data/ffb.json, KL's version 20240530)."""

from django.db import migrations


def load(apps, schema_editor):
    from hjemvej.plans import ffb

    Term = apps.get_model("plans", "Term")
    ffb.sync_terms(Term, ffb.read_codesystem(ffb.SHIPPED_FILE))


def unload(apps, schema_editor):
    Term = apps.get_model("plans", "Term")
    # Children before parents: the parent link protects.
    for depth in sorted(set(Term.objects.values_list("depth", flat=True)), reverse=True):
        Term.objects.filter(depth=depth).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_assessments_plans_goals_scores")]

    operations = [migrations.RunPython(load, unload)]
