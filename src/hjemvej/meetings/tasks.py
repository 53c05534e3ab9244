"""The reminder sweep as a django-tasks task, run by `hjemvej db_worker`.

Each run first books the next run and then sends what is due, so a worker killed in the middle
of a run leaves the next run queued behind it: when the worker starts again, that run sends
whatever the killed one did not. The next run is booked for the earliest pending reminder, but
no sooner than HJEMVEJ_REMINDER_SWEEP_SECONDS from now; with nothing pending, none is booked
(booking a meeting books one for its first reminder)."""

import datetime
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

DB_BACKEND = "django_tasks_db.DatabaseBackend"


def _uses_database_backend() -> bool:
    return settings.TASKS["default"]["BACKEND"] == DB_BACKEND


def schedule(*, at: datetime.datetime | None = None) -> None:
    """Queue a sweep at `at` unless one is already queued to run by then."""
    if not _uses_database_backend():
        return
    from django_tasks_db.models import DBTaskResult

    at = at or timezone.now()
    queued = DBTaskResult.objects.filter(
        status="READY", task_path=send_reminders.module_path, run_after__lte=at
    )
    if not queued.exists():
        send_reminders.using(run_after=at).enqueue()


def schedule_next() -> None:
    from django.db.models import Min

    from hjemvej.meetings.models import Reminder

    earliest = Reminder.objects.filter(status=Reminder.Status.PENDING).aggregate(at=Min("send_at"))[
        "at"
    ]
    if earliest is not None:
        soonest = timezone.now() + timedelta(seconds=settings.REMINDER_SWEEP_SECONDS)
        schedule(at=max(earliest, soonest))


@task()
def send_reminders() -> int:
    from hjemvej.meetings.services import send_due_reminders

    schedule_next()
    return send_due_reminders()
