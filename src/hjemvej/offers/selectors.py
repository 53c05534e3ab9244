"""Reads for the catalogue, the waiting list and a group's composition."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.offers.models import Offer, Operator, Referral, ReferralStatus, ReferralStatusChange


def offers_for(user) -> QuerySet[Offer]:
    """The offers a user may open: their own municipalities' offers (staff of any role)."""
    return policy.own_municipality_choices(
        user, Offer.objects.all(), via="unit__municipality"
    ).select_related("unit__municipality")


def local_offers(citizen) -> QuerySet[Offer]:
    """The citizen's acting municipality's own offers: the local alternatives to a bought
    offer (a referral's local alternative, a placement's local offer that could take over)."""
    return (
        Offer.objects.filter(
            unit__municipality_id=citizen.acting_municipality_id, operator=Operator.OWN
        )
        .select_related("unit")
        .order_by("unit__name")
    )


def get_offer(user, offer_uuid) -> Offer:
    offer = offers_for(user).filter(uuid=offer_uuid).first()
    if offer is None:
        raise Http404("Tilbuddet findes ikke.")
    return offer


def bought_offers(user) -> QuerySet[Offer]:
    """The offers the user's municipalities buy (issue 16), with the number of open stays at
    each: one query per page, whatever the number of offers."""
    return (
        offers_for(user)
        .exclude(operator=Operator.OWN)
        .annotate(open_stays=Count("stays", filter=Q(stays__ended_on__isnull=True)))
        .order_by("unit__municipality__name", "unit__name", "pk")
    )


def get_offer_for_work(user, offer_uuid) -> Offer:
    """An offer whose people the user works with; 404 otherwise."""
    offer = get_offer(user, offer_uuid)
    if not policy.works_at(user, offer):
        raise Http404("Tilbuddet findes ikke.")
    return offer


@dataclass
class WaitingEntry:
    position: int
    referral: Referral
    visible: bool
    days: int


def waiting_referrals(offer: Offer) -> QuerySet[Referral]:
    """The offer's waiting list in order: longest waiting first."""
    return (
        Referral.objects.filter(offer=offer, status=ReferralStatus.WAITING)
        .select_related("citizen")
        .order_by("waiting_since", "id")
    )


def waiting_ahead(offer: Offer, referral: Referral | None = None) -> QuerySet[Referral]:
    """Who stands before this referral on the offer's waiting list: those who waited longer, or
    everyone on the list when the referral is not on it (a new arrival, a referral approved
    later)."""
    ahead = Referral.objects.filter(offer=offer, status=ReferralStatus.WAITING)
    if referral is None:
        return ahead
    ahead = ahead.exclude(pk=referral.pk)
    if referral.status == ReferralStatus.WAITING and referral.waiting_since is not None:
        ahead = ahead.filter(
            Q(waiting_since__lt=referral.waiting_since)
            | Q(waiting_since=referral.waiting_since, id__lt=referral.pk)
        )
    return ahead


OUT_OF_TURN_SHOWN = 5


def out_of_turn_admissions(*, user, offer: Offer, limit: int = OUT_OF_TURN_SHOWN) -> list[dict]:
    """The latest admissions ahead of the waiting list, with their reasons (an admission's
    change row carries a reason only then, see stays.services.do_admit): one query."""
    changes = (
        ReferralStatusChange.objects.filter(
            referral__offer=offer, to_status=ReferralStatus.ADMITTED
        )
        .exclude(reason="")
        .annotate(
            visible=Exists(
                policy.visible_citizens(user).filter(pk=OuterRef("referral__citizen_id"))
            )
        )
        .select_related("referral__citizen", "by")
        .order_by("-at", "-id")[:limit]
    )
    return [{"change": c, "visible": c.visible} for c in changes]


def ahead_text(count: int) -> str:
    """ "nr. 1", "nr. 1 og 2", "nr. 1–5": the places on the list someone is admitted ahead of."""
    if count == 1:
        return "nr. 1"
    if count == 2:
        return "nr. 1 og 2"
    return f"nr. 1–{count}"


