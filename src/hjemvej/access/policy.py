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

Every other permission lives here too, as a named function: who works at an offer, who may
edit it, who decides a referral (§110 stk. 4: the shelter's leader), who may read a sensitive
note, who sees aggregates and edits cost sheets. `access_object` loads a citizen's child
object (a stay, a plan, a note …) the same way `access_citizen` loads the citizen. Services
call the `check_*` functions themselves, so the UI and the API cannot drift apart.

Each grant has a scope (see "Need-to-know scopes" at the end): the authority sees the whole
record; a tie to a unit (a stay, a course, treatment …) gives that unit the stay's scope; a
referral alone (requested, on the waiting list or refused) gives nothing beyond the referral.
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from hjemvej.access.models import PlanShare
from hjemvej.accounts.models import Membership, Municipality, Role, Unit, User
from hjemvej.accounts.selectors import AnyUser, memberships
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


def is_staff_user(user: AnyUser) -> bool:
    return bool(user and user.is_authenticated and getattr(user, "memberships", None) is not None)


def roles(user: AnyUser) -> set[str]:
    if not is_staff_user(user):
        return set()
    return {m.role for m in _memberships(user)}


def has_a_role(user: AnyUser) -> bool:
    """Staff with at least one role in a unit (the API's shared calculators)."""
    return bool(roles(user))


def may_work_with_citizens(user: AnyUser) -> bool:
    return bool(roles(user) & CITIZEN_ROLES)


def may_see_offer_catalogue(user: AnyUser) -> bool:
    """Every role but the analyst's (who sees figures only) uses the offer catalogue."""
    return bool(roles(user) - {Role.ANALYST})


def may_create_citizens(user: AnyUser) -> bool:
    return bool(roles(user) & {Role.CASEWORKER, Role.OFFER_STAFF})


def is_manager(user: AnyUser) -> bool:
    return Role.MANAGER in roles(user)


def is_analyst(user: AnyUser) -> bool:
    return Role.ANALYST in roles(user)


def is_administrator(user: AnyUser) -> bool:
    return Role.ADMINISTRATOR in roles(user)


def caseworker_municipality_ids(user: AnyUser) -> set[int]:
    return {m.unit.municipality_id for m in _memberships(user) if m.role == Role.CASEWORKER}


def creatable_municipalities(user: AnyUser) -> QuerySet[Municipality]:
    """Municipalities a user may register a citizen under (as acting municipality)."""
    return Municipality.objects.filter(id__in={m.unit.municipality_id for m in _creating(user)})


def check_may_create_citizen(user: AnyUser, acting_municipality: Municipality) -> None:
    """Registering a citizen: caseworkers and offer staff, under their own municipalities."""
    require(
        may_create_citizens(user)
        and acting_municipality.pk in {m.unit.municipality_id for m in _creating(user)},
        f"Du kan ikke oprette borgere med {acting_municipality} som handlekommune.",
    )


def _creating(user: AnyUser) -> list:
    return [m for m in _memberships(user) if m.role in (Role.CASEWORKER, Role.OFFER_STAFF)]


def _unit_ids(user: AnyUser, role: str) -> set[int]:
    return {m.unit_id for m in _memberships(user) if m.role == role}


def _visibility(user: AnyUser) -> tuple[set[int], set[int]]:
    """(municipality ids, unit ids) whose citizens the user sees through their roles."""
    mships = _memberships(user)
    municipality_ids = {m.unit.municipality_id for m in mships if m.role == Role.CASEWORKER}
    municipality_ids |= {
        m.unit.municipality_id
        for m in mships
        if m.role == Role.MANAGER and m.unit.kind == Unit.Kind.AUTHORITY
    }
    return municipality_ids, {m.unit_id for m in mships if m.role in TIE_ROLES}


def _tied(unit_ids: set[int]) -> QuerySet:
    horizon = timezone.localdate() - timedelta(days=settings.RELATIONSHIP_GRACE_DAYS)
    return (
        Relationship.objects.filter(unit_id__in=sorted(unit_ids))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=horizon))
        .order_by()
        .values("citizen_id")
    )


def _visible_citizen_ids(user: AnyUser, among: Q | None = None) -> QuerySet:
    """visible_citizen_ids as a queryset (the rule; see there)."""
    if not is_staff_user(user) or not may_work_with_citizens(user):
        return Citizen.objects.none().values("pk")
    municipality_ids, unit_ids = _visibility(user)
    mine = Citizen.objects.filter(acting_municipality_id__in=sorted(municipality_ids))
    by_municipality = (mine if among is None else mine.filter(among)).order_by().values("pk")
    if not unit_ids:
        return by_municipality
    tied = _tied(unit_ids)
    if among is not None:
        tied = Citizen.objects.filter(among, pk__in=tied).order_by().values("pk")
    if not municipality_ids:
        return tied
    return by_municipality.union(tied)


# Where visible_citizen_ids keeps its compiled subquery on the user object (with the day and
# the memberships it was made from).
_VISIBLE_MEMO = "_hjemvej_visible_citizen_ids"


