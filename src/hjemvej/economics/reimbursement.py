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
from bisect import bisect_right
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


@dataclass(slots=True)
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
    months: dict[tuple[int, int], Tally] = field(default_factory=dict)


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


def rule_on(rules: Sequence[Rule], section: str, day: datetime.date) -> Rule | None:
    for rule in rules:
        if rule.section == section and rule.in_force(day):
            return rule
    return None


def check_stays(stays: Sequence[Stay], prefix: str = "stays") -> None:
    errors: dict[str, str] = {}
    by_citizen: dict[tuple[str, str], list[tuple[int, Stay]]] = defaultdict(list)
    for i, stay in enumerate(stays):
        by_citizen[(stay.citizen, stay.section)].append((i, stay))
        if (
            stay.citizen
            and stay.section in SECTIONS
            and stay.start <= stay.end
            and ZERO <= stay.own_payment_per_night <= stay.daily_rate
        ):
            continue  # the common case, without building the keys
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


# ---------------------------------------------------------------- the interval counter
#
# Each stay is cut into pieces: at the rules' effective dates, at running-year boundaries and
# where a count reaches its limit. Every night of a piece is judged alike, so the work grows with
# the number of stays and rule changes, not with the number of nights.

ONE_DAY = datetime.timedelta(days=1)


class Piece(NamedTuple):
    """Nights `start` up to `end` of stay number `stay`, under `rule` (None: no rule), either
    all reimbursed or none."""

    stay: int
    start: datetime.date
    end: datetime.date
    rule: Rule | None
    reimbursed: bool


class _RunningYear:
    """One citizen's running year: where it starts and ends, its nights and reimbursed nights."""

    def __init__(self) -> None:
        self.start: datetime.date | None = None
        self.end: datetime.date | None = None
        self.nights = 0
        self.reimbursed = 0

    def copy(self) -> "_RunningYear":
        other = _RunningYear()
        other.start, other.end = self.start, self.end
        other.nights, other.reimbursed = self.nights, self.reimbursed
        return other

    def take(
        self, start: datetime.date, end: datetime.date, limit: int
    ) -> list[tuple[datetime.date, datetime.date, bool]]:
        """Count the nights `start` up to `end` under a rule with `limit`; the (from, to,
        reimbursed) runs. A night is reimbursed while the year's reimbursed nights before it
        are fewer than the limit, so the reimbursed nights of a run come first. (A list and
        plain comparisons rather than a generator and min/max: it runs for every stay of a
        national year.)"""
        runs = []
        day = start
        while day < end:
            if self.end is None or day >= self.end:
                self.start, self.end = day, add_months(day, 12)
                self.nights = self.reimbursed = 0
            stop = end if end < self.end else self.end
            nights = (stop - day).days
            left = limit - self.reimbursed
            paid = nights if nights <= left else left if left > 0 else 0
            self.nights += nights
            self.reimbursed += paid
            if paid:
                runs.append((day, day + paid * ONE_DAY, True))
            if paid < nights:
                runs.append((day + paid * ONE_DAY, stop, False))
            day = stop
        return runs


class _Window:
    """One citizen's §176a count for one section, from the first §110 discharge."""

    def __init__(self) -> None:
        self.used = 0

    def take(
        self,
        start: datetime.date,
        end: datetime.date,
        rule: Rule,
        stay: Stay,
        ends: list[datetime.date],
    ):
        """`ends`: the citizen's §110 discharges. The period counts from the first; a decision
        must come on or before the discharge the support follows. Eligible nights lie between
        the discharge and the window's end; of those, the first ones up to the cap are paid."""
        paid = 0
        first = end
        if ends:
            discharge = ends[0]
            follows = max((e for e in ends if e <= stay.start), default=discharge)
            first = min(max(start, discharge), end)
            last = end
            if rule.window_months is not None:
                last = min(last, add_months(discharge, rule.window_months))
            decided = not rule.requires_decision or (
                stay.decided_on is not None and stay.decided_on <= follows
            )
            paid = max(0, (last - first).days) if decided else 0
            if rule.cap_months is not None:
                cap = (add_months(discharge, rule.cap_months) - discharge).days
                paid = min(paid, max(0, cap - self.used))
            self.used += paid
        for a, b, reimbursed in (
            (start, first, False),
            (first, first + paid * ONE_DAY, True),
            (first + paid * ONE_DAY, end, False),
        ):
            if a < b:
                yield a, b, reimbursed


