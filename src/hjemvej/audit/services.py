"""Writing and checking the audit log.

`log_event` is called by every service and view that touches citizen data, inside the same
transaction as the change, so a change and its log row stand or fall together."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from hjemvej.audit.context import current_actor
from hjemvej.audit.models import Action, AuditAnchor, AuditEntry

GENESIS = "0" * 64
_LOCK_KEY = 4_711_110  # a fixed key for PostgreSQL's advisory lock on the chain


def _lock_chain() -> None:
    # Rows must be chained one at a time. PostgreSQL: a transaction-level advisory lock.
    # SQLite: every transaction is IMMEDIATE (settings), which already serialises writers.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def _last_hash() -> str:
    last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
    if last:
        return last
    anchor = AuditAnchor.objects.order_by("-pruned_through_id").first()
    return anchor.last_hash if anchor else GENESIS


def log_event(
    *,
    action: str,
    summary: str,
    citizen=None,
    citizen_uuid=None,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    purpose: str = "",
    detail: dict | None = None,
) -> AuditEntry:
    """Append one row to the audit log. The actor is the one acting in this request, command or
    job (audit.context), never an argument."""
    actor = current_actor()
    if citizen is not None:
        citizen_uuid = citizen.uuid
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or str(getattr(obj, "uuid", obj.pk))
    with transaction.atomic():
        _lock_chain()
        entry = AuditEntry(
            at=timezone.now(),
            actor_id=actor.user_id,
            actor_username=actor.username,
            actor_unit=actor.unit,
            action=action,
            citizen_uuid=citizen_uuid,
            object_type=object_type,
            object_id=object_id,
            summary=summary[:500],
            detail=detail or {},
            purpose=purpose[:300],
            prev_hash=_last_hash(),
        )
        entry.hash = entry.compute_hash()
        entry.save()
    return entry


def log_search(*, criterion: str, shown, purpose: str) -> None:
    """A search, logged with its criterion: one row per citizen the search showed (so each
    citizen can see the searches that found them), or one row when it showed nobody. The rows
    are chained in Python and written in one query, whatever the number of hits."""
    actor = current_actor()
    targets = [c.uuid for c in shown] or [None]
    with transaction.atomic():
        _lock_chain()
        prev = _last_hash()
        now = timezone.now()
        rows = []
        for citizen_uuid in targets:
            entry = AuditEntry(
                at=now,
                actor_id=actor.user_id,
                actor_username=actor.username,
                actor_unit=actor.unit,
                action=Action.SEARCH,
                citizen_uuid=citizen_uuid,
                summary=f"Søgning på {criterion}"[:500],
                detail={"criterion": criterion, "hits": len(shown)},
                purpose=purpose[:300],
                prev_hash=prev,
            )
            entry.hash = entry.compute_hash()
            prev = entry.hash
            rows.append(entry)
        AuditEntry.objects.bulk_create(rows)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken: AuditEntry | None = None
    reason: str = ""


def verify_chain() -> VerifyResult:
    """Walk the chain from the oldest remaining row; name the first row that does not fit."""
    anchor = AuditAnchor.objects.order_by("-pruned_through_id").first()
    expected_prev = anchor.last_hash if anchor else GENESIS
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        checked += 1
        if entry.prev_hash != expected_prev:
            return VerifyResult(False, checked, entry, "peger ikke på den forrige række")
        if entry.compute_hash() != entry.hash:
            return VerifyResult(False, checked, entry, "indholdet passer ikke med rækkens hash")
        expected_prev = entry.hash
    return VerifyResult(True, checked)


def prune(*, now: datetime | None = None, days: int | None = None) -> int:
    """Delete rows older than the retention period; record an anchor so the rest verifies."""
    now = now or timezone.now()
    days = settings.AUDIT_RETENTION_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    with transaction.atomic():
        _lock_chain()
        old = AuditEntry.objects.filter(at__lt=cutoff).order_by("id")
        last = old.values("id", "hash").last()
        if last is None:
            return 0
        # Rows are appended in time order, so everything up to the last old row goes.
        doomed = AuditEntry.objects.filter(id__lte=last["id"])
        count = doomed.count()
        AuditAnchor.objects.create(
            pruned_through_id=last["id"], last_hash=last["hash"], rows_deleted=count, cutoff=cutoff
        )
        doomed._raw_delete(doomed.db)  # bypasses AuditEntry.delete(), which refuses
    return count


def draw_spot_check(
    *, size: int, since: datetime, until: datetime, queryset=None
) -> list[AuditEntry]:
    """An unpredictable random sample of look-ups for a manager to check (Datatilsynet)."""
    base = AuditEntry.objects.all() if queryset is None else queryset
    ids = list(
        base.filter(
            at__gte=since, at__lt=until, action__in=[Action.READ, Action.SEARCH, Action.BREAK_GLASS]
        ).values_list("id", flat=True)
    )
    rng = secrets.SystemRandom()
    chosen = rng.sample(ids, min(size, len(ids)))
    log_event(
        action=Action.SPOT_CHECK,
        summary=f"Stikprøve på {len(chosen)} opslag trukket",
        detail={"from": since.isoformat(), "until": until.isoformat(), "ids": sorted(chosen)},
        purpose="Stikprøvekontrol af logningen",
    )
    return list(AuditEntry.objects.filter(id__in=chosen).order_by("at"))
