"""A year's figures without pricing the years before (issue 13): `since` counts the earlier
nights towards the running years but reports only the nights from it, `reimbursement_totals`
gives the same months and totals as `compute_reimbursement` without the per-stay results,
`by_month=False`, `stay_tallies` and `pricing.year_money` leave out only the months, and stays that end before
`counted_from` change nothing after it (hypothesis)."""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from hjemvej.economics import pricing
from hjemvej.economics.reimbursement import (
    SHELTER,
    Stay,
    compute_reimbursement,
    counted_from,
    reimbursement_totals,
    stay_tallies,
)
from tests.economics.law import LAW, REFORM
from tests.economics.test_reimbursement_properties import stay_lists

first_of_months = st.builds(datetime.date, st.integers(2022, 2027), st.integers(1, 12), st.just(1))


@settings(max_examples=150, deadline=None)
@given(stay_lists(), first_of_months)
def test_since_reports_the_same_nights_and_money_from_that_day(stays, since):
    full = compute_reimbursement(stays, LAW)
    cut = compute_reimbursement(stays, LAW, since=since)
    later = (since.year, since.month)
    assert cut.months == {m: t for m, t in full.months.items() if m >= later}
    for whole, part in zip(full.stays, cut.stays, strict=True):
        assert part.months == {m: t for m, t in whole.months.items() if m >= later}
        assert sum(p.tally.nights for p in part.periods) == part.tally.nights
        assert all(p.start >= since for p in part.periods)


@settings(max_examples=150, deadline=None)
@given(stay_lists(), st.one_of(st.none(), first_of_months))
def test_totals_are_those_of_the_full_computation(stays, since):
    result = compute_reimbursement(stays, LAW, since=since)
    months, totals = reimbursement_totals(stays, LAW, since=since)
    assert months == result.months
    assert totals == result.totals


@settings(max_examples=150, deadline=None)
@given(stay_lists(), first_of_months)
def test_shelter_stays_ending_before_the_first_counting_night_change_nothing_later(stays, since):
    start = counted_from(LAW)
    assert start == REFORM
    shelter = [s for s in stays if s.section == SHELTER]
    later = max(since, start)
    kept = [s for s in shelter if s.end > start]
    assert reimbursement_totals(kept, LAW, since=later) == reimbursement_totals(
        shelter, LAW, since=later
    )


def test_a_section_without_a_counting_rule_needs_no_history():
    whole_stay_only = [r for r in LAW if r.section == SHELTER and r.valid_to == REFORM]
    assert counted_from(whole_stay_only) is None


def test_the_running_year_begun_before_the_year_still_limits_the_year():
    # 92 nights from 1 October to New Year 2023 (of 120), then 60 nights in 2024: 28
    # reimbursed nights are left, and `since` must not forget the 92.
    stays = [
        Stay("A", SHELTER, datetime.date(2023, 10, 1), datetime.date(2024, 1, 9), Decimal(700)),
        Stay("A", SHELTER, datetime.date(2024, 1, 9), datetime.date(2024, 3, 1), Decimal(700)),
    ]
    months, totals = reimbursement_totals(stays, LAW, since=datetime.date(2024, 1, 1))
    assert totals.nights == 60
    assert totals.reimbursed_nights == 120 - 92
    assert set(months) == {(2024, 1), (2024, 2)}


@settings(max_examples=60, deadline=None)
@given(stay_lists(), st.integers(2023, 2026))
def test_shelter_money_of_a_year_is_the_same_with_the_earlier_nights_only_counted(stays, year):
    spans = [
        pricing.StaySpan(n, s.citizen, unit_id=1 + n % 2, start=s.start, end=s.end)
        for n, s in enumerate(s for s in stays if s.section == SHELTER)
    ]
    rates = pricing.DailyRates([(1, 2022, Decimal(650)), (1, 2025, Decimal(720)), (2, 2024, 800)])
    until = datetime.date(year + 1, 1, 1)
    since = datetime.date(year, 1, 1)
    full = pricing.shelter_money(spans, rates, LAW, until=until)
    cut = pricing.shelter_money(spans, rates, LAW, until=until, since=since)
    for a, b in zip(full, cut, strict=True):
        assert pricing.in_year(a, year) == pricing.in_year(b, year)
    for a, (tally, sheet) in zip(full, pricing.year_money(spans, rates, LAW, year), strict=True):
        assert tally == pricing.in_year(a, year)
        if tally.nights:
            assert sheet == rates.in_year(a.span.unit_id, year)


@settings(max_examples=100, deadline=None)
@given(stay_lists(), st.one_of(st.none(), first_of_months))
def test_without_months_the_stays_periods_and_totals_are_the_same(stays, since):
    full = compute_reimbursement(stays, LAW, since=since)
    lean = compute_reimbursement(stays, LAW, since=since, by_month=False)
    assert lean.months == {}
    assert lean.totals == full.totals
    for a, b in zip(full.stays, lean.stays, strict=True):
        assert (a.tally, a.periods) == (b.tally, b.periods)


@settings(max_examples=150, deadline=None)
@given(stay_lists(), st.one_of(st.none(), first_of_months))
def test_stay_tallies_are_the_stays_tallies_of_the_full_computation(stays, since):
    full = compute_reimbursement(stays, LAW, since=since)
    assert stay_tallies(stays, LAW, since=since) == [r.tally for r in full.stays]
