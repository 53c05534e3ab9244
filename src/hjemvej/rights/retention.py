"""Retention rules as dated data and the pure functions that read them (no database here):
which rule is in force on a day, and when data that was last touched on a day has passed its
time. The rules themselves are rows of rights.RetentionRule, loaded by selectors.rules()."""

import datetime
from dataclasses import dataclass

from hjemvej.common.dates import add_months


@dataclass(frozen=True)
class Rule:
    category: str
    months: int
    days: int
    archive: bool
    valid_from: datetime.date


# The first rules (migration 0002 writes them as rows): case data five years after the case's last
# activity, archived first; journal notes like case data; reminder texts 90 days; export and
# report files 30 days. The audit log's period is HJEMVEJ_AUDIT_RETENTION_DAYS.
START = datetime.date(2026, 1, 1)
DEFAULTS = [
    Rule("case", 60, 0, True, START),
    Rule("journal", 60, 0, False, START),
    Rule("reminders", 0, 90, False, START),
    Rule("exports", 0, 30, False, START),
]


def rule_in_force(rules: list[Rule], category: str, day: datetime.date) -> Rule | None:
    """The newest rule of the category that has started on `day`."""
    started = [r for r in rules if r.category == category and r.valid_from <= day]
    return max(started, key=lambda r: r.valid_from, default=None)


def expires_on(last: datetime.date, rule: Rule) -> datetime.date:
    """The first day data last touched on `last` may be deleted under `rule`."""
    return add_months(last, rule.months) + datetime.timedelta(days=rule.days)


def cutoff(today: datetime.date, rule: Rule) -> datetime.date:
    """Data last touched before this day has passed its time today."""
    return add_months(today, -rule.months) - datetime.timedelta(days=rule.days)


def case_expires_on(last: datetime.date, rules: list[Rule], today: datetime.date) -> datetime.date:
    """A case goes as a whole with its journal: the later of the two rules decides."""
    found = [r for c in ("case", "journal") if (r := rule_in_force(rules, c, today)) is not None]
    if not found:
        return datetime.date.max
    return max(expires_on(last, r) for r in found)
