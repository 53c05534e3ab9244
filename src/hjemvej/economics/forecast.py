"""What does another month at the shelter cost us? Two futures for the current §110 stays.

- "Nobody moves": every current stay goes on to the end of the horizon (or its planned end).
- "Moving after N nights": each citizen with a current stay leaves the shelter N nights after
  the forecast date (or the stay's own start, if later) for an own home with §85a support at
  `support_per_day`, decided before the discharge, so §176a's reimbursement applies.

Earlier stays are part of the input because they decide the running years. Costs are counted
for the nights from the forecast date up to the end of the horizon, net of own payment and
reimbursement. Pure: stay-like inputs in, numbers out.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.exceptions import ValidationError

from hjemvej.economics.money import ZERO
from hjemvej.economics.reimbursement import (
    HOUSING_SUPPORT,
    SHELTER,
    Rule,
    Stay,
    Tally,
    add_months,
    compute_reimbursement,
)


@dataclass(frozen=True)
class StayInput:
    """A stay as the stays app knows it: citizen key, dates, daily rate and own payment."""

    citizen: str
    start: datetime.date
    end: datetime.date | None
    daily_rate: Decimal
    own_payment_per_night: Decimal = ZERO


@dataclass
class Scenario:
    name: str
    months: list[Tally]
    totals: Tally
    per_citizen: dict[str, Tally] = field(default_factory=dict)

    def cumulative_net(self) -> list[Decimal]:
        out, running = [], ZERO
        for tally in self.months:
            running += tally.net
            out.append(running)
        return out


@dataclass
class Forecast:
    start: datetime.date
    end: datetime.date
    month_starts: list[datetime.date]
    stay_as_is: Scenario
    move_out: Scenario
    move_after_nights: int

    @property
    def saving(self) -> Decimal:
        return self.stay_as_is.totals.net - self.move_out.totals.net


def check_stay_inputs(stays: Sequence[StayInput], prefix: str = "stays") -> None:
    errors: dict[str, str] = {}
    for i, s in enumerate(stays):
        if s.end is not None and s.end < s.start:
            errors[f"{prefix}.{i}.end"] = "Slutdatoen ligger før startdatoen."
        if s.daily_rate < 0:
            errors[f"{prefix}.{i}.daily_rate"] = "Taksten må ikke være negativ."
        if not ZERO <= s.own_payment_per_night <= s.daily_rate:
            errors[f"{prefix}.{i}.own_payment_per_night"] = (
                "Egenbetalingen skal være mellem 0 og taksten."
            )
    if errors:
        raise ValidationError(errors)


def _split(stay: Stay, at: datetime.date) -> list[Stay]:
    if stay.start < at < stay.end:
        return [_replace(stay, end=at), _replace(stay, start=at)]
    return [stay]


def _replace(stay: Stay, **changes) -> Stay:
    return replace(stay, **changes)


def _scenario(
    name: str,
    stays: list[Stay],
    rules: Sequence[Rule],
    start: datetime.date,
    month_starts: list[datetime.date],
) -> Scenario:
    parts = [p for s in stays for p in _split(s, start)]
    result = compute_reimbursement(parts, rules)
    months = [Tally() for _ in month_starts]
    index = {(m.year, m.month): n for n, m in enumerate(month_starts)}
    totals = Tally()
    per_citizen: dict[str, Tally] = defaultdict(Tally)
    for stay_result in result.stays:
        if stay_result.stay.start < start:
            continue
        for month, tally in stay_result.months.items():
            if month in index:
                months[index[month]].add(tally)
        totals.add(stay_result.tally)
        per_citizen[stay_result.stay.citizen].add(stay_result.tally)
    return Scenario(name, months, totals, dict(sorted(per_citizen.items())))


def forecast(
    stays: Sequence[StayInput],
    *,
    start: datetime.date,
    move_after_nights: int,
    support_per_day: Decimal,
    rules: Sequence[Rule],
    months: int = 12,
) -> Forecast:
    errors = {}
    if move_after_nights < 0:
        errors["move_after_nights"] = "Antallet af nætter må ikke være negativt."
    if support_per_day < 0:
        errors["support_per_day"] = "Prisen på bostøtten må ikke være negativ."
    if errors:
        raise ValidationError(errors)
    check_stay_inputs(stays)
    end = add_months(start, months)
    month_starts = [add_months(start.replace(day=1), n) for n in range(months + 1)]
    month_starts = [m for m in month_starts if m < end]

    as_is: list[Stay] = []
    moved: list[Stay] = []
    for s in stays:
        stay_end = min(s.end, end) if s.end is not None else end
        if s.start >= end:
            continue
        base = Stay(
            citizen=s.citizen,
            section=SHELTER,
            start=s.start,
            end=stay_end,
            daily_rate=s.daily_rate,
            own_payment_per_night=s.own_payment_per_night,
        )
        as_is.append(base)
        is_current = stay_end > start
        if not is_current:
            moved.append(base)
            continue
        move_on = max(s.start, start) + datetime.timedelta(days=move_after_nights)
        if move_on >= stay_end:
            moved.append(base)
            continue
        moved.append(_replace(base, end=move_on))
        moved.append(
            Stay(
                citizen=s.citizen,
                section=HOUSING_SUPPORT,
                start=move_on,
                end=end,
                daily_rate=support_per_day,
                decided_on=move_on,
            )
        )
    return Forecast(
        start=start,
        end=end,
        month_starts=month_starts,
        stay_as_is=_scenario("Ingen flytter", as_is, rules, start, month_starts),
        move_out=_scenario(
            f"Flytter i egen bolig efter {move_after_nights} nætter",
            moved,
            rules,
            start,
            month_starts,
        ),
        move_after_nights=move_after_nights,
    )