def visible_citizen_ids(user: AnyUser, *, among: Q | None = None) -> QuerySet | RawSQL:
    """The ids of visible_citizens, as a subquery for `citizen_id__in=…`: citizens with one of
    the user's municipalities as acting municipality (caseworkers and the authority's
    managers), and citizens with a tie to one of the user's units that is active or ended less
    than RELATIONSHIP_GRACE_DAYS ago (offer staff and managers).

    Shaped so that PostgreSQL estimates it well at national scale: each part is a plain indexed
    selection, and a user with both kinds of role gets `… UNION …`, which the planner hashes
    and joins to the list by its citizen index. The older shape, `municipality IN (…) OR EXISTS
    (tie)`, could use no index for the OR, so a list joined to the visible citizens walked all
    open plans, stays or tasks of the installation and checked each one's citizen. Lists use
    this directly: `citizen__in=visible_citizens(user)` wraps it in one more selection from
    the citizens, which PostgreSQL may answer with a scan of every citizen.

    `among` (a condition on the citizen, e.g. a name search) narrows the visible citizens to
    those that meet it. It is applied inside each part, before the parts are joined: the
    municipality's part is then read from the (municipality, folded name) index alone, and the
    ties' part checks only the tied citizens, where a condition applied to the union's result
    first found the name's matches in the whole installation (4,500 "Jensen" at 100,000
    citizens) and then joined them to the thousands of visible ids.

    Without `among`, compiled to SQL once per user object and day: the user's memberships are
    read once per request (accounts.selectors.memberships), and a page joins the same subquery
    to each of its lists (the home page to 15); compiling the union anew cost 0.6 ms each time.
    The database still evaluates it in every query, so a tie made during the request counts at
    once."""
    if among is not None or not is_staff_user(user):
        return _visible_citizen_ids(user, among)
    # Valid for the day and for the memberships it was made from (reloaded when they change).
    today, mships = timezone.localdate(), _memberships(user)
    memo = getattr(user, _VISIBLE_MEMO, None)
    if memo is not None and memo[0] == today and memo[1] is mships:
        return memo[2]
    queryset = _visible_citizen_ids(user)
    ids: QuerySet | RawSQL = queryset
    with contextlib.suppress(EmptyResultSet):  # nobody: Django leaves the whole filter out
        ids = RawSQL(*queryset.query.sql_with_params())  # noqa: S611 (the ORM's SQL, params apart)
    setattr(user, _VISIBLE_MEMO, (today, mships, ids))
    return ids


def visible_citizens(user: AnyUser, *, among: Q | None = None) -> QuerySet[Citizen]:
    """The citizens a user may see through their roles (break-glass grants not included); the
    rule is visible_citizen_ids', and so is `among`, a condition that narrows them."""
    if not is_staff_user(user) or not may_work_with_citizens(user):
        return Citizen.objects.none()
    municipality_ids, unit_ids = _visibility(user)
    if not unit_ids:
        qs = Citizen.objects.filter(acting_municipality_id__in=sorted(municipality_ids))
        return qs.filter(among) if among is not None else qs
    return Citizen.objects.filter(pk__in=visible_citizen_ids(user, among=among))


def _active_break_glass(user: AnyUser, citizen: Citizen):
    from hjemvej.access.models import BreakGlassAccess

    return (
        BreakGlassAccess.objects.filter(
            user_id=user.pk or 0, citizen=citizen, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )


_GRANT_MEMO = "_policy_grant_memo"


def forget_grants(citizen: Citizen) -> None:
    """A tie opened or closed changes what the citizen's grant covers: the grant remembered on
    this citizen object (access_citizen's memo) is looked up afresh at the next question."""
    citizen.__dict__.pop(_GRANT_MEMO, None)


def grant_for(user: AnyUser, citizen: Citizen) -> Grant | None:
    """Why `user` may see `citizen`, or None.

    A citizen loaded by access_citizen carries the grant it was opened with, so the sections
    of one page (the overview asks for it in each) do not look up the ties and break-glass
    grants again; any other citizen object is looked up afresh."""
    memo = citizen.__dict__.get(_GRANT_MEMO)
    if memo is not None and user.pk is not None and user.pk in memo:
        return memo[user.pk]
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
    user: AnyUser,
    citizen_uuid,
    *,
    what: str = "Borgerens oplysninger",
    section: str = SECTION_RECORD,
    purpose: str = "",
) -> tuple[Citizen, Grant]:
    """Load a citizen the user may see, and log the look-up; otherwise 404 and log the refusal.

    Use this in every view and endpoint that shows one citizen's data. `section` says which part
    of the record the view shows (SECTION_*); a grant whose scope does not cover it is refused
    like no grant at all. The default is the record itself, so a new view is closed to a
    referral-only grant until it says otherwise. `purpose` is the purpose the user gave (the
    CPR number's "vis"); without it the grant's reason is the purpose."""
    citizen = (
        Citizen.objects.select_related("acting_municipality").filter(uuid=citizen_uuid).first()
    )
    grant = grant_for(user, citizen) if citizen is not None else None
    if citizen is not None and user.pk is not None:
        citizen.__dict__[_GRANT_MEMO] = {user.pk: grant}
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
        purpose=purpose or grant.purpose,
    )
    return citizen, grant


