"""The operation's own small tables: when each maintenance job runs next, and the workers'
heartbeats."""

from django.db import models


class MaintenanceJob(models.Model):
    """One row per maintenance job. A worker claims a due job by moving `next_run_at` on inside
    a row lock (SELECT … FOR UPDATE SKIP LOCKED), so several workers never run a job twice."""

    name = models.CharField(max_length=50, unique=True)
    next_run_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_worker = models.CharField(max_length=200, blank=True)
    last_result = models.CharField(max_length=500, blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = "vedligeholdelsesjob"
        verbose_name_plural = "vedligeholdelsesjob"

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    """Written by each background worker while it runs; /readyz looks at the newest."""

    worker = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = "hjerteslag"
        verbose_name_plural = "hjerteslag"

    def __str__(self) -> str:
        return self.worker
