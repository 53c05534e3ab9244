"""Writing tracks, partners and the ad hoc forum: each do_* checks the user, validates, writes
and logs in one transaction. A citizen's track copies its steps, owners and deadlines from the
template when it starts (rules.step_due)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.accounts.models import Municipality, Unit, User
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.people.models import Citizen
from hjemvej.tracks import rules
from hjemvej.tracks.models import (
    ForumMeeting,
    Partner,
    PartnerContact,
    Track,
    TrackStep,
    TrackTemplate,
)
from hjemvej.tracks.selectors import may_edit_partners

PURPOSE = "Borgerens spor: sundhed, beskæftigelse og fællesskaber"
PARTNER_PURPOSE = "Samarbejdsaftaler og ad hoc-mødeforum"


def _not_future(day: datetime.date | None, field: str, errors: dict) -> None:
    if day is None:
        errors[field] = "Skriv datoen."
    elif day > timezone.localdate():
        errors[field] = "Datoen kan ikke ligge i fremtiden."


def do_start_track(
    *,
    user: User,
    citizen: Citizen,
    template: TrackTemplate,
    unit: Unit,
    started_on: datetime.date,
    owner: User | None = None,
) -> Track:
    policy.check_may_edit_citizen(user, citizen, unit)
    errors: dict[str, str] = {}
    if not template.is_active or not policy.may_choose(user, template.municipality_id, shared=True):
        errors["template"] = "Vælg et spor, der er i brug i din kommune."
    _not_future(started_on, "started_on", errors)
    if owner is not None and not owner.memberships.filter(unit=unit).exists():
        errors["owner"] = f"Tovholderen skal arbejde på {unit.name}."
    if Track.objects.filter(citizen=citizen, kind=template.kind, status="active").exists():
        errors["template"] = (
            f"Borgeren har allerede et igangværende spor for {template.get_kind_display().lower()}."
        )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            track = Track.objects.create(
                citizen=citizen,
                template=template,
                kind=template.kind,
                unit=unit,
                owner=owner,
                started_on=started_on,
                created_by=user,
            )
            TrackStep.objects.bulk_create(
                TrackStep(
                    track=track,
                    number=s.number,
                    code=s.code,
                    name=s.name,
                    owner_role=s.owner_role,
                    due_on=rules.step_due(started_on, s.deadline_working_days),
                )
                for s in template.steps.order_by("number")
            )
            log_event(
                action=Action.CREATE,
                summary=f"Spor startet: {template.name}",
                citizen=citizen,
                obj=track,
                purpose=PURPOSE,
            )
    except IntegrityError as exc:  # two users started the same track at once
        raise ValidationError(
            {"template": "Borgeren har allerede et igangværende spor af denne slags."}
        ) from exc
    return track


def _open_track(step_or_track: Track | TrackStep) -> Track:
    track = step_or_track if isinstance(step_or_track, Track) else step_or_track.track
    # Read from the database: the caller's object may be older than the track's end.
    if not Track.objects.filter(pk=track.pk, status=Track.Status.ACTIVE).exists():
        raise ValidationError("Sporet er afsluttet og kan ikke ændres.")
    return track


def do_plan_step(
    *,
    user: User,
    step: TrackStep,
    due_on: datetime.date | None,
    owner: User | None,
    note: str = "",
) -> TrackStep:
    """Who does the step and by when; a named owner must work on the track's unit."""
    policy.check_may_edit_citizen(user, step.track.citizen, step.track.unit)
    track = _open_track(step)
    errors: dict[str, str] = {}
    if due_on is not None and due_on < track.started_on:
        errors["due_on"] = "Fristen kan ikke ligge før sporets start."
    if owner is not None and not owner.memberships.filter(unit=track.unit).exists():
        errors["owner"] = f"Den ansvarlige skal arbejde på {track.unit.name}."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = TrackStep.objects.select_for_update().get(pk=step.pk)
        current.due_on = due_on
        current.owner = owner
        current.note = note.strip()
        current.save(update_fields=["due_on", "owner", "note", "updated_at"])
        log_event(
            action=Action.CHANGE,
            summary=f"Trin i spor planlagt: {current.name}",
            citizen=track.citizen,
            obj=current,
            purpose=PURPOSE,
        )
    return current


def do_record_step(
    *,
    user: User,
    step: TrackStep,
    status: str,
    done_on: datetime.date | None,
    outcome: str = "",
    note: str = "",
) -> TrackStep:
    """A step is done (with its outcome) or not relevant (with the reason)."""
    policy.check_may_edit_citizen(user, step.track.citizen, step.track.unit)
    track = _open_track(step)
    outcome = outcome.strip()
    errors: dict[str, str] = {}
    if status not in (TrackStep.Status.DONE, TrackStep.Status.NOT_RELEVANT):
        errors["status"] = "Vælg om trinnet er udført eller ikke relevant."
    _not_future(done_on, "done_on", errors)
    if done_on is not None and "done_on" not in errors and done_on < track.started_on:
        errors["done_on"] = "Datoen kan ikke ligge før sporets start."
    if status == TrackStep.Status.NOT_RELEVANT and not outcome:
        errors["outcome"] = "Skriv hvorfor trinnet ikke er relevant."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = TrackStep.objects.select_for_update().get(pk=step.pk)
        if current.status != TrackStep.Status.OPEN:
            raise ValidationError("Trinnet er allerede afsluttet.")
        current.status = status
        current.done_on = done_on
        current.outcome = outcome
        if note.strip():
            current.note = note.strip()
        current.save(update_fields=["status", "done_on", "outcome", "note", "updated_at"])
        log_event(
            action=Action.CHANGE,
            summary=f"Trin i spor {current.get_status_display().lower()}: {current.name}",
            citizen=track.citizen,
            obj=current,
            purpose=PURPOSE,
        )
    return current


