"""Scheduled maintenance, run by the background worker (`hjemvej db_worker`), no cron needed.

Each job has a row in `ops.MaintenanceJob` saying when it is due. `run_due` claims due rows
with SELECT … FOR UPDATE SKIP LOCKED and moves them on in the same transaction before running
them, so with several workers each job runs once per period. A worker that dies in a job leaves
it to the next period."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from hjemvej.accounts.models import ApiToken
from hjemvej.audit import services as audit
from hjemvej.meetings.services import send_due_reminders
from hjemvej.ops.models import MaintenanceJob, WorkerHeartbeat
from hjemvej.rights.services import review_retention

logger = logging.getLogger(__name__)
DAY = 24 * 3600


def _reminders(now: datetime) -> str:
    return f"{send_due_reminders()} påmindelser sendt"


def _anchor(now: datetime) -> str:
    return "anker skrevet" if audit.anchor() else "kæden uændret"


def _prune_audit(now: datetime) -> str:
    return f"{audit.prune(now=now)} logposter slettet"


def _prune_task_results(now: datetime) -> str:
    from django_tasks_db.models import DBTaskResult

    cutoff = now - timedelta(days=settings.TASK_RESULT_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).delete()
    return f"{deleted} afsluttede baggrundsjob slettet"


def _clear_sessions(now: datetime) -> str:
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return "udløbne sessioner slettet"


def _prune_api_tokens(now: datetime) -> str:
    deleted, _ = ApiToken.objects.filter(Q(expires_at__lt=now) | Q(revoked_at__lt=now)).delete()
    return f"{deleted} udløbne eller tilbagekaldte API-nøgler slettet"


def _retention(now: datetime) -> str:
    counts = review_retention(today=timezone.localdate(now))
    return (
        f"{counts['listed']} til sletning, {counts['held']} tilbageholdt, "
        f"{counts['finished']} slettet efter arkivets kvittering"
    )


@dataclass(frozen=True)
class Job:
    name: str
    every: Callable[[], int]  # seconds, read when the job runs (settings may change in tests)
    run: Callable[[datetime], str]


JOBS = [
    Job("reminders", lambda: settings.REMINDER_SWEEP_SECONDS, _reminders),
    Job("audit_anchor", lambda: settings.AUDIT_ANCHOR_SECONDS, _anchor),
    Job("audit_prune", lambda: DAY, _prune_audit),
    Job("task_results", lambda: DAY, _prune_task_results),
    Job("sessions", lambda: 3600, _clear_sessions),
    Job("api_tokens", lambda: 3600, _prune_api_tokens),
    Job("retention", lambda: DAY, _retention),
]


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def beat(*, worker: str, now: datetime | None = None) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker=worker[:200], defaults={"seen_at": now or timezone.now()}
    )


def _claim(job: Job, *, worker: str, now: datetime) -> bool:
    """Take the job if it is due and no other worker holds it; book its next run."""
    try:
        with transaction.atomic():
            MaintenanceJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
    except IntegrityError:  # another worker created it at the same moment
        pass
    with transaction.atomic():
        row = (
            MaintenanceJob.objects.select_for_update(skip_locked=True)
            .filter(name=job.name, next_run_at__lte=now)
            .first()
        )
        if row is None:
            return False
        row.next_run_at = now + timedelta(seconds=job.every())
        row.last_started_at = now
        row.last_worker = worker[:200]
        row.runs += 1
        row.save(update_fields=["next_run_at", "last_started_at", "last_worker", "runs"])
    return True


def run_due(*, worker: str | None = None, now: datetime | None = None) -> dict[str, str]:
    """Write the heartbeat and run every job that is due; what each job did, by name."""
    worker = worker or worker_name()
    now = now or timezone.now()
    beat(worker=worker, now=now)
    done: dict[str, str] = {}
    for job in JOBS:
        if not _claim(job, worker=worker, now=now):
            continue
        try:
            result = job.run(now)
        except Exception as exc:  # noqa: BLE001 - one failing job must not stop the others
            logger.exception("Vedligeholdelsesjobbet %s fejlede", job.name)
            result = f"fejlede ({type(exc).__name__})"
        MaintenanceJob.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(), last_result=result[:500]
        )
        done[job.name] = result
    return done
