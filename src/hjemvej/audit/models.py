"""The audit log: an append-only, hash-chained record of every use of citizen data."""

import hashlib
import json

from django.db import models


class Action(models.TextChoices):
    READ = "read", "Opslag"
    SEARCH = "search", "Søgning"
    CREATE = "create", "Oprettelse"
    CHANGE = "change", "Ændring"
    DELETE = "delete", "Sletning"
    EXPORT = "export", "Udtræk"
    DENIED = "denied", "Afvist adgang"
    BREAK_GLASS = "break_glass", "Nødadgang"
    SPOT_CHECK = "spot_check", "Stikprøve"


class AuditEntry(models.Model):
    at = models.DateTimeField("tidspunkt", db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_username = models.CharField("bruger", max_length=150, blank=True)
    actor_unit = models.CharField("enhed", max_length=200, blank=True)
    action = models.CharField("handling", max_length=20, choices=Action.choices)
    citizen_uuid = models.UUIDField(null=True, blank=True, db_index=True)
    object_type = models.CharField("objekt", max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField("hvad", max_length=500)
    detail = models.JSONField(default=dict, blank=True)
    purpose = models.CharField("formål", max_length=300, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "logpost"
        verbose_name_plural = "logposter"
        indexes = [models.Index(fields=["action", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.actor_username} {self.get_action_display()}"

    def compute_hash(self) -> str:
        payload = json.dumps(
            [
                self.at.isoformat(),
                self.actor_id,
                self.actor_username,
                self.actor_unit,
                self.action,
                str(self.citizen_uuid) if self.citizen_uuid else None,
                self.object_type,
                self.object_id,
                self.summary,
                self.detail,
                self.purpose,
                self.prev_hash,
            ],
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Logposter kan ikke ændres.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Logposter slettes kun efter opbevaringsperioden (hjemvej audit prune).")


class AuditAnchor(models.Model):
    """Written when old rows are pruned: the hash of the last pruned row, which the first
    remaining row must point to, so the chain still verifies."""

    pruned_through_id = models.BigIntegerField()
    last_hash = models.CharField(max_length=64)
    rows_deleted = models.PositiveIntegerField()
    pruned_at = models.DateTimeField(auto_now_add=True)
    cutoff = models.DateTimeField()

    class Meta:
        ordering = ["pruned_through_id"]
