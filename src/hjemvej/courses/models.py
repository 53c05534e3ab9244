"""Course templates (data, not code), citizens' courses with phases, CTI focus areas, support
time, and the follow-up after a move to own home."""

from decimal import Decimal

from django.db import models
from django.db.models import Q

from hjemvej.accounts.models import Municipality, Unit, User
from hjemvej.common.models import StatusChange, TimeStampedModel
from hjemvej.common.transitions import StateMachine
from hjemvej.courses import rules
from hjemvej.people.models import Citizen, Relationship


class LengthUnit(models.TextChoices):
    MONTHS = rules.MONTHS, "måneder"
    WEEKS = rules.WEEKS, "uger"
    DAYS = rules.DAYS, "dage"


class CourseTemplate(TimeStampedModel):
    """A kind of course (CTI, youth housing, Housing First, …). Staff add new ones as data."""

    code = models.SlugField("kode", max_length=60, unique=True)
    name = models.CharField("navn", max_length=200)
    description = models.TextField("beskrivelse", blank=True)
    legal_basis = models.CharField("lovgrundlag", max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="course_templates",
        verbose_name="kommune",
        help_text="Tom: skabelonen kan bruges i alle kommuner.",
    )
    requires_tenancy = models.BooleanField(
        "kræver lejekontrakt eller indflytning",
        default=False,
        help_text="CTI: borgeren skal have en lejekontrakt eller være flyttet ind, før forløbet starter.",
    )
    has_contact_period = models.BooleanField("har en kontaktskabende periode", default=False)
    uses_focus_areas = models.BooleanField("borgeren vælger fokusområder (CTI)", default=False)
    monthly_status_meeting = models.BooleanField("månedligt statusmøde", default=False)
    max_months = models.PositiveSmallIntegerField(
        "forløbets længste varighed (måneder)",
        null=True,
        blank=True,
        help_text="CTI: højst 9 måneder; ungebolig: højst 2 år. Et faseskift, der strækker "
        "forløbet ud over det, kræver en begrundelse.",
    )
    expected_min_months = models.PositiveSmallIntegerField(
        "forventet mindste varighed (måneder)",
        null=True,
        blank=True,
        help_text="Ungebolig: mindst 9 måneder forventes.",
    )
    is_active = models.BooleanField("i brug", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "forløbsskabelon"
        verbose_name_plural = "forløbsskabeloner"

    def __str__(self) -> str:
        return self.name


class PhaseTemplate(models.Model):
    template = models.ForeignKey(CourseTemplate, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField("fase")
    name = models.CharField("navn", max_length=200)
    description = models.TextField("indhold", blank=True)
    length_unit = models.CharField(
        "enhed", max_length=10, choices=LengthUnit.choices, default=LengthUnit.MONTHS
    )
    planned_length = models.PositiveSmallIntegerField("planlagt længde", null=True, blank=True)
    min_length = models.PositiveSmallIntegerField("mindste længde", null=True, blank=True)
    max_length = models.PositiveSmallIntegerField("længste længde", null=True, blank=True)
    planned_contacts_per_week = models.DecimalField(
        "planlagte kontakter pr. uge", max_digits=4, decimal_places=1, default=Decimal("0")
    )
    legal_basis_options = models.CharField(
        "mulige lovgrundlag",
        max_length=100,
        blank=True,
        help_text="Kommasepareret, fx '§82a,§82b': der skal vælges ét, når fasen starter.",
    )
    network_meeting = models.BooleanField("netværksmøde før udflytning i denne fase", default=False)

    class Meta:
        ordering = ["template", "number"]
        verbose_name = "fase i skabelon"
        verbose_name_plural = "faser i skabeloner"
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="phase_template_unique"),
            models.CheckConstraint(
                condition=Q(min_length__isnull=True)
                | Q(max_length__isnull=True)
                | Q(max_length__gte=models.F("min_length")),
                name="phase_template_max_after_min",
            ),
        ]

    def __str__(self) -> str:
        return f"Fase {self.number}: {self.name}"

    def as_rule(self) -> rules.PhaseRule:
        return rules.PhaseRule(
            number=self.number,
            name=self.name,
            unit=self.length_unit,
            planned=self.planned_length,
            minimum=self.min_length,
            maximum=self.max_length,
        )

    @property
    def legal_bases(self) -> list[str]:
        return [b.strip() for b in self.legal_basis_options.split(",") if b.strip()]

    @property
    def length_label(self) -> str:
        unit = self.get_length_unit_display()
        if self.min_length is not None and self.max_length is not None:
            return f"{self.min_length}–{self.max_length} {unit}"
        if self.max_length is not None:
            return f"højst {self.max_length} {unit}"
        if self.planned_length is not None:
            return f"{self.planned_length} {unit}"
        return "efter behov"


