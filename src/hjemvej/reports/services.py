import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.reports.builders import BUILDERS
from hjemvej.reports.models import ReportJob

logger = logging.getLogger(__name__)


def do_request_report(*, user, kind: str, params: dict, title: str = "") -> ReportJob:
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
        transaction.on_commit(lambda: run_report.enqueue(str(job.uuid)))
    return job


def run_job(job_uuid: str) -> ReportJob:
    """Build the report (called by the worker). Claims the job so it is built once."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(uuid=job_uuid)
        if job.status != ReportJob.Status.QUEUED:
            return job
        ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, progress=0)
    builder = BUILDERS[job.kind]

    def progress(percent: int, step: str = "") -> None:
        ReportJob.objects.filter(pk=job.pk).update(
            progress=max(0, min(100, int(percent))), step=step[:200]
        )

    try:
        result = builder.build(job, progress)
    except Exception as exc:  # noqa: BLE001 - a failed report is shown to the user, not lost
        logger.exception("Rapport %s fejlede", job.uuid)
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.FAILED,
            error=f"Rapporten kunne ikke laves ({type(exc).__name__}).",
            finished_at=timezone.now(),
        )
    else:
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.DONE,
            progress=100,
            step="Færdig",
            content=result.content,
            filename=result.filename,
            content_type=result.content_type,
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job


def do_download(*, user, job: ReportJob) -> ReportJob:
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
