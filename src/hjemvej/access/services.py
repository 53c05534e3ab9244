from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from hjemvej.access import policy
from hjemvej.access.models import AccessRequest, BreakGlassAccess
from hjemvej.accounts.models import ApiToken, Membership, Municipality, Role, Unit, User
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.people import cpr as cprlib
from hjemvej.people.models import Citizen, Relationship
from hjemvej.people.services import do_open_relationship, log_cpr_lookup

MIN_REASON_CHARS = 15


def check_cpr_and_reason(cpr: str, reason: str) -> tuple[str, str]:
    """A look-up by CPR outside one's own rights (break-the-glass, an access request) needs a
    valid CPR number and a concrete reason; both errors are shown by their fields at once."""
    reason = (reason or "").strip()
    errors: dict[str, list[str] | str] = {}
    try:
        number = cprlib.clean_cpr(cpr)
    except ValidationError as exc:
        errors["cpr"] = exc.messages
        number = ""
    if len(reason) < MIN_REASON_CHARS:
        errors["reason"] = (
            f"Beskriv konkret hvorfor du har brug for adgang (mindst {MIN_REASON_CHARS} tegn)."
        )
    if errors:
        raise ValidationError(errors)
    return number, reason


def do_break_glass(*, user: User, cpr: str, reason: str) -> BreakGlassAccess:
    """Open a citizen outside the user's rights. The reason is required, the access expires, and
    both the grant and every later look-up are logged."""
    if not policy.may_break_glass(user):
        raise ValidationError("Din rolle giver ikke mulighed for nødadgang.")
    number, reason = check_cpr_and_reason(cpr, reason)
    citizen = Citizen.objects.filter(cpr=number).first()
    if citizen is None:
        log_cpr_lookup(number=number, citizen=None, outcome="ikke fundet", purpose=reason)
        raise ValidationError({"cpr": "Der findes ingen borger med dette CPR-nummer i Hjemvej."})
    with transaction.atomic():
        access = BreakGlassAccess.objects.create(
            user=user,
            citizen=citizen,
            reason=reason,
            expires_at=timezone.now() + timedelta(minutes=settings.BREAK_GLASS_MINUTES),
        )
        log_event(
            action=Action.BREAK_GLASS,
            summary="Nødadgang til borger",
            citizen=citizen,
            obj=access,
            purpose=reason,
            detail={"expires_at": access.expires_at.isoformat()},
        )
    return access


# ---------------------------------------------------------------- asking for access


REQUEST_SENT = (
    "Hvis borgeren er kendt i Hjemvej, er din anmodning sendt til borgerens handlekommune. Du "
    "kan se svaret under Anmodninger om adgang."
)


def requesting_unit(user: User) -> Unit | None:
    """The unit a request is made for: the user's first caseworker or offer-staff unit."""
    for m in policy.memberships(user):
        if m.role in (Role.CASEWORKER, Role.OFFER_STAFF):
            return m.unit
    return None


def do_request_access(*, user: User, cpr: str, reason: str) -> AccessRequest | None:
    """Ask the acting municipality for access to a citizen known by CPR. The answer to the user
    is the same whether the CPR is known or not (REQUEST_SENT); the look-up is logged either
    way. Returns the request, or None when nobody has the number."""
    unit = requesting_unit(user)
    if unit is None:
        raise ValidationError("Din rolle giver ikke mulighed for at anmode om adgang.")
    number, reason = check_cpr_and_reason(cpr, reason)
    citizen = Citizen.objects.filter(cpr=number).first()
    log_cpr_lookup(
        number=number,
        citizen=citizen,
        outcome="anmodning om adgang" if citizen else "ikke fundet",
        purpose=reason,
    )
    if citizen is None:
        return None
    with transaction.atomic():
        pending = AccessRequest.objects.filter(
            citizen=citizen, unit=unit, status=AccessRequest.Status.PENDING
        ).first()
        if pending is not None:
            return pending
        request = AccessRequest.objects.create(
            citizen=citizen,
            unit=unit,
            requested_by=user,
            reason=reason,
            requested_at=timezone.now(),
        )
        log_event(
            action=Action.CREATE,
            summary=f"Anmodning om adgang fra {unit.name}",
            citizen=citizen,
            obj=request,
            purpose=reason,
        )
    return request


