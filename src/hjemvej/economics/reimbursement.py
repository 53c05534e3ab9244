"""State reimbursement (refusion) of shelter stays and of the support that follows them.

The law (L 64, in force 1 October 2023) as DOMAIN.md §4 reads it:

- A stay's nights run from the admission date up to, not including, the discharge date.
- Every rule has an effective period; each night is judged by the rule in force on that night,
  so a stay that crosses a rule change is split at the date.
- `whole_stay`: every night is reimbursed (§110 before 1 October 2023).
- `running_year`: a running year starts on the first night the citizen stays under such a rule
  (a stay begun before 1 October 2023 counts as admitted on that day) and lasts one year; the
  nights of all the citizen's stays share the limit; the next running year starts on the first
  night after that year on which the citizen stays. A night is reimbursed when the running
  year's reimbursed nights before it are fewer than the limit in force on that night.
- `after_discharge` (§176a): nights within `window_months` from the citizen's first discharge
  from §110 (which does not restart on readmission), at most `cap_months` worth of nights, and
  for §85a only if the support was decided on or before the discharge it follows.
- The citizen's own payment (egenbetaling) per night is deducted first; the share is taken of
  the rest. Net cost for the municipality = gross − own payment − reimbursement.

Nothing here touches the database: rules come in as plain `Rule` objects (see selectors.py).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError

from hjemvej.economics.money import ZERO

SHELTER = "110"
HOUSING_SUPPORT = "85a"
TEMPORARY_HOUSING = "107"
SECTIONS = {
    SHELTER: "§110 herberg/forsorgshjem",
    HOUSING_SUPPORT: "§85a bostøtte (Housing First)",
    TEMPORARY_HOUSING: "§107 midlertidigt botilbud",
}

WHOLE_STAY = "whole_stay"
RUNNING_YEAR = "running_year"
AFTER_DISCHARGE = "after_discharge"


@dataclass(frozen=True)
class Rule:
    section: str
    kind: str
    valid_from: datetime.date
    valid_to: datetime.date | None  # first day the rule no longer applies
    share: Decimal
    name: str
    limit_nights: int | None = None
    window_months: int | None = None
    cap_months: int | None = None
    requires_decision: bool = False

    def in_force(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass(frozen=True)
class Stay:
    citizen: str
    section: str
    start: datetime.date
    end: datetime.date  # discharge date; the night of this date is not part of the stay
    daily_rate: Decimal
    own_payment_per_night: Decimal = ZERO
    decided_on: datetime.date | None = None  # §85a: when the support was decided
    first_discharge: datetime.date | None = None  # §85a/§107, when the §110 stay is not given

    @property
    def nights(self) -> int:
        return (self.end - self.start).days


@dataclass
class Tally:
    nights: int = 0
    reimbursed_nights: int = 0
    gross: Decimal = ZERO
    own_payment: Decimal = ZERO
    reimbursement: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.gross - self.own_payment - self.reimbursement

    def add(self, other: "Tally") -> None:
        self.nights += other.nights
        self.reimbursed_nights += other.reimbursed_nights
        self.gross += other.gross
        self.own_payment += other.own_payment
        self.reimbursement += other.reimbursement


@dataclass
class Period:
    """The part of a stay under one rule (or under none)."""

    rule_name: str
    start: datetime.date
    end: datetime.date
    tally: Tally


@dataclass
class StayResult:
    stay: Stay
    tally: Tally
    periods: list[Period] = field(default_factory=list)
    months: dict[tuple[int, int], Tally] = field(default_factory=lambda: defaultdict(Tally))


@dataclass
class Result:
    stays: list[StayResult]
    months: dict[tuple[int, int], Tally]
    totals: Tally


NO_RULE = "Ingen refusion"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The corresponding date `months` later; when it does not exist (31 → 30-day month, 29
    February), the first day of the month after, so a period from 29.2.2024 of one year ends
    with 28.2.2025."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    try:
        return day.replace(year=year, month=month)
    except ValueError:
        return datetime.date(year + month // 12, month % 12 + 1, 1)


def _nights(start: datetime.date, end: datetime.date) -> Iterable[datetime.date]:
    day = start
    one = datetime.timedelta(days=1)
    while day < end:
        yield day
        day += one


def rule_on(rules: Sequence[Rule], section: str, day: datetime.date) -> Rule | None:
    for rule in rules:
        if rule.section == section and rule.in_force(day):
            return rule
    return None


def check_stays(stays: Sequence[Stay], prefix: str = "stays") -> None:
    errors: dict[str, str] = {}
    by_citizen: dict[tuple[str, str], list[tuple[int, Stay]]] = defaultdict(list)
    for i, stay in enumerate(stays):
        key = f"{prefix}.{i}"
        if not stay.citizen:
            errors[f"{key}.citizen"] = "Angiv en borgernøgle."
        if stay.section not in SECTIONS:
            errors[f"{key}.section"] = "Paragraffen skal være 110, 85a eller 107."
        if stay.end < stay.start:
            errors[f"{key}.end"] = "Slutdatoen ligger før startdatoen."
        if stay.daily_rate < 0:
            errors[f"{key}.daily_rate"] = "Taksten må ikke være negativ."
        if stay.own_payment_per_night < 0:
            errors[f"{key}.own_payment_per_night"] = "Egenbetalingen må ikke være negativ."
        elif stay.own_payment_per_night > stay.daily_rate:
            errors[f"{key}.own_payment_per_night"] = (
                "Egenbetalingen kan ikke være større end taksten."
            )
        by_citizen[(stay.citizen, stay.section)].append((i, stay))
    for group in by_citizen.values():
        group.sort(key=lambda item: item[1].start)
        for (_, a), (j, b) in zip(group, group[1:], strict=False):
            if b.start < a.end:
                errors[f"{prefix}.{j}.start"] = (
                    "Opholdet overlapper et andet ophold for samme borger efter samme paragraf."
                )
    if errors:
        raise ValidationError(errors)


def discharges(stays: Sequence[Stay]) -> dict[str, list[datetime.date]]:
    """Each citizen's discharges from §110, oldest first.

    A stay followed on its discharge date by another §110 stay of the same citizen (a move
    between shelters, or a stay split in two) is one continuous stay: no discharge there."""
    by_citizen: dict[str, list[Stay]] = defaultdict(list)
    for stay in stays:
        if stay.section == SHELTER and stay.nights > 0:
            by_citizen[stay.citizen].append(stay)
    out: dict[str, list[datetime.date]] = {}
    for citizen, own in by_citizen.items():
        own.sort(key=lambda s: s.start)
        ends: list[datetime.date] = []
        for i, stay in enumerate(own):
            if i + 1 == len(own) or own[i + 1].start != stay.end:
                ends.append(stay.end)
        out[citizen] = ends
    return out


class _RunningYear:
    """One citizen's running-year count under `running_year` rules."""

    def __init__(self) -> None:
        self.start: datetime.date | None = None
        self.end: datetime.date | None = None
        self.used = 0

    def night(self, day: datetime.date, limit: int) -> bool:
        if self.end is None or day >= self.end:
            self.start, self.end, self.used = day, add_months(day, 12), 0
        if self.used < limit:
            self.used += 1
            return True
        return False


