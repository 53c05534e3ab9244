"""Writing and checking the audit log.

`log_event` is called by every service and view that touches citizen data, inside the same
transaction as the change, so a change and its log row stand or fall together.

The log is several independent hash chains ("lanes"). A writer takes the lane its connection
used last if that lane is free, else any free lane, and only waits when all lanes are busy — so
concurrent audited reads proceed side by side instead of queueing behind one lock. A transaction
that already holds a lane keeps using it, so it never waits for a second lane (no deadlocks).
On SQLite every transaction is IMMEDIATE (settings), which already serialises writers."""

import os
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from hjemvej.audit import anchors
from hjemvej.audit.anchors import Head
from hjemvej.audit.context import current_actor
from hjemvej.audit.models import Action, AuditAnchor, AuditEntry, epoch_millis

GENESIS = "0" * 64
LOCK_CLASS = 4_711_110  # the first key of PostgreSQL's two-key advisory locks on the lanes


def _now() -> datetime:
    # Whole milliseconds: what the hash covers, and what survives a dumpdata/loaddata.
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _preferred_lane() -> int:
    lane = getattr(connection, "_hjemvej_audit_lane", None)
    if lane is None or lane >= settings.AUDIT_LANES:
        lane = (os.getpid() * 7919 + threading.get_ident()) % settings.AUDIT_LANES
    return lane


def _claim_lane() -> int:
    """Take a lane for this transaction (PostgreSQL: its advisory lock, held until commit)."""
    preferred = _preferred_lane()
    if connection.vendor == "postgresql":
        lanes = settings.AUDIT_LANES
        with connection.cursor() as cursor:
            for step in range(lanes):
                lane = (preferred + step) % lanes
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [LOCK_CLASS, lane])
                if cursor.fetchone()[0]:
                    preferred = lane
                    break
            else:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_CLASS, preferred])
    connection._hjemvej_audit_lane = preferred  # type: ignore[attr-defined]
    return preferred


