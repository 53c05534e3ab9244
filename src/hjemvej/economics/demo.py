"""Demo cost sheets: Ballerup's youth housing (DOMAIN.md §4's worked example, budget 2022) and
Ballerup's own sheet for the adult Housing First group (DOMAIN.md §4: 818,056 kr at full
precision, 448 kr per place per day), and a made-up sheet for Ishøj's shelter, marked as such."""

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
            salaries=Decimal("523000"),
            other=Decimal("239286"),
            supervision_fee=Decimal("0"),
            salary_pools_pct=Decimal("0.30"),
            maintenance_pct=Decimal("2.00"),
            indirect_pct=Decimal("5.0"),
            places=5,
            occupancy_pct=Decimal("100"),
            is_demo=False,
            note=(
                "Ballerup Kommunes takstblad for Housing First-gruppen (5 pladser, 100 % "
                "belægning): 818.056 kr. i alt og 448 kr. pr. plads pr. døgn. Kommunens ark "
                "viser 818.055, fordi ét input havde decimaler; rapportens tekst skriver 488 "
                "kr. (trykfejl)."
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
