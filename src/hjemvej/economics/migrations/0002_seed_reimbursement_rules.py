"""The reimbursement rules of the homelessness reform (L 64, in force 1 October 2023) as data.
A later change in the law is a new migration (or a new row), not a code change."""

import datetime
from decimal import Decimal

from django.db import migrations

HALF = Decimal("0.50")
REFORM = datetime.date(2023, 10, 1)
APRIL_2026 = datetime.date(2026, 4, 1)

RULES = [
    dict(
        section="110",
        kind="whole_stay",
        name="§110 før reformen: hele opholdet",
        valid_from=datetime.date(1900, 1, 1),
        valid_to=REFORM,
        share=HALF,
    ),
    dict(
        section="110",
        kind="running_year",
        name="§110 fra 1.10.2023: 120 nætter pr. løbende år",
        valid_from=REFORM,
        valid_to=APRIL_2026,
        share=HALF,
        limit_nights=120,
    ),
    dict(
        section="110",
        kind="running_year",
        name="§110 fra 1.4.2026: 90 nætter pr. løbende år",
        valid_from=APRIL_2026,
        valid_to=None,
        share=HALF,
        limit_nights=90,
    ),
    dict(
        section="85a",
        kind="after_discharge",
        name="§176a: §85a-bostøtte i 2 år efter udskrivning",
        valid_from=REFORM,
        valid_to=None,
        share=HALF,
        window_months=24,
        requires_decision=True,
    ),
    dict(
        section="107",
        kind="after_discharge",
        name="§176a: §107-ophold i op til 6 måneder inden for 1 år",
        valid_from=REFORM,
        valid_to=None,
        share=HALF,
        window_months=12,
        cap_months=6,
    ),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("economics", "ReimbursementRule")
    for row in RULES:
        Rule.objects.update_or_create(
            section=row["section"], valid_from=row["valid_from"], defaults=row
        )


def unseed(apps, schema_editor):
    Rule = apps.get_model("economics", "ReimbursementRule")
    for row in RULES:
        Rule.objects.filter(section=row["section"], valid_from=row["valid_from"]).delete()


class Migration(migrations.Migration):
    dependencies = [("economics", "0001_cost_sheets_rules_investment_cases")]

    operations = [migrations.RunPython(seed, unseed)]
