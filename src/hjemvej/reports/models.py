"""Reports made in the background: a row per request, with its progress and its file."""

from django.db import models

from hjemvej.accounts.models import User
from hjemvej.common.models import StatusChange, TimeStampedModel
from hjemvej.common.transitions import StateMachine


class ReportJob(TimeStampedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", "I kø"
        RUNNING = "running", "I gang"
        DONE = "done", "Færdig"
        FAILED = "failed", "Fejlet"

    kind = models.CharField("rapport", max_length=50)
    title = models.CharField("titel", max_length=200)
    params = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="report_jobs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField("trin", max_length=200, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    error = models.CharField(max_length=500, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "rapportkørsel"
        verbose_name_plural = "rapportkørsler"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="reportjob_progress_max_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"


class ReportJobStatusChange(StatusChange):
    """Every move of a report job: queued by the user, run and finished by the worker."""

    job = models.ForeignKey(ReportJob, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=20, choices=ReportJob.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReportJob.Status.choices)

    class Meta(StatusChange.Meta):
        pass


JOB_STATUS: StateMachine[ReportJob] = StateMachine(
    model=ReportJob,
    transitions={
        ReportJob.Status.QUEUED: frozenset({ReportJob.Status.RUNNING}),
        ReportJob.Status.RUNNING: frozenset({ReportJob.Status.DONE, ReportJob.Status.FAILED}),
        ReportJob.Status.DONE: frozenset(),
        ReportJob.Status.FAILED: frozenset(),
    },
    change_model=ReportJobStatusChange,
    parent="job",
    noun="En rapportkørsel",
)