T = TypeVar("T", bound=Model)


def _citizen_of(obj: Any) -> Citizen | None:
    return obj.citizen


def access_object(
    user: AnyUser,
    queryset: QuerySet[T],
    object_uuid,
    *,
    what: str,
    citizen_of: Callable[[T], Citizen | None] = _citizen_of,
    section: str = SECTION_RECORD,
) -> tuple[T, Grant]:
    """Load one of a citizen's objects (a stay, a plan, a note …) by UUID, if the user may see
    its citizen, and log the look-up with that citizen.

    A missing object and a forbidden one give the same 404 and the same DENIED row (naming the
    citizen when there is one), so the answer reveals nothing. `citizen_of` finds the citizen
    from the object (default: `obj.citizen`); an object without a citizen is refused here.
    `section` is the part of the record the object belongs to, as for `access_citizen`."""
    obj = queryset.filter(uuid=object_uuid).first()
    citizen = citizen_of(obj) if obj is not None else None
    grant = grant_for(user, citizen) if citizen is not None else None
    if citizen is not None and user.pk is not None:
        citizen.__dict__[_GRANT_MEMO] = {user.pk: grant}
    if grant is not None and not covers(grant, section):
        grant = None
    if obj is None or citizen is None or grant is None:
        log_event(
            action=Action.DENIED,
            summary=f"Afvist opslag: {what}",
            citizen_uuid=citizen.uuid if citizen is not None else None,
            detail={"requested": str(object_uuid)},
            purpose="",
        )
        raise Http404("Findes ikke, eller du har ikke adgang.")
    act_for_unit(grant.unit)
    log_event(action=Action.READ, summary=what, citizen=citizen, purpose=grant.purpose)
    return obj, grant


def may_see_protected_address(user: AnyUser, citizen: Citizen) -> bool:
    """A protected address is shown only to caseworkers in the citizen's acting municipality."""
    if not citizen.protected_address:
        return True
    return may_see_protected_address_in(user, citizen.acting_municipality_id)


def may_see_protected_address_in(user: AnyUser, municipality_id: int | None) -> bool:
    """The same rule before the citizen exists (a CPR look-up on the create form): a protected
    address is shown only to caseworkers of the municipality that will be acting."""
    return municipality_id is not None and municipality_id in caseworker_municipality_ids(user)


def may_look_up_cpr(user: AnyUser) -> bool:
    """Asking the CPR register is part of registering a citizen: the same roles."""
    return may_create_citizens(user)


def may_edit_citizen(user: AnyUser, citizen: Citizen) -> bool:
    grant = grant_for(user, citizen)
    if grant is None or grant.break_glass or not covers(grant, SECTION_RECORD):
        return False
    return bool(roles(user) & {Role.CASEWORKER, Role.OFFER_STAFF})


def may_send_letter(user: AnyUser, citizen: Citizen) -> bool:
    """Letters by Digital Post (hjemvej.post): those who write in the citizen's record –
    caseworkers and offer staff with a grant, not through break-the-glass. A decision letter
    is `may_send_decision`."""
    return may_edit_citizen(user, citizen)


def may_send_decision(user: AnyUser, referral) -> bool:
    """The letter with a referral's decision: whoever may decide the referral, while they still
    see the citizen (a shelter that refused keeps seeing the citizen for the grace period,
    though it no longer writes in the record)."""
    grant = grant_for(user, referral.citizen)
    if grant is None or grant.break_glass or not covers(grant, SECTION_REFERRAL):
        return False
    return may_decide_referral(user, referral.offer)


def may_break_glass(user: AnyUser) -> bool:
    return may_work_with_citizens(user)


def managed_unit_ids(user: AnyUser) -> set[int]:
    return _unit_ids(user, Role.MANAGER)


def managed_municipality_ids(user: AnyUser) -> set[int]:
    return {m.unit.municipality_id for m in _memberships(user) if m.role == Role.MANAGER}


def administered_municipality_ids(user: AnyUser) -> set[int]:
    """The municipalities whose units, users and login role mappings the user administers."""
    return {m.unit.municipality_id for m in _memberships(user) if m.role == Role.ADMINISTRATOR}


def may_administer_municipality(user: AnyUser, municipality_id: int | None) -> bool:
    """The municipality's administrator manages its units, users and roles."""
    return municipality_id is not None and municipality_id in administered_municipality_ids(user)


def administered_users(user: AnyUser) -> QuerySet[User]:
    """The users an administrator lists: those with a role in one of the administrator's
    municipalities (and users with no role yet, as a new user has none), never superusers."""
    ids = administered_municipality_ids(user)
    if not ids:
        return User.objects.none()
    return (
        User.objects.filter(is_superuser=False)
        .filter(
            Exists(Membership.objects.filter(user=OuterRef("pk"), unit__municipality_id__in=ids))
            | ~Exists(Membership.objects.filter(user=OuterRef("pk")))
        )
        .order_by("first_name", "last_name", "username")
    )