class _Timeline:
    """One section's rules on a time line: the days where a rule starts or stops, and the rule
    in force between them."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        self.cuts = sorted(
            {day for r in self.rules for day in (r.valid_from, r.valid_to) if day is not None}
        )
        # in_force[k]: the rule from cuts[k - 1] (from the beginning of time for k = 0)
        self.in_force = [
            next((r for r in self.rules if r.in_force(day)), None)
            for day in [datetime.date.min, *self.cuts]
        ]

    def split(
        self, start: datetime.date, end: datetime.date
    ) -> list[tuple[datetime.date, datetime.date, Rule | None]]:
        """`start` up to `end` cut where a rule starts or stops, with the rule in force."""
        k = bisect_right(self.cuts, start)
        out = []
        while k < len(self.cuts) and self.cuts[k] < end:
            out.append((start, self.cuts[k], self.in_force[k]))
            start = self.cuts[k]
            k += 1
        out.append((start, end, self.in_force[k]))
        return out


class Counter:
    """The counts of a set of stays: each citizen's running year and §176a windows. Stays are
    counted in the order of their start per citizen; one citizen's stays under one section do
    not overlap (check_stays)."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        by_section: dict[str, list[Rule]] = defaultdict(list)
        for rule in rules:
            by_section[rule.section].append(rule)
        self.timelines = {section: _Timeline(own) for section, own in by_section.items()}
        self.years: dict[str, _RunningYear] = defaultdict(_RunningYear)
        self.windows: dict[tuple[str, str], _Window] = defaultdict(_Window)

    def timeline(self, section: str) -> _Timeline:
        return self.timelines.get(section) or _Timeline([])

    def pieces(self, stays: Sequence[Stay]):
        """Yield the pieces of every stay, each citizen's stays in date order."""
        ends_by_citizen: dict[str, list[datetime.date]] | None = None  # when a window needs it
        keys = [(stay.citizen, stay.start) for stay in stays]
        order = sorted(range(len(stays)), key=keys.__getitem__)
        timelines: dict[str, _Timeline] = {}
        years = self.years
        for i in order:
            stay = stays[i]
            if stay.end <= stay.start:
                continue
            timeline = timelines.get(stay.section)
            if timeline is None:
                timeline = timelines[stay.section] = self.timeline(stay.section)
            for a, b, rule in timeline.split(stay.start, stay.end):
                if rule is None:
                    yield Piece(i, a, b, None, False)
                elif rule.kind == WHOLE_STAY:
                    yield Piece(i, a, b, rule, True)
                elif rule.kind == RUNNING_YEAR:
                    year = years[stay.citizen]
                    for x, y, paid in year.take(a, b, rule.limit_nights or 0):
                        yield Piece(i, x, y, rule, paid)
                else:
                    if ends_by_citizen is None:
                        ends_by_citizen = discharges(stays)
                    ends = (
                        [stay.first_discharge]
                        if stay.first_discharge
                        else ends_by_citizen.get(stay.citizen, [])
                    )
                    window = self.windows[(stay.citizen, stay.section)]
                    for x, y, paid in window.take(a, b, rule, stay, ends):
                        yield Piece(i, x, y, rule, paid)


def _by_month(start: datetime.date, end: datetime.date) -> list[tuple[tuple[int, int], int]]:
    """(year, month), nights for the nights `start` up to `end`."""
    parts = []
    day = start
    while day < end:
        year, month = day.year, day.month
        following = (
            datetime.date(year + 1, 1, 1) if month == 12 else datetime.date(year, month + 1, 1)
        )
        stop = end if end < following else following
        parts.append(((year, month), (stop - day).days))
        day = stop
    return parts


def _money(stay: Stay, nights: int, reimbursed: int, share: Decimal) -> Tally:
    return Tally(
        nights=nights,
        reimbursed_nights=reimbursed,
        gross=nights * stay.daily_rate,
        own_payment=nights * stay.own_payment_per_night,
        reimbursement=reimbursed * (stay.daily_rate - stay.own_payment_per_night) * share,
    )


