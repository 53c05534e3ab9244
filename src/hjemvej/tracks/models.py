"""Herning's tracks (DOMAIN.md §3 "Other Herning tracks"): prevention and health, employment and
meaningful communities. A track's steps, their default owner and deadline are data
(TrackTemplate/StepTemplate, seeded by a migration and edited by administrators); a citizen's
track copies them when it starts. Also the municipality's cooperation agreements with partners
and the ad hoc meeting forum (staff data, no citizen data)."""

from django.db import models
from django.db.models import F, Q

from hjemvej.accounts.models import Municipality, Role, Unit, User
from hjemvej.common.models import TimeStampedModel
from hjemvej.people.models import Citizen


class TrackKind(models.TextChoices):
    HEALTH = "health", "Forebyggelse og sundhed"
    EMPLOYMENT = "employment", "Beskæftigelse"
    COMMUNITY = "community", "Meningsfulde fællesskaber"


class TrackTemplate(TimeStampedModel):
    """A kind of track with its steps. Administrators change the steps as data."""

    code = models.SlugField("kode", max_length=60, unique=True)
    kind = models.CharField("spor", max_length=20, choices=TrackKind.choices)
    name = models.CharField("navn", max_length=200)
    description = models.TextField("beskrivelse", blank=True)
    goal = models.CharField(
        "målet med sporet",
        max_length=300,
        help_text="Sporet afsluttes, når målet er nået, fx 'Borgeren opsøger selv fællesskaber'.",
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="track_templates",
        verbose_name="kommune",
        help_text="Tom: sporet kan bruges i alle kommuner.",
    )
    is_active = models.BooleanField("i brug", default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "sporskabelon"
        verbose_name_plural = "sporskabeloner"

    def __str__(self) -> str:
        return self.name


class StepTemplate(models.Model):
    template = models.ForeignKey(TrackTemplate, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField("trin")
    code = models.SlugField(
        "kode", max_length=60, help_text="Bruges af årsrapporten, fx 'hepatitis_vaccination'."
    )
    name = models.CharField("navn", max_length=200)
    description = models.TextField("indhold", blank=True)
    owner_role = models.CharField(
        "ansvarlig rolle", max_length=20, choices=Role.choices, default=Role.CASEWORKER
    )
    deadline_working_days = models.PositiveSmallIntegerField(
        "frist (arbejdsdage fra start)",
        null=True,
        blank=True,
        help_text="'Hurtigst muligt' er fx 2 arbejdsdage. Tom: ingen fast frist.",
    )

    class Meta:
        ordering = ["template", "number"]
        verbose_name = "trin i sporskabelon"
        verbose_name_plural = "trin i sporskabeloner"
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="step_template_number"),
            models.UniqueConstraint(fields=["template", "code"], name="step_template_code"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Track(TimeStampedModel):
    """A citizen's track. It ends when its goal is met or is stopped with a reason."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Igangværende"
        GOAL_MET = "goal_met", "Målet er nået"
        STOPPED = "stopped", "Stoppet"

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="tracks")
    template = models.ForeignKey(TrackTemplate, on_delete=models.PROTECT, related_name="tracks")
    kind = models.CharField("spor", max_length=20, choices=TrackKind.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="tracks", verbose_name="ansvarlig enhed"
    )
    owner = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tovholder",
    )
    started_on = models.DateField("startdato")
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    ended_on = models.DateField("slutdato", null=True, blank=True)
    end_reason = models.TextField("begrundelse for afslutningen", blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "spor"
        verbose_name_plural = "spor"
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "kind"],
                condition=Q(status="active"),
                name="track_one_open_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="track_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(status="active") & Q(ended_on__isnull=True))
                | (~Q(status="active") & Q(ended_on__isnull=False)),
                name="track_ended_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="stopped") | ~Q(end_reason=""),
                name="track_stopped_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template.name} fra {self.started_on:%d.%m.%Y}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class TrackStep(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", "Åben"
        DONE = "done", "Udført"
        NOT_RELEVANT = "not_relevant", "Ikke relevant"

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField("trin")
    code = models.SlugField("kode", max_length=60)
    name = models.CharField("trin", max_length=200)
    owner_role = models.CharField("ansvarlig rolle", max_length=20, choices=Role.choices)
    owner = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ansvarlig medarbejder",
    )
    due_on = models.DateField("frist", null=True, blank=True)
    status = models.CharField("status", max_length=15, choices=Status.choices, default="open")
    done_on = models.DateField("udført / afgjort", null=True, blank=True)
    outcome = models.CharField("resultat eller begrundelse", max_length=300, blank=True)
    note = models.TextField("bemærkning", blank=True)

    class Meta:
        ordering = ["track", "number"]
        verbose_name = "trin i spor"
        verbose_name_plural = "trin i spor"
        indexes = [models.Index(fields=["status", "due_on"], name="trackstep_open_due_idx")]
        constraints = [
            models.UniqueConstraint(fields=["track", "number"], name="trackstep_number"),
            models.CheckConstraint(
                condition=(Q(status="open") & Q(done_on__isnull=True))
                | (~Q(status="open") & Q(done_on__isnull=False)),
                name="trackstep_closed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="not_relevant") | ~Q(outcome=""),
                name="trackstep_not_relevant_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


# ---------------------------------------------------------------- cooperation (staff data)


class Partner(TimeStampedModel):
    """A partner the municipality has a cooperation agreement with."""

    class Kind(models.TextChoices):
        JOBCENTER = "jobcenter", "Jobcenter og ydelseskontor"
        HOUSING = "housing", "Boligselskab"
        SHELTER = "shelter", "Herberg eller forsorgshjem"
        HEALTH = "health", "Sundhedsteam og sundhed"
        TREATMENT = "treatment", "Misbrugsbehandling"
        OTHER = "other", "Anden samarbejdspartner"

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="partners", verbose_name="kommune"
    )
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    name = models.CharField("navn", max_length=200)
    agreement = models.TextField("samarbejdsaftale", blank=True)
    valid_from = models.DateField("aftalen gælder fra", null=True, blank=True)
    valid_until = models.DateField("aftalen gælder til", null=True, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "samarbejdspartner"
        verbose_name_plural = "samarbejdspartnere"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="partner_name_unique"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="partner_agreement_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PartnerContact(TimeStampedModel):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("navn", max_length=200)
    role = models.CharField("rolle", max_length=200, blank=True)
    phone = models.CharField("telefon", max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)
    forum_member = models.BooleanField("medlem af ad hoc-mødeforummet", default=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "kontaktperson"
        verbose_name_plural = "kontaktpersoner"
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""), name="partner_contact_reachable"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.partner.name})"


class ForumMeeting(TimeStampedModel):
    """A meeting of the ad hoc meeting forum: no citizen data in the subject or summary."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="forum_meetings"
    )
    held_on = models.DateField("dato")
    subject = models.CharField("emne", max_length=300)
    participants = models.ManyToManyField(
        PartnerContact, blank=True, related_name="forum_meetings", verbose_name="deltagere"
    )
    other_participants = models.CharField("øvrige deltagere", max_length=300, blank=True)
    summary = models.TextField("referat", blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "møde i ad hoc-mødeforummet"
        verbose_name_plural = "møder i ad hoc-mødeforummet"

    def __str__(self) -> str:
        return f"{self.subject} {self.held_on:%d.%m.%Y}"
