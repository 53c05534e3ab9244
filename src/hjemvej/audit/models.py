"""The audit log: an append-only, keyed hash chain of every use of citizen data.

The log is split into a few independent chains ("lanes"), each with its own head and its own
lock, so concurrent writers do not queue behind one lock. Each row's hash is an HMAC keyed with
HJEMVEJ_AUDIT_KEY, a secret kept outside the database: whoever can change the database but does
not hold the key cannot rewrite rows and recompute a chain that verifies."""

import datetime
import hashlib
import hmac
import json

from django.conf import settings
from django.db import models

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def epoch_millis(at: datetime.datetime) -> int:
    """The time as whole milliseconds since 1970 (UTC): what the hash covers. Milliseconds
    survive `dumpdata`/`loaddata` (Django's JSON drops the rest) and every database's datetime."""
    return (at - _EPOCH) // datetime.timedelta(milliseconds=1)


def keyed_digest(payload: str) -> str:
    return hmac.new(
        settings.AUDIT_KEY.encode("utf-8"), payload.encode("utf-8"), hashlib.sha256
    ).hexdigest()


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


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
    lane = models.PositiveSmallIntegerField("spor", default=0)
    seq = models.BigIntegerField("nummer i sporet")
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
        indexes = [
            models.Index(fields=["action", "at"]),
            # A user's citizens opened lately (the home page, people.selectors.recently_opened),
            # from the index alone on PostgreSQL: not every user's reads in the period.
            models.Index(
                fields=["actor_id", "at"],
                include=["citizen_uuid"],
                condition=models.Q(action="read", citizen_uuid__isnull=False),
                name="audit_reads_by_actor_idx",
            ),
        ]
        constraints = [
            # One row per place in a lane: two writers can never fork a chain.
            models.UniqueConstraint(fields=["lane", "seq"], name="audit_entry_one_row_per_seq")
        ]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.actor_username} {self.get_action_display()}"

    def compute_hash(self) -> str:
        payload = canonical_json(
            [
                self.lane,
                self.seq,
                epoch_millis(self.at),
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
            ]
        )
        return keyed_digest(payload)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Logposter kan ikke ændres.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Logposter slettes kun efter opbevaringsperioden (hjemvej audit prune).")


class AuditAnchor(models.Model):
    """Written when old rows of a lane are pruned: the number and hash of the last pruned row,
    which the first remaining row must point to. Signed with the audit key, so a deletion
    cannot be dressed up as a pruning without it."""

    lane = models.PositiveSmallIntegerField(default=0)
    through_seq = models.BigIntegerField(default=0)
    pruned_through_id = models.BigIntegerField()
    last_hash = models.CharField(max_length=64)
    rows_deleted = models.PositiveIntegerField()
    pruned_at = models.DateTimeField(auto_now_add=True)
    cutoff = models.DateTimeField()
    signature = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["pruned_through_id"]

    def compute_signature(self) -> str:
        return keyed_digest(
            canonical_json(
                ["prune", self.lane, self.through_seq, self.last_hash, epoch_millis(self.cutoff)]
            )
        )
