"""The way to a home: housing applications, offers of a home, debts and repayment agreements."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from hjemvej.accounts.models import Municipality, User
from hjemvej.common.models import StatusChange, TimeStampedModel
from hjemvej.common.transitions import StateMachine
from hjemvej.people.models import Citizen


class HousingApplication(TimeStampedModel):
    class Channel(models.TextChoices):
        ALLOCATION = "allocation", "Kommunal boliganvisning"
        ASSOCIATION = "association", "Boligforening (venteliste)"
        SKAEV = "skaev", "Skæv bolig"

    class Status(models.TextChoices):
        ACTIVE = "active", "Aktiv"
        OFFERED = "offered", "Bolig tilbudt"
        MOVED_IN = "moved_in", "Flyttet ind"
        CLOSED = "closed", "Afsluttet uden bolig"

    citizen = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, related_name="housing_applications"
    )
    channel = models.CharField("hvor", max_length=20, choices=Channel.choices)
    landlord = models.CharField("boligforening / udlejer", max_length=200, blank=True)
    offer = models.ForeignKey(
        "offers.Offer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="housing_applications",
        verbose_name="skæv bolig (tilbud)",
    )
    relationship = models.ForeignKey(
        "people.Relationship", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applied_on = models.DateField("søgt")
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    move_in_on = models.DateField("indflytning", null=True, blank=True)
    note = models.CharField("bemærkning", max_length=500, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["-applied_on", "-created_at"]
        verbose_name = "boligansøgning"
        verbose_name_plural = "boligansøgninger"
        constraints = [
            models.CheckConstraint(
                condition=Q(move_in_on__isnull=True) | Q(move_in_on__gte=F("applied_on")),
                name="housing_move_in_after_applied",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} ({self.applied_on:%d.%m.%Y})"


class HousingApplicationStatusChange(StatusChange):
    """Every move of a housing application's status, with who made it and why."""

    application = models.ForeignKey(
        HousingApplication, on_delete=models.CASCADE, related_name="changes"
    )
    from_status = models.CharField(
        max_length=20, choices=HousingApplication.Status.choices, blank=True
    )
    to_status = models.CharField(max_length=20, choices=HousingApplication.Status.choices)

    class Meta(StatusChange.Meta):
        pass


_Status = HousingApplication.Status
# An active application gets a home offered; a home turned down makes it active again; it ends
# with moving in or closed without a home.
APPLICATION_STATUS: StateMachine[HousingApplication] = StateMachine(
    model=HousingApplication,
    transitions={
        _Status.ACTIVE: frozenset({_Status.OFFERED, _Status.MOVED_IN, _Status.CLOSED}),
        _Status.OFFERED: frozenset({_Status.ACTIVE, _Status.MOVED_IN, _Status.CLOSED}),
        _Status.MOVED_IN: frozenset(),
        _Status.CLOSED: frozenset(),
    },
    change_model=HousingApplicationStatusChange,
    parent="application",
    noun="En boligansøgning",
)


class HousingOffer(TimeStampedModel):
    """A home offered to the citizen through an application, and the answer."""

    class Answer(models.TextChoices):
        PENDING = "pending", "Afventer svar"
        ACCEPTED = "accepted", "Takket ja"
        TURNED_DOWN = "turned_down", "Takket nej"

    application = models.ForeignKey(
        HousingApplication, on_delete=models.CASCADE, related_name="offers"
    )
    offered_on = models.DateField("tilbudt")
    address = models.CharField("bolig", max_length=200)
    rent = models.DecimalField(
        "husleje pr. md.", max_digits=9, decimal_places=2, null=True, blank=True
    )
    # Where the home lies: a citizen on cash benefit cannot move to another municipality
    # (DOMAIN.md §3; housing.rules.cash_benefit_elsewhere).
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="kommune",
    )
    answer = models.CharField("svar", max_length=20, choices=Answer.choices, default=Answer.PENDING)
    reason = models.CharField("begrundelse", max_length=300, blank=True)

    class Meta:
        ordering = ["-offered_on"]
        verbose_name = "boligtilbud"
        verbose_name_plural = "boligtilbud"
        constraints = [
            models.CheckConstraint(
                condition=Q(rent__isnull=True) | Q(rent__gte=0),
                name="housing_offer_rent_not_negative",
            )
        ]


