"""common.db.AddMonths agrees with common.dates.add_months in the database (SQLite and
PostgreSQL): the same day N months later, clamped to the end of a shorter month."""

import datetime

import pytest
from django.db.models import F, Value

from hjemvej.common.dates import add_months
from hjemvej.common.db import AddMonths
from hjemvej.plans.models import Plan
from tests.factories import CitizenFactory

DAYS = [
    datetime.date(2026, 1, 31),
    datetime.date(2024, 2, 29),
    datetime.date(2025, 2, 28),
    datetime.date(2025, 12, 31),
    datetime.date(2026, 3, 31),
    datetime.date(2026, 8, 30),
    datetime.date(2026, 11, 15),
]


@pytest.mark.django_db
@pytest.mark.parametrize("months", [-13, -1, 0, 1, 3, 12, 25])
def test_add_months_in_sql_agrees_with_python(months, caseworker_ishoj, ishoj_authority):
    citizen = CitizenFactory()
    for day in DAYS:
        Plan.objects.create(
            citizen=citizen,
            kind=Plan.Kind.ACTION_141,
            unit=ishoj_authority,
            starts_on=day,
            purpose="x",
            created_by=caseworker_ishoj,
        )
    rows = Plan.objects.filter(citizen=citizen).annotate(
        constant=AddMonths("starts_on", months),
        expression=AddMonths(F("starts_on"), Value(months) + 0),
    )
    for plan in rows:
        assert plan.constant == add_months(plan.starts_on, months), plan.starts_on
        assert plan.expression == add_months(plan.starts_on, months), plan.starts_on
    assert rows.filter(constant__lte=add_months(DAYS[0], months)).count() == sum(
        1 for d in DAYS if add_months(d, months) <= add_months(DAYS[0], months)
    )