class _Window:
    """One citizen's §176a count for one section, from the first discharge."""

    def __init__(self) -> None:
        self.used = 0

    def night(self, day: datetime.date, rule: Rule, stay: Stay, ends: list[datetime.date]):
        """`ends`: the citizen's §110 discharges. The period counts from the first; a decision
        must come on or before the discharge the support follows."""
        if not ends or day < ends[0]:
            return False
        discharge = ends[0]
        follows = max((e for e in ends if e <= stay.start), default=discharge)
        if rule.requires_decision and (stay.decided_on is None or stay.decided_on > follows):
            return False
        if rule.window_months is not None and day >= add_months(discharge, rule.window_months):
            return False
        if rule.cap_months is not None:
            cap = (add_months(discharge, rule.cap_months) - discharge).days
            if self.used >= cap:
                return False
        self.used += 1
        return True


def _judge_nights(stays: Sequence[Stay], rules: Sequence[Rule]):
    """Yield (stay index, night, rule or None, reimbursed) for every night of every stay."""
    ends_by_citizen = discharges(stays)
    order = sorted(range(len(stays)), key=lambda i: (stays[i].citizen, stays[i].start))
    years: dict[str, _RunningYear] = defaultdict(_RunningYear)
    windows: dict[tuple[str, str], _Window] = defaultdict(_Window)
    # Nights must be judged in date order per citizen and section: stays of one citizen under
    # one section do not overlap (check_stays), so sorting the stays by start is enough.
    for i in order:
        stay = stays[i]
        ends = (
            [stay.first_discharge]
            if stay.first_discharge
            else ends_by_citizen.get(stay.citizen, [])
        )
        for day in _nights(stay.start, stay.end):
            rule = rule_on(rules, stay.section, day)
            if rule is None:
                yield i, day, None, False
            elif rule.kind == WHOLE_STAY:
                yield i, day, rule, True
            elif rule.kind == RUNNING_YEAR:
                yield i, day, rule, years[stay.citizen].night(day, rule.limit_nights or 0)
            else:
                window = windows[(stay.citizen, stay.section)]
                yield i, day, rule, window.night(day, rule, stay, ends)