def may_administer_user(user: AnyUser, target: User) -> bool:
    """An administrator edits, deactivates and gives roles to a user whose every role is in
    the administrator's municipalities (a user who also works elsewhere is that municipality's
    business too), never a superuser and never themselves."""
    ids = administered_municipality_ids(user)
    if not ids or target.is_superuser or target.pk == user.pk:
        return False
    return not target.memberships.exclude(unit__municipality_id__in=ids).exists()


def check_may_administer_user(user: AnyUser, target: User) -> None:
    require(
        may_administer_user(user, target),
        "Du kan kun administrere brugere, der alene arbejder i din egen kommune.",
    )


def check_may_administer_municipality(user: AnyUser, municipality: Municipality) -> None:
    require(
        may_administer_municipality(user, municipality.pk),
        "Du kan kun administrere din egen kommunes indstillinger.",
    )


def check_may_administer_unit(user: AnyUser, unit: Unit) -> None:
    require(
        may_administer_municipality(user, unit.municipality_id),
        "Du kan kun administrere din egen kommunes enheder.",
    )


def is_caseworker(user: AnyUser) -> bool:
    return Role.CASEWORKER in roles(user)


def is_offer_worker(user: AnyUser) -> bool:
    return Role.OFFER_STAFF in roles(user)


# ---------------------------------------------------------------- refusals in services


def require(allowed: bool, message: str) -> None:
    """Refuse unless `allowed`: PermissionDenied with a Danish message (403 in the API)."""
    if not allowed:
        raise PermissionDenied(message)


def check_may_edit_citizen(user: AnyUser, citizen: Citizen, unit: Unit | None = None) -> None:
    """Services that change a citizen's data call this first: the user may edit the citizen's
    data (see `may_edit_citizen`) and, when the data belong to a unit, works for that unit."""
    require(
        may_edit_citizen(user, citizen),
        "Du har ikke ret til at ændre denne borgers oplysninger.",
    )
    if unit is not None:
        require(
            may_work_for_unit(user, unit),
            f"Du arbejder ikke for {unit.name}.",
        )


# ---------------------------------------------------------------- units and offers


class OfferLike(Protocol):
    """An offer as the policy needs it (offers.models.Offer); the policy imports no offers."""

    unit_id: int

    @property
    def unit(self) -> Unit: ...

    @property
    def is_shelter(self) -> bool: ...

    @property
    def is_external(self) -> bool: ...


def member_unit_ids(user: AnyUser) -> set[int]:
    """Every unit the user is a member of, in any role."""
    return {m.unit_id for m in _memberships(user)}


def member_municipality_ids(user: AnyUser) -> set[int]:
    """Every municipality the user works in, in any role: the offers they may look up."""
    return {m.unit.municipality_id for m in _memberships(user)}


# ---------------------------------------------------------------- what a user may choose in forms


def own_municipality_choices(
    user: AnyUser, queryset: QuerySet[T], *, via: str = "municipality", shared: bool = False
) -> QuerySet[T]:
    """The one place for "what this user may choose" in a form (course templates, offers,
    units): the rows of `queryset` that belong to one of the user's own municipalities. `via`
    is the path from the row to its municipality ("unit__municipality" for an offer); with
    `shared`, rows that belong to no municipality (a national course template) count too. A
    caseworker in Ishøj is not offered Ballerup's or Herning's."""
    q = Q(**{f"{via}_id__in": member_municipality_ids(user)})
    if shared:
        q |= Q(**{f"{via}__isnull": True})
    return queryset.filter(q)


def may_choose(user: AnyUser, municipality_id: int | None, *, shared: bool = False) -> bool:
    """The services' side of `own_municipality_choices`: may the user choose a thing that
    belongs to this municipality (None: to no municipality)?"""
    if municipality_id is None:
        return shared
    return municipality_id in member_municipality_ids(user)


def staff_unit_ids(user: AnyUser) -> set[int]:
    """The units the user works at as offer staff or manages."""
    return {m.unit_id for m in _memberships(user) if m.role in (Role.OFFER_STAFF, Role.MANAGER)}


def authority_municipality_ids(user: AnyUser) -> set[int]:
    """Municipalities whose authority the user is part of: caseworkers and authority managers."""
    return {
        m.unit.municipality_id
        for m in _memberships(user)
        if m.role == Role.CASEWORKER
        or (m.role == Role.MANAGER and m.unit.kind == Unit.Kind.AUTHORITY)
    }


def is_offer_staff(user: AnyUser, offer: OfferLike) -> bool:
    """The offer's own staff and its managers (they run the board, admit and discharge)."""
    return offer.unit_id in staff_unit_ids(user)


