"""Writes for the staff's single sign-on: signing a user in from the provider's claims (with
their memberships brought in line with the claims) and the administrator's role mappings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.accounts.models import ApiToken, Membership, Role, Unit, User
from hjemvej.audit.context import acting_as
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.common.oidc import LoginRefused
from hjemvej.sso.models import RoleMapping, StaffIdentity


@dataclass(frozen=True)
class ProviderIdentity:
    """Who the identity provider says signed in, whatever the protocol (OpenID Connect or SAML)."""

    issuer: str
    subject: str
    username: str
    groups: tuple[str, ...]
    given_name: str = ""
    family_name: str = ""
    email: str = ""


def claim_values(value: Any) -> list[str]:
    """A groups/roles claim or attribute as a list of strings (a list or a single string)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part for part in value.replace(",", " ").split() if part]
    return [str(v) for v in value]


def _wanted_memberships(identity: ProviderIdentity) -> set[tuple[int, str]]:
    if not identity.groups:
        return set()
    return set(
        RoleMapping.objects.filter(claim_value__in=identity.groups).values_list("unit_id", "role")
    )


def _find_or_link_user(identity: ProviderIdentity):
    found = (
        StaffIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=identity.issuer, subject=identity.subject)
        .first()
    )
    if found is not None:
        return found
    username = identity.username.strip()[:150]
    if not username:
        raise LoginRefused("intet brugernavn fra udbyderen")
    user = User.objects.filter(username__iexact=username).first()
    if user is not None and (
        user.is_superuser
        or StaffIdentity.objects.filter(user=user).exists()
        or username.lower() == settings.EMERGENCY_ADMIN.lower()
    ):
        raise LoginRefused("brugernavnet tilhører en lokal administrator eller en anden identitet")
    if user is None:
        user = User(username=username)
        user.set_unusable_password()
        user.save()
    return StaffIdentity.objects.create(user=user, issuer=identity.issuer, subject=identity.subject)


def do_sign_in(*, identity: ProviderIdentity):
    """The Hjemvej user for the provider's verified identity, with exactly the memberships the
    role mappings give (a removed group removes the role now, and the user's API tokens with
    it). A user whom no mapping gives a role cannot sign in; the removal of their roles stands."""
    user, has_roles = _sync_user(identity)
    if not has_roles:
        raise LoginRefused("brugerens grupper giver ingen roller")
    return user


@transaction.atomic
def _sync_user(identity: ProviderIdentity):
    wanted = _wanted_memberships(identity)
    if (
        not wanted
        and not StaffIdentity.objects.filter(
            issuer=identity.issuer, subject=identity.subject
        ).exists()
    ):
        raise LoginRefused("ingen rollekobling for brugerens grupper")
    staff_identity = _find_or_link_user(identity)
    user = staff_identity.user
    if not user.is_active:
        raise LoginRefused("brugeren er deaktiveret")
    current = {(m.unit_id, m.role): m for m in Membership.objects.filter(user=user)}
    removed = [m for key, m in current.items() if key not in wanted]
    added = sorted(wanted - current.keys())
    with acting_as(user):
        for m in removed:
            m.delete()
        Membership.objects.bulk_create(
            [Membership(user=user, unit_id=unit_id, role=role) for unit_id, role in added]
        )
        if removed:
            ApiToken.objects.revoke_all(user)
        names = {
            "first_name": (identity.given_name or user.first_name)[:150],
            "last_name": (identity.family_name or user.last_name)[:150],
            "email": (identity.email or user.email)[:254],
        }
        changed = [f for f, v in names.items() if getattr(user, f) != v]
        for f in changed:
            setattr(user, f, names[f])
        if changed:
            user.save(update_fields=changed)
        if removed or added:
            units = dict(
                Unit.objects.filter(
                    id__in={u for u, _ in added} | {m.unit_id for m in removed}
                ).values_list("id", "name")
            )
            log_event(
                action=Action.CHANGE,
                summary="Roller ajourført fra kommunens login",
                obj=user,
                detail={
                    "added": [f"{Role(r).label} i {units[u]}" for u, r in added],
                    "removed": [f"{Role(m.role).label} i {units[m.unit_id]}" for m in removed],
                },
                purpose="Enkelt login: roller efter identitetsudbyderens grupper",
            )
    StaffIdentity.objects.filter(pk=staff_identity.pk).update(last_login_at=timezone.now())
    if hasattr(user, "_hjemvej_memberships"):
        del user._hjemvej_memberships
    return user, bool(wanted)


def _check_unit(user: User, unit: Unit) -> None:
    if unit.municipality_id not in policy.administered_municipality_ids(user):
        raise PermissionDenied("Du kan kun administrere din egen kommunes enheder.")


@transaction.atomic
def do_add_role_mapping(*, user: User, claim_value: str, unit: Unit, role: str) -> RoleMapping:
    _check_unit(user, unit)
    claim_value = claim_value.strip()
    errors: dict[str, str] = {}
    if not claim_value:
        errors["claim_value"] = "Skriv gruppens eller rollens navn eller id hos udbyderen."
    if role not in Role.values:
        errors["role"] = "Vælg en rolle."
    if errors:
        raise ValidationError(errors)
    if RoleMapping.objects.filter(claim_value=claim_value, unit=unit, role=role).exists():
        raise ValidationError({"claim_value": "Den kobling findes allerede."})
    mapping = RoleMapping.objects.create(
        claim_value=claim_value, unit=unit, role=role, created_by=user
    )
    log_event(
        action=Action.CREATE,
        summary=f"Rollekobling oprettet: {mapping}",
        obj=mapping,
        purpose="Administration af kommunens login",
    )
    return mapping


@transaction.atomic
def do_remove_role_mapping(*, user: User, mapping: RoleMapping) -> None:
    _check_unit(user, mapping.unit)
    log_event(
        action=Action.DELETE,
        summary=f"Rollekobling slettet: {mapping}",
        obj=mapping,
        purpose="Administration af kommunens login",
    )
    mapping.delete()


def log_emergency_login(user: User) -> None:
    """A local password login while single sign-on is on: logged like break-the-glass and shown
    to managers."""
    with acting_as(user):
        log_event(
            action=Action.BREAK_GLASS,
            summary="Nødlogin med lokal adgangskode, mens kommunens login er slået til",
            object_type="login",
            object_id=str(user.uuid),
            purpose="Nødlogin uden om kommunens login",
        )
