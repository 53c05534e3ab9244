"""Status changes, the one way: a table of allowed moves, the row locked while the move is
checked, an illegal move refused with a Danish message, and a change row for every move.

Each state machine (referrals, meetings, housing applications, courses, report jobs) declares
a `StateMachine` next to its model and calls `move` inside its service's transaction:

    current = MEETING_STATUS.move(meeting, to=Meeting.Status.HELD, by=user)

`move` locks the row (SELECT … FOR UPDATE), so two people who change the same row at once are
served one after the other: the second sees the first one's status and is refused if its move
is no longer allowed. The service adds what belongs to the move (its audit row, reminders to
cancel, relationships to close) in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class StateMachine(Generic[M]):
    """Which moves a model's `status` may make, and where the moves are recorded.

    `change_model` has the fields of `common.models.StatusChange` and a foreign key named
    `parent` to the model; `noun` begins the refusal ("Et møde med status …")."""

    model: type[M]
    transitions: Mapping[str, frozenset[str]]
    change_model: type[models.Model]
    parent: str
    noun: str

    def label(self, status: str) -> str:
        choices = dict(self.model._meta.get_field("status").flatchoices)  # type: ignore[union-attr]
        return str(choices.get(status, status))

    def allows(self, from_status: str, to_status: str) -> bool:
        return to_status in self.transitions.get(from_status, frozenset())

    def is_final(self, status: str) -> bool:
        return not self.transitions.get(status)

    def lock(self, obj: M) -> M:
        """The row again, locked until the transaction ends. Call inside `transaction.atomic`."""
        return self.model._default_manager.select_for_update().get(pk=obj.pk)

    def check(self, from_status: str, to_status: str) -> None:
        if from_status == to_status:
            raise ValidationError(f"Status er allerede »{self.label(to_status).lower()}«.")
        if not self.allows(from_status, to_status):
            raise ValidationError(
                f"{self.noun} med status »{self.label(from_status).lower()}« kan ikke ændres "
                f"til »{self.label(to_status).lower()}«."
            )

    def record_start(self, obj: M, *, by: Any = None, reason: str = "") -> None:
        """The first change row of a new row: from nothing to its starting status."""
        self.change_model._default_manager.create(
            **{self.parent: obj},
            from_status="",
            to_status=obj.status,  # type: ignore[attr-defined]
            at=timezone.now(),
            by=by,
            reason=reason.strip(),
        )

    def move(
        self,
        obj: M,
        *,
        to: str,
        by: Any = None,
        reason: str = "",
        fields: Mapping[str, Any] | None = None,
        at: datetime.datetime | None = None,
    ) -> M:
        """Lock `obj`'s row, check the move from its current status, save the new status (and
        `fields`) and write the change row. Returns the locked, updated row; `obj` itself is
        refreshed too, so the caller's copy shows the new status."""
        with transaction.atomic():
            current = self.lock(obj)
            old = current.status  # type: ignore[attr-defined]
            self.check(old, to)
            current.status = to  # type: ignore[attr-defined]
            update = ["status"]
            for name, value in (fields or {}).items():
                setattr(current, name, value)
                update.append(name)
            if any(f.name == "updated_at" for f in self.model._meta.concrete_fields):
                update.append("updated_at")
            current.save(update_fields=update)
            self.change_model._default_manager.create(
                **{self.parent: current},
                from_status=old,
                to_status=to,
                at=at or timezone.now(),
                by=by,
                reason=reason.strip(),
            )
        obj.refresh_from_db()
        return current
