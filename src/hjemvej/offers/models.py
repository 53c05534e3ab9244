"""The offer catalogue (an extension of an offer unit), its rooms, and referrals (visitation)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from hjemvej.accounts.models import Unit, User
from hjemvej.common.models import StatusChange, TimeStampedModel
from hjemvej.common.transitions import StateMachine
from hjemvej.offers import eligibility
from hjemvej.people.models import Citizen, Relationship


class LegalBasis(models.TextChoices):
    SEL_110 = "sel110", "Serviceloven §110 (herberg/forsorgshjem)"
    SEL_107 = "sel107", "Serviceloven §107 (midlertidigt botilbud)"
    SEL_101 = "sel101", "Serviceloven §101 / Sundhedsloven §142 (stofmisbrugsbehandling)"
    SEL_85 = "sel85", "Serviceloven §85 (socialpædagogisk støtte)"
    SEL_85A = "sel85a", "Serviceloven §85a (bostøtte efter Housing First-metoder)"
    SEL_99 = "sel99", "Serviceloven §99 (opsøgende støtte)"
    SEL_82 = "sel82", "Serviceloven §82a/§82b (gruppe- og individuel støtte)"
    SKAEVE = "skaeve", "Skæve boliger (alternativ bolig)"
    HOUSING_FIRST = "housing_first", "Housing First / CTI-forløb"


# Tilbudsportalen (the national register of social offers) identifies an offer by a number.
TILBUDSPORTALEN_ID = RegexValidator(
    r"^[0-9]{1,10}$",
    "Tilbudsportalen-id består af cifre (højst 10), fx 12345.",
    code="tilbudsportalen_id",
)


class Operator(models.TextChoices):
    """Who runs an offer. An offer run by someone else is one the authority buys: another
    municipality's or a private shelter, treatment or housing offer (DOMAIN.md §3). Its unit
    belongs to the buying municipality and has no staff of the provider: the provider gets no
    access to Hjemvej."""

    OWN = "own", "Kommunens eget tilbud"
    MUNICIPALITY = "municipality", "En anden kommunes tilbud"
    REGION = "region", "Regionens tilbud"
    PRIVATE = "private", "Privat eller selvejende tilbud"


class Offer(TimeStampedModel):
    """The catalogue facts about one offer unit. Criteria are data (see offers.eligibility)."""

    unit = models.OneToOneField(
        Unit,
        on_delete=models.PROTECT,
        related_name="offer",
        limit_choices_to={"kind": Unit.Kind.OFFER},
        verbose_name="enhed",
    )
    legal_basis = models.CharField("lovgrundlag", max_length=20, choices=LegalBasis.choices)
    target_group = models.TextField("målgruppe", blank=True)
    residential = models.BooleanField(
        "botilbud", default=True, help_text="Borgeren bor på tilbuddet (ophold med værelse)."
    )
    places = models.PositiveSmallIntegerField(
        "pladser", null=True, blank=True, help_text="Tomt for ambulante tilbud og grupper."
    )
    group_min = models.PositiveSmallIntegerField("mindste gruppe", null=True, blank=True)
    group_max = models.PositiveSmallIntegerField("største gruppe", null=True, blank=True)
    support_hours_per_week = models.DecimalField(
        "støttetimer pr. borger pr. uge", max_digits=5, decimal_places=2, null=True, blank=True
    )
    opening_hours = models.CharField("åbningstider / bemanding", max_length=300, blank=True)
    contact = models.CharField("kontakt", max_length=300, blank=True)
    daily_rate_reference = models.CharField(
        "takst (reference)",
        max_length=200,
        blank=True,
        help_text="Fx takstblad 2022: 1.788 kr./døgn",
    )
    criteria = models.JSONField("kriterier", default=list, blank=True)
    start_with_men = models.BooleanField(
        "start med mænd",
        default=False,
        help_text="Sammensætningsregel for grupper: nye grupper optager kun mænd.",
    )
    tilbudsportalen_id = models.CharField(
        "Tilbudsportalen-id",
        max_length=10,
        blank=True,
        validators=[TILBUDSPORTALEN_ID],
        help_text="Tilbuddets id på Tilbudsportalen.dk (kun cifre). Tomt, hvis det ikke er oplyst.",
    )
    operator = models.CharField(
        "driftsherre", max_length=20, choices=Operator.choices, default=Operator.OWN
    )
    provider = models.CharField(
        "leverandør",
        max_length=200,
        blank=True,
        help_text="Kommunen eller organisationen, der driver et købt tilbud.",
    )
    price_per_night = models.DecimalField(
        "pris pr. døgn",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Den aftalte pris pr. døgn for et købt tilbud, i kroner.",
    )
    price_per_month = models.DecimalField(
        "pris pr. måned",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Den aftalte pris pr. måned for et købt tilbud, i kroner.",
    )

    class Meta:
        ordering = ["unit__municipality__name", "unit__name"]
        verbose_name = "tilbud"
        verbose_name_plural = "tilbud"
        constraints = [
            models.UniqueConstraint(
                fields=["tilbudsportalen_id"],
                # Several municipalities may buy places at the same offer, each registering it.
                condition=~Q(tilbudsportalen_id="") & Q(operator="own"),
                name="offer_tilbudsportalen_id_unique",
                violation_error_message="Et andet tilbud har allerede dette Tilbudsportalen-id.",
            ),
            models.CheckConstraint(
                condition=Q(operator="own") | ~Q(provider=""),
                name="offer_external_has_provider",
                violation_error_message="Et købt tilbud skal have en leverandør.",
            ),
        ]

    def __str__(self) -> str:
        return self.unit.name

    @property
    def name(self) -> str:
        return self.unit.name

    @property
    def is_external(self) -> bool:
        """Bought from someone else, not run by the municipality that registered it."""
        return self.operator != Operator.OWN

    @property
    def is_shelter(self) -> bool:
        return self.legal_basis == LegalBasis.SEL_110

    @property
    def is_group(self) -> bool:
        return self.group_max is not None

    @property
    def shows_composition(self) -> bool:
        """A group offer, or the youth housing (§107), whose referrals must balance age, gender
        and the mix of problems in the current group (DOMAIN.md §7)."""
        return self.is_group or self.legal_basis == LegalBasis.SEL_107

    def criteria_for_display(self) -> list[str]:
        """The criteria in Danish, in the order the offer states them."""
        return [describe_criterion(c) for c in self.criteria]


def describe_criterion(c: dict) -> str:
    phase = " (efter start)" if c.get("phase") == "after_start" else ""
    if c.get("text"):
        return c["text"] + phase
    kind = c.get("kind")
    ages = eligibility.applies_text(c)
    if ages:
        return ages + describe_criterion(
            {k: v for k, v in c.items() if not k.startswith("applies_")}
        )
    if kind == "age":
        low, high = c.get("min"), c.get("max")
        if low is not None and high is not None:
            return f"Alder {low}–{high} år ved indflytning{phase}"
        if low is not None:
            return f"Mindst {low} år{phase}"
        return f"Højst {high} år{phase}"
    if kind == "excludes":
        return f"Udelukker: {eligibility.CONDITION_TEXT.get(c['condition'], c['condition'])}{phase}"
    if kind == "substances":
        acc = " og ".join(eligibility.SUBSTANCE_GROUPS[g] for g in c.get("accepted", []))
        ref = " og ".join(eligibility.SUBSTANCE_GROUPS[g] for g in c.get("refused", []))
        return f"Behandler {acc}" + (f", ikke {ref}" if ref else "") + phase
    if kind == "treatment":
        return f"Aktivt misbrug kræver, at borgeren tager imod behandling{phase}"
    if kind == "assessment":
        return eligibility.FACTS[c.get("fact", "pre_interview_done")][0] + phase
    return str(c)


class Room(models.Model):
    """A named room or place in a residential offer."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField("navn", max_length=100)
    position = models.PositiveSmallIntegerField("rækkefølge", default=0)

    class Meta:
        ordering = ["offer", "position", "name"]
        verbose_name = "værelse"
        verbose_name_plural = "værelser"
        constraints = [models.UniqueConstraint(fields=["offer", "name"], name="room_name_unique")]

    def __str__(self) -> str:
        return self.name


