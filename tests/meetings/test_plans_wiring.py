"""Plans (issue 4) feed the meeting proposals (issue 5): a treatment plan's three-monthly
follow-up and the yearly follow-up of goals."""

import datetime

import pytest
from django.utils import timezone

from hjemvej.meetings import rules
from hjemvej.meetings.selectors import proposals_for
from hjemvej.plans.models import Plan
from hjemvej.plans.services import do_add_goal, do_create_plan
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_treatment_plan_with_a_goal_makes_meetings_due(caseworker_ishoj, citizen_ishoj, ishoj):
    pitstop = UnitFactory(municipality=ishoj, name="Pitstop", slug="ishoj-pitstop")
    today = timezone.localdate()
    start = today - datetime.timedelta(days=40)
    plan = do_create_plan(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        kind=Plan.Kind.TREATMENT,
        unit=pitstop,
        starts_on=start,
        purpose="Stabilisering af forbruget",
    )
    assert rules.TREATMENT_PLAN in {p.kind for p in proposals_for(citizen_ishoj, today)}
    assert rules.GOAL_YEARLY not in {p.kind for p in proposals_for(citizen_ishoj, today)}
    do_add_goal(user=caseworker_ishoj, plan=plan, kind="citizen", title="Jeg vil ryge mindre hash")
    due = {p.kind: p.due for p in proposals_for(citizen_ishoj, today)}
    assert due[rules.TREATMENT_PLAN] == rules.add_months(start, 3)
    assert due[rules.GOAL_YEARLY] == rules.add_months(start, 12)
