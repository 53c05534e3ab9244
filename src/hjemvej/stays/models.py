"""Stays at offers and flags that quote a rule (the law's duties with deadlines are
`deadlines.Task`).

One citizen, one residential stay at a time; one room, one citizen at a time. Both rules live
in the database: partial unique constraints on the open stays (both databases), and on
PostgreSQL exclusion constraints over the stays' date ranges (migration 0002)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from hjemvej.accounts.models import User
from hjemvej.common.models import TimeStampedModel
from hjemvej.offers.models import Offer, Referral, Room
from hjemvej.people.models import Citizen, Relationship
from hjemvej.stays import rules


class Stay(TimeStampedModel):
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="stays")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="stays")
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, null=True, blank=True, related_name="stays"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="stays"
    )
    residential = models.BooleanField("botilbud", default=True)
    decided_on = models.DateField("optagelse besluttet")
    started_on = models.DateField("indflyttet")
    planned_end_on = models.DateField("planlagt fraflytning", null=True, blank=True)
    ended_on = models.DateField("fraflyttet", null=True, blank=True)
    destination = models.CharField(
        "fraflyttet til", max_length=30, choices=rules.DESTINATION_CHOICES, blank=True
    )
    discharge_reason = models.TextField("årsag til udskrivning", blank=True)
    out_of_turn_reason = models.TextField(
        "begrundelse for optagelse uden for tur",
        blank=True,
        help_text="Hvorfor borgeren blev optaget foran nogen, der stod før på ventelisten.",
    )
    occupation_after = models.CharField(
        "arbejde eller uddannelse efter opholdet",
        max_length=20,
        choices=rules.OCCUPATION_CHOICES,
        blank=True,
    )
    own_payment_per_night = models.DecimalField(
        "egenbetaling pr. nat",
        max_digits=8,
        decimal_places=2,
        default=0,
        help_text="Borgerens egenbetaling efter servicelovens §163, i kroner pr. nat.",
    )
    relationship = models.ForeignKey(
        Relationship, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    admitted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    discharged_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_on"]
        verbose_name = "ophold"
        verbose_name_plural = "ophold"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="stay_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["room"],
                condition=Q(ended_on__isnull=True, room__isnull=False),
                name="stay_one_open_stay_per_room",
            ),
            models.UniqueConstraint(
                fields=["citizen"],
                condition=Q(ended_on__isnull=True, residential=True),
                name="stay_one_open_residential_stay_per_citizen",
            ),
        ]
        indexes = [
            models.Index(fields=["offer", "ended_on"]),
            # Arrivals of the last week and a year's stays (reports, reimbursement).
            models.Index(fields=["started_on"], name="stay_started_on_idx"),
            models.Index(fields=["ended_on"], name="stay_ended_on_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.citizen} på {self.offer}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    def nights_until(self, day) -> int:
        end = self.ended_on if self.ended_on and self.ended_on < day else day
        return max(0, (end - self.started_on).days)

    @property
    def count_category_label(self) -> str:
        if not self.destination:
            return ""
        return rules.COUNT_CATEGORIES[rules.count_category(self.destination)]


class Flag(TimeStampedModel):
    """A warning on a stay that quotes the rule it comes from."""

    class Kind(models.TextChoices):
        UNDER_25 = "under_25", "Under 25 år"
        OWN_HOME = "own_home", "Har egen bolig"

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    text = models.TextField("regel")

    class Meta:
        ordering = ["kind"]
        verbose_name = "markering"
        verbose_name_plural = "markeringer"
        constraints = [
            models.UniqueConstraint(fields=["stay", "kind"], name="flag_one_per_stay_and_kind")
        ]