class ReferralStatus(models.TextChoices):
    REQUESTED = "requested", "Anmodet"
    APPROVED = "approved", "Bevilget"
    REFUSED = "refused", "Afslået"
    WAITING = "waiting", "På venteliste"
    ADMITTED = "admitted", "Optaget"
    DECLINED = "declined", "Fravalgt af tilbuddet"
    WITHDRAWN = "withdrawn", "Trukket tilbage"


# The one place that says which moves a referral may make (see services.do_set_referral_status).
TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.REQUESTED: frozenset(
        {ReferralStatus.APPROVED, ReferralStatus.REFUSED, ReferralStatus.WITHDRAWN}
    ),
    ReferralStatus.APPROVED: frozenset(
        {
            ReferralStatus.WAITING,
            ReferralStatus.ADMITTED,
            ReferralStatus.DECLINED,
            ReferralStatus.WITHDRAWN,
        }
    ),
    ReferralStatus.WAITING: frozenset(
        {ReferralStatus.ADMITTED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN}
    ),
    ReferralStatus.REFUSED: frozenset(),
    ReferralStatus.ADMITTED: frozenset(),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.WITHDRAWN: frozenset(),
}
OPEN_STATUSES = [ReferralStatus.REQUESTED, ReferralStatus.APPROVED, ReferralStatus.WAITING]
# A referral that was granted (and not since withdrawn or declined by the offer).
GRANTED_STATUSES = [ReferralStatus.APPROVED, ReferralStatus.WAITING, ReferralStatus.ADMITTED]


