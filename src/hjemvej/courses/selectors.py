"""Reads for courses, support time and follow-up: lists whose query count does not grow with
the number of citizens."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import (
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.accounts.models import Unit
from hjemvej.courses.models import (
    Course,
    CoursePhase,
    CourseTemplate,
    FollowUpTask,
    PhaseMove,
    SupportEntry,
    UnitSupportSetting,
)
from hjemvej.offers.models import Offer
from hjemvej.people.models import Citizen, Relationship

HOURS = Decimal("0.01")


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def hours(minutes: int | None) -> Decimal:
    return (Decimal(minutes or 0) / Decimal(60)).quantize(HOURS, rounding=ROUND_HALF_UP)


def course_templates_for(user) -> QuerySet[CourseTemplate]:
    """The course templates a user may start a course from: active, and national or their own
    municipality's (access.policy.own_municipality_choices)."""
    return policy.own_municipality_choices(
        user, CourseTemplate.objects.filter(is_active=True), shared=True
    ).order_by("name")


def courses_for_citizen(citizen: Citizen) -> QuerySet[Course]:
    return (
        Course.objects.filter(citizen=citizen)
        .select_related("template", "unit", "current_phase", "current_phase__template")
        .order_by("-started_on")
    )


@dataclass(frozen=True)
class PhaseContacts:
    phase: CoursePhase
    planned: Decimal | None
    delivered: int
    delivered_hours: Decimal


def phase_contacts(course: Course, today: datetime.date) -> list[PhaseContacts]:
    """Planned contacts (planned per week × weeks in the phase so far) against delivered
    contacts (support registrations on the course) for each phase that has begun."""
    phases = list(course.phases.select_related("template").order_by("number"))
    entries = list(SupportEntry.objects.filter(course=course).values_list("date", "minutes"))
    result = []
    for phase in phases:
        if phase.started_on is None:
            result.append(PhaseContacts(phase, None, 0, Decimal("0.00")))
            continue
        end = phase.ended_on or today
        inside = [m for d, m in entries if phase.started_on <= d <= end]
        days = max((end - phase.started_on).days, 0)
        planned = (phase.template.planned_contacts_per_week * Decimal(days) / Decimal(7)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
        result.append(PhaseContacts(phase, planned, len(inside), hours(sum(inside))))
    return result


@dataclass(frozen=True)
class WeekRow:
    citizen: Citizen
    unit: Unit
    delivered_minutes: int
    entitlement: Decimal | None

    @property
    def delivered_hours(self) -> Decimal:
        return hours(self.delivered_minutes)

    @property
    def below(self) -> bool:
        return self.entitlement is not None and self.delivered_hours < self.entitlement


def support_norms(unit_ids) -> dict[int, Decimal]:
    """Each unit's weekly support entitlement per citizen: the offer catalogue's support hours
    (11.51 at the Ishøj shelter, 2 in the Ballerup Housing First group), or the unit's own
    support setting where the catalogue gives none. Two queries."""
    norms = dict(
        UnitSupportSetting.objects.filter(unit_id__in=unit_ids).values_list(
            "unit_id", "weekly_hours"
        )
    )
    # Unordered: the offers' default order joined their units and municipalities to sort.
    for unit_id, hours in (
        Offer.objects.filter(unit_id__in=unit_ids, support_hours_per_week__isnull=False)
        .order_by()
        .values_list("unit_id", "support_hours_per_week")
    ):
        if hours is not None:
            norms[unit_id] = hours
    return norms


def _week_pairs(unit_ids, week: datetime.date, *, user) -> QuerySet:
    """(citizen_id, unit_id, minutes) once per citizen tied to one of the units in the week
    starting `week` (two ties to one unit are one pair), for citizens the user may see: the
    minutes delivered in the week, summed in SQL."""
    end = week + datetime.timedelta(days=6)
    delivered = (
        SupportEntry.objects.filter(
            citizen=OuterRef("citizen_id"), unit=OuterRef("unit_id"), date__range=(week, end)
        )
        .values("citizen")
        .annotate(total=Sum("minutes"))
        .values("total")
    )
    return (
        Relationship.objects.filter(unit_id__in=unit_ids, started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=week))
        .filter(citizen_id__in=policy.visible_citizen_ids(user))
        .annotate(minutes=Coalesce(Subquery(delivered, output_field=IntegerField()), Value(0)))
        .values("citizen_id", "unit_id", "minutes")
        .distinct()
    )