def do_answer_access_request(
    *, user, request: AccessRequest, approve: bool, answer: str = ""
) -> AccessRequest:
    """A caseworker in the citizen's acting municipality approves (the citizen is tied to the
    requesting unit) or refuses (with a reason)."""
    if request.citizen.acting_municipality_id not in policy.caseworker_municipality_ids(user):
        raise ValidationError("Kun en sagsbehandler i borgerens handlekommune kan svare.")
    answer = (answer or "").strip()
    if not approve and not answer:
        raise ValidationError({"answer": "Skriv hvorfor anmodningen afvises."})
    with transaction.atomic():
        status = AccessRequest.Status.APPROVED if approve else AccessRequest.Status.REFUSED
        updated = AccessRequest.objects.filter(
            pk=request.pk, status=AccessRequest.Status.PENDING
        ).update(status=status, answered_by=user, answered_at=timezone.now(), answer=answer)
        if not updated:
            raise ValidationError("Anmodningen er allerede besvaret.")
        request.refresh_from_db()
        if approve:
            tie = do_open_relationship(
                citizen=request.citizen,
                unit=request.unit,
                kind=Relationship.Kind.CONTACT,
                started_on=timezone.localdate(),
                source="anmodning om adgang",
            )
            log_event(
                action=Action.CREATE,
                summary=f"Tilknytning til {request.unit.name} åbnet efter anmodning om adgang",
                citizen=request.citizen,
                obj=tie,
                purpose=request.reason,
            )
        log_event(
            action=Action.CHANGE,
            summary=f"Anmodning om adgang fra {request.unit.name}: {request.get_status_display().lower()}",
            citizen=request.citizen,
            obj=request,
            purpose="Svar på anmodning om adgang",
        )
    return request


# ---------------------------------------------------------------- staff, units and roles
# The municipality's administrator manages its users, units and roles here (the DKFDS pages
# under /administration/); Django's own admin is for superusers only. Every change is audited.
ADMIN_PURPOSE = "Administration af brugere og enheder"
USER_FIELDS = ("first_name", "last_name", "email", "title", "phone")


def _clean_user_fields(data: dict) -> dict:
    cleaned = {f: (data.get(f) or "").strip() for f in USER_FIELDS if f in data}
    errors = {}
    if "first_name" in cleaned and not cleaned["first_name"]:
        errors["first_name"] = "Skriv brugerens fornavn."
    if "last_name" in cleaned and not cleaned["last_name"]:
        errors["last_name"] = "Skriv brugerens efternavn."
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_staffable(unit: Unit) -> None:
    if not policy.staffable_units(Unit.objects.filter(pk=unit.pk)).exists():
        raise ValidationError(
            {"unit": f"{unit.name} er et købt tilbud. Leverandøren får ikke adgang til Hjemvej."}
        )


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": "Vælg en rolle."})


def do_create_user(*, user: User, username: str, unit: Unit, role: str, **fields) -> User:
    """A new staff user with a first role in one of the administrator's units. The user has no
    password: they log in with the municipality's login (or a superuser sets one)."""
    policy.check_may_administer_unit(user, unit)
    _check_staffable(unit)
    username = (username or "").strip().lower()
    errors: dict[str, str] = {}
    if not username:
        errors["username"] = "Skriv et brugernavn."
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = "Brugernavnet er optaget. Vælg et andet."
    if errors:
        raise ValidationError(errors)
    cleaned = _clean_user_fields({f: fields.get(f, "") for f in USER_FIELDS})
    _check_role(role)
    with transaction.atomic():
        new = User(username=username, **cleaned)
        new.set_unusable_password()
        new.save()
        Membership.objects.create(user=new, unit=unit, role=role)
        log_event(
            action=Action.CREATE,
            summary=f"Bruger oprettet: {new.username} ({Role(role).label} i {unit.name})",
            obj=new,
            purpose=ADMIN_PURPOSE,
        )
    return new


def do_update_user(*, user: User, target: User, changes: dict) -> User:
    policy.check_may_administer_user(user, target)
    cleaned = _clean_user_fields(changes)
    changed = [f for f, v in cleaned.items() if getattr(target, f) != v]
    if not changed:
        return target
    with transaction.atomic():
        for f in changed:
            setattr(target, f, cleaned[f])
        target.save(update_fields=changed)
        log_event(
            action=Action.CHANGE,
            summary=f"Bruger rettet: {target.username}",
            obj=target,
            detail={"fields": changed},
            purpose=ADMIN_PURPOSE,
        )
    return target


def do_add_membership(*, user: User, target: User, unit: Unit, role: str) -> Membership:
    policy.check_may_administer_user(user, target)
    policy.check_may_administer_unit(user, unit)
    _check_staffable(unit)
    _check_role(role)
    if Membership.objects.filter(user=target, unit=unit, role=role).exists():
        raise ValidationError({"role": f"Brugeren har allerede den rolle i {unit.name}."})
    with transaction.atomic():
        membership = Membership.objects.create(user=target, unit=unit, role=role)
        log_event(
            action=Action.CREATE,
            summary=f"Rolle givet: {target.username} er {Role(role).label.lower()} i {unit.name}",
            obj=target,
            detail={"unit": str(unit.uuid), "role": role},
            purpose=ADMIN_PURPOSE,
        )
    return membership


