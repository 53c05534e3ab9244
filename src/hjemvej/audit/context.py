"""Who is acting: set once per request (or per command, job or test) and read by every audit call.

The audit log never takes the actor as an argument. A request gets its actor from
`AuditContextMiddleware`; the citizen's own pages set the citizen as actor; commands, background
jobs and tests that act for someone say so with `acting_as(user)`. Code that runs with no actor
at all is logged as "(system)".

The actor's unit is the unit acting: the unit the user has chosen to act for, the user's only
unit, or — once the access policy has granted access to a citizen through one of the user's
units — that unit (`act_for_unit`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any

SYSTEM = "(system)"
ANONYMOUS = "(anonym)"
# The actor of what a citizen does on their own pages (portal.identity); the citizen's view of
# the log leaves these rows out (audit.selectors).
CITIZEN_ACTOR_NAME = "borgeren selv"
ACTING_UNIT_SESSION_KEY = "hjemvej_acting_unit"


@dataclass(frozen=True)
class AuditActor:
    user_id: int | None
    username: str
    unit: str = ""


_current: ContextVar[AuditActor | None] = ContextVar("hjemvej_audit_actor", default=None)


def set_actor(actor: AuditActor | None) -> Token:
    return _current.set(actor)


def reset_actor(token: Token) -> None:
    _current.reset(token)


def current_actor() -> AuditActor:
    """The actor of the current request, command or job; "(system)" when nobody is acting."""
    actor = _current.get()
    return actor if actor is not None else AuditActor(user_id=None, username=SYSTEM)


def _units(user: Any) -> list[tuple[int, str]]:
    from hjemvej.accounts.selectors import memberships

    seen: dict[int, str] = {}
    for m in memberships(user):
        seen.setdefault(m.unit_id, m.unit.name)
    return sorted(seen.items())


def actor_for_user(user: Any, *, unit_id: int | None = None) -> AuditActor:
    """The actor for a staff user, acting for `unit_id` when it is one of the user's units, else
    for their only unit (a user with several units and no choice acts for no named unit until
    the access policy names the unit that grants access)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return AuditActor(user_id=None, username=ANONYMOUS)
    units = _units(user) if hasattr(user, "memberships") else []
    name = ""
    if unit_id is not None:
        name = dict(units).get(unit_id, "")
    if not name and len(units) == 1:
        name = units[0][1]
    return AuditActor(user_id=user.pk, username=user.get_username(), unit=name)


def act_for_unit(unit_name: str) -> None:
    """The access policy granted access through `unit_name`: the rest of this request (or
    command) acts for that unit."""
    actor = _current.get()
    if actor is None or actor.user_id is None or not unit_name or actor.unit == unit_name:
        return
    _current.set(AuditActor(user_id=actor.user_id, username=actor.username, unit=unit_name))


@contextmanager
def acting_as(user: Any, *, unit_id: int | None = None) -> Iterator[AuditActor]:
    """Run a block as `user` (a command, a background job, a test): its audit rows name them."""
    actor = actor_for_user(user, unit_id=unit_id)
    token = set_actor(actor)
    try:
        yield actor
    finally:
        reset_actor(token)


@contextmanager
def acting_as_actor(actor: AuditActor) -> Iterator[AuditActor]:
    token = set_actor(actor)
    try:
        yield actor
    finally:
        reset_actor(token)
