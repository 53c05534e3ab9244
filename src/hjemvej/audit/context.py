"""The acting user for the current request, set once and picked up by every audit call."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class AuditActor:
    user_id: int | None
    username: str
    unit: str = ""


_current: ContextVar[AuditActor | None] = ContextVar("hjemvej_audit_actor", default=None)


def set_actor(actor: AuditActor | None):
    return _current.set(actor)


def reset_actor(token) -> None:
    _current.reset(token)


def current_actor() -> AuditActor | None:
    return _current.get()


def actor_for_user(user) -> AuditActor:
    if user is None or not getattr(user, "is_authenticated", False):
        return AuditActor(user_id=None, username="(anonym)")
    unit = ""
    first = (
        user.memberships.select_related("unit").order_by("id").first()
        if hasattr(user, "memberships")
        else None
    )
    if first is not None:
        unit = first.unit.name
    return AuditActor(user_id=user.pk, username=user.get_username(), unit=unit)
