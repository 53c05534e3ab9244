"""The first retention rules (rights/retention.py DEFAULTS), written as rows an administrator
can replace from a later date."""

import datetime

from django.db import migrations

RULES = [
    ("case", 60, 0, True, "Sagsdata opbevares fem år efter sagens sidste aktivitet."),
    ("journal", 60, 0, False, "Journalnotater opbevares som sagsdata."),
    ("reminders", 0, 90, False, "Mødepåmindelser og sms-tekster opbevares 90 dage."),
    ("exports", 0, 30, False, "Udtræk og rapportfiler opbevares 30 dage."),
]


def add(apps, schema_editor):
    rule = apps.get_model("rights", "RetentionRule")
    for category, months, days, archive, reason in RULES:
        rule.objects.get_or_create(
            category=category,
            valid_from=datetime.date(2026, 1, 1),
            defaults={"months": months, "days": days, "archive": archive, "reason": reason},
        )


def remove(apps, schema_editor):
    apps.get_model("rights", "RetentionRule").objects.filter(
        valid_from=datetime.date(2026, 1, 1), changed_by__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("rights", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