def _counted(
    stays: Sequence[Stay],
    rules: Sequence[Rule],
    since: datetime.date | None,
    by_month: bool = True,
    with_spans: bool = True,
) -> tuple[
    dict[tuple[int, int, tuple[int, int] | None], list[int]],
    dict[tuple[int, int], list[datetime.date]],
]:
    """Whole nights, before any money: counts[(stay, rule, month)] = [nights, reimbursed] and
    spans[(stay, rule)] = [first night, end] (left empty without `with_spans`), rules keyed by
    position (-1: no rule); month None for all months when not `by_month`. Nights before
    `since` are counted towards the running years and §176a windows, not reported."""
    counts: dict[tuple[int, int, tuple[int, int] | None], list[int]] = {}
    spans: dict[tuple[int, int], list[datetime.date]] = {}
    position = {id(rule): n for n, rule in enumerate(rules)}
    for i, start, end, rule, reimbursed in Counter(rules).pieces(stays):
        if since is not None:
            if end <= since:
                continue
            if start < since:
                start = since
        r = position[id(rule)] if rule is not None else -1
        parts = _by_month(start, end) if by_month else (((None, (end - start).days),))
        for month, nights in parts:
            c = counts.get((i, r, month))
            if c is None:
                c = counts[(i, r, month)] = [0, 0]
            c[0] += nights
            if reimbursed:
                c[1] += nights
        if not with_spans:
            continue
        span = spans.get((i, r))
        if span is None:
            spans[(i, r)] = [start, end]
        else:
            span[0], span[1] = min(span[0], start), max(span[1], end)
    return counts, spans


def compute_reimbursement(
    stays: Sequence[Stay],
    rules: Sequence[Rule],
    *,
    since: datetime.date | None = None,
    by_month: bool = True,
) -> Result:
    """The reimbursement of the stays, per stay, per month and per rule period.

    With `since`, the nights before it still count towards each citizen's running year and
    §176a window, but the result (stays, months, periods, totals) holds only the nights from
    `since` on: a year's figures without pricing every earlier night. Without `by_month`, the
    months are left empty (the stays, periods and totals are the same)."""
    check_stays(stays)
    counts, spans = _counted(stays, rules, since, by_month)
    results = [StayResult(stay=s, tally=Tally()) for s in stays]
    months: dict[tuple[int, int], Tally] = defaultdict(Tally)
    per_period: dict[tuple[int, int], list[int]] = {}
    for (i, r, month), (nights, reimbursed) in counts.items():
        if month is not None:
            part = _money(stays[i], nights, reimbursed, rules[r].share if r >= 0 else ZERO)
            mine = results[i].months
            if month in mine:
                mine[month].add(part)
            else:
                mine[month] = part
            months[month].add(part)
        total = per_period.get((i, r))
        if total is None:
            per_period[(i, r)] = [nights, reimbursed]
        else:
            total[0] += nights
            total[1] += reimbursed
    for (i, r), (nights, reimbursed) in sorted(
        per_period.items(), key=lambda kv: (kv[0][0], spans[kv[0]][0])
    ):
        stay = stays[i]
        first, end = spans[(i, r)]
        tally = _money(stay, nights, reimbursed, rules[r].share if r >= 0 else ZERO)
        results[i].periods.append(Period(rules[r].name if r >= 0 else NO_RULE, first, end, tally))
        results[i].tally.add(tally)
    totals = Tally()
    for tally in months.values() if by_month else (r.tally for r in results):
        totals.add(tally)
    return Result(stays=results, months=dict(sorted(months.items())), totals=totals)


def stay_tallies(
    stays: Sequence[Stay], rules: Sequence[Rule], *, since: datetime.date | None = None
) -> list[Tally]:
    """Per stay, the tally of `compute_reimbursement` (with the same `since`), without the
    months and periods: for the money of many stays at once (the outcome report)."""
    check_stays(stays)
    out = [Tally() for _ in stays]
    counts = _counted(stays, rules, since, by_month=False, with_spans=False)[0]
    for (i, r, _month), (nights, reimbursed) in counts.items():
        out[i].add(_money(stays[i], nights, reimbursed, rules[r].share if r >= 0 else ZERO))
    return out


