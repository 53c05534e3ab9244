"""Assessments (VUM), plans with goals and sub-goals, and the scores that show progression.

The vocabulary is KL's FFB (`Term`, keyed by KL's code). A score row records who scored — a
staff user or the citizen — so the citizen's own scores stand beside the staff's and never
replace them; the same goes for goals the citizen writes."""

from django.db import models
from django.db.models import Q

from hjemvej.accounts.models import Unit, User
from hjemvej.common.models import TimeStampedModel
from hjemvej.people.models import Citizen
from hjemvej.plans import follow_up, rules
from hjemvej.plans.ffb import Vocabulary


class Term(models.Model):
    """One concept of KL's FFB CodeSystem. Never deleted: a term KL drops is marked retired."""

    code = models.UUIDField("KL-kode", unique=True)
    vocabulary = models.CharField("begrebsliste", max_length=20, choices=Vocabulary.CHOICES)
    display = models.CharField("betegnelse", max_length=200)
    definition = models.TextField("definition", blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    rank = models.PositiveSmallIntegerField(
        "niveau 0–4", null=True, blank=True, help_text="Tom for 'Ikke vurderet'."
    )
    carries_level = models.BooleanField(
        "har funktionsevneniveau", default=False, help_text="Temaer under Aktivitet og deltagelse."
    )
    sort_key = models.CharField(max_length=400, default="")
    retired = models.BooleanField("udgået", default=False)
    version = models.CharField("CodeSystem-version", max_length=20, blank=True)

    class Meta:
        ordering = ["vocabulary", "sort_key"]
        verbose_name = "FFB-begreb"
        verbose_name_plural = "FFB-begreber"
        indexes = [models.Index(fields=["vocabulary", "depth"])]

    def __str__(self) -> str:
        return self.display


class ScoredBy(models.TextChoices):
    STAFF = "staff", "Medarbejder"
    CITIZEN = "citizen", "Borgeren"


class Assessment(TimeStampedModel):
    """A VUM assessment of a citizen on a date, made by a caseworker with the citizen."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField("udredningsdato")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="enhed")
    made_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    resources = models.TextField("ressourcer", blank=True)
    challenges = models.TextField("udfordringer", blank=True)
    support_need = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"vocabulary": Vocabulary.SUPPORT_NEED, "depth": 1},
        verbose_name="støttebehov",
    )

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        verbose_name = "udredning"
        verbose_name_plural = "udredninger"

    @property
    def overall_level(self) -> int | None:
        """The assessment's overall functional level (plans.rules.overall_level). Prefetch
        `themes__level` when reading it for many assessments."""
        from hjemvej.plans.rules import overall_level

        return overall_level(
            [
                t.level.rank
                for t in self.themes.all()
                if t.level is not None and t.level.rank is not None
            ]
        )


class SafetyAssessment(TimeStampedModel):
    """A Signs of Safety assessment of a citizen under 18 (instead of VUM): the three columns –
    what we are worried about, what is working well, what needs to happen – and the safety
    scale from 0 to 10 (10: safe enough to close the case)."""

    citizen = models.ForeignKey(
        Citizen, on_delete=models.CASCADE, related_name="safety_assessments"
    )
    assessed_on = models.DateField("udredningsdato")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="enhed")
    made_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    worries = models.TextField("hvad er vi bekymrede for", blank=True)
    what_works = models.TextField("hvad fungerer godt", blank=True)
    what_needs_to_happen = models.TextField("hvad skal der ske", blank=True)
    safety_scale = models.PositiveSmallIntegerField("sikkerhedsskala (0–10)")
    scale_note = models.TextField("begrundelse for skalaen", blank=True)

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        verbose_name = "udredning (Signs of Safety)"
        verbose_name_plural = "udredninger (Signs of Safety)"
        constraints = [
            models.CheckConstraint(
                condition=Q(safety_scale__gte=rules.SAFETY_SCALE[0])
                & Q(safety_scale__lte=rules.SAFETY_SCALE[1]),
                name="safety_assessment_scale_0_10",
            )
        ]


class AssessmentTheme(models.Model):
    """One theme of an assessment: the citizen's own view, the professional's, and for
    "Aktivitet og deltagelse" themes the functional level (or "Ikke vurderet")."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="themes")
    theme = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="+", limit_choices_to={"vocabulary": "theme"}
    )
    citizen_view = models.TextField("borgerens egen vurdering", blank=True)
    professional_view = models.TextField("faglig vurdering", blank=True)
    level = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"vocabulary": Vocabulary.FUNCTIONAL_LEVEL, "depth": 1},
        verbose_name="funktionsevneniveau",
    )

    class Meta:
        ordering = ["theme__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "theme"], name="assessment_theme_once")
        ]


