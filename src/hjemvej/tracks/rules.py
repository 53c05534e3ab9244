"""A track's dates, stated once: a step's default deadline is N working days after the track
starts (common.dates.add_working_days, Danish holidays skipped); no N, no deadline."""

import datetime

from hjemvej.common.dates import add_working_days


def step_due(started_on: datetime.date, working_days: int | None) -> datetime.date | None:
    if working_days is None:
        return None
    return add_working_days(started_on, working_days)


def on_time(due_on: datetime.date | None, done_on: datetime.date | None) -> bool:
    """A step done on or before its deadline (a step with no deadline is on time when done)."""
    return done_on is not None and (due_on is None or done_on <= due_on)