class UnitSupportSetting(models.Model):
    """The support a citizen in an offer is entitled to per week (e.g. 11.51 h at Ishøj's
    shelter). Kept here until the offer catalogue holds it."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="support_setting")
    weekly_hours = models.DecimalField("timer pr. uge", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "støttetimer for enhed"
        verbose_name_plural = "støttetimer for enheder"

    def __str__(self) -> str:
        return f"{self.unit}: {self.weekly_hours} t/uge"


class Course(TimeStampedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", "Igangværende"
        ENDED = "ended", "Afsluttet"

    class Outcome(models.TextChoices):
        OWN_HOME = "own_home", "Egen bolig uden støtte"
        OWN_HOME_SUPPORT = "own_home_support", "Egen bolig med støtte"
        DROPPED_OUT = "dropped_out", "Stoppet før tid"
        MOVED_AWAY = "moved_away", "Fraflyttet kommunen"
        OTHER = "other", "Andet"

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="courses")
    template = models.ForeignKey(CourseTemplate, on_delete=models.PROTECT, related_name="courses")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="courses")
    started_on = models.DateField("startdato")
    contact_started_on = models.DateField("kontaktskabende periode fra", null=True, blank=True)
    tenancy_from = models.DateField(
        "lejekontrakt / indflytning fra",
        null=True,
        blank=True,
        help_text="Dato for lejekontrakt eller indflytning i egen bolig.",
    )
    tenancy_address = models.CharField("boligens adresse", max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    current_phase = models.ForeignKey(
        "CoursePhase", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_on = models.DateField("slutdato", null=True, blank=True)
    outcome = models.CharField("resultat", max_length=20, choices=Outcome.choices, blank=True)
    end_note = models.TextField("begrundelse for afslutningen", blank=True)
    ended_before_minimum = models.BooleanField(
        "afsluttet før den forventede mindste varighed",
        default=False,
        help_text="Ungebolig: forløbet sluttede før de forventede 9 måneder; begrundelsen står "
        "i end_note, og forløbet vises på arbejdslisten.",
    )
    weekly_support_hours = models.DecimalField(
        "støttetimer pr. uge", max_digits=5, decimal_places=2, null=True, blank=True
    )
    relationship = models.ForeignKey(
        Relationship, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = "forløb"
        verbose_name_plural = "forløb"
        # A unit's active courses with the columns the home page's worklists read (an
        # index-only scan instead of every course in the installation; SQLite has no INCLUDE).
        indexes = [
            models.Index(
                fields=["unit"],
                include=["citizen", "current_phase"],
                condition=Q(status="active"),
                name="course_active_unit_idx",
            ),
            # Courses ended before their expected minimum, by end date (the worklist of courses
            # outside their limits).
            models.Index(
                fields=["ended_on"],
                condition=Q(ended_before_minimum=True, status="ended"),
                name="course_ended_early_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="course_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(tenancy_from__isnull=True)
                | Q(tenancy_from__lte=models.F("started_on")),
                name="course_tenancy_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template.name} ({self.started_on:%d.%m.%Y})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def expected_min_end(self):
        """The day before which ending the course is flagged (None: no expected minimum)."""
        return rules.course_latest_end(self.started_on, self.template.expected_min_months)

    @property
    def latest_end(self):
        """The last day the course may run to by its template's maximum (None: no maximum)."""
        return rules.course_latest_end(self.started_on, self.template.max_months)