def works_at(user: AnyUser, offer: OfferLike) -> bool:
    """Staff of the offer itself, or the authority (caseworkers, managers) in its municipality."""
    for m in _memberships(user):
        if m.unit_id == offer.unit_id and m.role in (Role.OFFER_STAFF, Role.MANAGER):
            return True
        if (
            m.unit.municipality_id == offer.unit.municipality_id
            and m.unit.kind == Unit.Kind.AUTHORITY
            and m.role in (Role.CASEWORKER, Role.MANAGER)
        ):
            return True
    return False


def records_for_bought_offer(user: AnyUser, offer: OfferLike) -> bool:
    """An offer the municipality buys (issue 16) has no staff in Hjemvej: the provider gets no
    access. Its buyer's authority (caseworkers and authority managers of the municipality the
    offer's unit belongs to) records what the provider decides and notifies – the admission
    from the §110 stk. 6 notice, the end of the stay – and keeps the offer's catalogue facts."""
    return bool(getattr(offer, "is_external", False)) and (
        offer.unit.municipality_id in authority_municipality_ids(user)
    )


def may_register_bought_offer(user: AnyUser, municipality_id: int | None) -> bool:
    """Registering an offer the municipality buys: its authority (caseworkers and authority
    managers, who receive the notices) or its administrator."""
    return municipality_id is not None and (
        municipality_id in authority_municipality_ids(user)
        or municipality_id in administered_municipality_ids(user)
    )


def staffable_units(units: QuerySet[Unit]) -> QuerySet[Unit]:
    """The units a user can be given a role in: not the unit of a bought offer, whose
    provider gets no access to Hjemvej (issue 16)."""
    return units.filter(Q(offer__isnull=True) | Q(offer__operator="own"))


def may_edit_offer(user: AnyUser, offer: OfferLike) -> bool:
    """The offer's manager, or an administrator in its municipality; a bought offer also its
    buyer's authority (`records_for_bought_offer`)."""
    if records_for_bought_offer(user, offer):
        return True
    for m in _memberships(user):
        if m.role == Role.MANAGER and m.unit_id == offer.unit_id:
            return True
        if m.role == Role.ADMINISTRATOR and m.unit.municipality_id == offer.unit.municipality_id:
            return True
    return False


def may_decide_referral(user: AnyUser, offer: OfferLike) -> bool:
    """Who approves or refuses a referral. §110 stk. 4: at a shelter the shelter's leader (its
    staff and managers) decides admission; at other offers the authority (caseworkers and
    managers) decides, not the offer's own staff."""
    if not may_work_with_citizens(user):
        return False
    if offer.is_shelter:
        # At a bought shelter its leader decides outside Hjemvej; the buyer records it.
        return is_offer_staff(user, offer) or records_for_bought_offer(user, offer)
    user_roles = roles(user)
    if not user_roles & {Role.CASEWORKER, Role.MANAGER}:
        return False
    return Role.CASEWORKER in user_roles or not is_offer_staff(user, offer)


def may_move_referral(user: AnyUser, *, offer: OfferLike, citizen: Citizen, to: str) -> bool:
    """Who may move a referral to status `to` (the values of offers.models.ReferralStatus):
    the decision as `may_decide_referral`; admission and the offer's own no as `may_admit`; the
    waiting list by the offer or the citizen's caseworker; withdrawal by those who edit the
    citizen's data."""
    if to in ("approved", "refused"):
        return may_decide_referral(user, offer)
    if to in ("admitted", "declined"):
        return may_admit(user, offer)
    if to == "waiting":
        return may_admit(user, offer) or may_edit_citizen(user, citizen)
    if to == "withdrawn":
        return may_edit_citizen(user, citizen)
    return False


def may_refer(user: AnyUser, *, offer: OfferLike, citizen: Citizen, self_referral: bool) -> bool:
    """A referral is made by those who edit the citizen's data; a self-referral (§110 stk. 3)
    is registered by the shelter."""
    if self_referral:
        return may_admit(user, offer)
    return may_edit_citizen(user, citizen)


def may_record_youth_alternative(user: AnyUser, citizen: Citizen) -> bool:
    """The alternative to a shelter for a citizen under the youth age is the acting
    municipality's duty: its caseworkers record what was offered and the answer."""
    return citizen.acting_municipality_id in authority_municipality_ids(user) and may_edit_citizen(
        user, citizen
    )


def may_manage_placements(user: AnyUser, citizen: Citizen) -> bool:
    """Placements in bought offers and their bring-home plans (stays.Placement): the acting
    municipality's caseworkers, who place the citizen and pay (DOMAIN.md §9)."""
    return citizen.acting_municipality_id in authority_municipality_ids(user) and may_edit_citizen(
        user, citizen
    )


