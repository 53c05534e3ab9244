from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.access.models import AccessRequest, BreakGlassAccess
from hjemvej.accounts.models import Role, Unit, User
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