def _week_rows(pairs: list[dict], units: dict, norms: dict) -> list[WeekRow]:
    # `or [0]` (no such citizen): one query also for an empty page (a constant query count).
    citizens = Citizen.objects.in_bulk([r["citizen_id"] for r in pairs] or [0])
    return [
        WeekRow(
            citizens[r["citizen_id"]], units[r["unit_id"]], r["minutes"], norms.get(r["unit_id"])
        )
        for r in pairs
    ]


WEEK_ORDER = ("unit__name", "citizen__last_name", "citizen__first_name", "citizen_id")


class SupportWeek:
    """One week's support in the user's offers: `pairs`, the (citizen, unit) pairs in the
    order of the list, to page through (`rows` makes WeekRows of one page of them), and
    `offers`, the sums per offer over every citizen, read as rows of numbers in one query,
    whatever the number of citizens."""

    def __init__(self, units, week: datetime.date, *, user):
        self.units = {u.pk: u for u in units}
        self.norms = support_norms(list(self.units))
        self._pairs = _week_pairs(list(self.units), week, user=user)
        self.pairs = self._pairs.order_by(*WEEK_ORDER)

    def rows(self, pairs: list[dict]) -> list[WeekRow]:
        return _week_rows(pairs, self.units, self.norms)

    @cached_property
    def offers(self) -> "list[OfferWeek]":
        sums: dict[int, list[int]] = {}  # unit id: [citizens, minutes, below]
        for r in self._pairs.order_by():
            norm = self.norms.get(r["unit_id"])
            entry = sums.setdefault(r["unit_id"], [0, 0, 0])
            entry[0] += 1
            entry[1] += r["minutes"]
            entry[2] += norm is not None and r["minutes"] < minutes_for(norm)
        offers = []
        for unit in sorted((self.units[pk] for pk in sums), key=lambda u: (u.name, u.pk)):
            citizens, minutes, below = sums[unit.pk]
            norm = self.norms.get(unit.pk)
            offers.append(
                OfferWeek(
                    unit=unit,
                    citizens=citizens,
                    delivered=hours(minutes),
                    entitlement=norm * citizens if norm is not None else None,
                    below=below,
                )
            )
        return offers


def support_week_summary(units, week: datetime.date, *, user) -> SupportWeek:
    return SupportWeek(units, week, user=user)


def support_week(units, week: datetime.date, *, user) -> list[WeekRow]:
    """Per citizen tied to one of `units`: support delivered in the week starting `week`
    against the unit's weekly entitlement, every row (for a test's or a small caller's use;
    the pages use support_week_summary and show a page at a time)."""
    unit_list = list(units)
    by_id = {u.pk: u for u in unit_list}
    norms = support_norms(list(by_id))
    pairs = list(_week_pairs(list(by_id), week, user=user).order_by(*WEEK_ORDER))
    return _week_rows(pairs, by_id, norms)


def minutes_for(entitlement: Decimal) -> int:
    """The fewest minutes whose hours (rounded as `hours` rounds) reach `entitlement`: a week
    is below the norm exactly when it has fewer minutes than this."""
    minutes = max(0, int(entitlement * 60) - 1)
    while hours(minutes) < entitlement:
        minutes += 1
    return minutes


def support_below(
    units, week: datetime.date, *, user, limit: int = 50
) -> tuple[list[WeekRow], int]:
    """The rows of support_week that are below the unit's entitlement, filtered, sorted and
    counted in SQL: at most `limit` rows and the number of them all. Five queries, whatever the
    number of citizens; three with limit=0 (the home page's count): the units are then read
    only as a subquery of the norms' queries, and no row is loaded."""
    unit_list = list(units) if limit else []
    norms = support_norms([u.pk for u in unit_list] if limit else units.values("pk"))
    if not norms:
        return [], 0
    below = Q(pk__in=[])
    for unit_id, norm in norms.items():
        below |= Q(unit_id=unit_id, minutes__lt=minutes_for(norm))
    pairs = _week_pairs(list(norms), week, user=user).filter(below)
    total = pairs.count()
    if not limit:
        return [], total
    page = list(pairs.order_by(*WEEK_ORDER)[:limit])
    return _week_rows(page, {u.pk: u for u in unit_list}, norms), total


