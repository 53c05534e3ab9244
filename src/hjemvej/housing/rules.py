"""Repayment agreements in plain Python: what has been paid, what is left, and whether the
citizen is behind. No database here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from hjemvej.common import dates, numbers


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


# ---------------------------------------------------------------- income and affordability
# DOMAIN.md §3 and §9: income decides housing. The rules below are the only place that says
# when a citizen can pay a rent, when a home in another municipality is out of reach, and what
# a young person pays in the §107 youth housing (docs/architecture.md, "Indkomst og husleje").

# A rent above this share of the citizen's monthly income is more than the citizen can pay
# (the common rule of thumb in the housing allocation: at most about 40 % of the income goes to
# rent, the rest to food, bills and debt repayments).
RENT_SHARE_LIMIT = Decimal("40")

CASH_BENEFIT = "cash_benefit"
YOUTH_INCOME_SOURCES = frozenset({"su", "apprentice"})
# The §107 youth housing's own payment follows the young person's SU or apprentice pay: this
# share of the monthly income, spread over the nights of an average month (365 / 12), in whole
# kroner rounded down.
YOUTH_OWN_PAYMENT_SHARE = Decimal("25")
NIGHTS_PER_MONTH = Decimal(365) / Decimal(12)

AFFORDABLE = "affordable"
CANNOT_PAY = "cannot_pay"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class IncomeFact:
    """What the rules need of an income: its source and its amount per month."""

    source: str
    source_label: str
    monthly_amount: Decimal


@dataclass(frozen=True)
class Affordability:
    status: str  # AFFORDABLE, CANNOT_PAY or UNKNOWN
    share: Decimal | None  # the rent in per cent of the income
    text: str

    @property
    def cannot_pay(self) -> bool:
        return self.status == CANNOT_PAY


def rent_share(rent: Decimal, income: Decimal) -> Decimal | None:
    if income <= 0:
        return None
    return (rent * 100 / income).quantize(Decimal("0.1"), ROUND_HALF_UP)


def affordability(rent: Decimal | None, income: IncomeFact | None) -> Affordability:
    """Can the citizen pay this rent? Unknown without a rent or without a recorded income."""
    if rent is None:
        return Affordability(UNKNOWN, None, "Huslejen er ikke oplyst.")
    if income is None:
        return Affordability(
            UNKNOWN, None, "Borgerens indkomst er ikke registreret: registrér den under Indkomst."
        )
    share = rent_share(rent, income.monthly_amount)
    if share is None:
        if rent == 0:
            return Affordability(AFFORDABLE, None, "Boligen har ingen husleje.")
        return Affordability(
            CANNOT_PAY,
            None,
            f"Borgeren har ingen indkomst ({income.source_label.lower()}) og kan ikke betale "
            "huslejen.",
        )
    limit = _number(RENT_SHARE_LIMIT)
    if share > RENT_SHARE_LIMIT:
        return Affordability(
            CANNOT_PAY,
            share,
            f"Huslejen er {_number(share)} % af borgerens indkomst – over grænsen på {limit} %. "
            "Borgeren kan ikke betale den.",
        )
    return Affordability(
        AFFORDABLE, share, f"Huslejen er {_number(share)} % af indkomsten (grænse {limit} %)."
    )


def cash_benefit_elsewhere(
    income: IncomeFact | None, home_municipality_id: int | None, acting_municipality_id: int
) -> bool:
    """A citizen on cash benefit cannot move to a home in another municipality than the acting
    municipality (DOMAIN.md §3)."""
    return (
        income is not None
        and income.source == CASH_BENEFIT
        and home_municipality_id is not None
        and home_municipality_id != acting_municipality_id
    )


CASH_BENEFIT_ELSEWHERE_TEXT = (
    "Borgeren er på kontanthjælp og kan ikke flytte til en bolig i en anden kommune end "
    "handlekommunen. Find en bolig i handlekommunen, eller afklar først borgerens forsørgelse."
)


def youth_own_payment(income: IncomeFact | None) -> Decimal | None:
    """The own payment per night in the §107 youth housing, from the young person's SU or
    apprentice pay; None when the income is something else or not recorded (then the
    caseworker sets it)."""
    if income is None or income.source not in YOUTH_INCOME_SOURCES:
        return None
    per_month = income.monthly_amount * YOUTH_OWN_PAYMENT_SHARE / 100
    return (per_month / NIGHTS_PER_MONTH).quantize(Decimal("1"), ROUND_FLOOR)


def _number(value: Decimal) -> str:
    return numbers.number(value, 0 if value == value.to_integral() else 1)
