"""The one access policy: who may see which citizen (need-to-know).

Every view, export and API endpoint asks this module. A citizen the user may not see is a 404
that does not reveal whether the citizen exists, and the refused attempt is logged.

- Caseworkers see the citizens whose acting municipality is their own.
- Offer staff see citizens with an active relationship to their unit, or one that ended
  within the grace period (settings.RELATIONSHIP_GRACE_DAYS, 12 months by default).
- Managers see their units' citizens: all of the municipality's citizens when they manage the
  authority unit, otherwise the citizens tied to the offers they manage.
- Analysts see no person-identifying data: no citizen at all.
- Administrators manage users and units, not citizen records.
- Break the glass: a caseworker, offer worker or manager may open any citizen by stating a
  reason; the access lasts settings.BREAK_GLASS_MINUTES, is logged and listed for managers.

Each grant has a scope (see "Need-to-know scopes" at the end): the authority sees the whole
record; a tie to a unit (a stay, a course, treatment …) gives that unit the stay's scope; a
referral alone (requested, on the waiting list or refused) gives nothing beyond the referral.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hjemvej.access.models import PlanShare
from hjemvej.accounts.models import Role, Unit
from hjemvej.accounts.selectors import memberships
from hjemvej.audit.context import act_for_unit
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.people.models import Citizen, Relationship

CITIZEN_ROLES = {Role.CASEWORKER, Role.OFFER_STAFF, Role.MANAGER}
# Roles whose unit's ties to a citizen (Relationship rows) let them see the citizen. A caseworker
# gets a tie to another municipality's citizen only through an approved access request.
TIE_ROLES = (Role.OFFER_STAFF, Role.MANAGER, Role.CASEWORKER)

# Need-to-know scopes (issue 12): what of a citizen's record a grant covers. See covers().
FULL = "full"  # the acting municipality's authority, and break-the-glass (read only)
STAY = "stay"  # a unit with a tie (stay, course, treatment, support, contact): identity and
#                contact, the unit's own work, and the plans the authority shares with the unit
REFERRAL = "referral"  # a referral only (requested, waiting list, refused): the referral itself

SECTION_IDENTITY = "identity"  # name, birth date, acting municipality, the user's own ties
SECTION_REFERRAL = "referral"  # the referral and the admission from it
SECTION_RECORD = "record"  # everything else: contact, stays, journal, meetings, plans …

SCOPE_SECTIONS = {
    FULL: {SECTION_IDENTITY, SECTION_REFERRAL, SECTION_RECORD},
    STAY: {SECTION_IDENTITY, SECTION_REFERRAL, SECTION_RECORD},
    REFERRAL: {SECTION_IDENTITY, SECTION_REFERRAL},
}


@dataclass(frozen=True)
class Grant:
    """Why a user may see a citizen; the reason becomes the purpose in the audit log."""

    purpose: str
    break_glass: bool = False
    unit: str = ""  # the user's unit through which access is granted: the unit acting
    scope: str = FULL  # FULL, STAY or REFERRAL: what of the record the grant covers
    unit_ids: frozenset[int] = frozenset()  # the units whose ties give a STAY/REFERRAL grant


_memberships = memberships


def is_staff_user(user) -> bool:
    return bool(user and user.is_authenticated and getattr(user, "memberships", None) is not None)


def roles(user) -> set[str]:
    if not is_staff_user(user):
        return set()
    return {m.role for m in _memberships(user)}


def may_work_with_citizens(user) -> bool:
    return bool(roles(user) & CITIZEN_ROLES)


def may_create_citizens(user) -> bool:
    return bool(roles(user) & {Role.CASEWORKER, Role.OFFER_STAFF})


def is_manager(user) -> bool:
    return Role.MANAGER in roles(user)


def is_analyst(user) -> bool:
    return Role.ANALYST in roles(user)


def is_administrator(user) -> bool:
    return Role.ADMINISTRATOR in roles(user)


def caseworker_municipality_ids(user) -> set[int]:
    return {m.unit.municipality_id for m in _memberships(user) if m.role == Role.CASEWORKER}


def creatable_municipalities(user):
    """Municipalities a user may register a citizen under (as acting municipality)."""
    from hjemvej.accounts.models import Municipality

    ids = {
        m.unit.municipality_id
        for m in _memberships(user)
        if m.role in (Role.CASEWORKER, Role.OFFER_STAFF)
    }
    return Municipality.objects.filter(id__in=ids)


def _unit_ids(user, role: str) -> set[int]:
    return {m.unit_id for m in _memberships(user) if m.role == role}


def _visibility_q(user) -> Q | None:
    """The rule as a Q over Citizen, or None when the user sees no citizen through their roles."""
    if not is_staff_user(user):
        return None
    mships = _memberships(user)
    municipality_ids = {m.unit.municipality_id for m in mships if m.role == Role.CASEWORKER}
    municipality_ids |= {
        m.unit.municipality_id
        for m in mships
        if m.role == Role.MANAGER and m.unit.kind == Unit.Kind.AUTHORITY
    }
    unit_ids = {m.unit_id for m in mships if m.role in TIE_ROLES}
    q = Q(pk__in=[])
    if municipality_ids:
        q |= Q(acting_municipality_id__in=municipality_ids)
    if unit_ids:
        horizon = timezone.localdate() - timedelta(days=settings.RELATIONSHIP_GRACE_DAYS)
        related = Relationship.objects.filter(citizen=OuterRef("pk"), unit_id__in=unit_ids).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=horizon)
        )
        q |= Q(Exists(related))
    return q


def visible_citizens(user) -> QuerySet[Citizen]:
    """The citizens a user may see through their roles (break-glass grants not included)."""
    q = _visibility_q(user)
    if q is None or not may_work_with_citizens(user):
        return Citizen.objects.none()
    return Citizen.objects.filter(q)


def _active_break_glass(user, citizen: Citizen):
    from hjemvej.access.models import BreakGlassAccess

    return (
        BreakGlassAccess.objects.filter(user=user, citizen=citizen, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def grant_for(user, citizen: Citizen) -> Grant | None:
    """Why `user` may see `citizen`, or None."""
    if not may_work_with_citizens(user):
        return None
    mships = _memberships(user)
    for m in mships:
        if m.role == Role.CASEWORKER and m.unit.municipality_id == citizen.acting_municipality_id:
            return Grant(f"Sagsbehandling i {m.unit.name}", unit=m.unit.name)
        if (
            m.role == Role.MANAGER
            and m.unit.kind == Unit.Kind.AUTHORITY
            and m.unit.municipality_id == citizen.acting_municipality_id
        ):
            return Grant(f"Ledelse af {m.unit.name}", unit=m.unit.name)
    bg = _active_break_glass(user, citizen)
    if bg is not None:
        return Grant(f"Nødadgang: {bg.reason}", break_glass=True)
    return tie_grant(user, citizen)


def access_citizen(
    user, citizen_uuid, *, what: str = "Borgerens oplysninger", section: str = SECTION_RECORD
) -> tuple[Citizen, Grant]:
    """Load a citizen the user may see, and log the look-up; otherwise 404 and log the refusal.

    Use this in every view and endpoint that shows one citizen's data. `section` says which part
    of the record the view shows (SECTION_*); a grant whose scope does not cover it is refused
    like no grant at all. The default is the record itself, so a new view is closed to a
    referral-only grant until it says otherwise."""
    citizen = (
        Citizen.objects.select_related("acting_municipality").filter(uuid=citizen_uuid).first()
    )
    grant = grant_for(user, citizen) if citizen is not None else None
    if grant is not None and not covers(grant, section):
        grant = None
    if citizen is None or grant is None:
        log_event(
            action=Action.DENIED,
            summary=f"Afvist opslag: {what}",
            citizen_uuid=citizen.uuid if citizen is not None else None,
            detail={"requested": str(citizen_uuid)},
            purpose="",
        )
        raise Http404("Borgeren findes ikke, eller du har ikke adgang.")
    act_for_unit(grant.unit)
    log_event(
        action=Action.READ,
        summary=what,
        citizen=citizen,
        purpose=grant.purpose,
    )
    return citizen, grant


def may_see_protected_address(user, citizen: Citizen) -> bool:
    """A protected address is shown only to caseworkers in the citizen's acting municipality."""
    if not citizen.protected_address:
        return True
    return citizen.acting_municipality_id in caseworker_municipality_ids(user)


