"""Reads for Housing First cohorts: an offer's cohorts with counts, one cohort with its
participants, their relapses and flags, and the candidates who may be admitted. A fixed number
of queries per page (a cohort has at most its places of active participants)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from hjemvej.access import policy
from hjemvej.courses import cohort_rules
from hjemvej.courses.models import Cohort, CohortMember, Relapse
from hjemvej.offers.models import Referral, ReferralStatus
from hjemvej.people.models import Citizen
from hjemvej.plans.selectors import latest_levels


def cohorts_of(offer) -> QuerySet[Cohort]:
    return Cohort.objects.filter(offer=offer).annotate(
        active=Count("members", filter=Q(members__left_on__isnull=True)),
        admitted=Count("members"),
    )


@dataclass
class Totals:
    cohorts: int
    citizens: int
    places: int


def totals(offer) -> Totals:
    """Over all the offer's cohorts (3 courses of 5 = 15 citizens in all, not per year)."""
    row = Cohort.objects.filter(offer=offer).aggregate(
        cohorts=Count("id", distinct=True), citizens=Count("members__citizen", distinct=True)
    )
    places = sum(Cohort.objects.filter(offer=offer).values_list("places", flat=True))
    return Totals(cohorts=row["cohorts"], citizens=row["citizens"], places=places)


def members(cohort: Cohort) -> list[CohortMember]:
    return list(
        cohort.members.select_related("citizen", "course", "move_home")
        .prefetch_related(
            Prefetch("relapses", queryset=Relapse.objects.order_by("-occurred_on", "-id")),
            "adl",
        )
        .order_by("left_on", "seat")
    )


@dataclass
class Candidate:
    uuid: object
    label: str
    citizen: Citizen


def candidates(user, cohort: Cohort) -> list[Candidate]:
    """Citizens with an approved or waiting referral to the offer, not in a cohort now, whom
    the user may see; with their level from the latest assessment."""
    referrals = list(
        Referral.objects.filter(
            offer=cohort.offer, status__in=[ReferralStatus.APPROVED, ReferralStatus.WAITING]
        )
        .exclude(citizen__in=CohortMember.objects.filter(left_on__isnull=True).values("citizen"))
        .select_related("citizen")
        .order_by("requested_on", "id")[:50]
    )
    ids = [r.citizen_id for r in referrals]
    visible = set(policy.visible_citizens(user).filter(pk__in=ids).values_list("pk", flat=True))
    levels = latest_levels(ids)
    out = []
    for r in referrals:
        if r.citizen_id not in visible:
            continue
        fact = levels.get(r.citizen_id)
        level = "ingen udredning" if fact is None else f"niveau {fact.level}"
        if fact is not None and fact.level is None:
            level = "niveau ikke vurderet"
        out.append(
            Candidate(
                uuid=r.citizen.uuid,
                label=f"{r.citizen.full_name} ({r.citizen.get_gender_display().lower()}, {level})",
                citizen=r.citizen,
            )
        )
    return out


def flags(cohort: Cohort, active: int, today: datetime.date) -> list[str]:
    return cohort_rules.cohort_flags(
        active=active, group_min=cohort.group_min, starts_on=cohort.starts_on, today=today
    )


@dataclass
class AdlStatus:
    """A participant's attendance at the ADL course: per topic attended (True), not (False) or
    not recorded (None)."""

    topics: list[tuple[str, bool | None]]

    @property
    def attended(self) -> int:
        return sum(1 for _, a in self.topics if a)

    @property
    def recorded(self) -> bool:
        return any(a is not None for _, a in self.topics)

    @property
    def total(self) -> int:
        return len(self.topics)


def adl_status(member: CohortMember) -> AdlStatus:
    """From the member's `adl` rows (prefetched by members())."""
    by_topic = {a.topic: a.attended for a in member.adl.all()}
    return AdlStatus(topics=[(t, by_topic.get(t)) for t in cohort_rules.ADL_TOPICS])


def course_cohort_places(course) -> list[tuple[CohortMember, AdlStatus]]:
    """The cohort places a course belongs to, with their ADL attendance (the course page)."""
    places = list(
        CohortMember.objects.filter(course=course)
        .select_related("cohort", "move_home")
        .prefetch_related("adl")
        .order_by("admitted_on")
    )
    return [(m, adl_status(m)) for m in places]
