"""Meetings with participants, minutes and attendance; reminders to the citizen; the citizen's
choice about reminders."""

from django.db import models
from django.db.models import Q

from hjemvej.accounts.models import Unit, User
from hjemvej.common.models import StatusChange, TimeStampedModel
from hjemvej.common.transitions import StateMachine
from hjemvej.courses.models import Course
from hjemvej.meetings import rules
from hjemvej.people.models import Citizen, Consent, Relative

KIND_CHOICES = [(r.kind, r.label) for r in rules.RULES.values()]


class CitizenReply(models.TextChoices):
    NONE = "", "Intet svar"
    CONFIRMED = "confirmed", "Bekræftet af borgeren"
    MOVE = "move", "Borgeren beder om at flytte mødet"


class Meeting(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planlagt"
        HELD = "held", "Afholdt"
        MISSED = "missed", "Udeblevet"
        CANCELLED = "cancelled", "Aflyst"
        MOVED = "moved", "Flyttet"

    kind = models.CharField("mødetype", max_length=30, choices=KIND_CHOICES)
    citizen = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="meetings")
    course = models.ForeignKey(
        Course, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    starts_at = models.DateTimeField("starttidspunkt")
    ends_at = models.DateTimeField("sluttidspunkt")
    place = models.CharField(
        "sted",
        max_length=200,
        help_text="Står i påmindelsen til borgeren: skriv en adresse, ikke tilbuddets navn.",
    )
    contact_person = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="meetings_as_contact"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    minutes = models.TextField("referat", blank=True)
    living_situation = models.CharField(
        "boform et år efter",
        max_length=30,
        choices=rules.LIVING_CHOICES,
        blank=True,
        help_text="Kun for opfølgningssamtalen et år efter forløbet.",
    )
    rescheduled_from = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="rescheduled_to"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True)
    # The citizen's answer from their own pages: a confirmation or a wish to move the meeting.
    citizen_reply = models.CharField(
        "borgerens svar", max_length=10, choices=CitizenReply.choices, blank=True, default=""
    )
    citizen_reply_text = models.CharField("borgerens ønske", max_length=500, blank=True)
    citizen_replied_at = models.DateTimeField("borgeren svarede", null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = "møde"
        verbose_name_plural = "møder"
        indexes = [
            models.Index(fields=["unit", "starts_at"]),
            models.Index(fields=["citizen", "starts_at"]),
            # The home page: this week's meetings, and the few the citizen asked to move.
            models.Index(fields=["starts_at"], name="meeting_starts_at_idx"),
            # The move requests still open (planned, not yet over) with the columns the home
            # page filters on, read from the index alone on PostgreSQL (INCLUDE; SQLite ignores
            # it): 1,900 requests nationally at 100,000 citizens, without a visit to the table
            # for each. Planned only, so the planned meetings' index below is not combined with
            # it (a bitmap over 19,000 planned meetings and a visit to each request's row).
            models.Index(
                fields=["ends_at"],
                include=["id", "starts_at", "citizen", "unit"],
                condition=Q(citizen_reply="move", status="planned"),
                name="meeting_open_move_request_idx",
            ),
            # The home page's meetings today and this week: only the planned ones, with the
            # columns its conditions read (INCLUDE, PostgreSQL only), not every meeting held,
            # missed or moved in the window.
            models.Index(
                fields=["starts_at"],
                include=["id", "unit", "citizen"],
                condition=Q(status="planned"),
                name="meeting_planned_starts_idx",
            ),
            # The §141 follow-ups held and booked per citizen (the follow-up worklist and its
            # count on the home page), read from the index alone.
            models.Index(
                fields=["citizen", "starts_at"],
                include=["status"],
                condition=Q(kind=rules.FOLLOWUP_141),
                name="meeting_followup141_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%d.%m.%Y}"


class MeetingStatusChange(StatusChange):
    """Every move of a meeting's status, with who made it and why."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=20, choices=Meeting.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Meeting.Status.choices)

    class Meta(StatusChange.Meta):
        pass


# A planned meeting is held, missed, cancelled or moved (booked again at a new time); each of
# those is final. Minutes of a held meeting may be corrected without a move.
MEETING_STATUS: StateMachine[Meeting] = StateMachine(
    model=Meeting,
    transitions={
        Meeting.Status.PLANNED: frozenset(
            {
                Meeting.Status.HELD,
                Meeting.Status.MISSED,
                Meeting.Status.CANCELLED,
                Meeting.Status.MOVED,
            }
        ),
        Meeting.Status.HELD: frozenset(),
        Meeting.Status.MISSED: frozenset(),
        Meeting.Status.CANCELLED: frozenset(),
        Meeting.Status.MOVED: frozenset(),
    },
    change_model=MeetingStatusChange,
    parent="meeting",
    noun="Et møde",
)


class Participant(models.Model):
    class Kind(models.TextChoices):
        STAFF = "staff", "Medarbejder"
        CITIZEN = "citizen", "Borgeren"
        RELATIVE = "relative", "Pårørende / netværk"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True)
    relative = models.ForeignKey(Relative, on_delete=models.PROTECT, null=True, blank=True)
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="Borgerens samtykke til at inddrage den pårørende.",
    )
    attended = models.BooleanField("deltog", null=True, blank=True)

    class Meta:
        ordering = ["kind", "id"]
        # "Does this user take part in this meeting?" answered from the index alone (the
        # home page's meetings ask it per meeting; meetings.selectors._mine).
        indexes = [models.Index(fields=["meeting", "user"], name="participant_meeting_user_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="staff") & Q(user__isnull=False))
                | Q(kind="citizen")
                | (Q(kind="relative") & Q(relative__isnull=False) & Q(consent__isnull=False)),
                name="participant_kind_fields",
            )
        ]

    @property
    def name(self) -> str:
        if self.kind == self.Kind.STAFF and self.user:
            return str(self.user)
        if self.kind == self.Kind.RELATIVE and self.relative:
            return f"{self.relative.name} ({self.relative.get_role_display().lower()})"
        return "Borgeren"


class ContactPreferences(models.Model):
    """The citizen's choice about reminders (kept here, not on Citizen)."""

    citizen = models.OneToOneField(
        Citizen, on_delete=models.CASCADE, related_name="contact_preferences"
    )
    sms_reminders = models.BooleanField("påmindelser på SMS", default=True)
    email_reminders = models.BooleanField("påmindelser på e-mail", default=True)
    updated_at = models.DateTimeField(auto_now=True)


class Reminder(TimeStampedModel):
    """One reminder to send. The worker claims due rows with SELECT … FOR UPDATE SKIP LOCKED and
    marks a row sent in the same transaction in which it records the send."""

    class Channel(models.TextChoices):
        SMS = "sms", "SMS"
        EMAIL = "email", "E-mail"

    class Status(models.TextChoices):
        PENDING = "pending", "Venter"
        SENT = "sent", "Sendt"
        FAILED = "failed", "Fejlet"
        CANCELLED = "cancelled", "Annulleret"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="reminders")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    recipient = models.CharField(max_length=200)
    send_at = models.DateTimeField("sendes")
    text = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_ref = models.CharField(max_length=200, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    worker = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["send_at"]
        indexes = [models.Index(fields=["status", "send_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="reminder_sent_has_time",
            )
        ]
