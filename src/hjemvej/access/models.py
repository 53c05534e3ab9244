import uuid

from django.db import models

from hjemvej.accounts.models import Unit, User
from hjemvej.people.models import Citizen


class BreakGlassAccess(models.Model):
    """A time-limited access to a citizen outside the user's rights, with a stated reason."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="break_glass")
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="break_glass")
    reason = models.CharField("begrundelse", max_length=500)
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = "nødadgang"
        verbose_name_plural = "nødadgange"
        indexes = [models.Index(fields=["user", "expires_at"])]


class PlanShare(models.Model):
    """The authority shares the relevant parts of a plan with an offer (§141: the relevant parts
    are sent to the offer): the plan's purpose (with the citizen's wishes and the expected
    duration) and the chosen goals with their sub-goals and scores. Only those parts reach the
    offer's staff; follow-up minutes, sign-offs, versions and the other goals stay with the
    authority. A withdrawn share stays as history."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="shares")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="tilbud"
    )
    note = models.CharField("bemærkning til tilbuddet", max_length=500, blank=True)
    purpose = models.BooleanField("formål, borgerens ønsker og forventet varighed", default=False)
    goals = models.ManyToManyField(
        "plans.Goal", blank=True, related_name="+", verbose_name="delte mål"
    )
    shared_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField()
    withdrawn_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-shared_at"]
        verbose_name = "deling af plan"
        verbose_name_plural = "delinger af planer"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="plan_shared_once_per_unit",
            )
        ]


class AccessRequest(models.Model):
    """A caseworker asks the citizen's acting municipality for access (instead of learning from
    a yes/no answer whether a CPR number is known). The acting municipality's caseworkers see
    the request and answer it; an approval ties the citizen to the requester's unit."""

    class Status(models.TextChoices):
        PENDING = "pending", "Afventer svar"
        APPROVED = "approved", "Godkendt"
        REFUSED = "refused", "Afvist"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="anmodende enhed"
    )
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("begrundelse", max_length=500)
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    answered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.CharField("svar", max_length=500, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "anmodning om adgang"
        verbose_name_plural = "anmodninger om adgang"
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "unit"],
                condition=models.Q(status="pending"),
                name="access_request_pending_once",
            )
        ]