class CourseStatusChange(StatusChange):
    """A course's start and end as change rows (its phase moves are `PhaseMove` rows)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=20, choices=Course.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Course.Status.choices)

    class Meta(StatusChange.Meta):
        pass


COURSE_STATUS: StateMachine[Course] = StateMachine(
    model=Course,
    transitions={
        Course.Status.ACTIVE: frozenset({Course.Status.ENDED}),
        Course.Status.ENDED: frozenset(),
    },
    change_model=CourseStatusChange,
    parent="course",
    noun="Et forløb",
)


class CoursePhase(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="phases")
    template = models.ForeignKey(PhaseTemplate, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField("fase")
    planned_start = models.DateField("planlagt start", null=True, blank=True)
    planned_end = models.DateField("planlagt slut", null=True, blank=True)
    earliest_end = models.DateField("tidligst slut", null=True, blank=True)
    latest_end = models.DateField("senest slut", null=True, blank=True)
    started_on = models.DateField("startede", null=True, blank=True)
    ended_on = models.DateField("sluttede", null=True, blank=True)
    legal_basis = models.CharField("lovgrundlag", max_length=20, blank=True)

    class Meta:
        ordering = ["course", "number"]
        verbose_name = "fase i forløb"
        verbose_name_plural = "faser i forløb"
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="course_phase_unique")
        ]

    def __str__(self) -> str:
        return f"Fase {self.number}: {self.template.name}"

    @property
    def name(self) -> str:
        return self.template.name


class PhaseMove(models.Model):
    """A recorded move from one phase to the next."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="moves")
    from_phase = models.ForeignKey(
        CoursePhase, on_delete=models.PROTECT, null=True, related_name="+"
    )
    to_phase = models.ForeignKey(CoursePhase, on_delete=models.PROTECT, related_name="+")
    moved_on = models.DateField("dato")
    note = models.TextField("bemærkning", blank=True)
    outside_limits = models.BooleanField(
        "uden for fasens eller forløbets grænser",
        default=False,
        help_text="Faseskiftet lå før fasens tidligste eller efter dens seneste slut, eller "
        "strakte forløbet ud over dets længste varighed; bemærkningen er begrundelsen.",
    )
    moved_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["moved_on", "id"]


class LifeDimension(models.TextChoices):
    """CTI's eight life dimensions."""

    HOUSING = "housing", "Bolig"
    MENTAL_HEALTH = "mental_health", "Psykisk helbred"
    PHYSICAL_HEALTH = "physical_health", "Fysisk helbred"
    ECONOMY = "economy", "Økonomi"
    DAILY_ACTIVITIES = "daily_activities", "Daglige aktiviteter"
    NETWORK = "network", "Netværk og sociale relationer"
    SUBSTANCE_USE = "substance_use", "Rusmidler"
    EDUCATION_EMPLOYMENT = "education_employment", "Uddannelse og beskæftigelse"


