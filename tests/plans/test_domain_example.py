"""DOMAIN.md §5: goal "I handle cooking, shopping, laundry and cleaning on my own", sub-goal
"I have a weekly plan" followed up after a month and then after six months, scored 3, then 1."""

import pytest
from django.urls import reverse

from hjemvej.plans import rules, selectors, services
from hjemvej.plans.models import Score
from tests.plans.conftest import smart_goal

pytestmark = pytest.mark.django_db


def test_weekly_plan_sub_goal_scored_3_then_1_shows_in_chart_and_offer_average(
    action_plan, caseworker_ishoj, manager_ishoj, ishoj_authority, as_user, today
):
    plan = action_plan
    start = plan.starts_on
    goal = smart_goal(caseworker_ishoj, plan)
    weekly = services.do_add_sub_goal(
        user=caseworker_ishoj,
        goal=goal,
        text="Jeg har en ugeplan",
        responsible="Borgeren og kontaktpersonen",
        follow_up_on=rules.add_months(start, 1),
    )
    services.do_add_sub_goal(
        user=caseworker_ishoj,
        goal=goal,
        text="Jeg følger planen på egen hånd",
        follow_up_on=rules.add_months(start, 6),
    )
    services.do_record_score(user=caseworker_ishoj, sub_goal=weekly, scored_on=start, value=3)
    one_month = rules.add_months(start, 1)
    services.do_record_score(
        user=caseworker_ishoj,
        sub_goal=weekly,
        scored_on=one_month,
        value=1,
        next_follow_up_on=rules.add_months(one_month, 6),
    )

    weekly.refresh_from_db()
    assert weekly.follow_up_on == rules.add_months(start, 7)
    status = selectors.sub_goal_status(
        weekly, selectors.plan_with_goals(plan.citizen, plan.uuid, grant=None), today
    )
    assert (status.baseline.value, status.latest.value, status.change) == (3, 1, -2)
    assert list(Score.objects.filter(sub_goal=weekly).values_list("value", flat=True)) == [3, 1]

    # The chart on the plan page: both scores as labelled points, and the table beside it.
    page = as_user(caseworker_ishoj).get(reverse("plans:plan", args=[plan.citizen.uuid, plan.uuid]))
    html = page.content.decode()
    assert "<svg" in html and "Delmål: Jeg har en ugeplan" in html
    assert f"{start:%d.%m.%Y}" in html and f"{one_month:%d.%m.%Y}" in html
    assert "3 – Svært problem (baseline)" in html
    assert "1 – Let problem" in html

    # The offer's average change from baseline to latest: −2 (one sub-goal with two scores).
    progress = selectors.offer_progress(ishoj_authority, today)
    assert progress.measured == 1 and progress.changes == [-2]
    assert str(progress.average_change) == "-2.0"
    offer_page = as_user(manager_ishoj).get(reverse("plans:offer", args=[ishoj_authority.uuid]))
    assert "−2,0" in offer_page.content.decode()
    assert "forbedring, over 1 delmål" in offer_page.content.decode()