def waiting_list(
    *,
    user,
    offer: Offer,
    now: datetime.datetime | None = None,
    referrals: Iterable[Referral] | None = None,
    first_position: int = 1,
) -> list[WaitingEntry]:
    """The offer's waiting list in order, with each citizen's waiting time: two queries. Pass
    `referrals` (one page of `waiting_referrals`) and its first position to show part of it."""
    now = now or timezone.now()
    referrals = list(waiting_referrals(offer) if referrals is None else referrals)
    visible = set(
        policy.visible_citizens(user)
        .filter(pk__in=[r.citizen_id for r in referrals])
        .values_list("pk", flat=True)
    )
    return [
        WaitingEntry(
            position=i,
            referral=r,
            visible=r.citizen_id in visible,
            days=(now - r.waiting_since).days if r.waiting_since else 0,
        )
        for i, r in enumerate(referrals, start=first_position)
    ]


@dataclass
class Member:
    referral: Referral | None
    citizen: object
    age: int
    gender: str
    functional_level: int | None
    visible: bool
    candidate: bool


@dataclass
class Composition:
    members: list[Member]
    candidates: list[Member]

    def spread(self, people: list[Member]) -> dict:
        ages = [p.age for p in people]
        levels = [p.functional_level for p in people if p.functional_level is not None]
        return {
            "count": len(people),
            "age_min": min(ages) if ages else None,
            "age_max": max(ages) if ages else None,
            "genders": sorted(Counter(p.gender for p in people).items()),
            "levels": sorted(Counter(levels).items()),
            "level_unknown": sum(1 for p in people if p.functional_level is None),
        }

    @property
    def member_spread(self) -> dict:
        return self.spread(self.members)

    @property
    def with_candidates_spread(self) -> dict:
        return self.spread(self.members + self.candidates)


def _level(citizen, referral) -> int | None:
    """The latest VUM assessment's overall level (prefetched through the citizen's
    `assessments`; plans.rules.overall_level); a level typed on the referral before issue 15
    is still read when the citizen has no assessment."""
    latest = next(iter(citizen.assessments.all()), None)
    if latest is not None:
        return latest.overall_level
    return referral.functional_level if referral else None


ASSESSMENTS = "citizen__assessments__themes__level"


def referral_level(referral: Referral) -> str:
    """The referral's functional level as shown: from the citizen's latest VUM assessment, or
    the number typed on the referral before issue 15 (marked as such)."""
    latest = (
        referral.citizen.assessments.prefetch_related("themes__level")
        .order_by("-assessed_on", "-created_at", "-id")
        .first()
    )
    if latest is not None:
        level = latest.overall_level
        shown = "Ikke vurderet" if level is None else str(level)
        return f"{shown} (seneste udredning {latest.assessed_on:%d.%m.%Y})"
    if referral.functional_level is not None:
        return f"{referral.functional_level} (indtastet ved visitationen, ingen udredning)"
    return "Ingen udredning endnu"


def composition(*, user, offer: Offer, today: datetime.date) -> Composition:
    """Members (active stays) and candidates (approved or waiting) of a group offer."""
    stays = list(
        offer.stays.filter(ended_on__isnull=True)
        .select_related("citizen", "referral")
        .prefetch_related(ASSESSMENTS)
        .order_by("started_on")
    )
    candidates = list(
        Referral.objects.filter(
            offer=offer, status__in=[ReferralStatus.APPROVED, ReferralStatus.WAITING]
        )
        .select_related("citizen")
        .prefetch_related(ASSESSMENTS)
        .order_by("requested_on")
    )
    ids = [s.citizen_id for s in stays] + [r.citizen_id for r in candidates]
    visible = set(policy.visible_citizens(user).filter(pk__in=ids).values_list("pk", flat=True))

    def member(citizen, referral, candidate):
        return Member(
            referral=referral,
            citizen=citizen,
            age=citizen.age_on(today),
            gender=citizen.get_gender_display(),
            functional_level=_level(citizen, referral),
            visible=citizen.pk in visible,
            candidate=candidate,
        )

    return Composition(
        members=[member(s.citizen, s.referral, False) for s in stays],
        candidates=[member(r.citizen, r, True) for r in candidates],
    )