class FocusArea(TimeStampedModel):
    """A life dimension the citizen chose to work on, with a plan per phase."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="focus_areas")
    dimension = models.CharField("livsområde", max_length=30, choices=LifeDimension.choices)
    citizen_words = models.TextField("borgerens egne ord", blank=True)

    class Meta:
        ordering = ["course", "dimension"]
        constraints = [
            models.UniqueConstraint(fields=["course", "dimension"], name="focus_area_unique")
        ]


class FocusPlan(models.Model):
    area = models.ForeignKey(FocusArea, on_delete=models.CASCADE, related_name="plans")
    phase = models.ForeignKey(CoursePhase, on_delete=models.CASCADE, related_name="focus_plans")
    text = models.TextField("plan for fasen")

    class Meta:
        ordering = ["phase__number"]
        constraints = [models.UniqueConstraint(fields=["area", "phase"], name="focus_plan_unique")]


class SupportKind(models.TextChoices):
    CONVERSATION = "conversation", "Individuel samtale"
    GROUP = "group", "Gruppe"
    WALK_TALK = "walk_talk", "Walk'n'talk"
    PRACTICAL = "practical", "Praktisk hjælp"
    PHONE = "phone", "Telefon"
    HOME_VISIT = "home_visit", "Hjemmebesøg"


class SupportEntry(TimeStampedModel):
    """Support delivered to a citizen by a unit's staff: one contact."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="support_entries")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="support_entries")
    course = models.ForeignKey(
        Course, on_delete=models.SET_NULL, null=True, blank=True, related_name="support_entries"
    )
    date = models.DateField("dato")
    minutes = models.PositiveIntegerField("minutter")
    kind = models.CharField("type", max_length=20, choices=SupportKind.choices)
    note = models.CharField("bemærkning", max_length=300, blank=True)
    registered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "støttetid"
        verbose_name_plural = "støttetid"
        indexes = [models.Index(fields=["unit", "date"]), models.Index(fields=["citizen", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0) & Q(minutes__lte=24 * 60), name="support_minutes_range"
            )
        ]

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / Decimal(60)).quantize(Decimal("0.01"))


