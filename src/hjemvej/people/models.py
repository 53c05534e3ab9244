"""Citizens, their relatives and network, their consents and their ties to units."""

import datetime

from django.db import models
from django.db.models import Q

from hjemvej.accounts.models import Municipality, Unit, User
from hjemvej.common import dates
from hjemvej.common.models import TimeStampedModel
from hjemvej.people import cpr as cprlib


def fold(text: str) -> str:
    return " ".join(text.casefold().split())


class Gender(models.TextChoices):
    FEMALE = "female", "Kvinde"
    MALE = "male", "Mand"
    OTHER = "other", "Andet"


class Citizen(TimeStampedModel):
    cpr = models.CharField("CPR-nummer", max_length=10, unique=True)
    first_name = models.CharField("fornavn(e)", max_length=100)
    last_name = models.CharField("efternavn", max_length=100)
    birth_date = models.DateField("fødselsdato")
    gender = models.CharField("køn", max_length=10, choices=Gender.choices)
    phone = models.CharField("telefon", max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)
    address = models.CharField("adresse", max_length=200, blank=True)
    postal_code = models.CharField("postnummer", max_length=4, blank=True)
    city = models.CharField("by", max_length=100, blank=True)
    protected_address = models.BooleanField(
        "navne- og adressebeskyttelse",
        default=False,
        help_text="Adressen vises kun for sagsbehandlere i handlekommunen.",
    )
    # Fritaget for digital post: letters to the citizen become a printed letter task (post app).
    digital_post_exempt = models.BooleanField("fritaget for digital post", default=False)
    acting_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="citizens",
        verbose_name="handlekommune",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    # The name case-folded, for search: SQLite's LIKE folds only ASCII, and "Ø" must find "ø".
    search_name = models.CharField(max_length=201, editable=False, db_index=True, default="")

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = "borger"
        verbose_name_plural = "borgere"
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            # The municipality's citizens as ids (policy.visible_citizen_ids, in nearly every
            # list) from the index alone, without reading each citizen's row.
            models.Index(fields=["acting_municipality", "id"], name="citizen_municipality_id_idx"),
            # A name search among the municipality's citizens from the index alone (with the id
            # as INCLUDE on PostgreSQL, migration 0006).
            models.Index(
                fields=["acting_municipality", "search_name"], name="citizen_municipality_name_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = fold(f"{self.first_name} {self.last_name}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and ({"first_name", "last_name"} & set(update_fields)):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def cpr_display(self) -> str:
        """The full number (ddmmåå-xxxx written out): only after "vis" on the citizen page."""
        return cprlib.display(self.cpr)

    @property
    def cpr_masked(self) -> str:
        """The number as every page shows it: ddmmåå-xxxx (`cpr.mask`, the one masking rule)."""
        return cprlib.mask(self.cpr)

    def age_on(self, day: datetime.date) -> int:
        return dates.age_on(self.birth_date, day)


class Relative(TimeStampedModel):
    class Role(models.TextChoices):
        PARENT = "parent", "Forælder"
        CHILD = "child", "Barn"
        SIBLING = "sibling", "Søskende"
        PARTNER = "partner", "Partner / ægtefælle"
        OTHER_FAMILY = "family", "Anden familie"
        FRIEND = "friend", "Ven"
        GUARDIAN = "guardian", "Værge"
        SUPPORT_PERSON = "support", "Bisidder"
        PROFESSIONAL = "professional", "Professionel (fx læge, kontaktperson)"
        NETWORK = "network", "Anden netværksperson"

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="relatives")
    name = models.CharField("navn", max_length=200)
    role = models.CharField("relation", max_length=20, choices=Role.choices)
    phone = models.CharField("telefon", max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)
    note = models.CharField("bemærkning", max_length=500, blank=True)
    is_next_of_kin = models.BooleanField("nærmeste pårørende", default=False)

    class Meta:
        ordering = ["-is_next_of_kin", "name"]
        verbose_name = "pårørende / netværksperson"
        verbose_name_plural = "pårørende og netværk"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class Consent(TimeStampedModel):
    """A specific consent (retssikkerhedsloven §11a): which information, with whom, for what,
    until when. A general consent is not enough, so every field is required."""

    class Direction(models.TextChoices):
        COLLECT = "collect", "Indhente oplysninger fra"
        DISCLOSE = "disclose", "Videregive oplysninger til"

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="consents")
    direction = models.CharField("samtykke til at", max_length=10, choices=Direction.choices)
    information = models.CharField("hvilke oplysninger", max_length=300)
    party = models.CharField("fra eller til hvem", max_length=200)
    purpose = models.CharField("formål (hvilken sag)", max_length=300)
    valid_from = models.DateField("gælder fra")
    valid_until = models.DateField("gælder til")
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    withdrawn_at = models.DateTimeField("trukket tilbage", null=True, blank=True)
    withdrawn_by_citizen = models.BooleanField(default=False)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = "samtykke"
        verbose_name_plural = "samtykker"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="consent_valid_until_after_from",
            )
        ]

    def is_active(self, on: datetime.date) -> bool:
        return self.withdrawn_at is None and self.valid_from <= on <= self.valid_until

    @property
    def status_label(self) -> str:
        from django.utils import timezone

        today = timezone.localdate()
        if self.withdrawn_at:
            return "Trukket tilbage"
        if today < self.valid_from:
            return "Ikke trådt i kraft"
        if today > self.valid_until:
            return "Udløbet"
        return "Gyldigt"


class Relationship(models.Model):
    """A citizen's tie to a unit, which lets the unit's staff see the citizen (need-to-know).

    Later parts of the system (referrals, stays, courses) create these rows. Staff keep seeing
    the citizen for a grace period after `ended_on` (settings.RELATIONSHIP_GRACE_DAYS)."""

    class Kind(models.TextChoices):
        REFERRAL = "referral", "Visitation"
        STAY = "stay", "Ophold"
        COURSE = "course", "Forløb"
        TREATMENT = "treatment", "Behandling"
        SUPPORT = "support", "Støtte"
        CONTACT = "contact", "Kontakt"

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="relationships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="relationships")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    started_on = models.DateField("fra")
    ended_on = models.DateField("til", null=True, blank=True)
    source = models.CharField(
        "kilde",
        max_length=100,
        blank=True,
        help_text="Hvilken registrering der skabte tilknytningen.",
    )

    class Meta:
        ordering = ["-started_on"]
        verbose_name = "tilknytning til enhed"
        verbose_name_plural = "tilknytninger til enheder"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="relationship_end_after_start",
            )
        ]
        indexes = [models.Index(fields=["unit", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.citizen} — {self.unit} ({self.get_kind_display()})"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None
