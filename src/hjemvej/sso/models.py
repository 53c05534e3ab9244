"""The staff's single sign-on: which group or role at the municipality's identity provider
gives which role in which unit, and which provider identity a Hjemvej user is."""

import uuid

from django.conf import settings
from django.db import models

from hjemvej.accounts.models import Role, Unit


class RoleMapping(models.Model):
    """A group or role claim at the identity provider → a membership (unit + role)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    claim_value = models.CharField("gruppe eller rolle hos identitetsudbyderen", max_length=200)
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="role_mappings", verbose_name="enhed"
    )
    role = models.CharField("rolle", max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["unit__name", "role", "claim_value"]
        verbose_name = "rollekobling"
        verbose_name_plural = "rollekoblinger"
        constraints = [
            models.UniqueConstraint(
                fields=["claim_value", "unit", "role"], name="role_mapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.claim_value} → {self.get_role_display()} i {self.unit.name}"


class StaffIdentity(models.Model):
    """The provider's identity of a Hjemvej user (issuer + subject): how the user is found at
    each login. A user with an identity gets exactly the memberships the mappings give."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identity"
    )
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=300)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="staff_identity_unique")
        ]


class SamlRequest(models.Model):
    """An authentication request we sent to the SAML identity provider. The provider's answer
    comes back as a cross-site POST, which carries no session cookie (SameSite), so the request
    ids we wait for live here: single use, and only for a few minutes."""

    request_id = models.CharField(max_length=100, unique=True)
    next_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
