"""Stays at offers and flags that quote a rule (the law's duties with deadlines are
`deadlines.Task`).

One citizen, one residential stay at a time; one room, one citizen at a time. Both rules live
in the database: partial unique constraints on the open stays (both databases), and on
PostgreSQL exclusion constraints over the stays' date ranges (migration 0002)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from hjemvej.accounts.models import User
from hjemvej.common.models import TimeStampedModel
from hjemvej.economics.pricing import yearly_cost
from hjemvej.offers.models import Offer, Referral, Room
from hjemvej.people.models import Citizen, Relationship
from hjemvej.stays import rules


class Stay(TimeStampedModel):
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="stays")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="stays")
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, null=True, blank=True, related_name="stays"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="stays"
    )
    residential = models.BooleanField("botilbud", default=True)
    decided_on = models.DateField("optagelse besluttet")
    started_on = models.DateField("indflyttet")
    planned_end_on = models.DateField("planlagt fraflytning", null=True, blank=True)
    ended_on = models.DateField("fraflyttet", null=True, blank=True)
    destination = models.CharField(
        "fraflyttet til", max_length=30, choices=rules.DESTINATION_CHOICES, blank=True
    )
    discharge_reason = models.TextField("årsag til udskrivning", blank=True)
    # Danmarks Statistik's §110 statistics (DOMAIN.md §9): codes from the DstCode lists valid on
    # the day of arrival (stay type, where the citizen stayed before) and of departure (how the
    # stay ended). "Moved to" is the destination above, mapped through the moved_to list.
    stay_type = models.CharField("opholdstype", max_length=10, blank=True)
    stayed_before = models.CharField("opholdssted før indskrivning", max_length=10, blank=True)
    ended_how = models.CharField("ophørsårsag", max_length=10, blank=True)
    # §101 drug treatment (a stay at a SEL_101 offer): the form of treatment, a code from the
    # treatment_form list valid on the day treatment started. `ended_how` then holds a code from
    # treatment_ended_how, and at a §§82a–107 offer from offer_ended_how (dst.ended_how_list).
    treatment_form = models.CharField("behandlingsform", max_length=10, blank=True)
    out_of_turn_reason = models.TextField(
        "begrundelse for optagelse uden for tur",
        blank=True,
        help_text="Hvorfor borgeren blev optaget foran nogen, der stod før på ventelisten.",
    )
    occupation_after = models.CharField(
        "arbejde eller uddannelse efter opholdet",
        max_length=20,
        choices=rules.OCCUPATION_CHOICES,
        blank=True,
    )
    own_payment_per_night = models.DecimalField(
        "egenbetaling pr. nat",
        max_digits=8,
        decimal_places=2,
        default=0,
        help_text="Borgerens egenbetaling efter servicelovens §163, i kroner pr. nat.",
    )
    # A stay at a bought offer (offers.Operator other than own, issue 16) is recorded by the
    # acting municipality from the shelter's §110 stk. 6 notice, at the price agreed with the
    # provider; it prices the nights instead of a cost sheet (economics.pricing).
    notice_received_on = models.DateField(
        "underretning modtaget",
        null=True,
        blank=True,
        help_text="Den dag kommunen modtog tilbuddets underretning (§110, stk. 6).",
    )
    price_per_night = models.DecimalField(
        "aftalt pris pr. døgn",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Den pris pr. døgn, kommunen betaler leverandøren for opholdet, i kroner.",
    )
    relationship = models.ForeignKey(
        Relationship, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    admitted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    discharged_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_on"]
        verbose_name = "ophold"
        verbose_name_plural = "ophold"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="stay_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["room"],
                condition=Q(ended_on__isnull=True, room__isnull=False),
                name="stay_one_open_stay_per_room",
            ),
            models.UniqueConstraint(
                fields=["citizen"],
                condition=Q(ended_on__isnull=True, residential=True),
                name="stay_one_open_residential_stay_per_citizen",
            ),
            models.CheckConstraint(
                condition=Q(price_per_night__isnull=True) | Q(price_per_night__gte=0),
                name="stay_price_per_night_not_negative",
                violation_error_message="Prisen pr. døgn kan ikke være negativ.",
            ),
            models.CheckConstraint(
                condition=Q(own_payment_per_night__gte=0),
                name="stay_own_payment_not_negative",
                violation_error_message="Egenbetalingen kan ikke være negativ.",
            ),
            models.CheckConstraint(
                condition=Q(notice_received_on__isnull=True)
                | Q(notice_received_on__gte=F("decided_on")),
                name="stay_notice_after_decision",
                violation_error_message="Underretningen kan ikke være modtaget før optagelsen.",
            ),
        ]
        indexes = [
            models.Index(fields=["offer", "ended_on"]),
            # Arrivals of the last week and a year's stays (reports, reimbursement).
            models.Index(fields=["started_on"], name="stay_started_on_idx"),
            models.Index(fields=["ended_on"], name="stay_ended_on_idx"),
            # The open stays (the home page's worklist: every open shelter stay of the
            # caseload); on PostgreSQL with the columns it reads (INCLUDE, migration 0012), an
            # index-only scan instead of a visit to each stay's row.
            models.Index(
                fields=["citizen"], condition=Q(ended_on__isnull=True), name="stay_open_idx"
            ),
            # The week's arrivals counted from the index alone: on PostgreSQL with the citizen
            # and offer (INCLUDE, migration 0018).
            models.Index(fields=["started_on"], name="stay_started_cover_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.citizen} på {self.offer}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    def nights_until(self, day) -> int:
        end = self.ended_on if self.ended_on and self.ended_on < day else day
        return max(0, (end - self.started_on).days)

    @property
    def count_category_label(self) -> str:
        if not self.destination:
            return ""
        return rules.COUNT_CATEGORIES[rules.count_category(self.destination)]


class Flag(TimeStampedModel):
    """A warning on a stay that quotes the rule it comes from."""

    class Kind(models.TextChoices):
        UNDER_25 = "under_25", "Under 25 år"
        OWN_HOME = "own_home", "Har egen bolig"

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    text = models.TextField("regel")

    class Meta:
        ordering = ["kind"]
        verbose_name = "markering"
        verbose_name_plural = "markeringer"
        constraints = [
            models.UniqueConstraint(fields=["stay", "kind"], name="flag_one_per_stay_and_kind")
        ]


class YouthAlternative(TimeStampedModel):
    """The alternative the acting municipality offered a citizen under the youth age staying at
    a §110 shelter, and the citizen's answer (issue 15). Recording it closes the stay's task."""

    stay = models.OneToOneField(Stay, on_delete=models.CASCADE, related_name="youth_alternative")
    alternative = models.CharField(
        "tilbudt alternativ", max_length=20, choices=rules.YOUTH_ALTERNATIVES
    )
    description = models.CharField("beskrivelse", max_length=300, blank=True)
    offered_on = models.DateField("tilbudt den")
    answer = models.CharField("borgerens svar", max_length=10, choices=rules.YOUTH_ANSWERS)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "alternativ til herberget"
        verbose_name_plural = "alternativer til herberget"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answer__in=["accepted", "declined"]),
                name="youth_alternative_answer_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(alternative="other") | ~models.Q(description=""),
                name="youth_alternative_other_described",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_alternative_display()} – {self.get_answer_display()}"


class DstCode(TimeStampedModel):
    """One entry of a code list Danmarks Statistik uses for the §110 statistics ("Herberger og
    forsorgshjem mv."), §101 drug treatment and the adult decisions (§§82a–107), valid from `valid_from` up to and including `valid_to` (open when
    empty). DST changes the lists on 1 January and 1 July, so they are data: the file
    stays/dst_codes.json is loaded by `hjemvej load_dst_codes` (stays/dst.py)."""

    class List(models.TextChoices):
        STAY_TYPE = "stay_type", "Opholdstype"
        STAYED_BEFORE = "stayed_before", "Opholdssted før indskrivning"
        ENDED_HOW = "ended_how", "Ophørsårsag"
        MOVED_TO = "moved_to", "Fraflyttet til"
        TREATMENT_FORM = "treatment_form", "Behandlingsform (§101)"
        TREATMENT_ENDED_HOW = "treatment_ended_how", "Afslutningsårsag, behandling (§101)"
        PARAGRAPH = "paragraph", "Paragraf (voksenafgørelser)"
        OFFER_ENDED_HOW = "offer_ended_how", "Ophørsårsag, indsats (§§82a–107)"

    code_list = models.CharField("kodeliste", max_length=20, choices=List.choices)
    code = models.CharField("kode", max_length=10)
    text = models.CharField("tekst", max_length=200)
    valid_from = models.DateField("gyldig fra")
    valid_to = models.DateField("gyldig til", null=True, blank=True)
    # For "moved_to": the Hjemvej discharge destinations (stays.rules.DESTINATIONS) that map to
    # this code, so the destination recorded at discharge is not asked for twice.
    destinations = models.JSONField("Hjemvej-destinationer", default=list, blank=True)

    class Meta:
        ordering = ["code_list", "code", "valid_from"]
        verbose_name = "DST-kode"
        verbose_name_plural = "DST-koder"
        constraints = [
            models.UniqueConstraint(
                fields=["code_list", "code", "valid_from"], name="dstcode_one_per_list_code_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="dstcode_valid_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class PlanStatus(models.TextChoices):
    """Where a placement's bring-home plan stands. No plan yet is the empty status."""

    NONE = "", "Ingen plan"
    PLANNED = "planned", "Planlagt"
    IN_PROGRESS = "in_progress", "I gang"
    BROUGHT_HOME = "brought_home", "Hjemtaget"
    NOT_POSSIBLE = "not_possible", "Ikke muligt"


