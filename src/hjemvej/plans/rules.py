"""The plan's rules in numbers and dates: when follow-up is due, and what progression is.

Pure functions, no database. The functional scale runs 0 (no problem) to 4 (complete problem),
so a fall in score is progress."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from hjemvej.common import dates, numbers
from hjemvej.common.dates import add_months

# The citizen's own choice of goal for drug treatment, recorded on the treatment plan (Pitstop,
# DOMAIN.md §2): cessation, reduction or stabilisation.
TREATMENT_GOALS = [("stop", "Ophør"), ("reduce", "Reduktion"), ("stabilise", "Stabilisering")]

# Under 18 the assessment is Signs of Safety instead of VUM (DOMAIN.md §5; youth housing admits
# from 16, Pitstop from 13): three columns and a safety scale from 0 to 10.
SIGNS_OF_SAFETY_UNDER = 18
SAFETY_SCALE = (0, 10)


def uses_signs_of_safety(birth_date: datetime.date, on: datetime.date) -> bool:
    """Whether a citizen born on `birth_date` is assessed with Signs of Safety on `on`."""
    return dates.age_on(birth_date, on) < SIGNS_OF_SAFETY_UNDER


TREATMENT_PLAN_MONTHS = 3  # a treatment plan is followed up at least every 3 months
PLAN_MONTHS = 12  # other plans: goals are followed up at least once a year
GOAL_MONTHS = 12
NO_PROGRESS_MONTHS = 6
NO_FOLLOW_UP_DAYS = 90
SOON_DAYS = 14  # the worklist shows what falls due within two weeks

SCALE = {
    0: "Intet problem",
    1: "Let problem",
    2: "Moderat problem",
    3: "Svært problem",
    4: "Fuldstændigt problem",
}


def plan_follow_up_due(
    *, treatment: bool, starts_on: datetime.date, last_followed_up_on: datetime.date | None
) -> datetime.date:
    base = max(d for d in (starts_on, last_followed_up_on) if d is not None)
    return add_months(base, TREATMENT_PLAN_MONTHS if treatment else PLAN_MONTHS)


def goal_follow_up_due(
    *, since: datetime.date, last_scored_on: datetime.date | None
) -> datetime.date:
    """A goal is followed up at least yearly: a year after the later of its start and its last
    score on any sub-goal."""
    base = max(d for d in (since, last_scored_on) if d is not None)
    return add_months(base, GOAL_MONTHS)


@dataclass(frozen=True)
class Due:
    kind: str  # "plan", "goal" or "sub_goal"
    what: str
    due_on: datetime.date

    def overdue(self, today: datetime.date) -> bool:
        return dates.is_overdue(self.due_on, today)

    def days_overdue(self, today: datetime.date) -> int:
        return dates.days_overdue(self.due_on, today)


@dataclass(frozen=True)
class Point:
    on: datetime.date
    value: int


def ordered(points: list[Point]) -> list[Point]:
    return sorted(points, key=lambda p: p.on)


def baseline(points: list[Point]) -> Point | None:
    return ordered(points)[0] if points else None


def latest(points: list[Point]) -> Point | None:
    return ordered(points)[-1] if points else None


def change(points: list[Point]) -> int | None:
    """Latest minus baseline; None until there are two scores. Negative is progress."""
    if len(points) < 2:
        return None
    pts = ordered(points)
    return pts[-1].value - pts[0].value


def average_change(changes: list[int]) -> Decimal | None:
    if not changes:
        return None
    avg = Decimal(sum(changes)) / Decimal(len(changes))
    return avg.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def days_without_follow_up(
    *, since: datetime.date, last_scored_on: datetime.date | None, today: datetime.date
) -> int:
    base = max(d for d in (since, last_scored_on) if d is not None)
    return max(0, (today - base).days)


def no_follow_up(
    *,
    since: datetime.date,
    last_scored_on: datetime.date | None,
    today: datetime.date,
    days: int = NO_FOLLOW_UP_DAYS,
) -> bool:
    return days_without_follow_up(since=since, last_scored_on=last_scored_on, today=today) > days


def no_progress(
    points: list[Point], today: datetime.date, months: int = NO_PROGRESS_MONTHS
) -> bool:
    """True when the score in force `months` ago has not been beaten since (and was not 0)."""
    cutoff = add_months(today, -months)
    old = [p for p in ordered(points) if p.on <= cutoff]
    if not old:
        return False
    reference = old[-1]
    if reference.value == 0:
        return False
    later = [p for p in points if p.on > reference.on]
    return all(p.value >= reference.value for p in later)


def describe_change(value: int | Decimal | None) -> str:
    if value is None:
        return "Ikke nok scorer endnu"
    if value < 0:
        return "forbedring"
    if value > 0:
        return "forværring"
    return "uændret"


def format_change(value: int | Decimal | None) -> str:
    """−2,0 the Danish way, with a real minus sign."""
    if value is None:
        return "–"
    return numbers.number(value, 1, signed=True, true_minus=True)


def overall_level(ranks: list[int]) -> int | None:
    """The overall functional level of one VUM assessment: the mean of the levels (0–4) given
    to its "Aktivitet og deltagelse" themes, rounded half up; themes marked "Ikke vurderet"
    do not count. None when no theme has a level. This is the level a referral and a Housing
    First cohort read (issue 15): it comes from the latest assessment, never a typed number."""
    if not ranks:
        return None
    mean = Decimal(sum(ranks)) / Decimal(len(ranks))
    return int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))