def placement_caseworkers(municipality_id: int) -> QuerySet[User]:
    """Who may be responsible for a placement's bring-home plan: the municipality's active
    caseworkers."""
    return (
        User.objects.filter(
            memberships__unit__municipality_id=municipality_id,
            memberships__role=Role.CASEWORKER,
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


def placement_municipality_ids(user: AnyUser) -> set[int]:
    """Municipalities whose bring-home report the user sees: their authority's caseworkers and
    managers (rows only for the citizens they may see; analysts have no access)."""
    return authority_municipality_ids(user)


def may_see_bring_home_report(user: AnyUser) -> bool:
    """The bring-home report, its menu entry and its Excel export: an authority's caseworkers
    and managers (analysts and offer staff: no access, its figures rest on few citizens)."""
    return may_work_with_citizens(user) and bool(placement_municipality_ids(user))


def may_admit(user: AnyUser, offer: OfferLike) -> bool:
    """Admission to and discharge from an offer: its staff and managers (§110 stk. 4); at a
    bought offer, which has no staff in Hjemvej, the buyer's authority records them."""
    return is_offer_staff(user, offer) or records_for_bought_offer(user, offer)


def may_manage_cohort(user: AnyUser, offer: OfferLike) -> bool:
    """Housing First cohorts (courses.Cohort): creating one, admitting, recording a relapse
    and a participant's leaving — the offer's own staff and managers, who run the group (as
    `may_admit`); the authority refers and decides the referral, it does not admit."""
    return may_work_with_citizens(user) and is_offer_staff(user, offer)


def may_work_for_unit(user: AnyUser, unit: Unit) -> bool:
    """Caseworkers work for every unit in their municipality; offer staff and managers for
    their own units."""
    return unit.pk in staff_unit_ids(user) or unit.municipality_id in {
        m.unit.municipality_id for m in _memberships(user) if m.role == Role.CASEWORKER
    }


def work_units(user: AnyUser) -> QuerySet[Unit]:
    """Units a user may register work for (meetings, courses): see `may_work_for_unit`."""
    return Unit.objects.filter(
        Q(municipality_id__in=caseworker_municipality_ids(user)) | Q(pk__in=staff_unit_ids(user))
    ).select_related("municipality")


def acting_units(user: AnyUser) -> list[Unit]:
    """The units a user may act for (the header's unit picker): every unit they are a member
    of, in any role, by name."""
    units = {m.unit_id: m.unit for m in _memberships(user)}
    return sorted(units.values(), key=lambda u: u.name)


def may_act_for_unit(user: AnyUser, unit_id: int) -> bool:
    return any(m.unit_id == unit_id for m in _memberships(user))


def own_units(user: AnyUser) -> QuerySet[Unit]:
    """The units a user is a member of in a role that works with citizens (notes, support and
    messages are registered in the name of one of these)."""
    ids = {m.unit_id for m in _memberships(user) if m.role in CITIZEN_ROLES}
    return Unit.objects.filter(pk__in=ids).order_by("name")


def plan_units(user: AnyUser, kind: str | None = None) -> list[Unit]:
    """The units in whose name a user writes assessments and plans: their own units as
    caseworker or offer staff, optionally of one kind."""
    units = {
        m.unit.pk: m.unit
        for m in _memberships(user)
        if m.role in (Role.CASEWORKER, Role.OFFER_STAFF) and (kind is None or m.unit.kind == kind)
    }
    return sorted(units.values(), key=lambda u: u.name)


def may_edit_meeting(user: AnyUser, *, citizen: Citizen | None, unit: Unit) -> bool:
    """A citizen's meeting: those who edit the citizen's data. A meeting without a citizen
    (municipality and offer): those who work for its unit."""
    if citizen is None:
        return may_work_for_unit(user, unit)
    return may_edit_citizen(user, citizen)


def check_may_book_meeting(user: AnyUser, *, citizen: Citizen | None, unit: Unit) -> None:
    """A new meeting: as `may_edit_meeting`, and it is held by a unit the user works for."""
    require(
        may_edit_meeting(user, citizen=citizen, unit=unit) and may_work_for_unit(user, unit),
        f"Du kan ikke booke møder for {unit.name} med denne borger.",
    )


def check_may_edit_meeting(user: AnyUser, *, citizen: Citizen | None, unit: Unit) -> None:
    require(
        may_edit_meeting(user, citizen=citizen, unit=unit),
        "Du har ikke ret til at ændre dette møde.",
    )


def colleagues(user: AnyUser) -> QuerySet[User]:
    """Active staff who work with citizens in the units the user works for (to invite to a
    meeting)."""
    return (
        User.objects.filter(
            memberships__unit__in=work_units(user),
            memberships__role__in=CITIZEN_ROLES,
            is_active=True,
        )
        .exclude(pk=user.pk or 0)
        .distinct()
        .order_by("first_name", "last_name")
    )


# ---------------------------------------------------------------- journal


class NoteLike(Protocol):
    """A journal note as the policy needs it (journal.models.Note)."""

    author_id: int
    unit_id: int

    @property
    def citizen(self) -> Citizen: ...


def may_read_sensitive_note(user: AnyUser, note: NoteLike, grant: Grant | None) -> bool:
    """Health and substance-use notes are for those who work with the citizen on them: the
    author, the citizen's caseworkers and the staff of the unit that wrote the note — not
    managers, analysts or a break-the-glass access."""
    if grant is None or grant.break_glass:
        return False
    if note.author_id == user.pk:
        return True
    if note.citizen.acting_municipality_id in caseworker_municipality_ids(user):
        return True
    return any(m.role == Role.OFFER_STAFF and m.unit_id == note.unit_id for m in _memberships(user))


# ---------------------------------------------------------------- aggregates, economics, reports

FINANCE_ROLES = {Role.MANAGER, Role.ANALYST}


def may_see_offer_progress(user: AnyUser, unit: Unit) -> bool:
    """An offer's progression figures (aggregates, no names): the unit's own staff, and managers
    and analysts of its municipality."""
    mships = _memberships(user)
    if any(m.unit_id == unit.pk and m.role != Role.ADMINISTRATOR for m in mships):
        return True
    return unit.municipality_id in finance_municipality_ids(user)


def progress_units(user: AnyUser) -> list[Unit]:
    """The units whose progression figures the user may see (see `may_see_offer_progress`)."""
    own = {m.unit_id for m in _memberships(user) if m.role != Role.ADMINISTRATOR}
    return list(
        Unit.objects.filter(
            Q(pk__in=own) | Q(municipality_id__in=finance_municipality_ids(user))
        ).select_related("municipality")
    )


def may_use_calculators(user: AnyUser) -> bool:
    """Managers and analysts: the calculators hold no person data."""
    return bool(roles(user) & FINANCE_ROLES)


def finance_municipality_ids(user: AnyUser, *, managers_only: bool = False) -> set[int]:
    """Municipalities whose economics (and head count) the user works with: as manager or
    analyst; with `managers_only`, those whose cost sheets the user edits."""
    wanted = {Role.MANAGER} if managers_only else FINANCE_ROLES
    return {m.unit.municipality_id for m in _memberships(user) if m.role in wanted}


def may_edit_cost_sheets(user: AnyUser, unit: Unit | None = None) -> bool:
    """Managers edit the cost sheets of their municipality's offers."""
    ids = finance_municipality_ids(user, managers_only=True)
    return bool(ids) if unit is None else unit.municipality_id in ids


def may_use_reports(user: AnyUser) -> bool:
    return is_manager(user) or is_analyst(user)


def aggregates_only(user: AnyUser) -> bool:
    """Analysts see figures only, with small counts suppressed (common/suppression.py); never
    the records behind them. A manager who is also an analyst sees as a manager."""
    return is_analyst(user) and not is_manager(user)


def report_municipality_ids(user: AnyUser) -> set[int]:
    """Municipalities whose whole report the user may see: authority managers and analysts."""
    return {
        m.unit.municipality_id
        for m in _memberships(user)
        if m.role == Role.ANALYST or (m.role == Role.MANAGER and m.unit.kind == Unit.Kind.AUTHORITY)
    }


def may_export_dst(user: AnyUser, offer: OfferLike) -> bool:
    """Danmarks Statistik's §110 export (stays/dst.py) holds every stay's CPR number: the
    shelter's own manager exports it and sees its worklist, for that shelter only."""
    return any(m.role == Role.MANAGER and m.unit_id == offer.unit_id for m in _memberships(user))


def dst_unit_ids(user: AnyUser) -> set[int]:
    """The units whose shelters the user may export to Danmarks Statistik."""
    return _unit_ids(user, Role.MANAGER)


def dst_authority_ids(user: AnyUser) -> set[int]:
    """The authority units whose §101 treatment and adult decision statistics the user may
    export (stays/dst_adult.py): they hold CPR numbers, so the authority's manager only."""
    return {
        m.unit_id
        for m in _memberships(user)
        if m.role == Role.MANAGER and m.unit.kind == Unit.Kind.AUTHORITY
    }


def may_export_dst_authority(user: AnyUser, unit: Unit) -> bool:
    return unit.pk in dst_authority_ids(user)


def may_download_report(user: AnyUser, requested_by_id: int | None) -> bool:
    """A report belongs to the user who asked for it."""
    return bool(is_staff_user(user) and requested_by_id == user.pk)


# ---------------------------------------------------------------- need-to-know scopes (issue 12)
#
# A grant's scope says which parts of a citizen's record it covers. Every view and endpoint
# names its part when it calls access_citizen (section=...), and the plan and assessment lists
# are filtered with plan_q / assessment_q, so a walk-in registration at a shelter gives the
# shelter the stay's scope and nothing more.


def covers(grant: Grant, section: str) -> bool:
    """Whether the grant covers a part of the record (SECTION_*)."""
    return section in SCOPE_SECTIONS[grant.scope]


def tie_grant(user: AnyUser, citizen: Citizen) -> Grant | None:
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


def shares_whole_plan(grant: Grant | None, plan) -> bool:
    """Whether the grant shows the whole plan: the authority (and the citizen) see every plan
    whole, a unit its own plans; a plan shared with the unit shows only the shared parts."""
    if grant is None or grant.scope == FULL:
        return True
    return grant.scope == STAY and plan.unit_id in grant.unit_ids


def shared_only_plan_q(grant: Grant | None) -> Q:
    """The plans a grant shows only the shared parts of, as a Q over plans.Plan, to be combined
    with plan_q: the SQL of "not shares_whole_plan" (the authority and the citizen see every
    plan whole, so none; a unit every plan that is not its own)."""
    if grant is None or grant.scope != STAY:
        return Q(pk__in=[])
    return ~Q(unit_id__in=grant.unit_ids)


def own_plan_q(grant: Grant | None) -> Q:
    """The plans a grant may write to (goals, sub-goals, scores): the authority every plan, a
    unit its own; a plan shared with the unit is for reading."""
    if grant is None or grant.scope == FULL:
        return Q()
    if grant.scope != STAY:
        return Q(pk__in=[])
    return Q(unit_id__in=grant.unit_ids)


def shared_parts_q(grant: Grant | None) -> Q:
    """The active shares (access.PlanShare) that give the grant's units parts of a plan."""
    if grant is None or grant.scope != STAY:
        return Q(pk__in=[])
    return Q(unit_id__in=grant.unit_ids, withdrawn_at__isnull=True)


def goal_q(grant: Grant | None) -> Q:
    """The goals (plans.Goal) a grant shows: every goal of a plan it shows whole, and of a plan
    shared with the grant's units only the goals the authority chose to share."""
    if grant is None or grant.scope == FULL:
        return Q()
    if grant.scope != STAY:
        return Q(pk__in=[])
    shared = PlanShare.goals.through.objects.filter(
        Q(planshare__unit_id__in=grant.unit_ids, planshare__withdrawn_at__isnull=True),
        goal_id=OuterRef("pk"),
    )
    return Q(plan__unit_id__in=grant.unit_ids) | Q(Exists(shared))


def purpose_shared_q(grant: Grant | None, plan_ref: str = "pk") -> Exists:
    """An EXISTS over plans: the plan's purpose is shared with one of the grant's units."""
    return Exists(
        PlanShare.objects.filter(shared_parts_q(grant), plan=OuterRef(plan_ref), purpose=True)
    )


def may_share_plan_parts(user: AnyUser, plan, unit: Unit) -> bool:
    """The acting municipality's caseworker shares parts of the authority's plan with an offer
    the citizen has an active tie to beyond a referral (§141)."""
    return (
        may_share_plan(user, plan)
        and unit.kind == Unit.Kind.OFFER
        and Relationship.objects.filter(
            citizen_id=plan.citizen_id, unit=unit, ended_on__isnull=True
        )
        .exclude(kind=Relationship.Kind.REFERRAL)
        .exists()
    )


def assessment_q(grant: Grant | None) -> Q:
    """The assessments (VUM) a grant shows, as a Q over plans.Assessment: the authority's
    assessments stay with the authority; a unit with a tie sees the ones it made itself."""
    if grant is None or grant.scope == FULL:
        return Q()
    if grant.scope != STAY:
        return Q(pk__in=[])
    return Q(unit_id__in=grant.unit_ids)


def may_share_plan(user: AnyUser, plan) -> bool:
    """Only a caseworker in the citizen's acting municipality shares the authority's plans."""
    return (
        plan.unit.kind == Unit.Kind.AUTHORITY
        and plan.citizen.acting_municipality_id in caseworker_municipality_ids(user)
    )


# ---------------------------------------------------------------- the citizen's rights (issue 20)


def may_handle_rights_requests(user: AnyUser, citizen: Citizen) -> bool:
    """Insight, correction and holds are the acting municipality's caseworkers' to handle: they
    hold the whole case (a `full` grant) and answer for it."""
    return citizen.acting_municipality_id in caseworker_municipality_ids(user) and may_edit_citizen(
        user, citizen
    )


def authority_manager_municipality_ids(user: AnyUser) -> set[int]:
    return {
        m.unit.municipality_id
        for m in _memberships(user)
        if m.role == Role.MANAGER and m.unit.kind == Unit.Kind.AUTHORITY
    }


def may_confirm_disposal(user: AnyUser, municipality_id: int | None) -> bool:
    """A case is deleted when the authority's manager of its acting municipality confirms;
    housekeeping without a citizen (reminder texts, export files) when an administrator does."""
    if municipality_id is None:
        return is_administrator(user)
    return municipality_id in authority_manager_municipality_ids(user)


def may_see_disposals(user: AnyUser) -> bool:
    return is_administrator(user) or bool(authority_manager_municipality_ids(user))


def may_edit_retention_rules(user: AnyUser) -> bool:
    return is_administrator(user)


def may_hold_case(user: AnyUser, citizen: Citizen) -> bool:
    """Place or lift a legal hold: the case's caseworkers and its authority's manager."""
    return may_handle_rights_requests(user, citizen) or (
        citizen.acting_municipality_id in authority_manager_municipality_ids(user)
    )


def may_read_records_of_processing(user: AnyUser) -> bool:
    """The records of processing (GDPR art. 30) are for the data protection officer's people:
    managers and administrators."""
    return is_manager(user) or is_administrator(user)
