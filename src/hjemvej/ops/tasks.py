"""The maintenance tick as a django-tasks task. Like the reminder sweep, each run first books
the next run, so a worker killed in the middle leaves the next tick queued. `hjemvej db_worker`
books the first tick when it starts."""

import datetime
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

DB_BACKEND = "django_tasks_db.DatabaseBackend"


def schedule(*, at: datetime.datetime | None = None) -> None:
    """Queue a tick at `at` unless one is already queued to run by then."""
    if settings.TASKS["default"]["BACKEND"] != DB_BACKEND:
        return
    from django_tasks_db.models import DBTaskResult

    at = at or timezone.now()
    queued = DBTaskResult.objects.filter(
        status="READY", task_path=maintenance.module_path, run_after__lte=at
    )
    if not queued.exists():
        maintenance.using(run_after=at).enqueue()


@task()
def maintenance() -> dict[str, str]:
    from hjemvej.ops.maintenance import run_due

    schedule(at=timezone.now() + timedelta(seconds=settings.HEARTBEAT_SECONDS))
    return run_due()
