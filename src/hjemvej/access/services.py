from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.access.models import BreakGlassAccess
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.people import cpr as cprlib
from hjemvej.people.models import Citizen


def do_break_glass(*, user, cpr: str, reason: str) -> BreakGlassAccess:
    """Open a citizen outside the user's rights. The reason is required, the access expires, and
    both the grant and every later look-up are logged."""
    if not policy.may_break_glass(user):
        raise ValidationError("Din rolle giver ikke mulighed for nødadgang.")
    reason = (reason or "").strip()
    errors: dict[str, list[str] | str] = {}
    try:
        number = cprlib.clean_cpr(cpr)
    except ValidationError as exc:
        errors["cpr"] = exc.messages
        number = ""
    if len(reason) < 15:
        errors["reason"] = "Beskriv konkret hvorfor du har brug for adgang (mindst 15 tegn)."
    if errors:
        raise ValidationError(errors)
    citizen = Citizen.objects.filter(cpr=number).first()
    if citizen is None:
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
