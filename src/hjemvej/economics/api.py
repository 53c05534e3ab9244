"""Calculators in the API: daily rate, reimbursement, investment case, forecast, budget against
actual. No citizen data goes in or out (citizen keys are the caller's own labels); any logged-in
staff user may call them. Decimals go in and out as strings."""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Router, Schema
from pydantic import BeforeValidator, ConfigDict, Field

from hjemvej.access import policy
from hjemvej.economics import budget, forecast, investment, reimbursement
from hjemvej.economics.money import ZERO, ore, tenths, whole_kroner
from hjemvej.economics.rates import CostSheetInput, RateResult, compute_rate
from hjemvej.economics.selectors import reimbursement_rules

router = Router()


def _require_staff(user) -> None:
    if not policy.has_a_role(user):
        raise PermissionDenied


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class RateIn(Strict):
    salaries: Decimal
    other: Decimal = ZERO
    external_treatment: Decimal = ZERO
    expected_income: Decimal = ZERO
    supervision_fee: Decimal = ZERO
    salary_pools_pct: Decimal = ZERO
    maintenance_pct: Decimal = ZERO
    indirect_pct: Decimal = ZERO
    computed_costs: Decimal = ZERO
    price_adjustment: Decimal = ZERO
    places: int
    occupancy_pct: Decimal = Decimal("100")

    def to_input(self) -> CostSheetInput:
        return CostSheetInput(**self.dict())


class LineOut(Schema):
    key: str
    name: str
    amount: str
    exact: str


class RateOut(Schema):
    lines: list[LineOut]
    total: str
    total_exact: str
    daily_rate: str
    daily_rate_exact: str


def _rate_out(result: RateResult) -> dict:
    return {
        "lines": [
            {"key": ln.key, "name": ln.name, "amount": str(ln.shown), "exact": str(ln.amount)}
            for ln in result.lines
        ],
        "total": str(result.total_shown),
        "total_exact": str(result.total),
        "daily_rate": str(result.daily_rate_shown),
        "daily_rate_exact": str(ore(result.daily_rate)),
    }


@router.post(
    "/rate",
    response=RateOut,
    summary="Takst ud fra et takstblad",
    description=(
        "Procenter skrives som procent (0.30 betyder 0,30 %). Hver linje beregnes med fuld "
        "præcision ud fra linjerne over den og vises afrundet (halv op) til hele kroner i "
        "`amount`; `exact` er den uafrundede værdi. Takst pr. dag = i alt ÷ (pladser × belægning × 365)."
    ),
)
def rate(request, payload: RateIn):
    _require_staff(request.user)
    return _rate_out(compute_rate(payload.to_input()))


class ReimbursementStayIn(Strict):
    citizen: str
    section: str = reimbursement.SHELTER
    start: datetime.date
    end: datetime.date
    daily_rate: Decimal
    own_payment_per_night: Decimal = ZERO
    decided_on: datetime.date | None = None
    first_discharge: datetime.date | None = None


class ReimbursementIn(Strict):
    stays: list[ReimbursementStayIn]


class TallyOut(Schema):
    nights: int
    reimbursed_nights: int
    gross: str
    own_payment: str
    reimbursement: str
    net: str


class PeriodOut(TallyOut):
    rule: str
    start: datetime.date
    end: datetime.date


class ReimbursementStayOut(TallyOut):
    citizen: str
    section: str
    start: datetime.date
    end: datetime.date
    periods: list[PeriodOut]


class MonthOut(TallyOut):
    month: str


class ReimbursementOut(Schema):
    stays: list[ReimbursementStayOut]
    months: list[MonthOut]
    totals: TallyOut


def _tally(t: reimbursement.Tally) -> dict:
    return {
        "nights": t.nights,
        "reimbursed_nights": t.reimbursed_nights,
        "gross": str(ore(t.gross)),
        "own_payment": str(ore(t.own_payment)),
        "reimbursement": str(ore(t.reimbursement)),
        "net": str(ore(t.net)),
    }


