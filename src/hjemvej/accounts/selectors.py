"""Reads of users' roles: the memberships of a user, loaded once per user object."""

from typing import Any

from django.contrib.auth.models import AnonymousUser

from hjemvej.accounts.models import Membership, User

# Who asks the access policy: a signed-in staff user, or nobody (an anonymous request).
AnyUser = User | AnonymousUser


def memberships(user: Any) -> list[Membership]:
    """The user's roles in units (with unit and municipality), loaded once per user object."""
    cached = getattr(user, "_hjemvej_memberships", None)
    if cached is None:
        cached = list(user.memberships.select_related("unit", "unit__municipality"))
        user._hjemvej_memberships = cached
    return cached


def unit_names(user: Any) -> str:
    """The names of the user's units, for the page header."""
    return ", ".join(sorted({m.unit.name for m in memberships(user)}))
