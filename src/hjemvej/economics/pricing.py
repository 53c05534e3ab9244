"""What recorded stays cost: each night priced by the offer's cost sheet in force for that
night's year, and §110 nights reimbursed by the running-year counter (reimbursement.py).

The one pricing rule, used by the citizen page, the outcome report, the forecast and the budget:
a night in year Y is priced with the unit's newest cost sheet for a budget year up to Y, or its
oldest sheet when all are later. A stay that crosses New Year is split there. Pure: the stays
app hands in `StaySpan`s, the rates come from economics.selectors.daily_rates()."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from hjemvej.economics.forecast import StayInput
from hjemvej.economics.money import ZERO, ore
from hjemvej.economics.rates import DAYS_PER_YEAR
from hjemvej.economics.reimbursement import (
    ONE_DAY,
    SHELTER,
    Rule,
    Stay,
    Tally,
    compute_reimbursement,
    stay_tallies,
)


@dataclass(frozen=True)
class StaySpan:
    """A recorded stay as the stays app hands it to economics, without person data."""

    ref: int  # the stay's id
    citizen: str  # a key for the citizen: stays with the same key share running years
    unit_id: int  # the offer's unit, whose cost sheets price the nights
    start: datetime.date
    end: datetime.date | None  # None while the stay goes on
    own_payment_per_night: Decimal = ZERO
    # The price agreed with the provider of a bought offer (issue 16); it prices the nights
    # instead of the unit's cost sheets. None: the cost sheets price them.
    price_per_night: Decimal | None = None


@dataclass(frozen=True)
class SheetRate:
    rate: Decimal  # per night, in whole kroner as the cost sheet shows it
    budget_year: int
    agreed: bool = False  # the stay's agreed price at a bought offer, not a cost sheet

    @property
    def source(self) -> str:
        if self.agreed:
            return "aftalt pris"
        return f"takstblad {self.budget_year}"


class DailyRates:
    """Each unit's cost sheets' daily rates by budget year."""

    def __init__(self, sheets: Sequence[tuple[int, int, Decimal]]) -> None:
        """`sheets`: (unit id, budget year, daily rate)."""
        self._by_unit: dict[int, list[SheetRate]] = {}
        for unit_id, year, rate in sorted(sheets):
            self._by_unit.setdefault(unit_id, []).append(SheetRate(rate, year))
        # (unit id, year) → in_year(): asked once per stay and year part, for few units
        self._in_year: dict[tuple[int, int], SheetRate | None] = {}

    def priced(self, unit_id: int) -> bool:
        return unit_id in self._by_unit

    def in_year(self, unit_id: int, year: int) -> SheetRate | None:
        """The sheet that prices the unit's nights in `year`, or None without any sheet."""
        key = (unit_id, year)
        try:
            return self._in_year[key]
        except KeyError:
            pass
        sheets = self._by_unit.get(unit_id)
        sheet = (
            next((s for s in reversed(sheets) if s.budget_year <= year), sheets[0])
            if sheets
            else None
        )
        self._in_year[key] = sheet
        return sheet


def rate_for(span: StaySpan, rates: DailyRates, year: int) -> SheetRate | None:
    """What prices the span's nights in `year`: the price agreed for a stay at a bought offer,
    otherwise the unit's cost sheet for the year (None: unpriced)."""
    if span.price_per_night is not None:
        return SheetRate(span.price_per_night, year, agreed=True)
    return rates.in_year(span.unit_id, year)


def gross_until(span: StaySpan, rates: DailyRates, until: datetime.date) -> Decimal | None:
    """What the span's nights up to `until` cost before own payment and reimbursement: each
    night at its year's rate (`rate_for`). None when a night has no price."""
    total = ZERO
    for a, b in year_parts(span.start, min(span.end or until, until)):
        sheet = rate_for(span, rates, a.year)
        if sheet is None:
            return None
        total += (b - a).days * sheet.rate
    return total


