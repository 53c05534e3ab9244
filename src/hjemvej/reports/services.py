import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.accounts.models import User
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.reports.builders import BUILDERS
from hjemvej.reports.models import JOB_STATUS, ReportJob

logger = logging.getLogger(__name__)


def do_request_report(*, user: User, kind: str, params: dict, title: str = "") -> ReportJob:
    """Queue a report for the background worker. The job is enqueued when the transaction
    commits, so the worker never looks for a row that is not there yet."""
    builder = BUILDERS.get(kind)
    if builder is None or not builder.may_request(user):
        raise ValidationError("Du kan ikke bestille denne rapport.")
    from hjemvej.reports.tasks import run_report

    with transaction.atomic():
        job = ReportJob.objects.create(
            kind=kind, title=title or builder.title, params=params, requested_by=user
        )
        JOB_STATUS.record_start(job, by=user)
        transaction.on_commit(lambda: run_report.enqueue(str(job.uuid)))
    return job


def run_job(job_uuid: str) -> ReportJob:
    """Build the report (called by the worker). Claims the job under its row lock, so it is
    built once: a second worker finds it running (or finished) and leaves it."""
    with transaction.atomic():
        job = JOB_STATUS.lock(ReportJob.objects.get(uuid=job_uuid))
        if job.status != ReportJob.Status.QUEUED:
            return job
        JOB_STATUS.move(job, to=ReportJob.Status.RUNNING, fields={"progress": 0})
    builder = BUILDERS[job.kind]

    def progress(percent: int, step: str = "") -> None:
        ReportJob.objects.filter(pk=job.pk).update(
            progress=max(0, min(100, int(percent))), step=step[:200]
        )

    try:
        result = builder.build(job, progress)
    except Exception as exc:  # noqa: BLE001 - a failed report is shown to the user, not lost
        logger.exception("Rapport %s fejlede", job.uuid)
        error = f"Rapporten kunne ikke laves ({type(exc).__name__})."
        JOB_STATUS.move(
            job,
            to=ReportJob.Status.FAILED,
            reason=error,
            fields={"error": error, "finished_at": timezone.now()},
        )
    else:
        JOB_STATUS.move(
            job,
            to=ReportJob.Status.DONE,
            fields={
                "progress": 100,
                "step": "Færdig",
                "content": result.content,
                "filename": result.filename,
                "content_type": result.content_type,
                "finished_at": timezone.now(),
            },
        )
    return job


def do_download(*, user: User, job: ReportJob) -> ReportJob:
    """Record the export in the audit log (who, what, why) before the file is handed out."""
    policy.require(
        policy.may_download_report(user, job.requested_by_id), "Rapporten er bestilt af en anden."
    )
    log_event(
        action=Action.EXPORT,
        summary=f"Udtræk: {job.title} ({job.filename})",
        obj=job,
        purpose="Resultatopgørelse og ledelsesinformation",
        detail={"params": job.params},
    )
    return job
