"""One pricing rule (economics.pricing): a night is priced by the cost sheet in force for its
year, so a stay across New Year is split there — the citizen page and the report use it."""

import datetime
from decimal import Decimal as D

from hjemvej.economics.pricing import (
    DailyRates,
    StaySpan,
    gross_in_year,
    in_year,
    shelter_money,
    stay_inputs,
    year_parts,
)
from tests.economics.law import LAW

day = datetime.date
RATES = DailyRates([(1, 2025, D(1000)), (1, 2026, D(1200)), (2, 2027, D(500))])


def test_the_sheet_of_the_nights_year_or_the_oldest_when_all_are_later():
    assert RATES.in_year(1, 2024).rate == 1000  # before the first sheet: the oldest
    assert RATES.in_year(1, 2025).rate == 1000
    assert RATES.in_year(1, 2026).rate == 1200
    assert RATES.in_year(1, 2030).rate == 1200  # the newest up to the year
    assert RATES.in_year(2, 2026).rate == 500
    assert RATES.in_year(3, 2026) is None


def test_year_parts_split_at_new_year():
    assert year_parts(day(2025, 12, 20), day(2026, 1, 10)) == [
        (day(2025, 12, 20), day(2026, 1, 1)),
        (day(2026, 1, 1), day(2026, 1, 10)),
    ]
    assert year_parts(day(2025, 3, 1), day(2025, 3, 1)) == []


def test_a_stay_across_new_year_is_priced_by_each_years_sheet():
    span = StaySpan(7, "A", 1, day(2025, 12, 22), day(2026, 1, 11), D(100))
    [money] = shelter_money([span], RATES, LAW, until=day(2026, 6, 1))
    # 10 nights at 1,000 and 10 at 1,200; all 20 reimbursed at 50 % of (rate − own payment).
    assert money.tally.nights == 20 and money.tally.reimbursed_nights == 20
    assert money.tally.gross == 10 * 1000 + 10 * 1200
    assert money.tally.own_payment == 20 * 100
    assert money.tally.reimbursement == D("0.5") * (10 * 900 + 10 * 1100)
    assert [s.source for s in money.sheets] == ["takstblad 2025", "takstblad 2026"]
    assert in_year(money, 2026).gross == 10 * 1200


def test_a_unit_without_a_sheet_has_nights_but_no_amounts():
    span = StaySpan(8, "B", 3, day(2026, 1, 1), None, D(100))
    [money] = shelter_money([span], RATES, LAW, until=day(2026, 1, 31))
    assert (money.tally.nights, money.tally.gross, money.tally.own_payment) == (30, 0, 0)
    assert not money.priced


def test_a_citizens_stays_at_two_shelters_share_one_running_year():
    spans = [
        StaySpan(1, "C", 1, day(2026, 5, 1), day(2026, 7, 1)),  # 61 nights
        StaySpan(2, "C", 2, day(2026, 7, 1), day(2026, 9, 1)),  # 62 nights, 29 left of 90
    ]
    first, second = shelter_money(spans, RATES, LAW, until=day(2026, 12, 1))
    assert (first.tally.reimbursed_nights, second.tally.reimbursed_nights) == (61, 29)


def test_gross_of_a_stay_without_reimbursement_in_a_year():
    span = StaySpan(9, "D", 1, day(2025, 12, 1), None)
    assert gross_in_year(span, RATES, 2025).gross == 31 * 1000
    assert gross_in_year(StaySpan(9, "D", 3, day(2025, 1, 1), None), RATES, 2025) is None


def test_forecast_input_splits_at_new_year_and_keeps_the_open_end():
    span = StaySpan(10, "Borger 1", 1, day(2025, 12, 1), None, D(50))
    inputs = stay_inputs([span], RATES, today=day(2026, 2, 1))
    assert [(i.start, i.end, i.daily_rate) for i in inputs] == [
        (day(2025, 12, 1), day(2026, 1, 1), 1000),
        (day(2026, 1, 1), None, 1200),
    ]
    assert (
        stay_inputs([StaySpan(11, "x", 3, day(2026, 1, 1), None)], RATES, today=day(2026, 2, 1))
        == []
    )
