"""Writing case notes. A draft can be edited; a signed note cannot (here and in Note.save);
a correction is a new note that points at the note it corrects."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.accounts.models import Unit, User
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.journal.models import CitizenMessage, Note
from hjemvej.people.models import Citizen

PURPOSE = "Journalføring"


def _check(kind: str, sensitivity: str, text: str, occurred_on) -> None:
    errors = {}
    if kind not in Note.Kind.values:
        errors["kind"] = "Vælg notattypen."
    if sensitivity not in Note.Sensitivity.values:
        errors["sensitivity"] = "Vælg om notatet indeholder følsomme oplysninger."
    if not text.strip():
        errors["text"] = "Skriv notatet."
    if occurred_on is None:
        errors["occurred_on"] = "Skriv datoen."
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = "Datoen kan ikke ligge i fremtiden."
    if errors:
        raise ValidationError(errors)


def do_write_note(
    *,
    user: User,
    citizen: Citizen,
    unit: Unit,
    kind: str,
    text: str,
    occurred_on: datetime.date,
    sensitivity: str = "",
    sign: bool = False,
    corrects: Note | None = None,
) -> Note:
    policy.check_may_edit_citizen(user, citizen, unit)
    _check(kind, sensitivity, text, occurred_on)
    if corrects is not None:
        if corrects.citizen_id != citizen.pk:
            raise ValidationError("Rettelsen skal høre til samme borger.")
        if not corrects.is_signed:
            raise ValidationError("Et kladdenotat rettes direkte; kun underskrevne notater rettes.")
    with transaction.atomic():
        note = Note.objects.create(
            citizen=citizen,
            unit=unit,
            author=user,
            kind=kind,
            sensitivity=sensitivity,
            text=text.strip(),
            occurred_on=occurred_on,
            corrects=corrects,
            signed_at=timezone.now() if sign else None,
        )
        log_event(
            action=Action.CREATE,
            summary="Rettelse til journalnotat skrevet" if corrects else "Journalnotat skrevet",
            citizen=citizen,
            obj=note,
            purpose=PURPOSE,
            detail={"signed": sign, "sensitive": bool(sensitivity)},
        )
    return note


def do_edit_draft(
    *, user: User, note: Note, text: str, kind: str, sensitivity: str, occurred_on
) -> Note:
    policy.check_may_edit_citizen(user, note.citizen)
    _check(kind, sensitivity, text, occurred_on)
    with transaction.atomic():
        current = Note.objects.select_for_update().get(pk=note.pk)
        if current.is_signed:
            raise ValidationError("Et underskrevet notat kan ikke ændres. Skriv en rettelse.")
        if current.author_id != user.pk:
            raise ValidationError("Kun forfatteren kan rette en kladde.")
        current.text = text.strip()
        current.kind = kind
        current.sensitivity = sensitivity
        current.occurred_on = occurred_on
        current.save(update_fields=["text", "kind", "sensitivity", "occurred_on", "updated_at"])
        log_event(
            action=Action.CHANGE,
            summary="Kladde til journalnotat rettet",
            citizen=current.citizen,
            obj=current,
            purpose=PURPOSE,
        )
    return current


def do_sign_note(*, user: User, note: Note) -> Note:
    policy.check_may_edit_citizen(user, note.citizen)
    with transaction.atomic():
        current = Note.objects.select_for_update().get(pk=note.pk)
        if current.is_signed:
            raise ValidationError("Notatet er allerede underskrevet.")
        if current.author_id != user.pk:
            raise ValidationError("Kun forfatteren kan underskrive notatet.")
        current.signed_at = timezone.now()
        current.save(update_fields=["signed_at", "updated_at"])
        log_event(
            action=Action.CHANGE,
            summary="Journalnotat underskrevet",
            citizen=current.citizen,
            obj=current,
            purpose=PURPOSE,
        )
    return current


# ---------------------------------------------------------------- messages from the citizen

MESSAGE_MAX = 2000


def do_send_citizen_message(
    *, citizen: Citizen, unit: Unit, text: str, recipient=None
) -> CitizenMessage:
    """The citizen writes to a contact person from their own pages (logged as the citizen's
    own act by the portal). `recipient` may be None: the message then goes to the unit."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Skriv din besked."})
    if len(text) > MESSAGE_MAX:
        raise ValidationError({"text": f"Skriv højst {MESSAGE_MAX} tegn."})
    with transaction.atomic():
        message = CitizenMessage.objects.create(
            citizen=citizen, unit=unit, recipient=recipient, text=text
        )
        log_event(
            action=Action.CREATE,
            summary="Borgeren sendte en besked til sin kontaktperson",
            citizen=citizen,
            obj=message,
            purpose="Borgerens kontakt med kommunen",
        )
    return message


def do_mark_message_handled(*, user: User, message: CitizenMessage) -> CitizenMessage:
    policy.check_may_edit_citizen(user, message.citizen)
    with transaction.atomic():
        current = CitizenMessage.objects.select_for_update().get(pk=message.pk)
        if current.handled_at is not None:
            raise ValidationError("Beskeden er allerede markeret som behandlet.")
        current.handled_at = timezone.now()
        current.handled_by = user
        current.save(update_fields=["handled_at", "handled_by", "updated_at"])
        log_event(
            action=Action.CHANGE,
            summary="Besked fra borgeren markeret som behandlet",
            citizen=current.citizen,
            obj=current,
            purpose="Borgerens kontakt med kommunen",
        )
    return current
