"""The follow-up worklist on the home page is computed in SQL (plans.selectors.
follow_up_worklist) and must list exactly what plan_dues, the rule in Python, says is due within
two weeks: plan follow-ups (3 months for a treatment plan, otherwise 12), yearly goal follow-ups
counted from the latest score, and open sub-goals' follow-up dates; nothing from ended plans."""

import datetime
import random

import pytest

from hjemvej.plans import rules
from hjemvej.plans.models import Goal, Plan, Score, ScoredBy, SubGoal
from hjemvej.plans.selectors import _plan_queryset, follow_up_worklist, plan_dues
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 31)  # a month end: the clamped months matter


def _day(rng: random.Random, months_back: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=rng.randint(0, months_back * 31))


def _fill(ishoj, unit, user, n: int, seed: int) -> None:
    rng = random.Random(seed)
    month_ends = [
        datetime.date(2025, 3, 31),
        datetime.date(2025, 12, 31),
        datetime.date(2024, 2, 29),
    ]
    for i in range(n):
        citizen = CitizenFactory(acting_municipality=ishoj, last_name=f"Borger{i:03d}")
        starts = rng.choice([*month_ends, _day(rng, 30)])
        plan = Plan.objects.create(
            citizen=citizen,
            kind=rng.choice([Plan.Kind.TREATMENT, Plan.Kind.ACTION_141, Plan.Kind.STAY]),
            unit=unit,
            starts_on=starts,
            ends_on=TODAY if rng.random() < 0.15 else None,
            last_followed_up_on=(
                starts + datetime.timedelta(days=rng.randint(0, 300))
                if rng.random() < 0.5
                else None
            ),
            purpose="Bolig",
            created_by=user,
        )
        for g in range(rng.randint(0, 3)):
            goal = Goal.objects.create(plan=plan, kind=Goal.Kind.CITIZEN, title=f"Mål {i}.{g}")
            for s in range(rng.randint(0, 2)):
                sg = SubGoal.objects.create(
                    goal=goal,
                    text=f"Delmål {i}.{g}.{s}",
                    follow_up_on=(
                        TODAY + datetime.timedelta(days=rng.randint(-60, 40))
                        if rng.random() < 0.7
                        else None
                    ),
                    achieved_on=TODAY if rng.random() < 0.2 else None,
                )
                for _ in range(rng.randint(0, 3)):
                    by = rng.choice([ScoredBy.STAFF, ScoredBy.CITIZEN])
                    Score.objects.create(
                        sub_goal=sg,
                        scored_on=max(starts, _day(rng, 20)),
                        value=rng.randint(0, 4),
                        scored_by=by,
                        user=user if by == ScoredBy.STAFF else None,
                    )


def _expected(citizens_of) -> list[tuple]:
    horizon = TODAY + datetime.timedelta(days=rules.SOON_DAYS)
    out = []
    for plan in _plan_queryset().filter(citizen__acting_municipality=citizens_of):
        for due in plan_dues(plan):
            if due.due_on <= horizon:
                out.append((plan.pk, due.kind, due.what, due.due_on))
    return out


def test_sql_worklist_lists_what_plan_dues_says(ishoj, ishoj_authority, caseworker_ishoj):
    _fill(ishoj, ishoj_authority, caseworker_ishoj, 60, seed=13)
    expected = _expected(ishoj)
    items, total = follow_up_worklist(caseworker_ishoj, TODAY, limit=10_000)
    got = [(i.plan.pk, i.due.kind, i.due.what, i.due.due_on) for i in items]
    assert total == len(expected) == len(got)
    assert sorted(got) == sorted(expected)
    assert [i.due.due_on for i in items] == sorted(d for *_, d in expected)
    for i in items:
        assert i.overdue == (i.due.due_on < TODAY)
        assert i.days_overdue == max(0, (TODAY - i.due.due_on).days)