def _money(stay: Stay, nights: int, reimbursed: int, share: Decimal) -> Tally:
    return Tally(
        nights=nights,
        reimbursed_nights=reimbursed,
        gross=nights * stay.daily_rate,
        own_payment=nights * stay.own_payment_per_night,
        reimbursement=reimbursed * (stay.daily_rate - stay.own_payment_per_night) * share,
    )


def compute_reimbursement(stays: Sequence[Stay], rules: Sequence[Rule]) -> Result:
    check_stays(stays)
    # counts[(stay, rule, month)] = [nights, reimbursed nights]
    counts: dict[tuple[int, Rule | None, tuple[int, int]], list[int]] = defaultdict(lambda: [0, 0])
    spans: dict[tuple[int, Rule | None], list[datetime.date]] = {}
    for i, day, rule, reimbursed in _judge_nights(stays, rules):
        c = counts[(i, rule, (day.year, day.month))]
        c[0] += 1
        c[1] += int(reimbursed)
        span = spans.setdefault((i, rule), [day, day])
        span[1] = day
    results = [StayResult(stay=s, tally=Tally()) for s in stays]
    periods: dict[tuple[int, Rule | None], Period] = {}
    months: dict[tuple[int, int], Tally] = defaultdict(Tally)
    totals = Tally()
    for (i, rule, month), (nights, reimbursed) in counts.items():
        stay = stays[i]
        part = _money(stay, nights, reimbursed, rule.share if rule else ZERO)
        results[i].tally.add(part)
        results[i].months[month].add(part)
        months[month].add(part)
        totals.add(part)
        if (i, rule) not in periods:
            first, last = spans[(i, rule)]
            periods[(i, rule)] = Period(
                rule.name if rule else NO_RULE, first, last + datetime.timedelta(days=1), Tally()
            )
        periods[(i, rule)].tally.add(part)
    for (i, _), period in sorted(periods.items(), key=lambda kv: (kv[0][0], kv[1].start)):
        results[i].periods.append(period)
    return Result(stays=results, months=dict(sorted(months.items())), totals=totals)


class ReimbursementStatus(NamedTuple):
    used: int | None  # reimbursed nights used in the running year that holds `on_date`
    left: int | None  # nights left before reimbursement ends (None: no limit in force)
    limit: int | None  # the limit in force on `on_date` (None: no limit)


def status_on(stays: Sequence[Stay], on_date: datetime.date, rules: Sequence[Rule]):
    """One citizen's §110 reimbursement status on a date, counting the nights before it.

    `stays` are that citizen's §110 stays (an ongoing stay may end after `on_date`)."""
    rule = rule_on(rules, SHELTER, on_date)
    if rule is None:
        return ReimbursementStatus(None, None, None)
    if rule.kind != RUNNING_YEAR:
        return ReimbursementStatus(None, None, None)
    limit = rule.limit_nights or 0
    earlier = [
        Stay(
            citizen="x",
            section=SHELTER,
            start=s.start,
            end=min(s.end, on_date),
            daily_rate=ZERO,
        )
        for s in stays
        if s.section == SHELTER and s.start < on_date
    ]
    year = _RunningYear()
    for stay in sorted(earlier, key=lambda s: s.start):
        for day in _nights(stay.start, stay.end):
            night_rule = rule_on(rules, SHELTER, day)
            if night_rule is not None and night_rule.kind == RUNNING_YEAR:
                year.night(day, night_rule.limit_nights or 0)
    if year.end is None or on_date >= year.end:
        return ReimbursementStatus(0, limit, limit)
    return ReimbursementStatus(year.used, max(0, limit - year.used), limit)
