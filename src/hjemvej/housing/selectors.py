"""What stands between a citizen and a home, in one read."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from hjemvej.housing import rules
from hjemvej.housing.models import Debt, HousingApplication, HousingOffer


@dataclass
class DebtLine:
    debt: Debt
    status: rules.RepaymentStatus | None


@dataclass
class HousingOverview:
    applications: list[HousingApplication]
    debts: list[DebtLine]

    @property
    def blocking_debts(self) -> list[DebtLine]:
        """Debts without an agreement, or with an agreement the citizen is behind on."""
        return [d for d in self.debts if d.status is None or d.status.is_behind]


def housing_overview(citizen, today: datetime.date) -> HousingOverview:
    applications = list(
        HousingApplication.objects.filter(citizen=citizen)
        .select_related("offer__unit")
        .prefetch_related(Prefetch("offers", queryset=HousingOffer.objects.order_by("-offered_on")))
    )
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
    return HousingOverview(applications=applications, debts=lines)


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