def test_sql_worklist_shows_the_earliest_first_and_counts_the_rest(
    ishoj, ishoj_authority, caseworker_ishoj
):
    _fill(ishoj, ishoj_authority, caseworker_ishoj, 60, seed=5)
    expected = sorted(_expected(ishoj), key=lambda e: e[3])
    items, total = follow_up_worklist(caseworker_ishoj, TODAY, limit=10)
    assert total == len(expected) > 10
    assert len(items) == 10
    assert [i.due.due_on for i in items] == [e[3] for e in expected[:10]]


def test_the_full_list_pages_through_the_same_rows_and_filters_by_due_date(
    ishoj, ishoj_authority, caseworker_ishoj
):
    _fill(ishoj, ishoj_authority, caseworker_ishoj, 60, seed=21)
    everything, total = follow_up_worklist(caseworker_ishoj, TODAY, limit=10_000)
    key = [(i.plan.pk, i.due.kind, i.due.what, i.due.due_on) for i in everything]
    pages = []
    for offset in range(0, total, 7):
        page, page_total = follow_up_worklist(caseworker_ishoj, TODAY, limit=7, offset=offset)
        assert page_total == total
        pages += [(i.plan.pk, i.due.kind, i.due.what, i.due.due_on) for i in page]
    assert pages == key
    overdue, n = follow_up_worklist(
        caseworker_ishoj, TODAY, limit=10_000, due_until=TODAY - datetime.timedelta(days=1)
    )
    assert n == len(overdue) == sum(1 for i in everything if i.overdue) > 0
    assert all(i.overdue for i in overdue)


def test_the_count_alone_is_the_full_lists_length(ishoj, ishoj_authority, caseworker_ishoj):
    """limit=0 (the home page's count, the pager's count) counts in one query of counts; it
    must count exactly the rows the full list holds, for every horizon, with sub-goals due on
    the horizon's day and the day after, achieved ones and ones without a date."""
    _fill(ishoj, ishoj_authority, caseworker_ishoj, 60, seed=34)
    horizon = TODAY + datetime.timedelta(days=rules.SOON_DAYS)
    goal = Goal.objects.filter(plan__ends_on__isnull=True).first()
    for follow_up_on, achieved_on in [
        (horizon, None),
        (horizon + datetime.timedelta(days=1), None),
        (TODAY - datetime.timedelta(days=1), None),
        (TODAY, None),
        (TODAY, TODAY),
        (None, None),
    ]:
        SubGoal.objects.create(
            goal=goal, text="Grænse", follow_up_on=follow_up_on, achieved_on=achieved_on
        )
    for due_until in [None, TODAY - datetime.timedelta(days=1), TODAY, horizon]:
        items, total = follow_up_worklist(
            caseworker_ishoj, TODAY, limit=10_000, due_until=due_until
        )
        _, count = follow_up_worklist(caseworker_ishoj, TODAY, limit=0, due_until=due_until)
        assert count == total == len(items) > 0
        assert type(count) is int


def test_the_count_alone_is_zero_without_plans(caseworker_ishoj):
    assert follow_up_worklist(caseworker_ishoj, TODAY, limit=0) == ([], 0)


def test_the_home_pages_count_stops_at_its_cap_and_is_exact_below_it(
    ishoj, ishoj_authority, caseworker_ishoj
):
    """count_cap (the home page: "mindst 50"): the count is the full list's length when it is
    below the cap, and the cap when the list holds the cap or more."""
    _fill(ishoj, ishoj_authority, caseworker_ishoj, 60, seed=35)
    items, total = follow_up_worklist(caseworker_ishoj, TODAY, limit=10_000)
    assert total == len(items) > 3
    for cap in (1, 2, total - 1, total, total + 1, 10_000):
        _, count = follow_up_worklist(caseworker_ishoj, TODAY, limit=0, count_cap=cap)
        assert count == min(total, cap)
        assert type(count) is int