def may_edit_citizen(user, citizen: Citizen) -> bool:
    grant = grant_for(user, citizen)
    if grant is None or grant.break_glass or not covers(grant, SECTION_RECORD):
        return False
    return bool(roles(user) & {Role.CASEWORKER, Role.OFFER_STAFF})


def may_break_glass(user) -> bool:
    return may_work_with_citizens(user)


def managed_unit_ids(user) -> set[int]:
    return _unit_ids(user, Role.MANAGER)


def managed_municipality_ids(user) -> set[int]:
    return {m.unit.municipality_id for m in _memberships(user) if m.role == Role.MANAGER}


# ---------------------------------------------------------------- need-to-know scopes (issue 12)
#
# A grant's scope says which parts of a citizen's record it covers. Every view and endpoint
# names its part when it calls access_citizen (section=...), and the plan and assessment lists
# are filtered with plan_q / assessment_q, so a walk-in registration at a shelter gives the
# shelter the stay's scope and nothing more.


def covers(grant: Grant, section: str) -> bool:
    """Whether the grant covers a part of the record (SECTION_*)."""
    return section in SCOPE_SECTIONS[grant.scope]


def tie_grant(user, citizen: Citizen) -> Grant | None:
    """The grant a user's units' ties to the citizen give: STAY for a tie beyond a referral,
    REFERRAL when the only ties are referrals. Ended ties count for the grace period."""
    unit_ids = {m.unit_id for m in _memberships(user) if m.role in TIE_ROLES}
    if not unit_ids:
        return None
    horizon = timezone.localdate() - timedelta(days=settings.RELATIONSHIP_GRACE_DAYS)
    ties = list(
        Relationship.objects.filter(citizen=citizen, unit_id__in=unit_ids)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=horizon))
        .select_related("unit")
    )
    if not ties:
        return None
    beyond = [r for r in ties if r.kind != Relationship.Kind.REFERRAL]
    rel = (beyond or ties)[0]
    return Grant(
        f"Borgerens tilknytning til {rel.unit.name} ({rel.get_kind_display().lower()})",
        unit=rel.unit.name,
        scope=STAY if beyond else REFERRAL,
        unit_ids=frozenset(r.unit_id for r in (beyond or ties)),
    )


