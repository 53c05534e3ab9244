"""State reimbursement under the reform, hand-computed. Rate 1,000 kr. a night and an own
payment of 100 kr., so a reimbursed night is 50 % × 900 = 450 kr."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from hjemvej.economics.reimbursement import (
    Stay,
    add_months,
    compute_reimbursement,
    running_year_status,
)
from tests.economics.law import LAW


def d(text: str) -> datetime.date:
    day, month, year = (int(p) for p in text.split("."))
    return datetime.date(year, month, day)


def stay(start, end, *, citizen="A", section="110", rate="1000", own="100", decided=None):
    return Stay(
        citizen=citizen,
        section=section,
        start=d(start),
        end=d(end),
        daily_rate=D(rate),
        own_payment_per_night=D(own),
        decided_on=d(decided) if decided else None,
    )


def run(*stays):
    return compute_reimbursement(list(stays), LAW)


def test_stay_from_1_july_to_31_december_2023_is_split_at_the_reform():
    result = run(stay("1.7.2023", "31.12.2023"))
    (r,) = result.stays
    assert (r.tally.nights, r.tally.reimbursed_nights) == (183, 183)
    assert r.tally.gross == D("183000")
    assert r.tally.own_payment == D("18300")
    assert r.tally.reimbursement == D("82350")  # 183 × 450
    assert r.tally.net == D("82350")
    old, new = r.periods
    assert (old.start, old.end, old.tally.nights) == (d("1.7.2023"), d("1.10.2023"), 92)
    assert old.rule_name.startswith("§110 før reformen")
    assert (new.start, new.end, new.tally.nights, new.tally.reimbursed_nights) == (
        d("1.10.2023"),
        d("31.12.2023"),
        91,
        91,
    )


def test_stay_begun_before_the_reform_counts_as_admitted_on_1_october_2023():
    # Nights from 1.10.2023: 91 in the first stay, then 61 from 31.12.2023; the running year
    # began on 1.10.2023 (not 1.7.2023), so only 120 − 91 = 29 of the second stay's nights.
    result = run(stay("1.7.2023", "31.12.2023"), stay("31.12.2023", "1.3.2024"))
    assert result.stays[1].tally.nights == 61
    assert result.stays[1].tally.reimbursed_nights == 29


def test_two_stays_of_one_citizen_in_one_running_year_share_the_120_nights():
    result = run(stay("1.11.2023", "1.2.2024"), stay("1.3.2024", "1.5.2024"))
    first, second = result.stays
    assert (first.tally.nights, first.tally.reimbursed_nights) == (92, 92)
    assert (second.tally.nights, second.tally.reimbursed_nights) == (61, 28)
    assert second.tally.reimbursement == D("12600")  # 28 × 450
    assert second.tally.net == D("61000") - D("6100") - D("12600")
    assert result.totals.reimbursed_nights == 120
    assert result.totals.reimbursement == D("54000")


def test_other_citizens_do_not_share_the_running_year():
    result = run(stay("1.11.2023", "1.2.2024"), stay("1.3.2024", "1.5.2024", citizen="B"))
    assert result.stays[1].tally.reimbursed_nights == 61


def test_stay_across_1_april_2026_with_more_than_90_nights_gets_no_more_after_the_change():
    result = run(stay("21.12.2025", "1.6.2026"))
    (r,) = result.stays
    before, after = r.periods
    assert (before.tally.nights, before.tally.reimbursed_nights) == (101, 101)
    assert before.end == d("1.4.2026")
    assert (after.tally.nights, after.tally.reimbursed_nights) == (61, 0)
    assert after.rule_name.startswith("§110 fra 1.4.2026")
    assert r.tally.reimbursement == D("45450")  # 101 × 450


def test_stay_across_1_april_2026_with_fewer_nights_goes_on_to_90():
    (r,) = run(stay("1.2.2026", "1.6.2026")).stays
    before, after = r.periods
    assert (before.tally.nights, before.tally.reimbursed_nights) == (59, 59)
    assert (after.tally.nights, after.tally.reimbursed_nights) == (61, 31)
    assert r.tally.reimbursed_nights == 90


def test_stay_running_past_the_end_of_its_running_year_starts_a_new_one_the_next_day():
    (r,) = run(stay("1.10.2024", "1.1.2026")).stays
    assert r.tally.nights == 457
    # 120 in the year 1.10.2024–30.9.2025, then a new year from 1.10.2025: all 92 nights.
    assert r.tally.reimbursed_nights == 212
    months = {m: t.reimbursed_nights for m, t in r.months.items()}
    assert months[(2024, 10)] == 31
    assert months[(2025, 1)] == 28  # 31 + 30 + 31 + 28 = 120 by 28.1.2025
    assert months[(2025, 2)] == 0
    assert months[(2025, 9)] == 0
    assert months[(2025, 10)] == 31


def test_readmission_after_the_running_year_starts_a_new_year_on_the_readmission_date():
    result = run(stay("1.10.2024", "1.3.2025"), stay("1.12.2025", "1.2.2026"))
    assert result.stays[0].tally.reimbursed_nights == 120
    assert result.stays[1].tally.reimbursed_nights == 62


def test_readmission_inside_the_running_year_continues_the_count():
    result = run(stay("1.10.2024", "1.12.2024"), stay("1.6.2025", "1.12.2025"))
    # 61 used; the second stay gets 59 more up to 30.9.2025, then a new year from 1.10.2025.
    second = result.stays[1]
    months = {m: t.reimbursed_nights for m, t in second.months.items()}
    assert sum(v for (y, m), v in months.items() if (y, m) < (2025, 10)) == 59
    assert months[(2025, 10)] + months[(2025, 11)] == 61


def test_own_payment_is_deducted_before_the_share_is_taken():
    (r,) = run(stay("1.11.2023", "11.11.2023", rate="800", own="200")).stays
    assert r.tally.reimbursement == D("3000")  # 10 × 50 % × (800 − 200)
    assert r.tally.net == D("8000") - D("2000") - D("3000")


def test_months_add_up_to_the_totals():
    result = run(stay("1.7.2023", "31.12.2023"), stay("1.3.2024", "1.5.2024", citizen="B"))
    total = sum(t.reimbursement for t in result.months.values())
    assert total == result.totals.reimbursement
    assert list(result.months)[0] == (2023, 7)


def test_housing_support_is_reimbursed_for_two_years_after_the_first_discharge():
    result = run(
        stay("1.11.2023", "1.2.2024"),
        stay("1.2.2024", "1.2.2027", section="85a", rate="400", own="0", decided="15.1.2024"),
    )
    support = result.stays[1]
    assert support.tally.nights == 1096
    assert support.tally.reimbursed_nights == 731  # 1.2.2024 up to 1.2.2026
    assert support.tally.reimbursement == D("731") * D("200")


def test_housing_support_decided_after_discharge_is_not_reimbursed():
    result = run(
        stay("1.11.2023", "1.2.2024"),
        stay("1.2.2024", "1.8.2024", section="85a", rate="400", own="0", decided="5.2.2024"),
    )
    assert result.stays[1].tally.reimbursed_nights == 0


def test_housing_support_period_does_not_restart_on_readmission():
    result = run(
        stay("1.11.2023", "1.2.2024"),
        stay("1.6.2025", "1.7.2025"),
        stay("1.7.2025", "1.7.2026", section="85a", rate="400", own="0", decided="20.6.2025"),
    )
    support = result.stays[2]
    # Counted from the first discharge, 1.2.2024: reimbursed up to 1.2.2026 only.
    assert support.tally.reimbursed_nights == (d("1.2.2026") - d("1.7.2025")).days


def test_temporary_housing_is_reimbursed_up_to_six_months_within_one_year():
    result = run(
        stay("1.11.2023", "1.2.2024"),
        stay("1.3.2024", "1.3.2025", section="107", rate="1200", own="0"),
    )
    # Six months from 1.2.2024 is 182 nights.
    assert result.stays[1].tally.reimbursed_nights == 182


def test_temporary_housing_late_in_the_year_is_reimbursed_only_until_the_year_ends():
    result = run(
        stay("1.11.2023", "1.2.2024"),
        stay("1.12.2024", "1.6.2025", section="107", rate="1200", own="0"),
    )
    assert result.stays[1].tally.reimbursed_nights == 62


def test_a_move_between_shelters_on_the_same_day_is_not_a_discharge():
    result = run(
        stay("1.11.2023", "1.1.2024"),
        stay("1.1.2024", "1.2.2024"),
        stay("1.1.2024", "1.3.2024", section="107", rate="1200", own="0"),
    )
    # The first discharge is 1.2.2024, so the §107 nights in January are not reimbursed.
    assert result.stays[2].tally.reimbursed_nights == 29


@pytest.mark.parametrize(
    ("stays", "field"),
    [
        ([stay("1.2.2024", "1.1.2024")], "stays.0.end"),
        ([stay("1.1.2024", "1.2.2024", own="2000")], "stays.0.own_payment_per_night"),
        ([stay("1.1.2024", "1.2.2024", section="999")], "stays.0.section"),
        ([stay("1.1.2024", "1.3.2024"), stay("1.2.2024", "1.4.2024")], "stays.1.start"),
    ],
)
def test_impossible_stays_are_refused_with_the_field_named(stays, field):
    with pytest.raises(ValidationError) as exc:
        run(*stays)
    assert field in exc.value.message_dict


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("1.10.2023", 12, "1.10.2024"),
        ("29.2.2024", 12, "1.3.2025"),
        ("31.8.2024", 6, "1.3.2025"),
        ("15.11.2024", 3, "15.2.2025"),
    ],
)
def test_add_months_takes_the_corresponding_date_or_the_first_of_the_next_month(
    day, months, expected
):
    assert add_months(d(day), months) == d(expected)


class TestStatus:
    """The running year on a day; the nights before the day count, the nights left are those
    the law reimburses if the stay goes on to the end of the running year."""

    def status(self, spans, today):
        return running_year_status([(d(a), d(b) if b else None) for a, b in spans], d(today), LAW)

    def test_nights_used_and_left_in_the_running_year(self):
        status = self.status([("1.10.2024", "1.6.2025")], "20.1.2025")
        assert (status.reimbursed, status.nights_left, status.limit) == (111, 9, 120)
        assert (status.starts_on, status.ends_on) == (d("1.10.2024"), d("1.10.2025"))

    def test_limit_of_90_from_april_2026_leaves_nothing_after_100_nights(self):
        status = self.status([("21.12.2025", "1.6.2026")], "10.4.2026")
        assert (status.reimbursed, status.nights_left, status.limit) == (101, 0, 90)
        assert status.exhausted

    def test_a_year_that_reaches_april_2026_stops_at_90(self):
        status = self.status([("10.1.2025", None)], "12.1.2026")
        assert (status.starts_on, status.nights, status.reimbursed) == (d("10.1.2026"), 2, 2)
        assert status.limit == 120
        assert status.nights_left == 88  # from 1.4.2026 the year's limit is 90

    def test_before_the_reform_there_is_no_running_year(self):
        assert self.status([("1.7.2023", "1.9.2023")], "15.8.2023") is None

    def test_a_stay_before_the_reform_counts_from_1_october_2023(self):
        status = self.status([("1.5.2023", None)], "11.10.2023")
        assert (status.starts_on, status.nights) == (d("1.10.2023"), 10)

    def test_after_the_running_year_without_a_stay_there_is_none(self):
        assert self.status([("1.10.2024", "1.3.2025")], "2.10.2025") is None

    def test_after_the_running_year_a_stay_tonight_starts_a_new_one(self):
        status = self.status([("1.10.2024", "1.3.2025"), ("2.10.2025", None)], "2.10.2025")
        assert (status.starts_on, status.ends_on) == (d("2.10.2025"), d("2.10.2026"))
        assert (status.nights, status.reimbursed, status.nights_left) == (0, 0, 120)

    def test_a_year_with_few_nights_before_april_2026_gets_up_to_90_after(self):
        # 1.3.2026: 0 used; March has 31 nights under 120, then the 90 limit: 90 in all.
        status = self.status([("1.3.2026", None)], "1.3.2026")
        assert status.nights_left == 90

    def test_78_nights_leave_12_under_the_90_limit(self):
        status = self.status([("1.5.2026", None)], "18.7.2026")
        assert (status.nights, status.reimbursed, status.limit, status.nights_left) == (
            78,
            78,
            90,
            12,
        )

    def test_nights_of_all_stays_in_the_running_year_share_the_limit(self):
        status = self.status([("1.5.2026", "1.6.2026"), ("1.8.2026", None)], "1.9.2026")
        assert status.nights == 31 + 31
        assert status.nights_left == 90 - 62

    def test_no_running_year_without_stays(self):
        assert self.status([], "1.1.2026") is None
