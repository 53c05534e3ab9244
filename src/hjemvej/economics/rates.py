"""The daily rate (takst) from a cost sheet (takstblad), laid out as the municipalities do it.

Every line is computed at full precision from the lines above it; it is shown rounded half up
to whole kroner (money.whole_kroner). The daily rate is total ÷ (places × occupancy × 365).
"""

from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import ValidationError

from hjemvej.common import numbers
from hjemvej.economics.money import HUNDRED, ZERO, percent, whole_kroner

DAYS_PER_YEAR = 365


@dataclass(frozen=True)
class CostSheetInput:
    salaries: Decimal
    other: Decimal
    external_treatment: Decimal
    expected_income: Decimal
    supervision_fee: Decimal
    salary_pools_pct: Decimal
    maintenance_pct: Decimal
    indirect_pct: Decimal
    computed_costs: Decimal
    price_adjustment: Decimal
    places: int
    occupancy_pct: Decimal


FIELD_LABELS = {
    "salaries": "Lønninger",
    "other": "Øvrige driftsudgifter",
    "external_treatment": "Ekstern behandling",
    "expected_income": "Forventede indtægter",
    "supervision_fee": "Socialtilsyn (tilsynsbetaling)",
    "salary_pools_pct": "Lønpuljer (% af lønninger)",
    "maintenance_pct": "Vedligeholdelse (% af driftsbudget)",
    "indirect_pct": "Indirekte omkostninger (% af direkte omkostninger)",
    "computed_costs": "Beregnede omkostninger (tjenestemandspension, forrentning og afskrivning)",
    "price_adjustment": "Pris- og lønregulering (kr.)",
    "places": "Antal pladser",
    "occupancy_pct": "Belægningsprocent",
}


@dataclass(frozen=True)
class Line:
    key: str
    name: str
    amount: Decimal  # full precision
    is_sum: bool = False

    @property
    def shown(self) -> Decimal:
        return whole_kroner(self.amount)


@dataclass(frozen=True)
class RateResult:
    lines: tuple[Line, ...]
    total: Decimal  # full precision
    daily_rate: Decimal  # full precision
    places: int
    occupancy_pct: Decimal

    @property
    def total_shown(self) -> Decimal:
        return whole_kroner(self.total)

    @property
    def daily_rate_shown(self) -> Decimal:
        return whole_kroner(self.daily_rate)

    @property
    def capacity_nights(self) -> Decimal:
        """Occupied nights a year at the budgeted occupancy: places × occupancy × 365."""
        return self.places * percent(self.occupancy_pct) * DAYS_PER_YEAR


def check_cost_sheet(data: CostSheetInput) -> None:
    errors: dict[str, str] = {}
    for f in fields(data):
        value = getattr(data, f.name)
        if value is None:
            errors[f.name] = "Feltet skal udfyldes."
        elif value < 0:
            errors[f.name] = "Må ikke være negativ."
    if "places" not in errors and data.places < 1:
        errors["places"] = "Der skal være mindst én plads."
    if "occupancy_pct" not in errors and not (ZERO < data.occupancy_pct <= HUNDRED):
        errors["occupancy_pct"] = "Belægningen skal være over 0 og højst 100 %."
    for key in ("salary_pools_pct", "maintenance_pct", "indirect_pct"):
        if key not in errors and getattr(data, key) > HUNDRED:
            errors[key] = "Procenten må højst være 100."
    if errors:
        raise ValidationError(errors)


def compute_rate(data: CostSheetInput) -> RateResult:
    check_cost_sheet(data)
    operating = data.salaries + data.other + data.external_treatment - data.expected_income
    with_supervision = operating + data.supervision_fee
    salary_pools = data.salaries * percent(data.salary_pools_pct)
    maintenance = operating * percent(data.maintenance_pct)
    direct = with_supervision + salary_pools + maintenance
    indirect = direct * percent(data.indirect_pct)
    total = direct + indirect + data.computed_costs + data.price_adjustment
    capacity = data.places * percent(data.occupancy_pct) * DAYS_PER_YEAR
    lines = (
        Line("salaries", "Lønninger", data.salaries),
        Line("other", "Øvrige driftsudgifter", data.other),
        Line("external_treatment", "Ekstern behandling", data.external_treatment),
        Line("expected_income", "Forventede indtægter (fratrækkes)", -data.expected_income),
        Line("operating_budget", "Driftsbudget", operating, is_sum=True),
        Line("supervision_fee", "Socialtilsyn (tilsynsbetaling)", data.supervision_fee),
        Line("with_supervision", "Driftsbudget med tilsyn", with_supervision, is_sum=True),
        Line(
            "salary_pools",
            f"Lønpuljer {_pct(data.salary_pools_pct)} af lønninger",
            salary_pools,
        ),
        Line(
            "maintenance",
            f"Vedligeholdelse {_pct(data.maintenance_pct)} af driftsbudget",
            maintenance,
        ),
        Line("direct_costs", "Direkte omkostninger", direct, is_sum=True),
        Line(
            "indirect_costs",
            f"Indirekte omkostninger {_pct(data.indirect_pct)} af direkte omkostninger",
            indirect,
        ),
        Line(
            "computed_costs",
            "Beregnede omkostninger (tjenestemandspension, forrentning og afskrivning)",
            data.computed_costs,
        ),
        Line("price_adjustment", "Pris- og lønregulering", data.price_adjustment),
        Line("total", "Omkostninger i alt", total, is_sum=True),
    )
    return RateResult(
        lines=lines,
        total=total,
        daily_rate=total / capacity,
        places=data.places,
        occupancy_pct=data.occupancy_pct,
    )


def _pct(value: Decimal) -> str:
    """0.3 → '0,30 %' (two decimals, Danish comma)."""
    return numbers.percent(value, 2)
