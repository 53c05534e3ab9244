import uuid

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    """Base for domain rows: a public UUID for URLs, and when the row was made and changed."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class StatusChange(models.Model):
    """Base for a state machine's change rows (common.transitions): every move, with who made
    it, when and why. A concrete model adds the foreign key `parent` names and may give the two
    status fields their choices."""

    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]
        verbose_name = "statusændring"
        verbose_name_plural = "statusændringer"
