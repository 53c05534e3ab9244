"""Municipalities, their units (the authority and the offers) and the staff who work in them."""

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class Municipality(models.Model):
    code = models.PositiveSmallIntegerField("kommunekode", unique=True)
    name = models.CharField("navn", max_length=100, unique=True)
    youth_age = models.PositiveSmallIntegerField(
        "ungealder på herberg",
        default=25,
        help_text=(
            "Et ophold på et §110-herberg for en borger under denne alder markeres, og borgeren "
            "skal tilbydes et alternativ (fx en ungebolig)."
        ),
    )
    youth_shelter_policy = models.BooleanField(
        "politik: som hovedregel ingen under ungealderen på herberg",
        default=False,
        help_text=(
            "Kommunens politik (fx Herning). Opholdet markeres med politikken, og "
            "resultatopgørelsen viser ophold for unge, tilbudte alternativer og hvor mange der "
            "tog imod. Aldrig et kriterium for optagelse – §110 er en åben dør."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"

    def __str__(self) -> str:
        return f"{self.name} Kommune"


class Unit(models.Model):
    class Kind(models.TextChoices):
        AUTHORITY = "authority", "Myndighed"
        OFFER = "offer", "Tilbud"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="units", verbose_name="kommune"
    )
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    name = models.CharField("navn", max_length=200)
    slug = models.SlugField("kort navn", max_length=80, unique=True)

    class Meta:
        ordering = ["municipality__name", "kind", "name"]
        verbose_name = "enhed"
        verbose_name_plural = "enheder"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="unit_name_unique_in_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality.name})"


class Role(models.TextChoices):
    CASEWORKER = "caseworker", "Sagsbehandler"
    OFFER_STAFF = "offer_staff", "Medarbejder på tilbud"
    MANAGER = "manager", "Leder"
    ANALYST = "analyst", "Analytiker"
    ADMINISTRATOR = "administrator", "Administrator"


class User(AbstractUser):
    """A staff user. Citizens who log in to their own pages are matched separately (portal)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField("stilling", max_length=100, blank=True)
    phone = models.CharField("telefon", max_length=30, blank=True)

    class Meta:
        verbose_name = "bruger"
        verbose_name_plural = "brugere"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def set_password(self, raw_password) -> None:
        # A new password ends the API tokens issued under the old one, as it ends the sessions
        # (Django's session auth hash). Every way of changing a password comes through here.
        super().set_password(raw_password)
        if self.pk:
            ApiToken.objects.revoke_all(self)

    def roles(self) -> set[str]:
        cached = getattr(self, "_roles_cache", None)
        if cached is None:
            cached = set(self.memberships.values_list("role", flat=True))
            self._roles_cache = cached
        return cached

    def has_role(self, role: str) -> bool:
        return role in self.roles()


class Membership(models.Model):
    """A user's role in one unit. A user may belong to several units, with a role in each."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rolle", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "tilknytning"
        verbose_name_plural = "tilknytninger"
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} i {self.unit}"


class ApiTokenQuerySet(models.QuerySet):
    def revoke_all(self, user: "User") -> int:
        """End a user's API tokens: on deactivation (BearerAuth refuses inactive users), a
        new password, or a role taken away."""
        return self.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


class ApiToken(models.Model):
    """A bearer token for the API. Only a hash of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API-nøgle"
        verbose_name_plural = "API-nøgler"
