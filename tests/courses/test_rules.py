"""The phase-date rules, without a database: the worked CTI example and the month-end rule."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from hjemvej.courses import rules

CTI = [
    rules.PhaseRule(1, "Overgang", rules.MONTHS, 3),
    rules.PhaseRule(2, "Afprøvning", rules.MONTHS, 3),
    rules.PhaseRule(3, "Overdragelse", rules.MONTHS, 3),
]


def ends(start):
    return [p.end for p in rules.plan_phases(CTI, start)]


def test_cti_started_15_january_ends_phases_15_april_july_october():
    assert ends(datetime.date(2026, 1, 15)) == [
        datetime.date(2026, 4, 15),
        datetime.date(2026, 7, 15),
        datetime.date(2026, 10, 15),
    ]


def test_cti_started_31_january_clamps_april_without_shifting_later_phases():
    assert ends(datetime.date(2026, 1, 31)) == [
        datetime.date(2026, 4, 30),
        datetime.date(2026, 7, 31),
        datetime.date(2026, 10, 31),
    ]


def test_each_phase_starts_where_the_previous_ends():
    planned = rules.plan_phases(CTI, datetime.date(2026, 1, 31))
    assert [p.start for p in planned] == [
        datetime.date(2026, 1, 31),
        datetime.date(2026, 4, 30),
        datetime.date(2026, 7, 31),
    ]


def test_month_end_rule_clamps_to_last_day_and_knows_leap_years():
    assert rules.add_months(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)
    assert rules.add_months(datetime.date(2027, 11, 30), 3) == datetime.date(2028, 2, 29)
    assert rules.add_months(datetime.date(2026, 12, 15), 1) == datetime.date(2027, 1, 15)


def test_weeks_after_months_count_from_the_phase_start():
    hf = [
        rules.PhaseRule(1, "Housing First", rules.MONTHS, 9, maximum=9),
        rules.PhaseRule(2, "Overgangsforløb", rules.WEEKS, 20, maximum=20),
    ]
    first, second = rules.plan_phases(hf, datetime.date(2026, 2, 1))
    assert first.end == datetime.date(2026, 11, 1)
    assert second.start == datetime.date(2026, 11, 1)
    assert second.end == datetime.date(2026, 11, 1) + datetime.timedelta(weeks=20)
    assert second.latest_end == second.end


def test_a_phase_without_planned_length_leaves_later_phases_undated():
    youth = [
        rules.PhaseRule(0, "Visitation", rules.MONTHS, None),
        rules.PhaseRule(1, "Handleplan", rules.MONTHS, None, 3, 6),
    ]
    zero, one = rules.plan_phases(youth, datetime.date(2026, 3, 1))
    assert zero.end is None and one.start is None and one.latest_end is None
    (again,) = rules.plan_phases(youth[1:], datetime.date(2026, 4, 10))
    assert again.earliest_end == datetime.date(2026, 7, 10)
    assert again.latest_end == datetime.date(2026, 10, 10)


dates = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 12, 31))


@given(dates, st.integers(min_value=0, max_value=60))
def test_add_months_lands_in_the_right_month_never_past_the_day(day, months):
    result = rules.add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day <= day.day
    if result.day < day.day:
        next_day = result + datetime.timedelta(days=1)
        assert next_day.day == 1  # clamped only to the month's last day


@given(dates)
def test_cti_phases_follow_one_another_and_end_nine_months_after_start(start):
    planned = rules.plan_phases(CTI, start)
    for earlier, later in zip(planned, planned[1:], strict=False):
        assert later.start == earlier.end
        assert earlier.start < earlier.end
    assert planned[-1].end == rules.add_months(start, 9)
