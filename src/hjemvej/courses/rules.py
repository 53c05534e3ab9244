"""Pure date rules for courses: phase lengths and the month-end rule. No database.

The month-end rule (common.dates.add_months): a phase that lasts N months ends on the same day
of the month N months later; when that month is shorter, the end is clamped to its last day
(31.01.2026 + 3 months = 30.04.2026). Consecutive month-long phases are always counted from the start of the run, not
from the previous (possibly clamped) end, so a clamp in one phase does not shift the next:
a CTI course started 31.01.2026 has phases ending 30.04.2026, 31.07.2026 and 31.10.2026.
"""

import datetime
from dataclasses import dataclass

from hjemvej.common.dates import add_months

MONTHS = "months"
WEEKS = "weeks"
DAYS = "days"


def add_length(day: datetime.date, length: int, unit: str) -> datetime.date:
    if unit == MONTHS:
        return add_months(day, length)
    if unit == WEEKS:
        return day + datetime.timedelta(weeks=length)
    if unit == DAYS:
        return day + datetime.timedelta(days=length)
    raise ValueError(f"ukendt enhed: {unit}")


@dataclass(frozen=True)
class PhaseRule:
    number: int
    name: str
    unit: str
    planned: int | None
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class PhaseDates:
    number: int
    start: datetime.date | None
    end: datetime.date | None
    earliest_end: datetime.date | None
    latest_end: datetime.date | None


def plan_phases(rules: list[PhaseRule], start: datetime.date) -> list[PhaseDates]:
    """The planned start and end of each phase when the first phase starts on `start`.

    A phase without a planned length ends when staff move the course on; the phases after it
    get no planned dates until then (plan again from the actual start with `plan_phases`)."""
    result: list[PhaseDates] = []
    anchor: datetime.date | None = start
    anchor_unit: str | None = None
    running = 0
    phase_start: datetime.date | None = start
    for rule in rules:
        earliest = (
            add_length(phase_start, rule.minimum, rule.unit)
            if phase_start is not None and rule.minimum is not None
            else None
        )
        latest = (
            add_length(phase_start, rule.maximum, rule.unit)
            if phase_start is not None and rule.maximum is not None
            else None
        )
        end: datetime.date | None = None
        if phase_start is not None and rule.planned is not None:
            if anchor_unit != rule.unit or anchor is None:
                anchor, anchor_unit, running = phase_start, rule.unit, 0
            running += rule.planned
            end = add_length(anchor, running, rule.unit)
        else:
            anchor, anchor_unit, running = None, None, 0
        result.append(PhaseDates(rule.number, phase_start, end, earliest, latest))
        phase_start = end
    return result


# ---------------------------------------------------------------- course and phase limits
# The limits are data on the templates (CourseTemplate.max_months, PhaseTemplate min/max
# lengths, seeded in migrations): CTI at most 9 months in three phases of 3; the youth
# housing at most 2 years (at least 9 months expected). A phase move outside them needs a
# reason (courses.services.do_move_phase) and shows on the worklist.


def course_latest_end(started_on: datetime.date, max_months: int | None) -> datetime.date | None:
    return add_months(started_on, max_months) if max_months is not None else None


def limit_breaches(
    *,
    moved_on: datetime.date,
    earliest_end: datetime.date | None,
    latest_end: datetime.date | None,
    projected_end: datetime.date | None,
    course_latest: datetime.date | None,
    max_months: int | None,
) -> list[str]:
    """What a phase move on `moved_on` breaks, in Danish: the current phase's earliest or
    latest end, or the course's maximum (by the next phases' planned end, or the move itself)."""
    breaches = []
    if earliest_end is not None and moved_on < earliest_end:
        breaches.append(f"fasen slutter før sin tidligste slutdato ({earliest_end:%d.%m.%Y})")
    if latest_end is not None and moved_on > latest_end:
        breaches.append(f"fasen slutter efter sin seneste slutdato ({latest_end:%d.%m.%Y})")
    end = max(d for d in (projected_end, moved_on) if d is not None)
    if course_latest is not None and end > course_latest:
        breaches.append(
            f"forløbet strækkes ud over sin længste varighed på {max_months} måneder "
            f"(senest {course_latest:%d.%m.%Y})"
        )
    return breaches


def ended_before_minimum(
    *, started_on: datetime.date, ended_on: datetime.date, expected_min_months: int | None
) -> str:
    """Why ending on `ended_on` is flagged (youth housing: at least 9 months expected), in
    Danish; empty when it is not."""
    if expected_min_months is None:
        return ""
    minimum = add_months(started_on, expected_min_months)
    if ended_on >= minimum:
        return ""
    return (
        f"forløbet slutter før den forventede mindste varighed på {expected_min_months} "
        f"måneder ({minimum:%d.%m.%Y})"
    )
