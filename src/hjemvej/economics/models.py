"""Cost sheets per offer and budget year, the reimbursement rules with their effective periods,
and saved investment cases. The numbers are computed by the pure modules (rates.py,
reimbursement.py, investment.py); these rows only hold the inputs."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from hjemvej.common.models import TimeStampedModel


def _amount(label: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(label, max_digits=14, decimal_places=2, **kwargs)


def _pct(label: str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=7, decimal_places=4, default=Decimal("0"))


class CostSheet(TimeStampedModel):
    """A takstblad: one offer's budget for one year, laid out as the municipalities do it."""

    unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        related_name="cost_sheets",
        verbose_name="tilbud",
        limit_choices_to={"kind": "offer"},
    )
    budget_year = models.PositiveSmallIntegerField("budgetår")
    salaries = _amount("lønninger")
    other = _amount("øvrige driftsudgifter")
    external_treatment = _amount("ekstern behandling", default=Decimal("0"))
    expected_income = _amount("forventede indtægter", default=Decimal("0"))
    supervision_fee = _amount("socialtilsyn", default=Decimal("0"))
    salary_pools_pct = _pct("lønpuljer (%)")
    maintenance_pct = _pct("vedligeholdelse (%)")
    indirect_pct = _pct("indirekte omkostninger (%)")
    computed_costs = _amount("beregnede omkostninger", default=Decimal("0"))
    price_adjustment = _amount("pris- og lønregulering", default=Decimal("0"))
    places = models.PositiveIntegerField("pladser")
    occupancy_pct = models.DecimalField(
        "belægning (%)", max_digits=7, decimal_places=4, default=Decimal("100")
    )
    note = models.TextField("bemærkning", blank=True)
    is_demo = models.BooleanField("demotal", default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["unit__municipality__name", "unit__name", "-budget_year"]
        verbose_name = "takstblad"
        verbose_name_plural = "takstblade"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "budget_year"], name="cost_sheet_one_per_unit_and_year"
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="cost_sheet_places_positive"),
            models.CheckConstraint(
                condition=Q(occupancy_pct__gt=0) & Q(occupancy_pct__lte=100),
                name="cost_sheet_occupancy_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Takstblad {self.budget_year}: {self.unit.name}"


class ReimbursementRule(models.Model):
    """One rule of state reimbursement with its effective period. New rules are new rows."""

    class Kind(models.TextChoices):
        WHOLE_STAY = "whole_stay", "Hele opholdet"
        RUNNING_YEAR = "running_year", "Nætter pr. løbende år"
        AFTER_DISCHARGE = "after_discharge", "Periode efter første udskrivning (§176a)"

    section = models.CharField("paragraf", max_length=10)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    name = models.CharField("navn", max_length=200)
    valid_from = models.DateField("gælder fra")
    valid_to = models.DateField("gælder til (ikke med)", null=True, blank=True)
    share = models.DecimalField("refusionsandel", max_digits=5, decimal_places=4)
    limit_nights = models.PositiveIntegerField("nætter pr. løbende år", null=True, blank=True)
    window_months = models.PositiveIntegerField("måneder efter udskrivning", null=True, blank=True)
    cap_months = models.PositiveIntegerField("højst måneder", null=True, blank=True)
    requires_decision = models.BooleanField("kræver afgørelse før udskrivning", default=False)

    class Meta:
        ordering = ["section", "valid_from"]
        verbose_name = "refusionsregel"
        verbose_name_plural = "refusionsregler"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="reimbursement_rule_period_forwards",
            ),
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=1), name="reimbursement_rule_share_0_1"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InvestmentCase(TimeStampedModel):
    """A saved SØM-style investment case. `amounts` holds field → sector → amount (strings)."""

    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        related_name="investment_cases",
        verbose_name="kommune",
    )
    name = models.CharField("navn", max_length=200)
    description = models.TextField("beskrivelse", blank=True)
    participants = models.PositiveIntegerField("deltagere")
    years = models.PositiveSmallIntegerField("tidshorisont (år)")
    # How the effect lines were typed in: as SØM prints them (the total over the horizon) or per
    # year. Cases saved before the choice existed were computed per year and keep that meaning.
    effects_entry = models.CharField(
        "effekterne er indtastet",
        max_length=10,
        choices=[("total", "I alt over tidshorisonten"), ("per_year", "Pr. år")],
        default="total",
    )
    amounts = models.JSONField("beløb pr. borger", default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="oprettet af",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "investeringscase"
        verbose_name_plural = "investeringscases"

    def __str__(self) -> str:
        return self.name
