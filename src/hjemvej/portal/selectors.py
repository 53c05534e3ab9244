import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from hjemvej.accounts.models import Unit, User
from hjemvej.audit import selectors as audit_selectors
from hjemvej.audit.models import Action, AuditEntry
from hjemvej.courses.models import SupportEntry
from hjemvej.meetings.models import Meeting
from hjemvej.plans.models import Plan

SUPPORT_DAYS = 90


def uses_of_my_data(citizen) -> QuerySet[AuditEntry]:
    return audit_selectors.uses_of_my_data(citizen.uuid)


@dataclass
class DayOfUse:
    """One unit's uses of the citizen's data on one day, as the citizen sees them."""

    day: datetime.date
    unit: str
    count: int
    actions: list[str] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)


def uses_by_day_and_unit(citizen) -> QuerySet:
    """The uses grouped by day and unit, newest first (one row per group; paginate it)."""
    from django.db.models import Count
    from django.db.models.functions import TruncDate

    return (
        uses_of_my_data(citizen)
        .order_by()
        .annotate(day=TruncDate("at"))
        .values("day", "actor_unit")
        .annotate(count=Count("id"))
        .order_by("-day", "actor_unit")
    )


def describe_days(citizen, groups: list[dict]) -> list[DayOfUse]:
    """What was done and why in each group of a page: one more query for the whole page."""
    from django.db.models.functions import TruncDate

    if not groups:
        return []
    days = {g["day"] for g in groups}
    labels = dict(Action.choices)
    rows = (
        uses_of_my_data(citizen)
        .order_by()
        .annotate(day=TruncDate("at"))
        .filter(day__in=days)
        .values_list("day", "actor_unit", "action", "purpose")
        .distinct()
    )
    detail: dict[tuple, tuple[list[str], list[str]]] = {}
    for day, unit, action, purpose in rows:
        actions, purposes = detail.setdefault((day, unit), ([], []))
        if labels[action].lower() not in actions:
            actions.append(labels[action].lower())
        if purpose and purpose not in purposes:
            purposes.append(purpose)
    result = []
    for g in groups:
        actions, purposes = detail.get((g["day"], g["actor_unit"]), ([], []))
        result.append(
            DayOfUse(
                day=g["day"],
                unit=g["actor_unit"] or "Kommunen",
                count=g["count"],
                actions=sorted(actions),
                purposes=sorted(purposes),
            )
        )
    return result


# ---------------------------------------------------------------- contact persons


@dataclass
class ContactPerson:
    """A member of staff the citizen deals with, and why. Name, title and phone are shown to
    the citizen here on purpose: these are the people they are meant to call."""

    user: User
    unit: Unit
    reasons: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.user.pk}-{self.unit.pk}"

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.username


def contact_persons(citizen, today: datetime.date) -> list[ContactPerson]:
    """From the data that ties staff to the citizen: the contact person of coming and recent
    meetings, staff who gave the citizen support in the last 90 days, and who made an active
    plan with the citizen. Three queries."""
    found: dict[int, ContactPerson] = {}

    def add(user: User, unit: Unit, reason: str) -> None:
        if not user.is_active:
            return
        person = found.setdefault(user.pk, ContactPerson(user=user, unit=unit))
        if reason not in person.reasons:
            person.reasons.append(reason)

    now = timezone.now()
    meetings = (
        Meeting.objects.filter(citizen=citizen)
        .filter(
            Q(status=Meeting.Status.PLANNED, ends_at__gt=now)
            | Q(status=Meeting.Status.HELD, starts_at__gte=now - datetime.timedelta(days=365))
        )
        .select_related("contact_person", "unit", "unit__municipality")
        .order_by("starts_at")
    )
    for m in meetings:
        add(m.contact_person, m.unit, "Kontaktperson ved dine møder")
    support = (
        SupportEntry.objects.filter(
            citizen=citizen, date__gte=today - datetime.timedelta(days=SUPPORT_DAYS)
        )
        .select_related("registered_by", "unit", "unit__municipality")
        .order_by("-date")
    )
    for s in support:
        add(s.registered_by, s.unit, f"Giver dig støtte i {s.unit.name}")
    plans = (
        Plan.objects.filter(citizen=citizen, ends_on__isnull=True)
        .select_related("created_by", "unit", "unit__municipality")
        .order_by("-starts_on")
    )
    for p in plans:
        add(p.created_by, p.unit, "Har lavet din plan sammen med dig")
    return list(found.values())


def fallback_unit(citizen) -> Unit | None:
    """Where a message goes when the citizen has no contact person yet: the authority of the
    citizen's acting municipality."""
    return (
        Unit.objects.filter(
            municipality_id=citizen.acting_municipality_id, kind=Unit.Kind.AUTHORITY
        )
        .order_by("name")
        .first()
    )
