"""Working days and destinations (no database)."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from hjemvej.stays import rules

D = datetime.date


def test_notification_deadline_skips_easter_2026():
    # Decision Wednesday 1.4.2026: Maundy Thursday, Good Friday, the weekend and Easter Monday
    # are not working days, so the 3 working days are 7, 8 and 9 April.
    assert rules.add_working_days(D(2026, 4, 1), 3) == D(2026, 4, 9)


def test_notification_deadline_in_an_ordinary_week():
    assert rules.add_working_days(D(2026, 11, 23), 3) == D(2026, 11, 26)
    assert rules.add_working_days(D(2026, 11, 26), 3) == D(2026, 12, 1)  # over a weekend


def test_christmas_and_new_year_are_not_working_days():
    assert not rules.is_working_day(D(2026, 12, 25))
    assert not rules.is_working_day(D(2027, 1, 1))
    # Christmas Eve is not a public holiday; Christmas Day and Boxing Day (a Saturday) are.
    assert rules.add_working_days(D(2026, 12, 23), 3) == D(2026, 12, 29)


@given(st.dates(min_value=D(2024, 1, 1), max_value=D(2030, 12, 31)), st.integers(1, 10))
def test_working_day_deadline_is_a_working_day_with_n_working_days(day, n):
    due = rules.add_working_days(day, n)
    assert rules.is_working_day(due)
    between = [day + datetime.timedelta(days=i) for i in range(1, (due - day).days + 1)]
    assert sum(1 for d in between if rules.is_working_day(d)) == n


def test_every_destination_maps_to_a_count_category():
    for code in rules.DESTINATIONS:
        assert rules.count_category(code) in rules.COUNT_CATEGORIES
    assert rules.count_category("own_home") == "not_homeless"
    assert rules.count_category("street") == "rough_sleeping"
    assert rules.count_category("other_shelter") == "shelter"
    assert rules.count_category("prison") == "prison_release"
    assert rules.count_category("hospital_treatment") == "hospital_release"
    assert rules.count_category("family_friends") == "family_friends"
