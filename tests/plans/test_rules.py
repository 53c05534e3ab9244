import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from hjemvej.plans import rules
from hjemvej.plans.rules import Point

D = datetime.date


def test_add_months_keeps_the_day_or_takes_the_months_last_day():
    assert rules.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert rules.add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert rules.add_months(D(2026, 11, 24), 3) == D(2027, 2, 24)
    assert rules.add_months(D(2026, 3, 15), -6) == D(2025, 9, 15)


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 1, 1)), st.integers(-240, 240))
def test_add_months_lands_in_the_right_month_never_past_the_day(day, months):
    result = rules.add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day <= day.day


def test_treatment_plan_is_followed_up_within_3_months_other_plans_within_a_year():
    start = D(2026, 1, 10)
    assert rules.plan_follow_up_due(treatment=True, starts_on=start, last_followed_up_on=None) == D(
        2026, 4, 10
    )
    assert rules.plan_follow_up_due(
        treatment=True, starts_on=start, last_followed_up_on=D(2026, 3, 1)
    ) == D(2026, 6, 1)
    assert rules.plan_follow_up_due(
        treatment=False, starts_on=start, last_followed_up_on=None
    ) == D(2027, 1, 10)


def test_goal_is_due_a_year_after_its_last_score():
    assert rules.goal_follow_up_due(since=D(2026, 1, 1), last_scored_on=D(2026, 5, 2)) == D(
        2027, 5, 2
    )
    assert rules.goal_follow_up_due(since=D(2026, 1, 1), last_scored_on=None) == D(2027, 1, 1)


def test_first_score_is_baseline_and_change_is_latest_minus_baseline():
    pts = [Point(D(2026, 2, 1), 1), Point(D(2026, 1, 1), 3)]
    assert rules.baseline(pts) == Point(D(2026, 1, 1), 3)
    assert rules.latest(pts) == Point(D(2026, 2, 1), 1)
    assert rules.change(pts) == -2
    assert rules.change(pts[:1]) is None


@given(st.lists(st.integers(0, 4), min_size=2, max_size=12))
def test_change_is_bounded_by_the_scale(values):
    pts = [Point(D(2026, 1, 1) + datetime.timedelta(days=i), v) for i, v in enumerate(values)]
    assert rules.change(pts) == values[-1] - values[0]
    assert -4 <= rules.change(pts) <= 4


def test_average_change_rounds_half_up_to_one_decimal():
    assert rules.average_change([-2]) == Decimal("-2.0")
    assert rules.average_change([-1, -2]) == Decimal("-1.5")
    assert rules.average_change([1, 0, 0]) == Decimal("0.3")
    assert rules.average_change([]) is None
    assert rules.format_change(Decimal("-2.0")) == "−2,0"
    assert rules.format_change(Decimal("0.5")) == "+0,5"


def test_no_progress_when_the_score_six_months_ago_has_not_been_beaten():
    today = D(2026, 11, 24)
    assert rules.no_progress([Point(D(2026, 4, 1), 3), Point(D(2026, 10, 1), 3)], today)
    assert not rules.no_progress([Point(D(2026, 4, 1), 3), Point(D(2026, 10, 1), 2)], today)
    # Too young to judge, or nothing left to improve.
    assert not rules.no_progress([Point(D(2026, 7, 1), 3)], today)
    assert not rules.no_progress([Point(D(2026, 1, 1), 0)], today)
    # Never scored again since: no progress either.
    assert rules.no_progress([Point(D(2026, 1, 1), 2)], today)


def test_no_follow_up_counts_days_since_last_score_or_start():
    today = D(2026, 11, 24)
    assert (
        rules.days_without_follow_up(since=D(2026, 8, 1), last_scored_on=None, today=today) == 115
    )
    assert rules.no_follow_up(since=D(2026, 8, 1), last_scored_on=None, today=today, days=90)
    assert not rules.no_follow_up(
        since=D(2026, 8, 1), last_scored_on=D(2026, 11, 1), today=today, days=90
    )


@given(
    st.lists(
        st.tuples(st.integers(0, 400), st.integers(0, 4)),
        min_size=1,
        max_size=10,
        unique_by=lambda t: t[0],  # one score a day: same-day order is the entry order
    )
)
def test_an_improving_latest_score_is_never_flagged_as_no_progress(raw):
    today = D(2026, 11, 24)
    pts = [Point(today - datetime.timedelta(days=d), v) for d, v in raw]
    ref_candidates = [p for p in pts if p.on <= rules.add_months(today, -6)]
    if ref_candidates:
        ref = max(ref_candidates, key=lambda p: p.on)
        later = [p for p in pts if p.on > ref.on]
        if any(p.value < ref.value for p in later):
            assert not rules.no_progress(pts, today)
