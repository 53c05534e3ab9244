"""Letters sent by Digital Post (issue 18 item 3): the §110 stk. 6 notice to the acting
municipality, meeting invitations and referral decisions to the citizen. Each letter keeps its
PDF, its sending status and the receipt from the backend; it points to what it arose from."""

from django.db import models
from django.db.models import Q

from hjemvej.accounts.models import Municipality, User
from hjemvej.common.models import TimeStampedModel
from hjemvej.deadlines.models import Task
from hjemvej.meetings.models import Meeting
from hjemvej.offers.models import Referral
from hjemvej.people.models import Citizen
from hjemvej.stays.models import Stay


class Letter(TimeStampedModel):
    class Kind(models.TextChoices):
        STAY_NOTICE = "stay_notice", "Underretning om ophold (§110, stk. 6)"
        MEETING_INVITATION = "meeting_invitation", "Mødeindkaldelse"
        DECISION = "decision", "Afgørelse om visitation"

    class Status(models.TextChoices):
        QUEUED = "queued", "I kø"
        SENT = "sent", "Sendt"
        FAILED = "failed", "Fejlet"
        PRINT = "print", "Udskrives (fritaget for digital post)"

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="letters")
    # The recipient: another authority (the acting municipality) or, when empty, the citizen.
    recipient_municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField("brevtype", max_length=30, choices=Kind.choices)
    subject = models.CharField("emne", max_length=200)
    pdf = models.BinaryField("brevet (PDF)")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField("forsøg", default=0)
    last_error = models.CharField("seneste fejl", max_length=300, blank=True)
    receipt_id = models.CharField("kvittering", max_length=200, blank=True)
    sent_at = models.DateTimeField("sendt", null=True, blank=True)
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    stay = models.ForeignKey(
        Stay, on_delete=models.CASCADE, null=True, blank=True, related_name="letters"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="letters"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, null=True, blank=True, related_name="letters"
    )
    # The duty the letter fulfils (the stay's notify task) or the print task of an exempt citizen.
    task = models.ForeignKey(
        Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="letters"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "brev"
        verbose_name_plural = "breve"
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="stay_notice") | Q(recipient_municipality__isnull=False),
                name="letter_notice_goes_to_an_authority",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | (Q(sent_at__isnull=False) & ~Q(receipt_id="")),
                name="letter_sent_has_receipt",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.subject}"

    @property
    def recipient_label(self) -> str:
        if self.recipient_municipality_id:
            return f"{self.recipient_municipality} (handlekommune)"
        return self.citizen.full_name
