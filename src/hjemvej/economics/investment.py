"""An investment case in the manner of SØM (Socialstyrelsen's social-economic investment model).

Per citizen and per sector (municipality, region, state):
- intervention = the costs the intervention adds − the costs that fall away (once per citizen);
- effect = new public costs − public costs that fall away over the horizon. A SØM report prints
  each effect line as the total over the effect years, and that is how a user types it in
  (`EFFECTS_TOTAL`, the default). Typing the effects per year is an explicit choice
  (`EFFECTS_PER_YEAR`): then they are multiplied by the horizon in years;
- net = intervention + effect. A negative number is income (a saving).
Totals are the per-citizen figures × participants. Full precision; shown in whole kroner.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from hjemvej.economics.money import ZERO

SECTORS = ("municipality", "region", "state")
SECTOR_LABELS = {"municipality": "Kommune", "region": "Region", "state": "Stat"}
AMOUNT_FIELDS = ("added_costs", "fallen_costs", "effect_new_costs", "effect_fallen_costs")
AMOUNT_LABELS = {
    "added_costs": "Omkostninger, indsatsen tilfører",
    "fallen_costs": "Omkostninger, der falder bort under indsatsen",
    "effect_new_costs": "Nye offentlige udgifter ved succes",
    "effect_fallen_costs": "Offentlige udgifter, der falder bort ved succes",
}
MAX_YEARS = 10  # SØM allows a horizon of up to 10 years

EFFECTS_TOTAL = "total"
EFFECTS_PER_YEAR = "per_year"
EFFECTS_ENTRY_CHOICES = [
    (EFFECTS_TOTAL, "I alt over tidshorisonten (som i SØM-rapporten)"),
    (EFFECTS_PER_YEAR, "Pr. år (ganges med tidshorisonten)"),
]


def horizon_note(effects_entry: str, years: int) -> str:
    """What the horizon means for the result, shown beside it."""
    if effects_entry == EFFECTS_PER_YEAR:
        return f"Effekterne er indtastet pr. år og er ganget med tidshorisonten på {years} år."
    return (
        f"Effekterne er indtastet i alt over tidshorisonten på {years} år, som SØM-rapporten "
        "viser dem, og er ikke ganget med antal år."
    )


@dataclass(frozen=True)
class InvestmentInput:
    participants: int
    years: int
    # field name → sector → amount per citizen
    amounts: dict[str, dict[str, Decimal]]
    effects_entry: str = EFFECTS_TOTAL

    def amount(self, name: str, sector: str) -> Decimal:
        return self.amounts.get(name, {}).get(sector, ZERO)


@dataclass(frozen=True)
class Figures:
    intervention: Decimal
    effect: Decimal

    @property
    def net(self) -> Decimal:
        return self.intervention + self.effect

    def times(self, n: int) -> "Figures":
        return Figures(self.intervention * n, self.effect * n)

    def plus(self, other: "Figures") -> "Figures":
        return Figures(self.intervention + other.intervention, self.effect + other.effect)


@dataclass(frozen=True)
class InvestmentResult:
    per_citizen: dict[str, Figures]  # sector → figures, plus "total"
    total: dict[str, Figures]


def check_investment(data: InvestmentInput) -> None:
    errors: dict[str, str] = {}
    if data.participants < 1:
        errors["participants"] = "Der skal være mindst én deltager."
    if not 1 <= data.years <= MAX_YEARS:
        errors["years"] = f"Tidshorisonten skal være 1 til {MAX_YEARS} år."
    if data.effects_entry not in (EFFECTS_TOTAL, EFFECTS_PER_YEAR):
        errors["effects_entry"] = "Vælg, om effekterne er i alt over tidshorisonten eller pr. år."
    for name, by_sector in data.amounts.items():
        for sector, value in by_sector.items():
            if sector not in SECTORS:
                errors[f"{name}.{sector}"] = "Sektoren skal være municipality, region eller state."
            elif value < 0:
                errors[f"{name}.{sector}"] = "Beløbet må ikke være negativt."
    if errors:
        raise ValidationError(errors)


def compute_investment(data: InvestmentInput) -> InvestmentResult:
    check_investment(data)
    per_citizen: dict[str, Figures] = {}
    overall = Figures(ZERO, ZERO)
    effect_factor = data.years if data.effects_entry == EFFECTS_PER_YEAR else 1
    for sector in SECTORS:
        figures = Figures(
            intervention=data.amount("added_costs", sector) - data.amount("fallen_costs", sector),
            effect=(
                data.amount("effect_new_costs", sector) - data.amount("effect_fallen_costs", sector)
            )
            * effect_factor,
        )
        per_citizen[sector] = figures
        overall = overall.plus(figures)
    per_citizen["total"] = overall
    total = {key: figures.times(data.participants) for key, figures in per_citizen.items()}
    return InvestmentResult(per_citizen=per_citizen, total=total)