def do_remove_membership(*, user: User, membership: Membership) -> None:
    """A role taken away ends the user's API tokens (whoever holds them must log in again)."""
    target = membership.user
    policy.check_may_administer_user(user, target)
    policy.check_may_administer_unit(user, membership.unit)
    with transaction.atomic():
        unit, role = membership.unit, membership.role
        membership.delete()
        ApiToken.objects.revoke_all(target)
        log_event(
            action=Action.DELETE,
            summary=(
                f"Rolle fjernet: {target.username} er ikke længere "
                f"{Role(role).label.lower()} i {unit.name}"
            ),
            obj=target,
            detail={"unit": str(unit.uuid), "role": role},
            purpose=ADMIN_PURPOSE,
        )


def _end_sessions(target: User) -> int:
    """Delete the user's open sessions (the database sessions live at most the idle time)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(target.pk):
            session.delete()
            ended += 1
    return ended


def do_deactivate_user(*, user: User, target: User) -> User:
    """The user can no longer log in: their sessions end and their API tokens are revoked."""
    policy.check_may_administer_user(user, target)
    if not target.is_active:
        raise ValidationError("Brugeren er allerede deaktiveret.")
    with transaction.atomic():
        target.is_active = False
        target.save(update_fields=["is_active"])
        tokens = ApiToken.objects.revoke_all(target)
        sessions = _end_sessions(target)
        log_event(
            action=Action.CHANGE,
            summary=f"Bruger deaktiveret: {target.username}",
            obj=target,
            detail={"sessions_ended": sessions, "tokens_revoked": tokens},
            purpose=ADMIN_PURPOSE,
        )
    return target


def do_reactivate_user(*, user: User, target: User) -> User:
    policy.check_may_administer_user(user, target)
    if target.is_active:
        raise ValidationError("Brugeren er allerede aktiv.")
    with transaction.atomic():
        target.is_active = True
        target.save(update_fields=["is_active"])
        log_event(
            action=Action.CHANGE,
            summary=f"Bruger genaktiveret: {target.username}",
            obj=target,
            purpose=ADMIN_PURPOSE,
        )
    return target


def _unit_name(name: str, municipality_id: int, exclude_pk: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Skriv enhedens navn."})
    clash = Unit.objects.filter(municipality_id=municipality_id, name__iexact=name)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": "Kommunen har allerede en enhed med det navn."})
    return name


def _unit_kind(kind: str) -> str:
    if kind not in Unit.Kind.values:
        raise ValidationError({"kind": "Vælg om enheden er myndighed eller tilbud."})
    return kind


def do_create_unit(*, user: User, municipality: Municipality, name: str, kind: str) -> Unit:
    policy.require(
        policy.may_administer_municipality(user, municipality.pk),
        "Du kan kun oprette enheder i din egen kommune.",
    )
    name = _unit_name(name, municipality.pk)
    kind = _unit_kind(kind)
    base = slugify(f"{municipality.name}-{name}")[:70] or "enhed"
    slug, n = base, 1
    while Unit.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    with transaction.atomic():
        unit = Unit.objects.create(municipality=municipality, name=name, kind=kind, slug=slug)
        log_event(
            action=Action.CREATE,
            summary=f"Enhed oprettet: {unit.name} ({unit.get_kind_display().lower()})",
            obj=unit,
            purpose=ADMIN_PURPOSE,
        )
    return unit


def do_update_unit(*, user: User, unit: Unit, name: str, kind: str) -> Unit:
    policy.check_may_administer_unit(user, unit)
    name = _unit_name(name, unit.municipality_id, exclude_pk=unit.pk)
    kind = _unit_kind(kind)
    changed = [f for f, v in (("name", name), ("kind", kind)) if getattr(unit, f) != v]
    if not changed:
        return unit
    with transaction.atomic():
        unit.name, unit.kind = name, kind
        unit.save(update_fields=changed)
        log_event(
            action=Action.CHANGE,
            summary=f"Enhed rettet: {unit.name}",
            obj=unit,
            detail={"fields": changed},
            purpose=ADMIN_PURPOSE,
        )
    return unit


def do_update_municipality_settings(
    *, user: User, municipality: Municipality, youth_age: int, youth_shelter_policy: bool
) -> Municipality:
    """The municipality's own settings: the youth age at a §110 shelter and Herning-like
    policy ("as a rule no one under 25 at a shelter"), which adds the report figure — never
    an admission criterion (issue 15)."""
    policy.check_may_administer_municipality(user, municipality)
    if not 18 <= youth_age <= 30:
        raise ValidationError({"youth_age": "Ungealderen skal være mellem 18 og 30 år."})
    values = {"youth_age": youth_age, "youth_shelter_policy": youth_shelter_policy}
    changed = [f for f, v in values.items() if getattr(municipality, f) != v]
    if not changed:
        return municipality
    with transaction.atomic():
        for f in changed:
            setattr(municipality, f, values[f])
        municipality.save(update_fields=changed)
        log_event(
            action=Action.CHANGE,
            summary=f"Kommunens indstillinger rettet: {municipality}",
            obj=municipality,
            detail={f: values[f] for f in changed},
            purpose=ADMIN_PURPOSE,
        )
    return municipality