class Paragraph(models.TextChoices):
    """The paragraph a granted referral to an adult offer is decided under (Danmarks Statistik's
    statistics of adult decisions, DOMAIN.md §9). A §82 offer gives group help (§82a) or
    individual time-limited support (§82b): the caseworker says which when granting."""

    SEL_82A = "82a", "§82a (gruppebaseret hjælp)"
    SEL_82B = "82b", "§82b (individuel, tidsbegrænset støtte)"
    SEL_85 = "85", "§85 (socialpædagogisk støtte)"
    SEL_85A = "85a", "§85a (bostøtte efter Housing First-metoder)"
    SEL_107 = "107", "§107 (midlertidigt botilbud)"


# The paragraph a decision on an offer of each legal basis is made under; §82 offers need the
# caseworker's choice (82a or 82b). Offers of other legal bases are not adult decisions.
DECISION_PARAGRAPHS: dict[str, tuple[str, ...]] = {
    LegalBasis.SEL_82: (Paragraph.SEL_82A, Paragraph.SEL_82B),
    LegalBasis.SEL_85: (Paragraph.SEL_85,),
    LegalBasis.SEL_85A: (Paragraph.SEL_85A,),
    LegalBasis.SEL_107: (Paragraph.SEL_107,),
}


class Referral(TimeStampedModel):
    """A referral (visitation) of a citizen to an offer, or a self-referral at a §110 shelter."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="referrals")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(
        "status", max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.REQUESTED
    )
    self_referral = models.BooleanField("selvhenvendelse", default=False)
    requested_on = models.DateField("anmodet")
    decided_on = models.DateField("afgjort", null=True, blank=True)
    paragraph = models.CharField(
        "afgjort efter", max_length=4, choices=Paragraph.choices, blank=True
    )
    reason = models.TextField("begrundelse", blank=True)
    facts = models.JSONField("oplyste forhold", default=dict, blank=True)
    functional_level = models.PositiveSmallIntegerField(
        "samlet funktionsniveau (0–4)", null=True, blank=True
    )
    waiting_since = models.DateTimeField("på venteliste siden", null=True, blank=True)
    referred_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    relationship = models.ForeignKey(
        Relationship, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A referral to a bought offer (another municipality's, a region's or a private one) needs
    # the local alternative considered first (DOMAIN.md §9): the local offer considered, or that
    # there is none, and why it does not fit. `external_offer` records that the rule applied
    # when the referral was made, so the database can hold it (services.do_refer sets it).
    external_offer = models.BooleanField("visiteret til et købt tilbud", default=False)
    local_alternative = models.ForeignKey(
        Offer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lokalt tilbud overvejet",
    )
    no_local_alternative = models.BooleanField("kommunen har intet lokalt tilbud", default=False)
    local_alternative_reason = models.TextField("hvorfor det lokale tilbud ikke passer", blank=True)

    class Meta:
        ordering = ["-requested_on", "-created_at"]
        verbose_name = "visitation"
        verbose_name_plural = "visitationer"
        constraints = [
            models.CheckConstraint(
                condition=Q(functional_level__isnull=True) | Q(functional_level__lte=4),
                name="referral_functional_level_0_4",
            ),
            # The reason why the local offer does not fit is required by the service, not here:
            # erasing a case (rights.services.erase_case) clears a kept referral's free text.
            models.CheckConstraint(
                condition=Q(external_offer=False)
                | Q(local_alternative__isnull=False, no_local_alternative=False)
                | Q(local_alternative__isnull=True, no_local_alternative=True),
                name="referral_external_local_alternative_considered",
                violation_error_message=(
                    "En visitation til et købt tilbud kræver, at et lokalt tilbud er overvejet, "
                    "eller at kommunen ikke har et."
                ),
            ),
            models.CheckConstraint(
                condition=Q(paragraph="") | Q(paragraph__in=Paragraph.values),
                name="referral_paragraph_known",
                violation_error_message="Vælg en paragraf fra listen.",
            ),
            models.CheckConstraint(
                condition=Q(paragraph="") | Q(decided_on__isnull=False),
                name="referral_paragraph_needs_decision",
                violation_error_message="Paragrafen hører til en afgørelse.",
            ),
        ]
        indexes = [models.Index(fields=["offer", "status", "waiting_since"])]

    def __str__(self) -> str:
        return f"{self.citizen} → {self.offer}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReferralStatusChange(StatusChange):
    """Every move of a referral, with who made it and why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=20, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReferralStatus.choices)

    class Meta(StatusChange.Meta):
        pass


REFERRAL_STATUS: StateMachine[Referral] = StateMachine(
    model=Referral,
    transitions=TRANSITIONS,
    change_model=ReferralStatusChange,
    parent="referral",
    noun="En visitation",
)
