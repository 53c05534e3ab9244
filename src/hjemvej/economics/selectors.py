"""Reads for the economics app: the rules in force, the cost sheets the user may see and the
daily rates they give."""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404

from hjemvej.access import policy
from hjemvej.accounts.models import Unit
from hjemvej.economics import reimbursement
from hjemvej.economics.models import CostSheet, InvestmentCase, ReimbursementRule
from hjemvej.economics.pricing import DailyRates
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


def daily_rates(unit_ids: Iterable[int]) -> DailyRates:
    """The daily rates of the units' cost sheets (one query; each sheet computed once)."""
    return DailyRates(
        [
            (sheet.unit_id, sheet.budget_year, cost_sheet_rate(sheet).daily_rate_shown)
            for sheet in CostSheet.objects.filter(unit_id__in=set(unit_ids))
        ]
    )


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
