"""The money of a citizen's §110 stays on the citizen page, from economics: per stay the nights,
the reimbursed nights, the gross cost (each night × the daily rate of the cost sheet in force
for its year), the citizen's own payment, the state's reimbursement and the municipality's net
cost (economics.pricing.shelter_money)."""

import datetime
from dataclasses import dataclass

from hjemvej.economics import pricing
from hjemvej.economics.reimbursement import Tally
from hjemvej.economics.selectors import daily_rates, reimbursement_rules
from hjemvej.stays.models import Stay
from hjemvej.stays.selectors import stay_span


@dataclass
class StayMoney:
    stay: Stay
    sheets: list[pricing.SheetRate]  # the cost sheets that priced the nights; [] no amounts
    tally: Tally

    @property
    def priced(self) -> bool:
        return bool(self.sheets)


def shelter_money(stays: list[Stay], today: datetime.date) -> dict[int, StayMoney]:
    """One citizen's §110 stays (they share running years); an ongoing stay counts to today."""
    shelter = [s for s in stays if s.offer.is_shelter and s.started_on <= today]
    if not shelter:
        return {}
    spans = [stay_span(s, "borger") for s in shelter]
    money = pricing.shelter_money(
        spans,
        daily_rates({s.unit_id for s in spans}),
        reimbursement_rules(),
        until=today,
    )
    return {
        stay.pk: StayMoney(stay=stay, sheets=m.sheets, tally=m.tally)
        for stay, m in zip(shelter, money, strict=True)
    }
