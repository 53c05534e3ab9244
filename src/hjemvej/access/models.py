from django.db import models

from hjemvej.accounts.models import User
from hjemvej.people.models import Citizen


class BreakGlassAccess(models.Model):
    """A time-limited access to a citizen outside the user's rights, with a stated reason."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="break_glass")
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="break_glass")
    reason = models.CharField("begrundelse", max_length=500)
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = "nødadgang"
        verbose_name_plural = "nødadgange"
        indexes = [models.Index(fields=["user", "expires_at"])]