OPEN_PLAN_STATUSES = [PlanStatus.PLANNED, PlanStatus.IN_PROGRESS]


class Placement(TimeStampedModel):
    """A citizen placed in an offer the municipality buys (another municipality's, a region's or
    a private offer, `Offer.is_external`), what it costs, the local offer that could take over,
    and the plan to bring the citizen home (DOMAIN.md §9: Ballerup's report exists to bring home
    citizens placed in other municipalities' offers). `municipality` is the authority that
    placed and pays (the citizen's acting municipality when the placement was made). The cost
    rule is economics.pricing (`monthly_price`, `yearly_cost`, `bring_home_saving`). The reason
    a plan is not possible is required by the service, not a constraint: erasing a case keeps
    the placement for the statistics and clears its free text."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="placements")
    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, related_name="placements", verbose_name="købt tilbud"
    )
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name="betalende kommune",
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="placements"
    )
    # The citizen's stay at the bought offer (ext16's view of the same citizen there: the nights
    # and the agreed price from the §110 stk. 6 notice). Tied by the services when either is
    # registered while the other is open (`do_create_placement`, `do_register_external_stay`).
    stay = models.ForeignKey(
        Stay,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name="ophold på tilbuddet",
    )
    started_on = models.DateField("anbragt siden")
    ended_on = models.DateField("afsluttet", null=True, blank=True)
    cost_per_month = models.DecimalField("udgift pr. måned", max_digits=10, decimal_places=2)
    local_offer = models.ForeignKey(
        Offer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lokalt tilbud, der kan overtage",
    )
    responsible = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ansvarlig sagsbehandler",
    )
    plan_status = models.CharField(
        "hjemtagningsplan", max_length=20, choices=PlanStatus.choices, blank=True
    )
    target_date = models.DateField("måldato for hjemtagning", null=True, blank=True)
    plan_steps = models.TextField("skridt og noter", blank=True)
    not_possible_reason = models.TextField("hvorfor hjemtagning ikke er mulig", blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_on", "-created_at"]
        verbose_name = "anbringelse i købt tilbud"
        verbose_name_plural = "anbringelser i købte tilbud"
        indexes = [
            models.Index(fields=["municipality", "ended_on"]),
            models.Index(fields=["plan_status", "target_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="placement_ends_after_start",
                violation_error_message="Anbringelsen kan ikke slutte, før den begyndte.",
            ),
            models.CheckConstraint(
                condition=Q(cost_per_month__gte=0),
                name="placement_cost_not_negative",
                violation_error_message="Udgiften kan ikke være negativ.",
            ),
            models.UniqueConstraint(
                fields=["citizen", "offer"],
                condition=Q(ended_on__isnull=True),
                name="placement_one_open_per_citizen_and_offer",
                violation_error_message="Borgeren har allerede en åben anbringelse i tilbuddet.",
            ),
            models.UniqueConstraint(
                fields=["stay"],
                condition=Q(stay__isnull=False),
                name="placement_one_per_stay",
                violation_error_message="Opholdet hører allerede til en anden anbringelse.",
            ),
            models.CheckConstraint(
                condition=Q(local_offer__isnull=True) | ~Q(local_offer=F("offer")),
                name="placement_local_offer_is_another",
                violation_error_message="Det lokale tilbud kan ikke være det købte tilbud.",
            ),
            models.CheckConstraint(
                condition=Q(plan_status__in=[c.value for c in PlanStatus]),
                name="placement_plan_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(plan_status__in=OPEN_PLAN_STATUSES) | Q(target_date__isnull=False),
                name="placement_plan_has_target_date",
                violation_error_message="En hjemtagningsplan skal have en måldato.",
            ),
            models.CheckConstraint(
                condition=Q(target_date__isnull=True) | Q(target_date__gte=F("started_on")),
                name="placement_target_after_start",
                violation_error_message="Måldatoen kan ikke ligge før anbringelsen.",
            ),
            models.CheckConstraint(
                condition=~Q(plan_status=PlanStatus.BROUGHT_HOME) | Q(ended_on__isnull=False),
                name="placement_brought_home_has_ended",
                violation_error_message="En hjemtaget borger har en slutdato på anbringelsen.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citizen} i {self.offer}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    @property
    def has_plan(self) -> bool:
        return bool(self.plan_status)

    @property
    def cost_per_year(self):
        return yearly_cost(self.cost_per_month)
