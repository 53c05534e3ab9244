"""Small date rules, each stated once. No database here.

- Months: a date plus N months is the same day N months later; when that month is shorter, the
  last day of that month (31.01.2026 + 3 months = 30.04.2026). This is python-dateutil's
  `relativedelta`. Consecutive month-long periods are counted from the start of the run, not
  from the previous (possibly clamped) end (see courses.rules.plan_phases).
- Whole months between two dates agree with that: `months_between(d, add_months(d, n)) == n`.
- Age: whole years on a day; someone born 29 February turns a year older on 1 March in a
  non-leap year.
- Working days: Monday to Friday except Danish public holidays (the `holidays` package).
- Overdue: not done, and the due day is before today (due today is not overdue).

The running year of §110 reimbursement has its own rule for a day that does not exist (the
first of the next month); it lives with the reimbursement rules in `economics`.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus (or minus) whole months, clamped to the last day of a shorter month."""
    return day + relativedelta(months=months)


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from `start` to `end` (negative when `end` is earlier)."""
    delta = relativedelta(end, start)
    return delta.years * 12 + delta.months


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Age in whole years on `day`. Not `relativedelta(day, birth_date).years`: that clamps 29
    February to the 28th, and a person born on 29 February is a year older only on 1 March."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@lru_cache(maxsize=64)
def _danish_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("DK", years=year).keys())


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _danish_holidays(day.year)


def add_working_days(day: datetime.date, n: int) -> datetime.date:
    """The day that is `n` working days after `day` (weekends and Danish public holidays skipped)."""
    current = day
    left = n
    while left > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            left -= 1
    return current


def is_overdue(due_on: datetime.date | None, today: datetime.date, *, done: bool = False) -> bool:
    """Past its due day and not done. Due today is not yet overdue."""
    return not done and due_on is not None and due_on < today


def days_overdue(due_on: datetime.date, today: datetime.date) -> int:
    return max(0, (today - due_on).days)
