"""Reads of tracks and of the cooperation pages, and who may see and edit the municipality's
partners (staff data: every role but the analyst's sees them; caseworkers, managers and
administrators of the municipality edit them)."""

import datetime

from django.db.models import Prefetch, QuerySet

from hjemvej.access import policy
from hjemvej.accounts.models import Municipality, Role
from hjemvej.tracks.models import ForumMeeting, Partner, PartnerContact, Track, TrackStep


def partner_municipality_ids(user) -> set[int]:
    if not policy.may_see_offer_catalogue(user):
        return set()
    return policy.member_municipality_ids(user)


def partner_editor_municipality_ids(user) -> set[int]:
    return (
        policy.caseworker_municipality_ids(user)
        | policy.managed_municipality_ids(user)
        | policy.administered_municipality_ids(user)
    )


def may_edit_partners(user, municipality: Municipality) -> bool:
    return municipality.pk in partner_editor_municipality_ids(user)


def partner_municipalities(user) -> QuerySet[Municipality]:
    return Municipality.objects.filter(pk__in=partner_municipality_ids(user)).order_by("name")


def partners_for(municipality: Municipality) -> QuerySet[Partner]:
    return Partner.objects.filter(municipality=municipality).prefetch_related(
        Prefetch("contacts", queryset=PartnerContact.objects.order_by("name", "id"))
    )


def forum_members(municipality: Municipality) -> QuerySet[PartnerContact]:
    return (
        PartnerContact.objects.filter(partner__municipality=municipality, forum_member=True)
        .select_related("partner")
        .order_by("name", "id")
    )


def forum_meetings(municipality: Municipality) -> QuerySet[ForumMeeting]:
    return ForumMeeting.objects.filter(municipality=municipality).prefetch_related(
        Prefetch("participants", queryset=PartnerContact.objects.select_related("partner"))
    )


def tracks_for(citizen) -> QuerySet[Track]:
    """The citizen's tracks, open first, with their steps and owners (a fixed number of
    queries)."""
    return (
        Track.objects.filter(citizen=citizen)
        .select_related("template", "unit", "owner")
        .prefetch_related(
            Prefetch("steps", queryset=TrackStep.objects.select_related("owner").order_by("number"))
        )
        .order_by("ended_on", "-started_on", "-id")
    )


def overdue_steps(user, today: datetime.date) -> QuerySet[TrackStep]:
    """Open steps past their deadline on the open tracks of citizens the user may see."""
    return (
        TrackStep.objects.filter(
            status=TrackStep.Status.OPEN,
            due_on__lt=today,
            track__status=Track.Status.ACTIVE,
            track__citizen_id__in=policy.visible_citizen_ids(user),
        )
        .select_related("track__citizen", "track__template", "owner")
        .order_by("due_on", "id")
    )


def mine(qs: QuerySet[TrackStep], user) -> QuerySet[TrackStep]:
    """Steps the user owns by name, or by role on a track of one of their units."""
    from django.db.models import Q

    roles = policy.roles(user)
    by_role = Q(
        owner__isnull=True, owner_role__in=roles, track__unit_id__in=policy.member_unit_ids(user)
    )
    return qs.filter(Q(owner=user) | Q(track__owner=user, owner__isnull=True) | by_role)


ROLE_LABELS = dict(Role.choices)