class IncomeSource(models.TextChoices):
    """What the citizen lives on (DOMAIN.md §9: income decides housing)."""

    CASH_BENEFIT = "cash_benefit", "Kontanthjælp"
    SU = "su", "SU"
    APPRENTICE = "apprentice", "Lærlingeløn"
    WAGES = "wages", "Løn"
    PENSION = "pension", "Pension (folke- eller førtidspension)"
    OTHER_BENEFIT = "other_benefit", "Anden offentlig ydelse"
    NONE = "none", "Ingen indkomst"


class Income(TimeStampedModel):
    """The citizen's income source and amount per month in a period. The periods of one citizen
    do not overlap (checked in housing.services; on PostgreSQL also an exclusion constraint,
    migration income16_income_no_overlap). `valid_to` is the last day (inclusive); empty while it lasts."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="incomes")
    source = models.CharField("indkomstkilde", max_length=20, choices=IncomeSource.choices)
    monthly_amount = models.DecimalField(
        "beløb pr. måned (kr.)", max_digits=9, decimal_places=2, default=0
    )
    valid_from = models.DateField("gælder fra")
    valid_to = models.DateField("gælder til og med", null=True, blank=True)
    note = models.CharField("bemærkning", max_length=300, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["-valid_from", "-created_at"]
        verbose_name = "indkomst"
        verbose_name_plural = "indkomster"
        indexes = [models.Index(fields=["citizen", "valid_from"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_amount__gte=0),
                name="income_amount_not_negative",
                violation_error_message="Beløbet kan ikke være negativt.",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="income_to_after_from",
                violation_error_message="Slutdatoen kan ikke ligge før startdatoen.",
            ),
            models.CheckConstraint(
                condition=~Q(source="none") | Q(monthly_amount=0),
                name="income_none_is_zero",
                violation_error_message="Ingen indkomst har beløbet 0 kr.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.monthly_amount} kr./md."

    def valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Debt(TimeStampedModel):
    """A debt that stands in the way of a new home, typically to a housing association."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="housing_debts")
    creditor = models.CharField("kreditor", max_length=200)
    amount = models.DecimalField("beløb", max_digits=11, decimal_places=2)
    registered_on = models.DateField("registreret")
    note = models.CharField("bemærkning", max_length=300, blank=True)

    class Meta:
        ordering = ["-registered_on"]
        verbose_name = "gæld"
        verbose_name_plural = "gæld"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="debt_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.creditor}: {self.amount} kr."


class RepaymentAgreement(TimeStampedModel):
    """An agreement (afdragsordning) to pay a debt back in monthly instalments."""

    debt = models.OneToOneField(Debt, on_delete=models.CASCADE, related_name="agreement")
    agreed_on = models.DateField("aftalt")
    monthly_amount = models.DecimalField("afdrag pr. måned", max_digits=9, decimal_places=2)
    first_due_on = models.DateField("første afdrag")

    class Meta:
        verbose_name = "afdragsordning"
        verbose_name_plural = "afdragsordninger"
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_amount__gt=0), name="agreement_monthly_positive"
            )
        ]


class Instalment(TimeStampedModel):
    agreement = models.ForeignKey(
        RepaymentAgreement, on_delete=models.CASCADE, related_name="instalments"
    )
    paid_on = models.DateField("betalt")
    amount = models.DecimalField("beløb", max_digits=9, decimal_places=2)

    class Meta:
        ordering = ["paid_on"]
        verbose_name = "afdrag"
        verbose_name_plural = "afdrag"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="instalment_amount_positive")
        ]
