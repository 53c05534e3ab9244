"""Each goal's yearly follow-up date is stored on the goal (Goal.follow_up_due_on) for the
home page's worklist (issue 13). After every kind of change that moves it – a goal added, a
score recorded by staff or by the citizen, a score removed, the plan followed up, the plan's
start moved – the stored date is what the rule gives (plan_dues, rules.goal_follow_up_due), and
the migration's backfill writes the same dates."""

import datetime
import importlib

import pytest

from hjemvej.plans import follow_up, rules, services
from hjemvej.plans.models import Goal, Plan, Score, ScoredBy
from hjemvej.plans.selectors import _plan_queryset, plan_dues
from tests.plans.conftest import smart_goal

pytestmark = pytest.mark.django_db


def _by_rule(plan: Plan) -> dict[str, datetime.date]:
    plan = _plan_queryset().get(pk=plan.pk)
    return {d.what: d.due_on for d in plan_dues(plan) if d.kind == "goal"}


def _stored(plan: Plan) -> dict[str, datetime.date]:
    return {
        f"Årlig opfølgning på målet: {g.title}": g.follow_up_due_on
        for g in Goal.objects.filter(plan=plan)
    }


def _check(plan: Plan) -> dict[str, datetime.date]:
    stored = _stored(plan)
    assert stored == _by_rule(plan)
    assert None not in stored.values()
    return stored


def test_the_stored_date_follows_every_change(action_plan, caseworker_ishoj, today):
    plan = action_plan
    goal = smart_goal(caseworker_ishoj, plan)
    services.do_add_citizen_goal(citizen=plan.citizen, plan=plan, title="Jeg vil have en hund")
    first = _check(plan)
    # A year after the plan's start, with no scores yet.
    assert first[f"Årlig opfølgning på målet: {goal.title}"] == rules.add_months(plan.starts_on, 12)

    sub_goal = services.do_add_sub_goal(
        user=caseworker_ishoj, goal=goal, text="Ugeplan", follow_up_on=today
    )
    scored_on = plan.starts_on + datetime.timedelta(days=40)
    services.do_record_score(user=caseworker_ishoj, sub_goal=sub_goal, scored_on=scored_on, value=3)
    after_score = _check(plan)
    assert after_score[f"Årlig opfølgning på målet: {goal.title}"] == rules.add_months(
        scored_on, 12
    )

    # A second sub-goal scored earlier does not move the date back (the latest score counts).
    other = services.do_add_sub_goal(
        user=caseworker_ishoj, goal=goal, text="Indkøb", follow_up_on=today
    )
    services.do_record_score(
        user=caseworker_ishoj, sub_goal=other, scored_on=plan.starts_on, value=2
    )
    assert _check(plan) == after_score

    services.do_score_by_citizen(citizen=plan.citizen, sub_goal=sub_goal, value=1)
    assert _check(plan)[f"Årlig opfølgning på målet: {goal.title}"] == rules.add_months(today, 12)

    Score.objects.filter(sub_goal=sub_goal, scored_by=ScoredBy.CITIZEN).get().delete()
    assert _check(plan) == after_score

    followed = plan.starts_on + datetime.timedelta(days=100)
    services.do_record_plan_follow_up(user=caseworker_ishoj, plan=plan, followed_up_on=followed)
    assert set(_check(plan).values()) == {rules.add_months(followed, 12)}

    plan.refresh_from_db()
    services.do_update_plan(
        user=caseworker_ishoj,
        plan=plan,
        version=plan.version,
        changes={"starts_on": plan.starts_on - datetime.timedelta(days=30)},
    )
    _check(plan)


def test_store_writes_only_what_differs(action_plan, caseworker_ishoj):
    smart_goal(caseworker_ishoj, action_plan)
    goals = Goal.objects.filter(plan=action_plan)
    assert follow_up.store_goal_follow_ups(goals) == 0
    goals.update(follow_up_due_on=None)
    assert follow_up.store_goal_follow_ups(goals) == 1
    _check(action_plan)


def test_the_migration_backfills_the_rules_dates(action_plan, caseworker_ishoj, today):
    from django.apps import apps

    for n in range(3):
        goal = smart_goal(caseworker_ishoj, action_plan, title=f"Mål {n}")
        sub_goal = services.do_add_sub_goal(
            user=caseworker_ishoj, goal=goal, text="Delmål", follow_up_on=today
        )
        services.do_record_score(
            user=caseworker_ishoj,
            sub_goal=sub_goal,
            scored_on=action_plan.starts_on + datetime.timedelta(days=10 * n),
            value=2,
        )
    expected = _check(action_plan)
    Goal.objects.update(follow_up_due_on=None)
    migration = importlib.import_module("hjemvej.plans.migrations.0007_perf13c_goal_follow_up")
    migration.backfill(apps, None)
    assert _check(action_plan) == expected
