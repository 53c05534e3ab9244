"""What stands between a citizen and a home, in one read."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from hjemvej.housing import rules
from hjemvej.housing.models import Debt, HousingApplication, HousingOffer, Income

# The income tab shows this many periods, newest first, with the count of the rest.
INCOME_ROWS = 50


@dataclass
class DebtLine:
    debt: Debt
    status: rules.RepaymentStatus | None


@dataclass
class OfferCheck:
    """A home offered, weighed against the citizen's income now (housing.rules)."""

    affordability: rules.Affordability
    cash_benefit_elsewhere: bool

    @property
    def flagged(self) -> bool:
        return self.affordability.cannot_pay or self.cash_benefit_elsewhere


@dataclass
class HousingOverview:
    applications: list[HousingApplication]
    debts: list[DebtLine]
    income: Income | None = None

    @property
    def flagged_offers(self) -> list[HousingOffer]:
        """Homes still waiting for an answer that the citizen cannot pay or cannot move to."""
        return [
            o
            for a in self.applications
            for o in a.offers.all()
            if o.answer == HousingOffer.Answer.PENDING and o.income_check.flagged  # type: ignore[attr-defined]
        ]

    @property
    def blocking_debts(self) -> list[DebtLine]:
        """Debts without an agreement, or with an agreement the citizen is behind on."""
        return [d for d in self.debts if d.status is None or d.status.is_behind]


def income_fact(income: Income | None) -> rules.IncomeFact | None:
    if income is None:
        return None
    return rules.IncomeFact(income.source, income.get_source_display(), income.monthly_amount)


def income_on(citizen, day: datetime.date) -> Income | None:
    """The citizen's income on `day` (periods do not overlap: at most one)."""
    return (
        Income.objects.filter(citizen=citizen, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .order_by("-valid_from")
        .first()
    )


def income_history(citizen) -> tuple[list[Income], int]:
    """The newest INCOME_ROWS periods and how many there are in all."""
    incomes = Income.objects.filter(citizen=citizen).select_related("recorded_by")
    rows = list(incomes[:INCOME_ROWS])
    total = len(rows) if len(rows) < INCOME_ROWS else incomes.count()
    return rows, total


def check_offer(offer: HousingOffer, citizen, income: Income | None) -> OfferCheck:
    fact = income_fact(income)
    return OfferCheck(
        affordability=rules.affordability(offer.rent, fact),
        cash_benefit_elsewhere=rules.cash_benefit_elsewhere(
            fact, offer.municipality_id, citizen.acting_municipality_id
        ),
    )


def housing_overview(citizen, today: datetime.date) -> HousingOverview:
    applications = list(
        HousingApplication.objects.filter(citizen=citizen)
        .select_related("offer__unit")
        .prefetch_related(
            Prefetch(
                "offers",
                queryset=HousingOffer.objects.select_related("municipality").order_by(
                    "-offered_on"
                ),
            )
        )
    )
    income = income_on(citizen, today)
    for application in applications:
        for housing_offer in application.offers.all():
            housing_offer.income_check = check_offer(housing_offer, citizen, income)  # type: ignore[attr-defined]
    debts = list(
        Debt.objects.filter(citizen=citizen)
        .select_related("agreement")
        .prefetch_related("agreement__instalments")
    )
    lines = []
    for debt in debts:
        agreement = getattr(debt, "agreement", None)
        status = None
        if agreement is not None:
            status = rules.repayment_status(
                debt=debt.amount,
                monthly=agreement.monthly_amount,
                first_due_on=agreement.first_due_on,
                payments=[i.amount for i in agreement.instalments.all()],
                today=today,
            )
        lines.append(DebtLine(debt=debt, status=status))
    return HousingOverview(applications=applications, debts=lines, income=income)


@dataclass
class MoveIn:
    move_in_on: datetime.date
    address: str

    def describe(self) -> str:
        return self.address


def latest_move_in(citizen, *, on_or_before: datetime.date) -> MoveIn | None:
    """The citizen's latest recorded move into a home found through a housing application
    (e.g. the tenancy a CTI course needs before it starts)."""
    application = (
        HousingApplication.objects.filter(
            citizen=citizen, move_in_on__isnull=False, move_in_on__lte=on_or_before
        )
        .order_by("-move_in_on")
        .first()
    )
    if application is None or application.move_in_on is None:
        return None
    accepted = (
        HousingOffer.objects.filter(application=application, answer=HousingOffer.Answer.ACCEPTED)
        .order_by("-offered_on")
        .first()
    )
    address = (
        accepted.address
        if accepted
        else (application.landlord or application.get_channel_display())
    )
    return MoveIn(move_in_on=application.move_in_on, address=address)


@dataclass(frozen=True)
class YouthOwnPayment:
    """The suggested own payment per night in the §107 youth housing and why."""

    per_night: Decimal | None
    text: str


def youth_own_payment_for(citizen, day: datetime.date) -> YouthOwnPayment:
    """The own payment the §107 youth housing sets from the young person's SU or apprentice
    pay on `day` (housing.rules.youth_own_payment)."""
    income = income_on(citizen, day)
    per_night = rules.youth_own_payment(income_fact(income))
    share = f"{rules.YOUTH_OWN_PAYMENT_SHARE:f}".rstrip("0").rstrip(".")
    if per_night is None:
        what = income.get_source_display().lower() if income else "ingen indkomst registreret"
        return YouthOwnPayment(
            None,
            f"Egenbetalingen følger SU eller lærlingeløn; borgeren har {what}. "
            "Sæt egenbetalingen efter en konkret vurdering.",
        )
    assert income is not None
    return YouthOwnPayment(
        per_night,
        f"Foreslået ud fra borgerens {income.get_source_display()}: {share} % af den månedlige "
        "indkomst fordelt på månedens nætter.",
    )
