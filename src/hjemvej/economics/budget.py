"""Budget against actual for one offer and budget year: occupied nights × the daily rate
against the cost sheet's total, month by month. Pure: stay-like inputs in, numbers out.

The budget of a month is the cost sheet's total × the month's share of the year's days; the
actual is the occupied nights × the daily rate as billed (whole kroner). Open stays count up to
`as_of` (the nights after it have not happened yet)."""

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from hjemvej.economics.forecast import StayInput, check_stay_inputs
from hjemvej.economics.money import ZERO
from hjemvej.economics.rates import RateResult


@dataclass(frozen=True)
class BudgetMonth:
    month: datetime.date
    days: int
    budget_nights: Decimal
    budget: Decimal
    occupied_nights: int
    actual: Decimal
    counted: bool  # False for months after `as_of`: budget only

    @property
    def difference(self) -> Decimal:
        return self.actual - self.budget


@dataclass(frozen=True)
class BudgetResult:
    year: int
    rate: Decimal
    months: list[BudgetMonth]
    budget: Decimal
    budget_nights: Decimal
    occupied_nights: int
    actual: Decimal
    budget_to_date: Decimal

    @property
    def difference_to_date(self) -> Decimal:
        return self.actual - self.budget_to_date


def _overlap(a0: datetime.date, a1: datetime.date, b0: datetime.date, b1: datetime.date) -> int:
    return max(0, (min(a1, b1) - max(a0, b0)).days)


def budget_against_actual(
    sheet: RateResult, year: int, stays: Sequence[StayInput], *, as_of: datetime.date
) -> BudgetResult:
    check_stay_inputs(stays)
    rate = sheet.daily_rate_shown
    days_in_year = 366 if calendar.isleap(year) else 365
    months = []
    for m in range(1, 13):
        first = datetime.date(year, m, 1)
        days = calendar.monthrange(year, m)[1]
        after = first + datetime.timedelta(days=days)
        counted_until = min(after, max(first, as_of))
        occupied = sum(_overlap(first, counted_until, s.start, s.end or as_of) for s in stays)
        months.append(
            BudgetMonth(
                month=first,
                days=days,
                budget_nights=sheet.capacity_nights * days / days_in_year,
                budget=sheet.total * days / days_in_year,
                occupied_nights=occupied,
                actual=occupied * rate,
                counted=first < as_of,
            )
        )
    counted = [m for m in months if m.counted]
    return BudgetResult(
        year=year,
        rate=rate,
        months=months,
        budget=sheet.total,
        budget_nights=sheet.capacity_nights,
        occupied_nights=sum(m.occupied_nights for m in months),
        actual=sum((m.actual for m in months), ZERO),
        budget_to_date=sum((m.budget * _share(m, as_of) for m in counted), ZERO),
    )


def _share(month: BudgetMonth, as_of: datetime.date) -> Decimal:
    """The part of a month's budget that has run by `as_of`."""
    after = month.month + datetime.timedelta(days=month.days)
    if as_of >= after:
        return Decimal(1)
    return Decimal((as_of - month.month).days) / month.days