@router.post(
    "/reimbursement",
    response=ReimbursementOut,
    summary="Statsrefusion for en række ophold",
    description=(
        "Ophold med samme `citizen` deler løbende år. `section` er 110 (standard), 85a eller 107. "
        "Nætter tælles fra indskrivningsdatoen til, ikke med, udskrivningsdatoen. §85a kræver "
        "`decided_on` (afgørelse senest på udskrivningsdatoen); §85a og §107 regnes fra borgerens "
        "første udskrivning fra et §110-ophold i forespørgslen, eller fra `first_discharge`. "
        "Beløb i kroner med øre, afrundet halv op."
    ),
)
def reimburse(request, payload: ReimbursementIn):
    _require_staff(request.user)
    stays = [reimbursement.Stay(**s.dict()) for s in payload.stays]
    result = reimbursement.compute_reimbursement(stays, reimbursement_rules())
    return {
        "stays": [
            {
                **_tally(r.tally),
                "citizen": r.stay.citizen,
                "section": r.stay.section,
                "start": r.stay.start,
                "end": r.stay.end,
                "periods": [
                    {**_tally(p.tally), "rule": p.rule_name, "start": p.start, "end": p.end}
                    for p in r.periods
                ],
            }
            for r in result.stays
        ],
        "months": [
            {**_tally(t), "month": f"{y:04d}-{m:02d}"} for (y, m), t in result.months.items()
        ],
        "totals": _tally(result.totals),
    }


def _by_sector(value):
    """One amount (the municipality's) or an object with municipality, region and state."""
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(investment.SECTORS))
        if unknown:
            raise ValueError(
                f"Ukendt sektor: {', '.join(unknown)}. Brug municipality, region eller state."
            )
        return value
    return {"municipality": value}


SectorAmounts = Annotated[dict[str, Decimal], BeforeValidator(_by_sector)]


class InvestmentIn(Strict):
    participants: int
    years: int
    added_costs: SectorAmounts = {}
    fallen_costs: SectorAmounts = {}
    effect_new_costs: SectorAmounts = {}
    effect_fallen_costs: SectorAmounts = {}
    effects_entry: Literal["total", "per_year"] = "total"

    def to_input(self) -> investment.InvestmentInput:
        amounts = {name: getattr(self, name) for name in investment.AMOUNT_FIELDS}
        return investment.InvestmentInput(
            self.participants, self.years, amounts, effects_entry=self.effects_entry
        )


class FiguresOut(Schema):
    intervention: str
    effect: str
    net: str


class InvestmentFiguresOut(FiguresOut):
    by_sector: dict[str, FiguresOut]


class InvestmentOut(Schema):
    effects_entry: str
    horizon_note: str
    per_citizen: InvestmentFiguresOut
    total: InvestmentFiguresOut


def _figures(f: investment.Figures) -> dict:
    return {
        "intervention": str(ore(f.intervention)),
        "effect": str(ore(f.effect)),
        "net": str(ore(f.net)),
    }


def investment_out(result: investment.InvestmentResult, data: investment.InvestmentInput) -> dict:
    def block(figures: dict[str, investment.Figures]) -> dict:
        return {
            **_figures(figures["total"]),
            "by_sector": {s: _figures(figures[s]) for s in investment.SECTORS},
        }

    return {
        "effects_entry": data.effects_entry,
        "horizon_note": investment.horizon_note(data.effects_entry, data.years),
        "per_citizen": block(result.per_citizen),
        "total": block(result.total),
    }


@router.post(
    "/investment",
    response=InvestmentOut,
    summary="Investeringscase (SØM)",
    description=(
        "Beløb pr. borger, enten ét tal (kommunen) eller fordelt på `municipality`, `region` og "
        "`state`. `added_costs` og `fallen_costs` gælder indsatsen (én gang pr. borger); "
        "`effect_new_costs` og `effect_fallen_costs` er effekten i alt over tidshorisonten, som "
        "SØM-rapporten viser den (`effects_entry`: `total`, standard), eller pr. år, der ganges "
        "med `years` (`effects_entry`: `per_year`). "
        "net = indsats + effekt; et negativt tal er en indtægt. I alt = pr. borger × deltagere."
    ),
)
def invest(request, payload: InvestmentIn):
    _require_staff(request.user)
    data = payload.to_input()
    return investment_out(investment.compute_investment(data), data)