class Plan(TimeStampedModel):
    class Kind(models.TextChoices):
        ACTION_141 = "action_141", "Handleplan (§141)"
        ACTION_142 = "action_142", "Handleplan for ophold på herberg (§142)"
        STAY = "stay", "Opholdsplan"
        TREATMENT = "treatment", "Behandlingsplan"

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="plans", verbose_name="ansvarlig enhed"
    )
    starts_on = models.DateField("gælder fra")
    ends_on = models.DateField("afsluttet", null=True, blank=True)
    purpose = models.TextField("formål")
    citizen_wishes = models.TextField("borgerens ønsker med egne ord", blank=True)
    expected_duration = models.CharField("forventet varighed", max_length=200, blank=True)
    treatment_goal = models.CharField(
        "borgerens behandlingsmål",
        max_length=10,
        choices=rules.TREATMENT_GOALS,
        blank=True,
        help_text="Kun på en behandlingsplan: borgeren vælger ophør, reduktion eller "
        "stabilisering.",
    )
    last_followed_up_on = models.DateField("seneste opfølgning af planen", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    # Set by plans.selectors for the user reading: False when the plan is shared with the
    # user's offer and shows only the shared parts (policy.shares_whole_plan).
    shown_whole: bool = True
    purpose_shared: bool = False

    class Meta:
        ordering = ["-starts_on", "-created_at"]
        verbose_name = "plan"
        verbose_name_plural = "planer"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="plan_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(treatment_goal="")
                | Q(kind="treatment", treatment_goal__in=[c for c, _ in rules.TREATMENT_GOALS]),
                name="plan_treatment_goal_on_treatment_plans",
            ),
        ]
        # Open plans (the follow-up worklist, the citizen's own pages).
        # On PostgreSQL both carry the other columns the worklist reads (INCLUDE, added by
        # migrations 0006 and 0008 – the start and last follow-up; SQLite has none): an
        # index-only scan of the open plans.
        indexes = [
            models.Index(
                fields=["citizen"], condition=Q(ends_on__isnull=True), name="plan_open_idx"
            ),
            # A unit's open plans (the follow-up worklist of offer staff and managers).
            models.Index(
                fields=["unit"], condition=Q(ends_on__isnull=True), name="plan_open_unit_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} fra {self.starts_on:%d.%m.%Y}"

    def save(self, *args, **kwargs):
        # A plan loaded with only the parts shared with an offer (plans.selectors) lacks the
        # rest: writing it back would overwrite the authority's text.
        if not self.shown_whole:
            raise RuntimeError("A plan shown in part is for reading only.")
        adding = self._state.adding
        super().save(*args, **kwargs)
        # The goals' stored follow-up dates count from the plan's start or last follow-up.
        fields = kwargs.get("update_fields")
        if not adding and (fields is None or {"starts_on", "last_followed_up_on"} & set(fields)):
            follow_up.store_goal_follow_ups(Goal.objects.filter(plan_id=self.pk))


class PlanFollowUp(models.Model):
    """A follow-up meeting on a plan, with KL's status of the effort (continue, end, …)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="follow_ups")
    held_on = models.DateField("dato")
    status = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"vocabulary": Vocabulary.FOLLOW_UP_STATUS, "depth": 1},
        verbose_name="status på indsats",
    )
    note = models.TextField("referat", blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-recorded_at"]


class PlanVersion(models.Model):
    """The plan as it stood after each change: purpose, wishes, goals and sub-goals."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    reason = models.CharField("ændring", max_length=300)
    made_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True)
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")
        ]


class SignOff(models.Model):
    """Who agreed to which version of a plan: the citizen, the offer and the authority."""

    class Party(models.TextChoices):
        CITIZEN = "citizen", "Borgeren"
        OFFER = "offer", "Tilbuddet"
        AUTHORITY = "authority", "Myndigheden"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sign_offs")
    version = models.PositiveIntegerField("planversion")
    party = models.CharField("part", max_length=20, choices=Party.choices)
    signed_on = models.DateField("dato")
    name = models.CharField("navn", max_length=200)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", null=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version", "party"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "version", "party"], name="sign_off_once_per_version"
            )
        ]


