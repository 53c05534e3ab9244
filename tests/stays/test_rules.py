"""Destinations and the reimbursement limit (no database)."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from hjemvej.stays import rules

D = datetime.date


def test_every_destination_maps_to_a_count_category():
    for code in rules.DESTINATIONS:
        assert rules.count_category(code) in rules.COUNT_CATEGORIES
    assert rules.count_category("own_home") == "not_homeless"
    assert rules.count_category("street") == "rough_sleeping"
    assert rules.count_category("other_shelter") == "shelter"
    assert rules.count_category("prison") == "prison_release"
    assert rules.count_category("hospital_treatment") == "hospital_release"
    assert rules.count_category("family_friends") == "family_friends"


def test_limit_is_120_until_april_2026_then_90():
    assert rules.limit_on(D(2023, 9, 30)) is None
    assert rules.limit_on(D(2023, 10, 1)) == 120
    assert rules.limit_on(D(2026, 3, 31)) == 120
    assert rules.limit_on(D(2026, 4, 1)) == 90


def test_stay_with_78_nights_has_12_reimbursed_nights_left_under_the_90_limit():
    ry = rules.running_year([(D(2026, 5, 1), None)], D(2026, 7, 18))
    assert ry.nights == 78
    assert ry.reimbursed == 78
    assert ry.limit == 90
    assert ry.nights_left == 12
    assert ry.starts_on == D(2026, 5, 1)


def test_nights_of_all_stays_in_the_running_year_share_the_limit():
    stays = [(D(2026, 5, 1), D(2026, 6, 1)), (D(2026, 8, 1), None)]  # 31 nights, then more
    ry = rules.running_year(stays, D(2026, 9, 1))
    assert ry.nights == 31 + 31
    assert ry.nights_left == 90 - 62


def test_year_with_100_reimbursed_nights_gets_no_more_on_1_april_2026():
    ry = rules.running_year([(D(2025, 12, 1), None)], D(2026, 4, 1))
    assert ry.reimbursed == 120  # December to March: all 121 nights up to 120
    assert ry.nights_left == 0
    assert ry.exhausted


def test_new_running_year_starts_with_the_first_night_after_the_year():
    ry = rules.running_year([(D(2025, 1, 10), None)], D(2026, 1, 12))
    assert ry.starts_on == D(2026, 1, 10)
    assert ry.nights == 2
    assert ry.nights_left == 88  # 2 of 120 now; from 1.4.2026 the limit is 90


def test_stay_before_the_reform_counts_from_1_october_2023():
    ry = rules.running_year([(D(2023, 5, 1), None)], D(2023, 10, 11))
    assert ry.starts_on == D(2023, 10, 1)
    assert ry.nights == 10


def test_no_running_year_without_stays():
    assert rules.running_year([], D(2026, 1, 1)) is None


@given(
    start=st.dates(min_value=D(2023, 10, 1), max_value=D(2027, 1, 1)),
    length=st.integers(0, 800),
)
def test_reimbursed_nights_never_exceed_the_limit(start, length):
    today = start + datetime.timedelta(days=length)
    ry = rules.running_year([(start, None)], today)
    assert ry is not None
    assert 0 <= ry.reimbursed <= 120
    assert ry.reimbursed <= ry.nights
    assert ry.reimbursed + ry.nights_left <= 120
