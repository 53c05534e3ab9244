"""Case notes. A signed note cannot be changed; a correction is a new note pointing at it."""

from django.core.exceptions import ValidationError
from django.db import models

from hjemvej.accounts.models import Unit, User
from hjemvej.common.models import TimeStampedModel
from hjemvej.people.models import Citizen


class Note(TimeStampedModel):
    class Kind(models.TextChoices):
        CONTACT = "contact", "Kontakt"
        MEETING = "meeting", "Møde"
        OBSERVATION = "observation", "Observation"
        DECISION = "decision", "Afgørelse"

    class Sensitivity(models.TextChoices):
        NONE = "", "Ikke følsomt"
        HEALTH = "health", "Helbred"
        SUBSTANCE = "substance", "Rusmidler"

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="notes")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField("notattype", max_length=20, choices=Kind.choices)
    sensitivity = models.CharField(
        "følsomme oplysninger", max_length=20, choices=Sensitivity.choices, blank=True
    )
    occurred_on = models.DateField("dato")
    text = models.TextField("notat")
    signed_at = models.DateTimeField("underskrevet", null=True, blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name="retter notat",
    )

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = "journalnotat"
        # A citizen's notes newest first (the journal's pages, the overview's latest notes):
        # read from the index, not sorted from all of a long history's notes.
        indexes = [
            models.Index(fields=["citizen", "-occurred_on", "-id"], name="note_citizen_newest_idx")
        ]
        verbose_name_plural = "journalnotater"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%d.%m.%Y}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def is_sensitive(self) -> bool:
        return bool(self.sensitivity)

    def save(self, *args, **kwargs):
        # The last line of defence: a signed note in the database is never overwritten.
        if (
            self.pk is not None
            and Note.objects.filter(pk=self.pk, signed_at__isnull=False).exists()
        ):
            raise ValidationError("Et underskrevet notat kan ikke ændres. Skriv en rettelse.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if (
            self.pk is not None
            and Note.objects.filter(pk=self.pk, signed_at__isnull=False).exists()
        ):
            raise ValidationError("Et underskrevet notat kan ikke slettes.")
        return super().delete(*args, **kwargs)


class CitizenMessage(TimeStampedModel):
    """A message the citizen sent from their own pages to a contact person (or, when they have
    none, to a unit). Staff see it in the journal and on their worklist until someone marks it
    handled. The citizen's words are kept as written."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="messages")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="citizen_messages")
    recipient = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="citizen_messages",
        verbose_name="kontaktperson",
    )
    text = models.TextField("besked")
    handled_at = models.DateTimeField("behandlet", null=True, blank=True)
    handled_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "besked fra borger"
        verbose_name_plural = "beskeder fra borgere"
        indexes = [models.Index(fields=["unit", "handled_at"])]

    def __str__(self) -> str:
        return f"Besked fra borgeren {self.created_at:%d.%m.%Y}"