class Goal(TimeStampedModel):
    """A goal in a plan: the citizen's own goal in their own words, or a professional goal
    (indsatsmål) with its SMART parts, FFB goal type, linked themes and target level."""

    class Kind(models.TextChoices):
        CITIZEN = "citizen", "Borgerens eget mål"
        PROFESSIONAL = "professional", "Indsatsmål"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    title = models.TextField("målet")
    proposed_by = models.CharField(
        "foreslået af", max_length=10, choices=ScoredBy.choices, default=ScoredBy.STAFF
    )
    written_by = models.CharField(
        "skrevet af", max_length=10, choices=ScoredBy.choices, default=ScoredBy.STAFF
    )
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    specific = models.TextField("specifikt – hvad skal opnås", blank=True)
    measurable = models.TextField("målbart – hvordan ser vi det", blank=True)
    attractive = models.TextField("attraktivt – hvorfor betyder det noget for borgeren", blank=True)
    realistic = models.TextField("realistisk – hvad gør det muligt", blank=True)
    deadline = models.DateField("tidsbestemt – nås senest", null=True, blank=True)
    goal_type = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"vocabulary": Vocabulary.GOAL_TYPE, "depth": 1},
        verbose_name="måltype",
    )
    themes = models.ManyToManyField(Term, related_name="+", blank=True, verbose_name="temaer")
    target_level = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"vocabulary": Vocabulary.FUNCTIONAL_LEVEL, "depth": 1},
        verbose_name="ønsket funktionsniveau",
    )
    position = models.PositiveSmallIntegerField(default=0)
    # The yearly follow-up date by rules.goal_follow_up_due, written only by
    # plans.follow_up.store_goal_follow_ups (when the goal, its plan's start or follow-up or a
    # score is saved): the home page's worklist finds the goals due with an index.
    follow_up_due_on = models.DateField("årlig opfølgning", null=True, editable=False)

    class Meta:
        ordering = ["position", "created_at"]
        verbose_name = "mål"
        verbose_name_plural = "mål"
        # A plan's goals with their dates, read from the index alone on PostgreSQL (INCLUDE id;
        # SQLite ignores INCLUDE).
        indexes = [
            models.Index(
                fields=["plan", "follow_up_due_on"], include=["id"], name="goal_plan_due_idx"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            follow_up.store_goal_follow_ups(Goal.objects.filter(pk=self.pk))


class SubGoal(TimeStampedModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="sub_goals")
    text = models.TextField("delmålet")
    responsible = models.CharField("hvem er ansvarlig", max_length=200, blank=True)
    target_date = models.DateField("borgeren håber at nå det senest", null=True, blank=True)
    follow_up_on = models.DateField("næste opfølgning", null=True, blank=True)
    achieved_on = models.DateField("nået", null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "created_at"]
        verbose_name = "delmål"
        verbose_name_plural = "delmål"
        # The open sub-goals' follow-up dates by goal: the follow-up worklist counts a caseload's
        # due sub-goals from this index alone.
        indexes = [
            models.Index(
                fields=["goal", "follow_up_on"],
                condition=Q(achieved_on__isnull=True, follow_up_on__isnull=False),
                name="subgoal_open_follow_up_idx",
            )
        ]

    def __str__(self) -> str:
        return self.text


class Score(TimeStampedModel):
    """A sub-goal scored on the functional scale 0–4 (0 no problem … 4 complete problem).
    The first staff score is the baseline. Citizen scores are a series of their own."""

    sub_goal = models.ForeignKey(SubGoal, on_delete=models.CASCADE, related_name="scores")
    scored_on = models.DateField("dato")
    value = models.PositiveSmallIntegerField("score")
    scored_by = models.CharField("scoret af", max_length=10, choices=ScoredBy.choices)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True)
    note = models.TextField("bemærkning", blank=True)

    class Meta:
        ordering = ["scored_on", "created_at"]
        verbose_name = "score"
        verbose_name_plural = "scorer"
        constraints = [
            models.CheckConstraint(condition=Q(value__lte=4), name="score_value_0_to_4"),
            models.CheckConstraint(
                condition=Q(scored_by="citizen") | Q(user__isnull=False),
                name="staff_score_has_user",
            ),
        ]
        indexes = [models.Index(fields=["sub_goal", "scored_by", "scored_on"])]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The goal's yearly follow-up counts from its latest score.
        follow_up.store_goal_follow_ups(Goal.objects.filter(sub_goals=self.sub_goal_id))

    def delete(self, *args, **kwargs):
        sub_goal_id = self.sub_goal_id
        result = super().delete(*args, **kwargs)
        follow_up.store_goal_follow_ups(Goal.objects.filter(sub_goals=sub_goal_id))
        return result