def _lock_every_lane() -> None:
    """For pruning and anchoring a consistent head: wait for every lane, in order."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for lane in range(_lane_count()):
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_CLASS, lane])


def _lane_count() -> int:
    used = AuditEntry.objects.aggregate(m=Max("lane"))["m"]
    return max(settings.AUDIT_LANES, (used or 0) + 1)


def _lane_head(lane: int) -> tuple[int, str]:
    """The last (seq, hash) of a lane: its newest row, or the anchor of its pruned rows."""
    last = AuditEntry.objects.filter(lane=lane).order_by("-seq").values_list("seq", "hash").first()
    if last:
        return last
    anchor = AuditAnchor.objects.filter(lane=lane).order_by("-through_seq").first()
    return (anchor.through_seq, anchor.last_hash) if anchor else (0, GENESIS)


def _new_entry(actor, lane: int, seq: int, prev: str, at: datetime, **fields) -> AuditEntry:
    entry = AuditEntry(
        at=at,
        lane=lane,
        seq=seq,
        actor_id=actor.user_id,
        actor_username=actor.username,
        actor_unit=actor.unit,
        prev_hash=prev,
        **fields,
    )
    entry.hash = entry.compute_hash()
    return entry


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
        lane = _claim_lane()
        seq, prev = _lane_head(lane)
        entry = _new_entry(
            actor,
            lane,
            seq + 1,
            prev,
            _now(),
            action=action,
            citizen_uuid=citizen_uuid,
            object_type=object_type,
            object_id=object_id,
            summary=summary[:500],
            detail=detail or {},
            purpose=purpose[:300],
        )
        entry.save()
    return entry


def log_search(*, criterion: str, shown, purpose: str) -> None:
    """A search, logged with its criterion: one row per citizen the search showed (so each
    citizen can see the searches that found them), or one row when it showed nobody. The rows
    are chained in Python and written in one query, whatever the number of hits."""
    actor = current_actor()
    targets = [c.uuid for c in shown] or [None]
    with transaction.atomic():
        lane = _claim_lane()
        seq, prev = _lane_head(lane)
        now = _now()
        rows = []
        for citizen_uuid in targets:
            seq += 1
            entry = _new_entry(
                actor,
                lane,
                seq,
                prev,
                now,
                action=Action.SEARCH,
                citizen_uuid=citizen_uuid,
                summary=f"Søgning på {criterion}"[:500],
                detail={"criterion": criterion, "hits": len(shown)},
                purpose=purpose[:300],
            )
            prev = entry.hash
            rows.append(entry)
        AuditEntry.objects.bulk_create(rows)


# ---------------------------------------------------------------- anchoring


def current_heads() -> list[Head]:
    """The head of every lane: its newest row, or the anchor of its pruned rows."""
    tops = dict(AuditEntry.objects.values_list("lane").annotate(seq=Max("seq")))
    heads: dict[int, Head] = {}
    if tops:
        condition = Q()
        for lane, seq in tops.items():
            condition |= Q(lane=lane, seq=seq)
        for lane, seq, digest in AuditEntry.objects.filter(condition).values_list(
            "lane", "seq", "hash"
        ):
            heads[lane] = Head(lane, seq, digest)
    for anchor in AuditAnchor.objects.exclude(lane__in=list(heads)).order_by("through_seq"):
        heads[anchor.lane] = Head(anchor.lane, anchor.through_seq, anchor.last_hash)
    return [heads[lane] for lane in sorted(heads)]


def anchor(*, force: bool = False) -> dict | None:
    """Append the chain's heads to the anchor store; nothing when they have not moved since the
    last anchor (unless `force`)."""
    heads = current_heads()
    previous = anchors.last()
    unchanged = (
        previous is not None
        and previous.valid
        and previous.kind == "anchor"
        and tuple(heads) == previous.heads
    )
    if unchanged and not force:
        return None
    return anchors.append(kind="anchor", heads=heads)


# ---------------------------------------------------------------- verifying


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken: AuditEntry | None = None
    reason: str = ""
    problems: list[str] = field(default_factory=list)
    lanes: int = 0
    anchors_checked: int = 0
    anchors_later: int = 0


@dataclass(frozen=True)
class AnchorCheck:
    line: anchors.AnchorLine
    head: Head


def _local(at_ms: int) -> str:
    moment = datetime.fromtimestamp(at_ms / 1000, tz=timezone.get_current_timezone())
    return f"{moment:%d.%m.%Y %H:%M:%S}"


def _row_name(entry: AuditEntry) -> str:
    return (
        f"række {entry.pk} (spor {entry.lane} nr. {entry.seq}, "
        f"{timezone.localtime(entry.at):%d.%m.%Y %H:%M:%S}, {entry.actor_username}, "
        f"{entry.get_action_display()})"
    )


def verify_chain(*, until: datetime | None = None) -> VerifyResult:
    """Walk every lane from its oldest remaining row and check each row's link and keyed hash;
    then check the chain against every line of the anchor store. Anchors written after `until`
    (a restore from a backup taken then) are counted, not checked."""
    result = VerifyResult(ok=True, checked=0)
    lines = anchors.read_all()
    until_ms = epoch_millis(until) if until is not None else None

    pruned: dict[int, int] = {}
    db_anchors: dict[int, AuditAnchor] = {}
    for pruning in AuditAnchor.objects.order_by("through_seq"):
        if pruning.signature != pruning.compute_signature():
            result.problems.append(
                f"Sletningsankeret for spor {pruning.lane} (nr. {pruning.through_seq}) er ikke "
                "signeret med logningens nøgle: rækker kan være fjernet uden for "
                "'hjemvej audit prune'."
            )
            continue
        db_anchors[pruning.lane] = pruning
        pruned[pruning.lane] = max(pruned.get(pruning.lane, 0), pruning.through_seq)

    wanted: dict[tuple[int, int], list[AnchorCheck]] = {}
    for line in lines:
        if not line.valid:
            result.problems.append(
                f"Ankerlinje {line.line} i {line.file} er ikke signeret med logningens nøgle."
            )
            continue
        if until_ms is not None and line.at_ms > until_ms:
            result.anchors_later += 1
            continue
        result.anchors_checked += 1
        for head in line.heads:
            if line.kind == "prune":
                pruned[head.lane] = max(pruned.get(head.lane, 0), head.seq)
            else:
                wanted.setdefault((head.lane, head.seq), []).append(AnchorCheck(line, head))

    lanes = set(AuditEntry.objects.values_list("lane", flat=True).distinct()) | set(db_anchors)
    result.lanes = len(lanes)
    seen: dict[tuple[int, int], str] = {}
    last_seq: dict[int, int] = {}
    for lane in sorted(lanes):
        start = db_anchors.get(lane)
        expected_seq = start.through_seq + 1 if start else 1
        expected_prev = start.last_hash if start else GENESIS
        lane_broken = False
        rows = AuditEntry.objects.filter(lane=lane).order_by("seq")
        for entry in rows.iterator(chunk_size=2000):
            result.checked += 1
            reason = ""
            if entry.seq != expected_seq:
                reason = f"rækkerne nr. {expected_seq}–{entry.seq - 1} i spor {lane} mangler"
            elif entry.prev_hash != expected_prev:
                reason = "peger ikke på den forrige række"
            elif entry.compute_hash() != entry.hash:
                reason = (
                    "indholdet passer ikke med rækkens hash "
                    "(ændret, eller skrevet uden logningens nøgle)"
                )
            if reason and not lane_broken:
                lane_broken = True
                if result.broken is None:
                    result.broken, result.reason = entry, reason
                result.problems.append(f"Logkæden er brudt ved {_row_name(entry)}: {reason}.")
            if (lane, entry.seq) in wanted:
                seen[(lane, entry.seq)] = entry.hash
            expected_seq, expected_prev = entry.seq + 1, entry.hash
        last_seq[lane] = expected_seq - 1

    for (lane, seq), checks in sorted(wanted.items()):
        if seq <= pruned.get(lane, 0):
            continue
        first = checks[0]
        when = _local(first.line.at_ms)
        if (lane, seq) not in seen:
            newest = last_seq.get(lane, 0)
            if seq > newest:
                result.problems.append(
                    f"Logposter er slettet efter ankeret fra {when} ({first.line.file} linje "
                    f"{first.line.line}): spor {lane} nr. {newest + 1}–{seq} mangler."
                )
            else:
                result.problems.append(
                    f"Ankeret fra {when} nævner spor {lane} nr. {seq}, som mangler i logningen."
                )
        elif any(seen[(lane, seq)] != c.head.hash for c in checks):
            result.problems.append(
                f"Spor {lane} nr. {seq} passer ikke med ankeret fra {when}: logningen er "
                "skrevet om efter ankeret."
            )
    result.ok = not result.problems
    return result


# ---------------------------------------------------------------- pruning


def prune(*, now: datetime | None = None, days: int | None = None) -> int:
    """Delete rows older than the retention period, lane by lane; record a signed anchor for
    each lane (in the database and in the anchor store) so the rest still verifies."""
    now = now or timezone.now()
    days = settings.AUDIT_RETENTION_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    total = 0
    with transaction.atomic():
        _lock_every_lane()
        lasts = AuditEntry.objects.filter(at__lt=cutoff).values("lane").annotate(seq=Max("seq"))
        heads: list[Head] = []
        for last in lasts:
            lane, through = last["lane"], last["seq"]
            row = AuditEntry.objects.get(lane=lane, seq=through)
            doomed = AuditEntry.objects.filter(lane=lane, seq__lte=through)
            count = doomed.count()
            pruning = AuditAnchor(
                lane=lane,
                through_seq=through,
                pruned_through_id=row.pk,
                last_hash=row.hash,
                rows_deleted=count,
                cutoff=cutoff,
            )
            pruning.signature = pruning.compute_signature()
            pruning.save()
            heads.append(Head(lane, through, row.hash))
            _allow_prune()
            doomed._raw_delete(doomed.db)  # bypasses AuditEntry.delete(), which refuses
            total += count
        if heads:
            anchors.append(kind="prune", heads=heads, extra={"cutoff": cutoff.isoformat()})
    if total:
        anchor(force=True)
    return total


def _allow_prune() -> None:
    # The PostgreSQL trigger on the audit table lets a DELETE through only in a transaction
    # that says it is pruning (the setting ends with the transaction).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL hjemvej.audit_prune = 'on'")


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
