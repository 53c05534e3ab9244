"""Properties of the reimbursement that must hold for any stays (hypothesis)."""

import datetime
from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from hjemvej.economics.reimbursement import Stay, compute_reimbursement
from tests.economics.law import LAW

FIRST_DAY = datetime.date(2022, 6, 1)
money = st.decimals(min_value=0, max_value=3000, places=2)


@st.composite
def stay_lists(draw):
    """Stays of up to three citizens; one citizen's stays never overlap."""
    stays = []
    for citizen in draw(st.lists(st.sampled_from("ABC"), min_size=1, max_size=3, unique=True)):
        day = FIRST_DAY + datetime.timedelta(days=draw(st.integers(0, 900)))
        for _ in range(draw(st.integers(1, 4))):
            length = draw(st.integers(0, 500))
            rate = draw(money)
            own = draw(st.decimals(min_value=0, max_value=rate, places=2))
            section = draw(st.sampled_from(["110", "110", "110", "85a", "107"]))
            end = day + datetime.timedelta(days=length)
            decided = day - datetime.timedelta(days=draw(st.integers(-30, 60)))
            stays.append(Stay(citizen, section, day, end, rate, own, decided_on=decided))
            day = end + datetime.timedelta(days=draw(st.integers(0, 400)))
    return stays


HALF = max(rule.share for rule in LAW)


@settings(max_examples=150, deadline=None)
@given(stay_lists())
def test_reimbursement_never_exceeds_half_of_gross_minus_own_payment(stays):
    result = compute_reimbursement(stays, LAW)
    for r in result.stays:
        assert 0 <= r.tally.reimbursement <= HALF * (r.tally.gross - r.tally.own_payment)
        assert r.tally.reimbursed_nights <= r.tally.nights
    totals = result.totals
    assert totals.reimbursement <= HALF * (totals.gross - totals.own_payment)
    assert totals.net >= 0


@settings(max_examples=150, deadline=None)
@given(stay_lists(), st.data())
def test_splitting_a_stay_at_any_date_changes_no_total(stays, data):
    index = data.draw(st.integers(0, len(stays) - 1))
    original = stays[index]
    if original.nights < 2:
        return
    at = original.start + datetime.timedelta(days=data.draw(st.integers(1, original.nights - 1)))
    split = (
        stays[:index]
        + [replace(original, end=at), replace(original, start=at)]
        + stays[index + 1 :]
    )
    before = compute_reimbursement(stays, LAW)
    after = compute_reimbursement(split, LAW)
    assert after.totals == before.totals
    assert after.months == before.months
    parts = after.stays[index].tally.reimbursement + after.stays[index + 1].tally.reimbursement
    assert parts == before.stays[index].tally.reimbursement


@settings(max_examples=100, deadline=None)
@given(stay_lists())
def test_no_running_year_reimburses_more_than_120_nights(stays):
    shelter = [s for s in stays if s.section == "110" and s.start >= datetime.date(2023, 10, 1)]
    result = compute_reimbursement(shelter, LAW)
    for citizen in {s.citizen for s in shelter}:
        # Any 365-day window holds at most two running years' worth: 2 × 120.
        mine = [r for r in result.stays if r.stay.citizen == citizen]
        nights = sum(r.tally.reimbursed_nights for r in mine)
        first = min(r.stay.start for r in mine)
        last = max(r.stay.end for r in mine)
        years = (last - first).days // 365 + 1
        assert nights <= 120 * years


def test_totals_are_exact_decimals():
    stays = [
        Stay(
            "A",
            "110",
            datetime.date(2024, 1, 1),
            datetime.date(2024, 1, 4),
            Decimal("999.99"),
            Decimal("0.01"),
        )
    ]
    result = compute_reimbursement(stays, LAW)
    assert result.totals.reimbursement == Decimal("1499.97")  # 3 × 50 % × 999.98