class MoveToOwnHome(TimeStampedModel):
    """A citizen moved into their own home (after a course or a stay). Drives the follow-up
    tasks at 1, 3, 6 and 12 months and the 'return to homelessness' mark."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="moves_home")
    moved_on = models.DateField("flyttedato")
    source = models.CharField("kilde", max_length=200)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.SET_NULL, null=True, related_name="+")
    returned_on = models.DateField("tilbage i hjemløshed", null=True, blank=True)
    return_source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-moved_on"]


class FollowUpTask(TimeStampedModel):
    move = models.ForeignKey(MoveToOwnHome, on_delete=models.CASCADE, related_name="tasks")
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="followup_tasks")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, related_name="+")
    months_after = models.PositiveSmallIntegerField("måneder efter flytning")
    due_on = models.DateField("frist")
    done_on = models.DateField("udført", null=True, blank=True)
    done_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    note = models.TextField("bemærkning", blank=True)

    class Meta:
        ordering = ["due_on"]
        indexes = [models.Index(fields=["done_on", "due_on"])]

    @property
    def title(self) -> str:
        return f"Opfølgning {self.months_after} mdr. efter flytning til egen bolig"


# --- Housing First cohorts (issue 15) -------------------------------------------------------
# The rules (places, group size, levels, men first, the relapse deadline) are in
# courses/cohort_rules.py; the writes in courses/services.py (do_*_cohort…).


class Cohort(TimeStampedModel):
    """A group of 4–6 participants of similar functional level who go through a residential
    Housing First course together (Ballerup: 9 months in temporary homes at Egebjerg/
    Klakkebjerg, 5 places, then own home), with the mandatory ADL course in its plan."""

    offer = models.ForeignKey(
        "offers.Offer", on_delete=models.PROTECT, related_name="cohorts", verbose_name="tilbud"
    )
    name = models.CharField("navn", max_length=100)
    places = models.PositiveSmallIntegerField("pladser (boliger)")
    group_min = models.PositiveSmallIntegerField("mindste gruppe")
    group_max = models.PositiveSmallIntegerField("største gruppe")
    starts_on = models.DateField("start")
    planned_end = models.DateField("planlagt slut")
    men_only = models.BooleanField(
        "kun mænd", default=False, help_text="Tilbuddets regel: de første grupper er mænd."
    )
    adl_starts_on = models.DateField("ADL-kursus fra")
    adl_ends_on = models.DateField("ADL-kursus til")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = "gruppe (Housing First)"
        verbose_name_plural = "grupper (Housing First)"
        constraints = [
            models.UniqueConstraint(fields=["offer", "name"], name="cohort_name_unique"),
            models.CheckConstraint(
                condition=Q(planned_end__gt=models.F("starts_on")), name="cohort_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(places__gte=1)
                & Q(group_min__gte=1)
                & Q(group_max__gte=models.F("group_min")),
                name="cohort_sizes",
            ),
            models.CheckConstraint(
                condition=Q(adl_starts_on__gte=models.F("starts_on"))
                & Q(adl_ends_on__gte=models.F("adl_starts_on"))
                & Q(adl_ends_on__lte=models.F("planned_end")),
                name="cohort_adl_within_course",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CohortMember(TimeStampedModel):
    """A participant: one seat (a temporary home) while active. The seat is unique among the
    cohort's active participants, so two admissions can never share a home."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="members")
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="cohort_places")
    referral = models.ForeignKey(
        "offers.Referral", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    seat = models.PositiveSmallIntegerField("plads")
    admitted_on = models.DateField("optaget")
    level = models.PositiveSmallIntegerField("funktionsniveau ved optagelse", null=True)
    level_assessed_on = models.DateField("udredning fra", null=True)
    flags = models.JSONField("markeringer ved optagelse", default=list, blank=True)
    left_on = models.DateField("forlod gruppen", null=True, blank=True)
    leave_reason = models.TextField("begrundelse for at forlade gruppen", blank=True)
    relationship = models.ForeignKey(
        Relationship, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    admitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True)
    course = models.ForeignKey(
        Course,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cohort_places",
        verbose_name="forløb",
        help_text="Deltagerens Housing First-forløb (startet ved optagelsen, hvis borgeren ikke "
        "havde et).",
    )
    move_home = models.ForeignKey(
        MoveToOwnHome,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="flytning til egen bolig",
    )

    class Meta:
        ordering = ["cohort", "seat", "admitted_on"]
        verbose_name = "deltager"
        verbose_name_plural = "deltagere"
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "seat"],
                condition=Q(left_on__isnull=True),
                name="cohort_member_one_per_seat",
            ),
            models.UniqueConstraint(
                fields=["cohort", "citizen"],
                condition=Q(left_on__isnull=True),
                name="cohort_member_once",
            ),
            models.CheckConstraint(condition=Q(seat__gte=1), name="cohort_member_seat_positive"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__lte=4), name="cohort_member_level_0_4"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("admitted_on")),
                name="cohort_member_left_after_admitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citizen} i {self.cohort}"

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class Relapse(TimeStampedModel):
    """A relapse recorded for a participant: a conversation task at once, and a deadline by
    which treatment must be re-established, or the participant leaves (cohort_rules)."""

    member = models.ForeignKey(CohortMember, on_delete=models.CASCADE, related_name="relapses")
    occurred_on = models.DateField("tilbagefald")
    note = models.TextField("bemærkning", blank=True)
    treatment_deadline = models.DateField("behandlingen genoptaget senest")
    reestablished_on = models.DateField("behandlingen genoptaget", null=True, blank=True)
    conversation_task = models.ForeignKey(
        "deadlines.Task", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    treatment_task = models.ForeignKey(
        "deadlines.Task", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = "tilbagefald"
        verbose_name_plural = "tilbagefald"
        constraints = [
            models.CheckConstraint(
                condition=Q(treatment_deadline__gte=models.F("occurred_on")),
                name="relapse_deadline_after",
            ),
        ]


class AdlAttendance(TimeStampedModel):
    """A participant's attendance at one topic of the cohort's mandatory ADL course
    (cohort_rules.ADL_TOPICS): attended or not, as last recorded by staff."""

    member = models.ForeignKey(CohortMember, on_delete=models.CASCADE, related_name="adl")
    topic = models.CharField("emne", max_length=40)
    attended = models.BooleanField("deltog", default=False)
    recorded_on = models.DateField("registreret")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        ordering = ["member", "id"]
        verbose_name = "fremmøde på ADL-kursus"
        verbose_name_plural = "fremmøde på ADL-kursus"
        constraints = [
            models.UniqueConstraint(fields=["member", "topic"], name="adl_attendance_once"),
        ]