def reimbursement_totals(
    stays: Sequence[Stay], rules: Sequence[Rule], *, since: datetime.date | None = None
) -> tuple[dict[tuple[int, int], Tally], Tally]:
    """The months and totals of `compute_reimbursement` (with the same `since`), without the
    per-stay results: for the reimbursement of many stays at once. The money of a month is
    linear in its nights for a given rate, own payment and share, so the nights are summed per
    (month, rule, rate, own payment) before they are priced; the amounts are the same."""
    check_stays(stays)
    groups: dict[tuple[tuple[int, int], int, Decimal, Decimal], list[int]] = {}
    for (i, r, month), (nights, reimbursed) in _counted(stays, rules, since, with_spans=False)[
        0
    ].items():
        assert month is not None
        stay = stays[i]
        key = (month, r, stay.daily_rate, stay.own_payment_per_night)
        g = groups.get(key)
        if g is None:
            groups[key] = [nights, reimbursed]
        else:
            g[0] += nights
            g[1] += reimbursed
    months: dict[tuple[int, int], Tally] = defaultdict(Tally)
    for (month, r, rate, own), (nights, reimbursed) in groups.items():
        share = rules[r].share if r >= 0 else ZERO
        months[month].add(
            Tally(
                nights=nights,
                reimbursed_nights=reimbursed,
                gross=nights * rate,
                own_payment=nights * own,
                reimbursement=reimbursed * (rate - own) * share,
            )
        )
    totals = Tally()
    for tally in months.values():
        totals.add(tally)
    return dict(sorted(months.items())), totals


def counted_from(rules: Sequence[Rule], section: str = SHELTER) -> datetime.date | None:
    """The first night of `section` that can count towards a later night's limit: nights
    before it are judged by rules without a count (whole stay, or no rule), so a stay that ends
    on or before this day changes nothing after it, and a caller may leave it out when it asks
    about later nights. None: the section has no counting rule, no earlier stay matters."""
    counting = [r.valid_from for r in rules if r.section == section and r.kind != WHOLE_STAY]
    return min(counting) if counting else None


# ---------------------------------------------------------------- the running year on a day


@dataclass(frozen=True)
class RunningYearStatus:
    """A citizen's §110 running year on a day, for the board, the worklists and the citizen
    page: "refusion slutter om 12 nætter"."""

    starts_on: datetime.date
    ends_on: datetime.date  # the first day after the running year
    nights: int  # nights stayed in the running year before the day
    reimbursed: int  # of those, reimbursed
    limit: int  # the limit in force on the day
    nights_left: int  # reimbursed nights still to come in the year if the stay goes on

    @property
    def exhausted(self) -> bool:
        return self.nights_left == 0


def _merged(
    spans: Iterable[tuple[datetime.date, datetime.date | None]], today: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """The nights before `today` of the spans as non-overlapping runs (an open span runs to
    `today`), so a doubly recorded night counts once."""
    runs: list[list[datetime.date]] = []
    for start, end in sorted((s, min(e or today, today)) for s, e in spans):
        if end <= start:
            continue
        if runs and start <= runs[-1][1]:
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    return [(a, b) for a, b in runs]


def running_year_status(
    spans: Iterable[tuple[datetime.date, datetime.date | None]],
    today: datetime.date,
    rules: Sequence[Rule],
) -> RunningYearStatus | None:
    """One citizen's §110 running year on `today` from their §110 stays (start, end or None
    while it goes on), or None when no running-year rule is in force today, or no running year
    is open and the citizen is not staying tonight.

    The nights before today are counted as `compute_reimbursement` counts them; the nights left
    are those the law would reimburse if the citizen stayed every night from today to the end
    of the running year, each judged by the rule in force on that night (so a year that reaches
    1.4.2026 stops at 90)."""
    spans = list(spans)
    rule = rule_on(rules, SHELTER, today)
    if rule is None or rule.kind != RUNNING_YEAR:
        return None
    shelter = [r for r in rules if r.section == SHELTER]
    counter = Counter(shelter)
    earlier = [Stay("borger", SHELTER, start, end, ZERO) for start, end in _merged(spans, today)]
    for _ in counter.pieces(earlier):
        pass
    year = counter.years["borger"]
    if year.end is None or today >= year.end:
        staying = any(s <= today and (e is None or e > today) for s, e in spans)
        if not staying:
            return None
        year = _RunningYear()
        ahead = year.copy()
        horizon = add_months(today, 12)
    else:
        ahead = year.copy()
        horizon = year.end
    left = 0
    for a, b, night_rule in counter.timeline(SHELTER).split(today, horizon):
        if night_rule is not None and night_rule.kind == RUNNING_YEAR:
            for x, y, paid in ahead.take(a, b, night_rule.limit_nights or 0):
                if paid:
                    left += (y - x).days
    return RunningYearStatus(
        starts_on=year.start or today,
        ends_on=year.end or horizon,
        nights=year.nights,
        reimbursed=year.reimbursed,
        limit=rule.limit_nights or 0,
        nights_left=left,
    )
