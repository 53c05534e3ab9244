"""Plans (issue 4) feed the meeting proposals (issue 5): a treatment plan's three-monthly
follow-up and the yearly follow-up of goals."""

import datetime

import pytest
from django.utils import timezone

from hjemvej.meetings import rules
from hjemvej.meetings.selectors import proposals_for
from hjemvej.plans.models import Plan
from hjemvej.plans.services import do_add_goal, do_create_plan, do_share_plan
from tests.factories import RelationshipFactory, UnitFactory

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
    assert rules.TREATMENT_PLAN in {
        p.kind for p in proposals_for(citizen_ishoj, today, user=caseworker_ishoj)
    }
    assert rules.GOAL_YEARLY not in {
        p.kind for p in proposals_for(citizen_ishoj, today, user=caseworker_ishoj)
    }
    do_add_goal(user=caseworker_ishoj, plan=plan, kind="citizen", title="Jeg vil ryge mindre hash")
    due = {p.kind: p.due for p in proposals_for(citizen_ishoj, today, user=caseworker_ishoj)}
    assert due[rules.TREATMENT_PLAN] == rules.add_months(start, 3)
    assert due[rules.GOAL_YEARLY] == rules.add_months(start, 12)


def test_proposals_give_no_date_of_a_plan_the_user_may_not_see(
    citizen_ballerup, caseworker_ballerup, ballerup_authority, shelter_worker_ishoj, as_user
):
    """Issue 12: Ballerup's §141 plan is not shared with Ishøj's shelter, so the shelter worker's
    meeting proposals do not show its yearly goal follow-up (its date is the plan's start plus a
    year); once the caseworker shares the plan, they do."""
    shelter_unit = shelter_worker_ishoj.memberships.first().unit
    RelationshipFactory(citizen=citizen_ballerup, unit=shelter_unit)  # a resident of the shelter
    start = timezone.localdate() - datetime.timedelta(days=40)
    plan = do_create_plan(
        user=caseworker_ballerup,
        citizen=citizen_ballerup,
        kind=Plan.Kind.ACTION_141,
        unit=ballerup_authority,
        starts_on=start,
        purpose="Egen bolig",
    )
    do_add_goal(user=caseworker_ballerup, plan=plan, kind="citizen", title="Egen lejlighed")
    due = f"Årlig opfølgning på mål: senest {rules.add_months(start, 12):%d.%m.%Y}"
    today = timezone.localdate()
    kinds = {p.kind for p in proposals_for(citizen_ballerup, today, user=shelter_worker_ishoj)}
    assert rules.GOAL_YEARLY not in kinds
    # The suggestions are on the citizen page's meetings tab.
    tab = f"/borgere/{citizen_ballerup.uuid}/afsnit/moeder/"
    page = as_user(shelter_worker_ishoj).get(tab)
    assert page.status_code == 200
    assert due not in page.content.decode()
    assert due in as_user(caseworker_ballerup).get(tab).content.decode()
    do_share_plan(user=caseworker_ballerup, plan=plan, unit=shelter_unit)
    kinds = {p.kind for p in proposals_for(citizen_ballerup, today, user=shelter_worker_ishoj)}
    assert rules.GOAL_YEARLY in kinds