def plan_q(grant: Grant | None) -> Q:
    """The plans a grant shows, as a Q over plans.Plan. The authority sees every plan; a unit
    with a tie sees its own plans and the plans shared with it (§141: the relevant parts are
    sent to the offer). None is the citizen on their own pages: all their plans."""
    if grant is None or grant.scope == FULL:
        return Q()
    if grant.scope != STAY:
        return Q(pk__in=[])
    shared = PlanShare.objects.filter(
        plan=OuterRef("pk"), unit_id__in=grant.unit_ids, withdrawn_at__isnull=True
    )
    return Q(unit_id__in=grant.unit_ids) | Q(Exists(shared))


def assessment_q(grant: Grant | None) -> Q:
    """The assessments (VUM) a grant shows, as a Q over plans.Assessment: the authority's
    assessments stay with the authority; a unit with a tie sees the ones it made itself."""
    if grant is None or grant.scope == FULL:
        return Q()
    if grant.scope != STAY:
        return Q(pk__in=[])
    return Q(unit_id__in=grant.unit_ids)


def may_share_plan(user, plan) -> bool:
    """Only a caseworker in the citizen's acting municipality shares the authority's plans."""
    return (
        plan.unit.kind == Unit.Kind.AUTHORITY
        and plan.citizen.acting_municipality_id in caseworker_municipality_ids(user)
    )


def sees_aggregates_only(user) -> bool:
    """Analysts see figures only, with small counts suppressed (common/suppression.py); never
    the records behind them. A manager who is also an analyst sees as a manager."""
    return is_analyst(user) and not is_manager(user)
