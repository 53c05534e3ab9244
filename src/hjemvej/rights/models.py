"""The citizen's rights and the data's lifetime (issue 20): requests for insight and for
correction, the retention rules as dated data, legal holds and the disposals a nightly job
lists and a person confirms."""

from django.core.exceptions import ValidationError
from django.db import models

from hjemvej.accounts.models import User
from hjemvej.common.models import TimeStampedModel
from hjemvej.people.models import Citizen


class InsightRequest(TimeStampedModel):
    """The citizen asks for everything held about them (aktindsigt or GDPR art. 15)."""

    class Basis(models.TextChoices):
        AKTINDSIGT = "aktindsigt", "Aktindsigt efter forvaltningsloven (svar inden 7 hverdage)"
        GDPR = "gdpr", "Indsigt efter databeskyttelsesforordningen, art. 15 (svar inden 1 måned)"

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="insight_requests")
    basis = models.CharField("grundlag", max_length=12, choices=Basis.choices)
    requested_on = models.DateField("modtaget")
    due_on = models.DateField("frist")
    by_citizen = models.BooleanField("fra Mine sider", default=False)
    note = models.CharField("bemærkning", max_length=500, blank=True)
    task = models.ForeignKey(
        "deadlines.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    delivered_at = models.DateTimeField("udleveret", null=True, blank=True)
    delivered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withheld = models.JSONField("undtaget", default=list, blank=True)
    export_json = models.BinaryField(null=True, blank=True, editable=False)
    export_pdf = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-requested_on", "-id"]
        verbose_name = "anmodning om indsigt"
        verbose_name_plural = "anmodninger om indsigt"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("requested_on")),
                name="insight_due_after_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_basis_display()} {self.requested_on:%d.%m.%Y}"


class CorrectionRequest(TimeStampedModel):
    """The citizen asks for a correction (GDPR art. 16); the caseworker accepts or rejects."""

    class Status(models.TextChoices):
        OPEN = "open", "Ikke besvaret"
        ACCEPTED = "accepted", "Rettet"
        REJECTED = "rejected", "Afvist"

    citizen = models.ForeignKey(
        Citizen, on_delete=models.CASCADE, related_name="correction_requests"
    )
    text = models.TextField("hvad er forkert, og hvad skal der stå")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField("svar", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changes = models.JSONField("rettelser", default=dict, blank=True)
    correcting_note = models.ForeignKey(
        "journal.Note", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "anmodning om rettelse"
        verbose_name_plural = "anmodninger om rettelse"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(answer=""),
                name="correction_rejection_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"Rettelse {self.created_at:%d.%m.%Y} ({self.get_status_display()})"


class Category(models.TextChoices):
    CASE = "case", "Sagsdata (borgerens sag)"
    JOURNAL = "journal", "Journalnotater"
    REMINDERS = "reminders", "Mødepåmindelser og sms-tekster"
    EXPORTS = "exports", "Udtræk og rapportfiler"
    AUDIT = "audit", "Logposter"


class RetentionRule(models.Model):
    """How long a category is kept, from a date on: a new rule is a new row (like the
    reimbursement rules), never an edit of the old one. The audit log's period is the setting
    HJEMVEJ_AUDIT_RETENTION_DAYS (audit.prune); its row here documents it."""

    category = models.CharField("kategori", max_length=12, choices=Category.choices)
    months = models.PositiveIntegerField("måneder", default=0)
    days = models.PositiveIntegerField("dage", default=0)
    archive = models.BooleanField("afleveres til arkiv før sletning", default=False)
    valid_from = models.DateField("gælder fra")
    reason = models.CharField("begrundelse", max_length=300)
    changed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category", "-valid_from"]
        verbose_name = "opbevaringsregel"
        verbose_name_plural = "opbevaringsregler"
        constraints = [
            models.UniqueConstraint(
                fields=["category", "valid_from"], name="retention_one_rule_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(months__gt=0) | models.Q(days__gt=0),
                name="retention_period_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} fra {self.valid_from:%d.%m.%Y}"


class LegalHold(TimeStampedModel):
    """A case under complaint, in court or otherwise held: nothing of it is deleted."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.CharField("begrundelse", max_length=500)
    placed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    lifted_at = models.DateTimeField("ophævet", null=True, blank=True)
    lifted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_reason = models.CharField("begrundelse for ophævelse", max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "tilbageholdelse"
        verbose_name_plural = "tilbageholdelser"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lifted_at__isnull=True) | ~models.Q(lift_reason=""),
                name="legal_hold_lifted_with_reason",
            )
        ]

    def __str__(self) -> str:
        return f"Tilbageholdt {self.created_at:%d.%m.%Y}"


class Disposal(TimeStampedModel):
    """Data past its time, as the nightly job lists it: waits for a person to confirm, for the
    archive's receipt, or (held) for the hold to be lifted."""

    class Status(models.TextChoices):
        LISTED = "listed", "Venter på bekræftelse"
        ARCHIVING = "archiving", "Venter på arkivets kvittering"
        DONE = "done", "Slettet"
        HELD = "held", "Tilbageholdt"

    category = models.CharField("kategori", max_length=12, choices=Category.choices)
    citizen = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_ids = models.JSONField(default=list, blank=True)
    count = models.PositiveIntegerField("antal", default=0)
    due_on = models.DateField("udløbet")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LISTED)
    confirmed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    archive_package = models.CharField(max_length=300, blank=True)
    archive_receipt_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "sletning"
        verbose_name_plural = "sletninger"
        constraints = [
            models.UniqueConstraint(
                fields=["category", "citizen"],
                condition=models.Q(status__in=["listed", "archiving", "held"]),
                name="disposal_one_open_per_citizen",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.get_status_display()})"

    def clean(self) -> None:
        if self.category == Category.CASE and self.citizen_id is None:
            raise ValidationError("En sletning af en sag skal pege på borgeren.")
