"""Reads for the economics app: the rules in force, cost sheets the user may see, and the
public `reimbursement_status_for` that stays and worklists use."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from hjemvej.access import policy
from hjemvej.accounts.models import Unit
from hjemvej.economics import reimbursement
from hjemvej.economics.models import CostSheet, InvestmentCase, ReimbursementRule
from hjemvej.economics.rates import CostSheetInput, RateResult, compute_rate


def reimbursement_rules() -> list[reimbursement.Rule]:
    """The reimbursement rules as plain rule objects, oldest first within each section."""
    return [
        reimbursement.Rule(
            section=r.section,
            kind=r.kind,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            share=r.share,
            name=r.name,
            limit_nights=r.limit_nights,
            window_months=r.window_months,
            cap_months=r.cap_months,
            requires_decision=r.requires_decision,
        )
        for r in ReimbursementRule.objects.order_by("section", "valid_from")
    ]


def reimbursement_status_for(
    stays: Iterable, on_date: datetime.date
) -> reimbursement.ReimbursementStatus:
    """(reimbursed nights used, nights left, limit) for one citizen's §110 running year on a
    date — e.g. "refusionen slutter om 12 nætter". `stays` are that citizen's §110 stays: any
    objects with `start` and `end` dates (`end` None while the stay goes on). Nights before
    `on_date` count. `left` and `limit` are None when no night limit is in force."""
    plain = [
        reimbursement.Stay(
            citizen="borger",
            section=reimbursement.SHELTER,
            start=s.start,
            end=s.end if s.end is not None else on_date,
            daily_rate=Decimal(0),
        )
        for s in stays
    ]
    return reimbursement.status_on(plain, on_date, reimbursement_rules())


def offer_units(user, *, editable: bool = False) -> QuerySet[Unit]:
    ids = policy.finance_municipality_ids(user, managers_only=editable)
    return Unit.objects.filter(municipality_id__in=ids, kind=Unit.Kind.OFFER).select_related(
        "municipality"
    )


def cost_sheets_for(user) -> QuerySet[CostSheet]:
    return CostSheet.objects.filter(
        unit__municipality_id__in=policy.finance_municipality_ids(user), unit__kind=Unit.Kind.OFFER
    ).select_related("unit", "unit__municipality")


def get_cost_sheet(user, sheet_uuid) -> CostSheet:
    sheet = cost_sheets_for(user).filter(uuid=sheet_uuid).first()
    if sheet is None:
        raise Http404("Takstbladet findes ikke, eller du har ikke adgang.")
    return sheet


def cost_sheet_input(sheet: CostSheet) -> CostSheetInput:
    return CostSheetInput(
        salaries=sheet.salaries,
        other=sheet.other,
        external_treatment=sheet.external_treatment,
        expected_income=sheet.expected_income,
        supervision_fee=sheet.supervision_fee,
        salary_pools_pct=sheet.salary_pools_pct,
        maintenance_pct=sheet.maintenance_pct,
        indirect_pct=sheet.indirect_pct,
        computed_costs=sheet.computed_costs,
        price_adjustment=sheet.price_adjustment,
        places=sheet.places,
        occupancy_pct=sheet.occupancy_pct,
    )


def cost_sheet_rate(sheet: CostSheet) -> RateResult:
    return compute_rate(cost_sheet_input(sheet))


def investment_cases_for(user) -> QuerySet[InvestmentCase]:
    return InvestmentCase.objects.filter(
        municipality_id__in=policy.finance_municipality_ids(user)
    ).select_related("municipality", "created_by")