class CurrentStayIn(Strict):
    citizen: str
    start: datetime.date
    end: datetime.date | None = None
    daily_rate: Decimal
    own_payment_per_night: Decimal = ZERO

    def to_input(self) -> forecast.StayInput:
        return forecast.StayInput(**self.dict())


class ForecastIn(Strict):
    start: datetime.date | None = None
    move_after_nights: int = 30
    support_per_day: Decimal
    stays: list[CurrentStayIn]


class ForecastMonthOut(Schema):
    month: str
    stay_as_is: str
    move_out: str


class ScenarioOut(TallyOut):
    name: str


class ForecastOut(Schema):
    start: datetime.date
    end: datetime.date
    months: list[ForecastMonthOut]
    stay_as_is: ScenarioOut
    move_out: ScenarioOut
    saving: str


@router.post(
    "/forecast",
    response=ForecastOut,
    summary="Prognose: ingen flytter mod flytning i egen bolig med §85a-støtte efter N nætter",
    description=(
        "Nettoudgiften (efter egenbetaling og refusion) de næste 12 måneder fra `start` "
        "(standard: i dag). Tidligere ophold tæller med, fordi de bestemmer de løbende år."
    ),
)
def forecast_endpoint(request, payload: ForecastIn):
    _require_staff(request.user)
    result = forecast.forecast(
        [s.to_input() for s in payload.stays],
        start=payload.start or timezone.localdate(),
        move_after_nights=payload.move_after_nights,
        support_per_day=payload.support_per_day,
        rules=reimbursement_rules(),
    )
    return {
        "start": result.start,
        "end": result.end,
        "months": [
            {"month": f"{m:%Y-%m}", "stay_as_is": str(ore(a.net)), "move_out": str(ore(b.net))}
            for m, a, b in zip(
                result.month_starts, result.stay_as_is.months, result.move_out.months, strict=True
            )
        ],
        "stay_as_is": {**_tally(result.stay_as_is.totals), "name": result.stay_as_is.name},
        "move_out": {**_tally(result.move_out.totals), "name": result.move_out.name},
        "saving": str(ore(result.saving)),
    }


class BudgetIn(Strict):
    cost_sheet: RateIn
    year: int = Field(ge=2000, le=2100)  # a budget year; beyond the calendar's range is a 422
    as_of: datetime.date | None = None
    stays: list[CurrentStayIn]


class BudgetMonthOut(Schema):
    month: str
    budget: str
    budget_nights: str
    occupied_nights: int
    actual: str
    difference: str
    counted: bool


class BudgetOut(Schema):
    year: int
    daily_rate: str
    budget: str
    budget_to_date: str
    actual: str
    difference_to_date: str
    occupied_nights: int
    months: list[BudgetMonthOut]


@router.post(
    "/budget",
    response=BudgetOut,
    summary="Budget mod faktisk belægning for et tilbud og et budgetår",
    description="Belagte nætter × takst mod takstbladet, måned for måned (hele kroner).",
)
def budget_endpoint(request, payload: BudgetIn):
    _require_staff(request.user)
    result = budget.budget_against_actual(
        compute_rate(payload.cost_sheet.to_input()),
        payload.year,
        [s.to_input() for s in payload.stays],
        as_of=payload.as_of or timezone.localdate(),
    )
    return {
        "year": result.year,
        "daily_rate": str(result.rate),
        "budget": str(whole_kroner(result.budget)),
        "budget_to_date": str(whole_kroner(result.budget_to_date)),
        "actual": str(whole_kroner(result.actual)),
        "difference_to_date": str(whole_kroner(result.difference_to_date)),
        "occupied_nights": result.occupied_nights,
        "months": [
            {
                "month": f"{m.month:%Y-%m}",
                "budget": str(whole_kroner(m.budget)),
                "budget_nights": str(tenths(m.budget_nights)),
                "occupied_nights": m.occupied_nights,
                "actual": str(whole_kroner(m.actual)),
                "difference": str(whole_kroner(m.difference)),
                "counted": m.counted,
            }
            for m in result.months
        ],
    }