def do_end_track(
    *, user: User, track: Track, status: str, ended_on: datetime.date | None, reason: str = ""
) -> Track:
    """The goal is met (e.g. the citizen seeks the community alone), or the track is stopped
    with a reason. Open steps stay open on an ended track and leave the worklist."""
    policy.check_may_edit_citizen(user, track.citizen, track.unit)
    _open_track(track)
    reason = reason.strip()
    errors: dict[str, str] = {}
    if status not in (Track.Status.GOAL_MET, Track.Status.STOPPED):
        errors["status"] = "Vælg om målet er nået, eller sporet stoppes."
    _not_future(ended_on, "ended_on", errors)
    if ended_on is not None and "ended_on" not in errors and ended_on < track.started_on:
        errors["ended_on"] = "Slutdatoen kan ikke ligge før sporets start."
    if status == Track.Status.STOPPED and not reason:
        errors["reason"] = "Skriv hvorfor sporet stoppes."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Track.objects.select_for_update().get(pk=track.pk)
        _open_track(current)
        current.status = status
        current.ended_on = ended_on
        current.end_reason = reason
        current.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
        log_event(
            action=Action.CHANGE,
            summary=f"Spor afsluttet ({current.get_status_display().lower()}): "
            f"{current.template.name}",
            citizen=current.citizen,
            obj=current,
            purpose=PURPOSE,
        )
    return current


# ---------------------------------------------------------------- partners and the forum


def _check_partners(user: User, municipality: Municipality) -> None:
    if not may_edit_partners(user, municipality):
        raise PermissionDenied(f"Du kan ikke ændre samarbejdsaftaler for {municipality.name}.")


def do_save_partner(
    *,
    user: User,
    municipality: Municipality,
    kind: str,
    name: str,
    agreement: str = "",
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    partner: Partner | None = None,
) -> Partner:
    _check_partners(user, municipality)
    if partner is not None and partner.municipality_id != municipality.pk:
        raise PermissionDenied("Samarbejdspartneren hører til en anden kommune.")
    name = name.strip()
    errors: dict[str, str] = {}
    if kind not in Partner.Kind.values:
        errors["kind"] = "Vælg typen af samarbejdspartner."
    if not name:
        errors["name"] = "Skriv samarbejdspartnerens navn."
    elif (
        Partner.objects.filter(municipality=municipality, name__iexact=name)
        .exclude(pk=partner.pk if partner else 0)
        .exists()
    ):
        errors["name"] = "Der er allerede en samarbejdspartner med det navn."
    if valid_from and valid_until and valid_until < valid_from:
        errors["valid_until"] = "Aftalen kan ikke slutte, før den begynder."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        creating = partner is None
        partner = partner or Partner(municipality=municipality)
        partner.kind = kind
        partner.name = name
        partner.agreement = agreement.strip()
        partner.valid_from = valid_from
        partner.valid_until = valid_until
        partner.save()
        log_event(
            action=Action.CREATE if creating else Action.CHANGE,
            summary=f"Samarbejdspartner {'oprettet' if creating else 'ændret'}: {name}",
            obj=partner,
            purpose=PARTNER_PURPOSE,
        )
    return partner


def do_add_contact(
    *,
    user: User,
    partner: Partner,
    name: str,
    role: str = "",
    phone: str = "",
    email: str = "",
    forum_member: bool = False,
) -> PartnerContact:
    _check_partners(user, partner.municipality)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Skriv kontaktpersonens navn."
    if not phone.strip() and not email.strip():
        errors["phone"] = "Skriv et telefonnummer eller en e-mailadresse."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = PartnerContact.objects.create(
            partner=partner,
            name=name.strip(),
            role=role.strip(),
            phone=phone.strip(),
            email=email.strip(),
            forum_member=forum_member,
        )
        log_event(
            action=Action.CREATE,
            summary=f"Kontaktperson tilføjet hos {partner.name}",
            obj=contact,
            purpose=PARTNER_PURPOSE,
        )
    return contact


def do_remove_contact(*, user: User, contact: PartnerContact) -> None:
    _check_partners(user, contact.partner.municipality)
    with transaction.atomic():
        log_event(
            action=Action.DELETE,
            summary=f"Kontaktperson fjernet hos {contact.partner.name}",
            obj=contact,
            purpose=PARTNER_PURPOSE,
        )
        contact.delete()


def do_record_forum_meeting(
    *,
    user: User,
    municipality: Municipality,
    held_on: datetime.date | None,
    subject: str,
    participants: list[PartnerContact] | None = None,
    other_participants: str = "",
    summary: str = "",
) -> ForumMeeting:
    _check_partners(user, municipality)
    participants = list(participants or [])
    errors: dict[str, str] = {}
    if held_on is None:
        errors["held_on"] = "Skriv datoen."
    if not subject.strip():
        errors["subject"] = "Skriv mødets emne."
    if any(p.partner.municipality_id != municipality.pk for p in participants):
        errors["participants"] = "Vælg deltagere blandt kommunens kontaktpersoner."
    if not participants and not other_participants.strip():
        errors["participants"] = "Vælg eller skriv mødets deltagere."
    if errors or held_on is None:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = ForumMeeting.objects.create(
            municipality=municipality,
            held_on=held_on,
            subject=subject.strip(),
            other_participants=other_participants.strip(),
            summary=summary.strip(),
        )
        meeting.participants.set(participants)
        log_event(
            action=Action.CREATE,
            summary="Møde i ad hoc-mødeforummet registreret",
            obj=meeting,
            purpose=PARTNER_PURPOSE,
        )
    return meeting