def year_parts(
    start: datetime.date, end: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """The nights `start` up to `end`, split at New Year."""
    parts = []
    while start.year < end.year and start < end:
        new_year = datetime.date(start.year + 1, 1, 1)
        parts.append((start, new_year))
        start = new_year
    if start < end:
        parts.append((start, end))
    return parts


@dataclass
class SpanMoney:
    span: StaySpan
    sheets: list[SheetRate]  # the sheets that priced its nights, oldest first; [] unpriced
    tally: Tally = field(default_factory=Tally)
    months: dict[tuple[int, int], Tally] = field(default_factory=dict)

    @property
    def priced(self) -> bool:
        return bool(self.sheets)


def priced_stays(
    spans: Sequence[StaySpan],
    rates: DailyRates,
    *,
    until: datetime.date,
    section: str = SHELTER,
    since: datetime.date | None = None,
) -> tuple[list[Stay], list[int]]:
    """The spans as calculator stays, one per year part, each priced by its year's sheet; open
    spans and spans beyond `until` are cut there. Parts that end by `since` only count nights
    and are not priced. Returns the stays and, for each, the index of its span."""
    stays: list[Stay] = []
    owners: list[int] = []
    for n, span in enumerate(spans):
        end = min(span.end or until, until)
        for a, b in year_parts(span.start, end):
            if since is not None and b <= since:
                stays.append(
                    Stay(citizen=span.citizen, section=section, start=a, end=b, daily_rate=ZERO)
                )
                owners.append(n)
                continue
            sheet = rate_for(span, rates, a.year)
            stays.append(
                Stay(
                    citizen=span.citizen,
                    section=section,
                    start=a,
                    end=b,
                    daily_rate=sheet.rate if sheet else ZERO,
                    own_payment_per_night=span.own_payment_per_night if sheet else ZERO,
                )
            )
            owners.append(n)
    return stays, owners


def shelter_money(
    spans: Sequence[StaySpan],
    rates: DailyRates,
    rules: Sequence[Rule],
    *,
    until: datetime.date,
    since: datetime.date | None = None,
) -> list[SpanMoney]:
    """The money of §110 stays (of one citizen or many; a citizen's stays share running years),
    counted up to `until`: per stay and per month, the nights, reimbursed nights, gross cost,
    own payment, reimbursement and net cost. In the order of `spans`. With `since`, the nights
    before it count towards the running years but the money holds only the nights from it."""
    stays, owners = priced_stays(spans, rates, until=until, since=since)
    result = compute_reimbursement(stays, rules, since=since)
    out = [SpanMoney(span, []) for span in spans]
    for n, stay_result in zip(owners, result.stays, strict=True):
        if since is not None and stay_result.stay.end <= since:
            continue  # only counted: no nights from `since` on
        money = out[n]
        sheet = rate_for(money.span, rates, stay_result.stay.start.year)
        if sheet is not None and sheet not in money.sheets:
            money.sheets.append(sheet)
        money.tally.add(stay_result.tally)
        for month, tally in stay_result.months.items():
            money.months.setdefault(month, Tally()).add(tally)
    return out


def year_money(
    spans: Sequence[StaySpan], rates: DailyRates, rules: Sequence[Rule], year: int
) -> list[tuple[Tally, SheetRate | None]]:
    """The money of the §110 spans' nights in `year` (a citizen's stays share running years,
    so give each citizen's stays from `reimbursement.counted_from` on): per span, what
    `in_year(shelter_money(...)[n], year)` gives, and the sheet that priced it (None:
    unpriced), without the months. In the order of `spans`."""
    since, until = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    stays, owners = priced_stays(spans, rates, until=until, since=since)
    tallies = stay_tallies(stays, rules, since=since)
    out: list[tuple[Tally, SheetRate | None]] = [(Tally(), None) for _ in spans]
    for n, stay, tally in zip(owners, stays, tallies, strict=True):
        if stay.end > since:  # the one part of the span in the year
            out[n] = (tally, rate_for(spans[n], rates, year))
    return out


def in_year(money: SpanMoney, year: int) -> Tally:
    """The part of a stay's money that falls in `year`."""
    tally = Tally()
    for (y, _month), part in money.months.items():
        if y == year:
            tally.add(part)
    return tally


def gross_in_year(span: StaySpan, rates: DailyRates, year: int) -> Tally | None:
    """A stay without reimbursement (not §110): its nights in `year` × the year's daily rate,
    or None when the unit has no cost sheet."""
    sheet = rate_for(span, rates, year)
    if sheet is None:
        return None
    first, after = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    lo = max(span.start, first)
    hi = min(span.end, after) if span.end else after
    nights = max(0, (hi - lo).days)
    return Tally(nights=nights, gross=nights * sheet.rate)


def stay_inputs(
    spans: Sequence[StaySpan], rates: DailyRates, *, today: datetime.date
) -> list[StayInput]:
    """The spans as input for the forecast and the budget: one per year part, each with the
    daily rate of its year's cost sheet; an open stay's last part (the one holding `today`)
    stays open. Stays at a unit without a cost sheet are left out."""
    inputs = []
    for span in spans:
        if not rates.priced(span.unit_id) and span.price_per_night is None:
            continue
        parts = year_parts(span.start, span.end or today + ONE_DAY) or [(span.start, span.start)]
        for n, (a, b) in enumerate(parts):
            sheet = rate_for(span, rates, a.year)
            assert sheet is not None  # the unit has sheets
            open_end = span.end is None and n + 1 == len(parts)
            inputs.append(
                StayInput(
                    span.citizen,
                    a,
                    None if open_end else b,
                    sheet.rate,
                    span.own_payment_per_night,
                )
            )
    return inputs


# ---------------------------------------------------------------- placements in bought offers
#
# A placement in another municipality's, a region's or a private offer (stays.Placement) costs a
# price per month. The rule, stated once: a month is a twelfth of the cost sheet's year of 365
# nights (365 / 12 = 30.4166… nights), so a price per night × 365 / 12 is the month's price, and
# a year is 12 months (= 365 nights, as the cost sheet counts it). Amounts are rounded once,
# half up to øre (money.ore). The saving from bringing a citizen home is the month's price at
# the bought offer minus a month at the local offer's daily rate from its cost sheet.

MONTHS_PER_YEAR = 12
NIGHTS_PER_MONTH = Decimal(DAYS_PER_YEAR) / MONTHS_PER_YEAR


def monthly_price(*, per_month: Decimal | None, per_night: Decimal | None) -> Decimal | None:
    """The price per month of a bought offer: its agreed monthly price, else its price per
    night × 365 / 12; None when neither is known."""
    if per_month is not None:
        return ore(per_month)
    if per_night is not None:
        return ore(per_night * NIGHTS_PER_MONTH)
    return None


def nightly_price(*, per_month: Decimal | None, per_night: Decimal | None) -> Decimal | None:
    """The price per night of a bought offer: its agreed price per night, else its monthly
    price spread over a month's nights (÷ 365 / 12); None when neither is known."""
    if per_night is not None:
        return per_night
    if per_month is not None:
        return ore(per_month / NIGHTS_PER_MONTH)
    return None


def yearly_cost(per_month: Decimal) -> Decimal:
    """A year of a monthly cost: 12 months."""
    return ore(per_month * MONTHS_PER_YEAR)


def month_at_rate(daily_rate: Decimal) -> Decimal:
    """A month (365 / 12 nights) at a cost sheet's daily rate."""
    return ore(daily_rate * NIGHTS_PER_MONTH)


@dataclass(frozen=True)
class BringHomeSaving:
    """What a placement costs and what bringing the citizen home to the local offer saves."""

    cost_per_month: Decimal
    cost_per_year: Decimal
    local_rate: SheetRate | None  # the local offer's daily rate this year; None: no cost sheet
    local_per_month: Decimal | None
    saving_per_month: Decimal | None  # negative when the local offer costs more
    saving_per_year: Decimal | None


def bring_home_saving(
    cost_per_month: Decimal, local_unit_id: int | None, rates: DailyRates, year: int
) -> BringHomeSaving:
    """The placement's cost, and the saving if brought home at the local offer's rate for
    `year` (the sheet `DailyRates.in_year` picks, as for a night of that year)."""
    sheet = rates.in_year(local_unit_id, year) if local_unit_id is not None else None
    if sheet is None:
        return BringHomeSaving(cost_per_month, yearly_cost(cost_per_month), None, None, None, None)
    local = month_at_rate(sheet.rate)
    saving = cost_per_month - local
    return BringHomeSaving(
        cost_per_month, yearly_cost(cost_per_month), sheet, local, saving, yearly_cost(saving)
    )