def courses_changing_phase(user, today: datetime.date, *, within_days: int = 14):
    """Active courses the user works with whose current phase is planned to end within
    `within_days` (or is past its planned or latest end)."""
    horizon = today + datetime.timedelta(days=within_days)
    return (
        Course.objects.filter(
            status=Course.Status.ACTIVE,
            citizen_id__in=policy.visible_citizen_ids(user),
            unit__in=policy.work_units(user),
        )
        .annotate(due=Coalesce("current_phase__planned_end", "current_phase__latest_end"))
        .filter(due__lte=horizon)
        .select_related("citizen", "template", "current_phase", "current_phase__template")
        .order_by("due")
    )


EARLY_END_SHOWN_DAYS = 90


def courses_outside_limits(user, today: datetime.date | None = None):
    """Courses the user works with outside their limits (with the reason given): active ones a
    phase move took outside a phase's limits or past the course's maximum, and ones ended before
    their expected minimum (youth housing: 9 months) in the last EARLY_END_SHOWN_DAYS days."""
    today = today or timezone.localdate()
    # The few courses outside their limits found by id first, each part from an index (the
    # moves outside the limits, the courses ended early by their end date): an OR of the two
    # over the courses read every course in the installation.
    outside = (
        PhaseMove.objects.filter(outside_limits=True, course__status=Course.Status.ACTIVE)
        .order_by()
        .values("course_id")
        .union(
            Course.objects.filter(
                status=Course.Status.ENDED,
                ended_before_minimum=True,
                ended_on__gte=today - datetime.timedelta(days=EARLY_END_SHOWN_DAYS),
            )
            .order_by()
            .values("pk")
        )
    )
    return (
        Course.objects.filter(
            pk__in=outside,
            citizen__in=policy.visible_citizens(user),
            unit__in=policy.work_units(user),
        )
        .select_related("citizen", "template", "current_phase", "current_phase__template")
        .order_by("started_on", "pk")
    )


def overdue_followups(user, today: datetime.date):
    return (
        FollowUpTask.objects.filter(
            done_on__isnull=True,
            due_on__lt=today,
            citizen_id__in=policy.visible_citizen_ids(user),
        )
        .select_related("citizen")
        .order_by("due_on")
    )


def open_followups(citizen: Citizen):
    return FollowUpTask.objects.filter(citizen=citizen, done_on__isnull=True).order_by("due_on")


@dataclass(frozen=True)
class OfferWeek:
    unit: Unit
    citizens: int
    delivered: Decimal
    entitlement: Decimal | None
    below: int


def citizen_support_week(citizen: Citizen, week: datetime.date) -> list[dict]:
    """This citizen's support in the week per unit, against the unit's norm."""
    end = week + datetime.timedelta(days=6)
    totals = (
        SupportEntry.objects.filter(citizen=citizen, date__range=(week, end))
        .values("unit")
        .annotate(minutes=Sum("minutes"))
    )
    minutes_by_unit = {t["unit"]: t["minutes"] for t in totals}
    unit_ids = set(minutes_by_unit) | set(
        Relationship.objects.filter(citizen=citizen, ended_on__isnull=True).values_list(
            "unit_id", flat=True
        )
    )
    norms = support_norms(unit_ids)
    rows = []
    for unit in Unit.objects.filter(pk__in=unit_ids).order_by("name"):
        if unit.pk not in minutes_by_unit and unit.pk not in norms:
            continue
        delivered = hours(minutes_by_unit.get(unit.pk))
        norm = norms.get(unit.pk)
        rows.append(
            {
                "unit": unit,
                "delivered": delivered,
                "entitlement": norm,
                "below": norm is not None and delivered < norm,
            }
        )
    return rows
