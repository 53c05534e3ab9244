"""Demo cost sheets: Ballerup's youth housing (DOMAIN.md §4's worked example, budget 2022) and
the adult Housing First group (5 % indirect costs, no supervision fee; the other inputs are
plausible demo figures, marked as such)."""

from decimal import Decimal

from django.db import transaction

from hjemvej.accounts.models import Unit
from hjemvej.economics.models import CostSheet

SHEETS = [
    (
        "ballerup-ungebolig",
        2022,
        dict(
            salaries=Decimal("2832500"),
            other=Decimal("747000"),
            supervision_fee=Decimal("35000"),
            salary_pools_pct=Decimal("0.30"),
            maintenance_pct=Decimal("2.00"),
            indirect_pct=Decimal("6.0"),
            places=6,
            occupancy_pct=Decimal("100"),
            is_demo=False,
            note="Ballerup Kommunes takstblad for budget 2022 (6 døgnpladser).",
        ),
    ),
    (
        "ballerup-housing-first",
        2022,
        dict(
            salaries=Decimal("620000"),
            other=Decimal("180000"),
            supervision_fee=Decimal("0"),
            salary_pools_pct=Decimal("0.30"),
            maintenance_pct=Decimal("2.00"),
            indirect_pct=Decimal("5.0"),
            places=5,
            occupancy_pct=Decimal("95"),
            is_demo=True,
            note=(
                "Demotal: 5 % indirekte omkostninger og ingen tilsynsbetaling er kommunens egne; "
                "lønninger, øvrig drift, pladser og belægning er opdigtede eksempler."
            ),
        ),
    ),
    (
        "ishoj-herberg",
        2026,
        dict(
            salaries=Decimal("4200000"),
            other=Decimal("900000"),
            supervision_fee=Decimal("35000"),
            salary_pools_pct=Decimal("0.30"),
            maintenance_pct=Decimal("2.00"),
            indirect_pct=Decimal("6.0"),
            places=9,
            occupancy_pct=Decimal("95"),
            is_demo=True,
            note=(
                "Demotal: et opdigtet takstblad for herberget med 9 pladser, så refusion, "
                "egenbetaling og prognose kan vises på de aktuelle ophold."
            ),
        ),
    ),
]


def load(say) -> None:
    with transaction.atomic():
        for slug, year, values in SHEETS:
            unit = Unit.objects.filter(slug=slug).first()
            if unit is None:
                continue
            _, created = CostSheet.objects.update_or_create(
                unit=unit, budget_year=year, defaults=values
            )
            if created:
                say(f"Takstblad {year} for {unit.name}")
