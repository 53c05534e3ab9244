"""Repayment agreements in plain Python: what has been paid, what is left, and whether the
citizen is behind. No database here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from hjemvej.common import dates


@dataclass(frozen=True)
class RepaymentStatus:
    paid: Decimal
    remaining: Decimal
    due_so_far: Decimal
    behind: Decimal
    months_left: int

    @property
    def is_behind(self) -> bool:
        return self.behind > 0


def months_due(first_due_on: datetime.date, today: datetime.date) -> int:
    """How many monthly instalments have fallen due by `today` (the first on `first_due_on`)."""
    if today < first_due_on:
        return 0
    return dates.months_between(first_due_on, today) + 1


def repayment_status(
    *,
    debt: Decimal,
    monthly: Decimal,
    first_due_on: datetime.date,
    payments: list[Decimal],
    today: datetime.date,
) -> RepaymentStatus:
    paid = sum(payments, Decimal("0"))
    remaining = max(debt - paid, Decimal("0"))
    due = min(monthly * months_due(first_due_on, today), debt)
    behind = max(due - paid, Decimal("0"))
    months_left = 0
    if remaining > 0:
        months_left = int((remaining / monthly).to_integral_value(rounding="ROUND_CEILING"))
    return RepaymentStatus(
        paid=paid, remaining=remaining, due_so_far=due, behind=behind, months_left=months_left
    )
