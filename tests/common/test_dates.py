"""The small date rules of common.dates: months with month-end clamping, whole months between,
age, Danish working days and overdue (no database)."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hjemvej.common import dates

D = datetime.date
DAYS = st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31))
MONTHS = st.integers(min_value=-240, max_value=240)


def test_month_end_is_clamped():
    assert dates.add_months(D(2026, 1, 31), 3) == D(2026, 4, 30)
    assert dates.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert dates.add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert dates.add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert dates.add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)


def test_later_phases_count_from_the_start_not_from_a_clamped_end():
    # CTI started 31.01.2026: phases end 30.04, 31.07 and 31.10 (not 30.07, 30.10).
    start = D(2026, 1, 31)
    assert [dates.add_months(start, n) for n in (3, 6, 9)] == [
        D(2026, 4, 30),
        D(2026, 7, 31),
        D(2026, 10, 31),
    ]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DAYS, MONTHS)
def test_adding_months_keeps_the_day_or_clamps_to_the_months_last_day(day, months):
    result = dates.add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    next_month = dates.add_months(result.replace(day=1), 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    assert result.day == min(day.day, last_day)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DAYS, MONTHS)
def test_months_between_counts_back_what_add_months_added(day, months):
    assert dates.months_between(day, dates.add_months(day, months)) == months


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DAYS, DAYS)
def test_months_between_is_the_largest_whole_number_of_months(start, end):
    n = dates.months_between(start, end)
    if end >= start:
        assert n >= 0
        assert dates.add_months(start, n) <= end < dates.add_months(start, n + 1)
    else:
        assert n <= 0
        assert dates.add_months(start, n - 1) < end <= dates.add_months(start, n)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DAYS, MONTHS)
def test_adding_months_is_monotone(day, months):
    assert dates.add_months(day, months) <= dates.add_months(
        day + datetime.timedelta(days=1), months
    )


def test_months_between_examples():
    assert dates.months_between(D(2026, 1, 15), D(2026, 3, 14)) == 1
    assert dates.months_between(D(2026, 1, 15), D(2026, 3, 15)) == 2
    assert dates.months_between(D(2026, 1, 31), D(2026, 4, 30)) == 3
    assert dates.months_between(D(2026, 1, 31), D(2026, 2, 27)) == 0


def test_age_turns_on_the_birthday():
    assert dates.age_on(D(2001, 6, 15), D(2026, 6, 14)) == 24
    assert dates.age_on(D(2001, 6, 15), D(2026, 6, 15)) == 25


def test_born_on_29_february_is_a_year_older_on_1_march():
    assert dates.age_on(D(2008, 2, 29), D(2026, 2, 28)) == 17
    assert dates.age_on(D(2008, 2, 29), D(2026, 3, 1)) == 18
    assert dates.age_on(D(2008, 2, 29), D(2028, 2, 29)) == 20


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dates(min_value=D(1920, 1, 1), max_value=D(2020, 12, 31)), st.integers(0, 100))
def test_age_on_the_birthday_is_the_years_passed(birth, years):
    if birth.month == 2 and birth.day == 29:
        birth = birth.replace(day=28)
    assert dates.age_on(birth, birth.replace(year=birth.year + years)) == years
    assert dates.age_on(birth, birth.replace(year=birth.year + years) - datetime.timedelta(1)) == (
        years - 1
    )


def test_overdue_is_after_the_due_day_and_not_done():
    assert not dates.is_overdue(D(2026, 5, 1), D(2026, 5, 1))
    assert dates.is_overdue(D(2026, 5, 1), D(2026, 5, 2))
    assert not dates.is_overdue(D(2026, 5, 1), D(2026, 5, 2), done=True)
    assert not dates.is_overdue(None, D(2026, 5, 2))
    assert dates.days_overdue(D(2026, 5, 1), D(2026, 5, 4)) == 3
    assert dates.days_overdue(D(2026, 5, 4), D(2026, 5, 1)) == 0


def test_notification_deadline_skips_easter_2026():
    # Decision Wednesday 1.4.2026: Maundy Thursday, Good Friday, the weekend and Easter Monday
    # are not working days, so the 3 working days are 7, 8 and 9 April.
    assert dates.add_working_days(D(2026, 4, 1), 3) == D(2026, 4, 9)


def test_notification_deadline_in_an_ordinary_week():
    assert dates.add_working_days(D(2026, 11, 23), 3) == D(2026, 11, 26)
    assert dates.add_working_days(D(2026, 11, 26), 3) == D(2026, 12, 1)  # over a weekend


def test_christmas_and_new_year_are_not_working_days():
    assert not dates.is_working_day(D(2026, 12, 25))
    assert not dates.is_working_day(D(2027, 1, 1))
    # Christmas Eve is not a public holiday; Christmas Day and Boxing Day (a Saturday) are.
    assert dates.add_working_days(D(2026, 12, 23), 3) == D(2026, 12, 29)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dates(min_value=D(2024, 1, 1), max_value=D(2030, 12, 31)), st.integers(1, 10))
def test_working_day_deadline_is_a_working_day_with_n_working_days(day, n):
    due = dates.add_working_days(day, n)
    assert dates.is_working_day(due)
    between = [day + datetime.timedelta(days=i) for i in range(1, (due - day).days + 1)]
    assert sum(1 for d in between if dates.is_working_day(d)) == n
