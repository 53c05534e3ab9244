"""Writes for the economics app: cost sheets and saved investment cases."""

import dataclasses
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from hjemvej.access import policy
from hjemvej.accounts.models import Municipality, Unit, User
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.economics.investment import InvestmentInput, check_investment
from hjemvej.economics.models import CostSheet, InvestmentCase
from hjemvej.economics.rates import CostSheetInput, check_cost_sheet

INPUT_FIELDS = [f.name for f in dataclasses.fields(CostSheetInput)]


def _check_budget_year(budget_year: int) -> None:
    if not 2000 <= budget_year <= 2100:
        raise ValidationError({"budget_year": "Budgetåret skal ligge mellem 2000 og 2100."})


@transaction.atomic
def do_create_cost_sheet(
    *, user, unit: Unit, budget_year: int, values: CostSheetInput, note: str = ""
) -> CostSheet:
    if unit.kind != Unit.Kind.OFFER:
        raise ValidationError({"unit": "Takstblade hører til et tilbud, ikke en myndighed."})
    if not policy.may_edit_cost_sheets(user, unit):
        raise ValidationError({"unit": "Du kan kun lave takstblade for tilbud i din kommune."})
    _check_budget_year(budget_year)
    check_cost_sheet(values)
    if CostSheet.objects.filter(unit=unit, budget_year=budget_year).exists():
        raise ValidationError(
            {"budget_year": f"{unit.name} har allerede et takstblad for {budget_year}."}
        )
    try:
        with transaction.atomic():
            sheet = CostSheet.objects.create(
                unit=unit, budget_year=budget_year, note=note, **dataclasses.asdict(values)
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"budget_year": f"{unit.name} har allerede et takstblad for {budget_year}."}
        ) from exc
    log_event(
        action=Action.CREATE,
        summary=f"Takstblad {budget_year} oprettet for {unit.name}",
        obj=sheet,
        purpose="Budget og takstberegning",
    )
    return sheet


@transaction.atomic
def do_update_cost_sheet(
    *, user, sheet: CostSheet, version: int, values: CostSheetInput, note: str
) -> CostSheet:
    if not policy.may_edit_cost_sheets(user, sheet.unit):
        raise ValidationError("Du kan kun rette takstblade for tilbud i din kommune.")
    check_cost_sheet(values)
    changes = {**dataclasses.asdict(values), "note": note}
    updated = CostSheet.objects.filter(pk=sheet.pk, version=version).update(
        version=F("version") + 1, **changes
    )
    if not updated:
        raise ValidationError(
            "Takstbladet er blevet ændret af en anden, mens du rettede. Hent siden igen."
        )
    log_event(
        action=Action.CHANGE,
        summary=f"Takstblad {sheet.budget_year} rettet for {sheet.unit.name}",
        obj=sheet,
        purpose="Budget og takstberegning",
    )
    sheet.refresh_from_db()
    return sheet


def _amounts_json(amounts: dict[str, dict[str, Decimal]]) -> dict[str, dict[str, str]]:
    return {
        name: {sector: str(value) for sector, value in by_sector.items()}
        for name, by_sector in amounts.items()
    }


@transaction.atomic
def do_save_investment_case(
    *, user, municipality: Municipality, name: str, description: str, data: InvestmentInput
) -> InvestmentCase:
    if municipality.pk not in policy.finance_municipality_ids(user):
        raise ValidationError({"municipality": "Du kan kun gemme cases for din egen kommune."})
    if not name.strip():
        raise ValidationError({"name": "Giv casen et navn."})
    check_investment(data)
    case = InvestmentCase.objects.create(
        municipality=municipality,
        name=name.strip(),
        description=description,
        participants=data.participants,
        years=data.years,
        effects_entry=data.effects_entry,
        amounts=_amounts_json(data.amounts),
        created_by=user,
    )
    log_event(
        action=Action.CREATE,
        summary=f"Investeringscase gemt: {case.name}",
        obj=case,
        purpose="Investeringscase (SØM)",
    )
    return case


@transaction.atomic
def do_delete_investment_case(*, user: User, case: InvestmentCase) -> None:
    if case.municipality_id not in policy.finance_municipality_ids(user):
        raise ValidationError("Du kan kun slette cases for din egen kommune.")
    log_event(
        action=Action.DELETE,
        summary=f"Investeringscase slettet: {case.name}",
        obj=case,
        purpose="Investeringscase (SØM)",
    )
    case.delete()


def investment_input(case: InvestmentCase) -> InvestmentInput:
    return InvestmentInput(
        participants=case.participants,
        years=case.years,
        effects_entry=case.effects_entry,
        amounts={
            name: {sector: Decimal(value) for sector, value in by_sector.items()}
            for name, by_sector in case.amounts.items()
        },
    )
