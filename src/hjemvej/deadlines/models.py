"""Duties with a deadline: the §110 duties an admission to a shelter opens (notify the acting
municipality, the action plan, an alternative for a citizen under 25) and the §101 treatment start a referral opens. Below offers and
stays, which both open and close them; a task may point to the stay that opened it."""

from django.db import models

from hjemvej.accounts.models import Municipality, Unit, User
from hjemvej.common.models import TimeStampedModel
from hjemvej.people.models import Citizen


class Task(TimeStampedModel):
    """A duty with a deadline, for an offer (unit) or for the acting municipality's authority."""

    class Kind(models.TextChoices):
        NOTIFY = "notify", "Underret handlekommunen (§110, stk. 6)"
        ACTION_PLAN = "action_plan", "Udarbejd handleplan (§141/§142)"
        TREATMENT_START = (
            "treatment_start",
            "Start behandlingen (§101: senest 14 dage efter henvendelsen)",
        )
        INSIGHT = "insight", "Besvar borgerens anmodning om indsigt"
        # Housing First cohorts (courses.Relapse): a relapse gives a conversation at once, and
        # treatment must be re-established by the deadline in courses/cohort_rules.py.
        RELAPSE_CONVERSATION = "relapse_conversation", "Samtale efter tilbagefald (straks)"
        TREATMENT_RESTART = "treatment_restart", "Genoptag behandlingen efter tilbagefald"
        YOUTH_ALTERNATIVE = (
            "youth_alternative",
            "Tilbyd et alternativ til herberget (borger under 25 år)",
        )
        # A letter to a citizen exempt from Digital Post (post.Letter): print it and send it.
        PRINT_LETTER = "print_letter", "Udskriv og send brevet med almindelig post"

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="stay_tasks")
    stay = models.ForeignKey(
        "stays.Stay", on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    kind = models.CharField("opgave", max_length=20, choices=Kind.choices)
    due_on = models.DateField("frist")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_on = models.DateField("udført", null=True, blank=True)
    done_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField("bemærkning", max_length=300, blank=True)
    # Closed without being done: the duty fell away (the action plan of a stay that ended).
    # done_on is then the day it fell away and the note says why.
    lapsed = models.BooleanField("bortfaldet", default=False)

    class Meta:
        db_table = "stays_task"  # the table from before the model moved here
        ordering = ["due_on", "id"]
        verbose_name = "opgave"
        verbose_name_plural = "opgaver"
        indexes = [
            models.Index(fields=["done_on", "due_on"]),
            # The open tasks by deadline. On PostgreSQL the migration (deadlines 0007) adds the
            # columns the worklists filter on (authority, unit, kind, citizen) with INCLUDE: an
            # index-only scan of the open tasks (14,000 at 100,000 citizens) instead of
            # fetching each from the table. Declared here without them, as SQLite has no
            # INCLUDE (Django warns W040).
            models.Index(
                fields=["due_on"],
                condition=models.Q(done_on__isnull=True),
                name="task_open_due_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["stay", "kind"], name="task_one_per_stay_and_kind"),
            models.CheckConstraint(
                condition=models.Q(lapsed=False) | models.Q(done_on__isnull=False),
                name="task_lapsed_is_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.citizen}"
