"""Booking meetings, their participants, minutes and attendance; reminders and sending them.

Sending is exactly-once per reminder: `send_due_reminders` claims one due row at a time with
SELECT … FOR UPDATE SKIP LOCKED (PostgreSQL; on SQLite every transaction is IMMEDIATE, which
serialises the workers), sends it, and marks it sent in the same transaction. A worker that
dies before the commit leaves the row pending, and the next run sends it again with the same
reference (the reminder's UUID), which the backends use to recognise the repeat."""

import datetime
import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.accounts.models import Unit, User
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.courses.models import Course
from hjemvej.meetings import backends, rules
from hjemvej.meetings.models import (
    MEETING_STATUS,
    CitizenReply,
    ContactPreferences,
    Meeting,
    Participant,
    Reminder,
)
from hjemvej.people.models import Citizen, Consent, Relative

logger = logging.getLogger(__name__)
PURPOSE = "Mødeplanlægning og opfølgning"
WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]


def preferences_for(citizen: Citizen) -> ContactPreferences:
    prefs = ContactPreferences.objects.filter(citizen=citizen).first()
    return prefs or ContactPreferences(citizen=citizen)


def reminder_text(meeting: Meeting) -> str:
    """Neutral on purpose: time, place and contact person. Never the kind of meeting or the
    offer's name: others may read the citizen's phone."""
    local = timezone.localtime(meeting.starts_at)
    contact = meeting.contact_person
    phone = f", tlf. {contact.phone}" if contact.phone else ""
    municipality = meeting.unit.municipality.name
    return (
        f"Påmindelse: Du har en aftale {WEEKDAYS[local.weekday()]} "
        f"{local:%d.%m.%Y} kl. {local:%H.%M}, {meeting.place.rstrip('.')}. "
        f"Kontaktperson: {contact.get_full_name() or contact.username}{phone}. "
        f"Venlig hilsen {municipality} Kommune"
    )


def _reminder_times(starts_at: datetime.datetime, now: datetime.datetime) -> list:
    """One reminder per offset before the meeting (48 and 2 hours by default). Booked too late
    for the first: one reminder right away instead, if the meeting is more than an hour off."""
    times: list[datetime.datetime] = []
    for hours in sorted(settings.REMINDER_OFFSETS_HOURS, reverse=True):
        at = starts_at - timedelta(hours=hours)
        if at <= now:
            if not times and starts_at - now > timedelta(hours=1):
                times.append(now)
            continue
        if at not in times:
            times.append(at)
    return times


def _create_reminders(meeting: Meeting, now: datetime.datetime) -> list[Reminder]:
    citizen = meeting.citizen
    if citizen is None or not meeting.participants.filter(kind=Participant.Kind.CITIZEN).exists():
        return []
    prefs = preferences_for(citizen)
    channels = []
    if citizen.phone and prefs.sms_reminders:
        channels.append((Reminder.Channel.SMS, citizen.phone))
    if citizen.email and prefs.email_reminders:
        channels.append((Reminder.Channel.EMAIL, citizen.email))
    text = reminder_text(meeting)
    created = []
    for at in _reminder_times(meeting.starts_at, now):
        for channel, recipient in channels:
            created.append(
                Reminder.objects.create(
                    meeting=meeting,
                    citizen=citizen,
                    channel=channel,
                    recipient=recipient,
                    send_at=at,
                    text=text,
                )
            )
    return created


def _cancel_pending(meeting: Meeting) -> None:
    meeting.reminders.filter(status=Reminder.Status.PENDING).update(
        status=Reminder.Status.CANCELLED
    )


def check_meeting(
    *, kind: str, starts_at, duration_minutes: int, place: str, citizen, unit: Unit
) -> None:
    errors: dict[str, str] = {}
    if kind not in rules.RULES:
        errors["kind"] = "Vælg mødetypen."
    if starts_at is None:
        errors["starts_at"] = "Skriv dato og klokkeslæt for mødet."
    if not duration_minutes or duration_minutes <= 0 or duration_minutes > 8 * 60:
        errors["duration_minutes"] = "Et møde varer mellem 1 minut og 8 timer."
    if not place.strip():
        errors["place"] = "Skriv hvor mødet holdes (en adresse)."
    if kind != rules.MUNICIPALITY_SHELTER and citizen is None:
        errors["kind"] = "Mødet skal høre til en borger."
    if errors:
        raise ValidationError(errors)


def do_book_meeting(
    *,
    user: User,
    kind: str,
    unit: Unit,
    starts_at: datetime.datetime,
    duration_minutes: int,
    place: str,
    contact_person=None,
    citizen: Citizen | None = None,
    course: Course | None = None,
    citizen_attends: bool = True,
    staff: list | None = None,
    rescheduled_from: Meeting | None = None,
    now: datetime.datetime | None = None,
) -> Meeting:
    """Book a meeting with the contact person (and other staff) and, usually, the citizen.
    Reminders to the citizen are created at once and sent by the background worker."""
    policy.check_may_book_meeting(user, citizen=citizen, unit=unit)
    check_meeting(
        kind=kind,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        citizen=citizen,
        unit=unit,
    )
    now = now or timezone.now()
    if starts_at <= now and rescheduled_from is None:
        raise ValidationError({"starts_at": "Mødet skal ligge i fremtiden."})
    if course is not None and citizen is not None and course.citizen_id != citizen.pk:
        raise ValidationError({"course": "Forløbet hører til en anden borger."})
    contact_person = contact_person or user
    with transaction.atomic():
        meeting = Meeting.objects.create(
            kind=kind,
            citizen=citizen,
            unit=unit,
            course=course,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=duration_minutes),
            place=place.strip(),
            contact_person=contact_person,
            rescheduled_from=rescheduled_from,
            created_by=user,
        )
        MEETING_STATUS.record_start(meeting, by=user)
        seen = set()
        for person in [contact_person, *(staff or [])]:
            if person.pk not in seen:
                seen.add(person.pk)
                Participant.objects.create(
                    meeting=meeting, kind=Participant.Kind.STAFF, user=person
                )
        if citizen is not None and citizen_attends:
            Participant.objects.create(meeting=meeting, kind=Participant.Kind.CITIZEN)
        reminders = _create_reminders(meeting, now)
        log_event(
            action=Action.CREATE,
            summary=f"Møde booket: {meeting.get_kind_display()}",
            citizen=citizen,
            obj=meeting,
            purpose=PURPOSE,
        )
        if reminders:
            first = min(r.send_at for r in reminders)
            transaction.on_commit(lambda: schedule_sweep(at=first))
    return meeting


def do_add_relative(
    *, user: User, meeting: Meeting, relative: Relative, consent: Consent
) -> Participant:
    """A relative joins a meeting only with the citizen's active consent to share with them."""
    policy.check_may_edit_meeting(user, citizen=meeting.citizen, unit=meeting.unit)
    today = timezone.localdate()
    if relative.citizen_id != meeting.citizen_id or consent.citizen_id != meeting.citizen_id:
        raise ValidationError({"relative": "Personen hører ikke til borgeren."})
    if consent.direction != Consent.Direction.DISCLOSE or not consent.is_active(today):
        raise ValidationError(
            {"consent": "Vælg et gyldigt samtykke til at videregive oplysninger til personen."}
        )
    with transaction.atomic():
        participant = Participant.objects.create(
            meeting=meeting, kind=Participant.Kind.RELATIVE, relative=relative, consent=consent
        )
        log_event(
            action=Action.CHANGE,
            summary="Pårørende inviteret til møde",
            citizen=meeting.citizen,
            obj=meeting,
            purpose=PURPOSE,
        )
    return participant


def do_record_meeting(
    *,
    user: User,
    meeting: Meeting,
    minutes: str,
    attended: dict[int, bool],
    living_situation: str = "",
) -> Meeting:
    """The meeting was held: its minutes and who attended (participant id -> attended). The
    minutes of a held meeting may be corrected; that is no change of status."""
    policy.check_may_edit_meeting(user, citizen=meeting.citizen, unit=meeting.unit)
    if meeting.starts_at > timezone.now():
        raise ValidationError("Et møde kan først registreres som afholdt, når det er begyndt.")
    if living_situation and (
        meeting.kind != rules.AFTER_END or living_situation not in rules.LIVING_ON_OWN | {"not_own"}
    ):
        raise ValidationError("Boform registreres kun ved opfølgningssamtalen et år efter.")
    fields = {"minutes": minutes.strip()}
    if living_situation:
        fields["living_situation"] = living_situation
    with transaction.atomic():
        current = MEETING_STATUS.lock(meeting)
        if current.status == Meeting.Status.HELD:
            Meeting.objects.filter(pk=meeting.pk).update(**fields, updated_at=timezone.now())
            meeting.refresh_from_db()
        else:
            MEETING_STATUS.move(meeting, to=Meeting.Status.HELD, by=user, fields=fields)
        for participant in meeting.participants.all():
            participant.attended = bool(attended.get(participant.pk, False))
            participant.save(update_fields=["attended"])
        _cancel_pending(meeting)
        log_event(
            action=Action.CHANGE,
            summary=f"Møde afholdt: {meeting.get_kind_display()}",
            citizen=meeting.citizen,
            obj=meeting,
            purpose=PURPOSE,
        )
    return meeting


def do_mark_missed(
    *,
    user: User,
    meeting: Meeting,
    new_starts_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> Meeting | None:
    """The citizen did not come. With a new time, the meeting is booked again (same kind,
    place and participants) and points back at the missed one."""
    policy.check_may_edit_meeting(user, citizen=meeting.citizen, unit=meeting.unit)
    now = now or timezone.now()
    if new_starts_at is not None and new_starts_at <= now:
        raise ValidationError({"new_starts_at": "Det nye tidspunkt skal ligge i fremtiden."})
    with transaction.atomic():
        MEETING_STATUS.move(meeting, to=Meeting.Status.MISSED, by=user)
        meeting.participants.filter(kind=Participant.Kind.CITIZEN).update(attended=False)
        _cancel_pending(meeting)
        log_event(
            action=Action.CHANGE,
            summary=f"Borgeren udeblev fra møde: {meeting.get_kind_display()}",
            citizen=meeting.citizen,
            obj=meeting,
            purpose=PURPOSE,
        )
        if new_starts_at is None:
            return None
        staff = [p.user for p in meeting.participants.filter(kind=Participant.Kind.STAFF)]
        return do_book_meeting(
            user=user,
            kind=meeting.kind,
            unit=meeting.unit,
            starts_at=new_starts_at,
            duration_minutes=int((meeting.ends_at - meeting.starts_at).total_seconds() // 60),
            place=meeting.place,
            contact_person=meeting.contact_person,
            citizen=meeting.citizen,
            course=meeting.course,
            staff=staff,
            rescheduled_from=meeting,
            now=now,
        )


def do_cancel_meeting(*, user: User, meeting: Meeting) -> Meeting:
    policy.check_may_edit_meeting(user, citizen=meeting.citizen, unit=meeting.unit)
    with transaction.atomic():
        MEETING_STATUS.move(meeting, to=Meeting.Status.CANCELLED, by=user)
        _cancel_pending(meeting)
        log_event(
            action=Action.CHANGE,
            summary=f"Møde aflyst: {meeting.get_kind_display()}",
            citizen=meeting.citizen,
            obj=meeting,
            purpose=PURPOSE,
        )
    return meeting


def do_set_contact_preferences(
    *, user, citizen: Citizen, sms_reminders: bool, email_reminders: bool
) -> ContactPreferences:
    """The citizen's choice about reminders. Opting out cancels reminders not yet sent."""
    policy.check_may_edit_citizen(user, citizen)
    with transaction.atomic():
        prefs, _ = ContactPreferences.objects.update_or_create(
            citizen=citizen,
            defaults={"sms_reminders": sms_reminders, "email_reminders": email_reminders},
        )
        pending = Reminder.objects.filter(citizen=citizen, status=Reminder.Status.PENDING)
        if not sms_reminders:
            pending.filter(channel=Reminder.Channel.SMS).update(status=Reminder.Status.CANCELLED)
        if not email_reminders:
            pending.filter(channel=Reminder.Channel.EMAIL).update(status=Reminder.Status.CANCELLED)
        log_event(
            action=Action.CHANGE,
            summary="Borgerens valg om påmindelser ændret",
            citizen=citizen,
            obj=citizen,
            purpose="Borgerens ønske om påmindelser",
            detail={"sms": sms_reminders, "email": email_reminders},
        )
    return prefs


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _deliver(reminder: Reminder) -> str:
    message = backends.Message(
        reference=str(reminder.uuid),
        recipient=reminder.recipient,
        subject="Påmindelse om aftale",
        text=reminder.text,
    )
    if reminder.channel == Reminder.Channel.SMS:
        return backends.sms_backend().send(message)
    return backends.email_backend().send(message)


def _still_wanted(reminder: Reminder) -> bool:
    if reminder.meeting.status != Meeting.Status.PLANNED:
        return False
    prefs = preferences_for(reminder.citizen)
    if reminder.channel == Reminder.Channel.SMS:
        return prefs.sms_reminders
    return prefs.email_reminders


def send_due_reminders(*, now: datetime.datetime | None = None, limit: int | None = None) -> int:
    """Send every due reminder, each exactly once; returns how many were sent."""
    worker = _worker_name()
    sent = 0
    handled = 0
    while limit is None or handled < limit:
        at = now or timezone.now()
        with transaction.atomic():
            reminder = (
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(status=Reminder.Status.PENDING, send_at__lte=at)
                .order_by("send_at", "id")
                .first()
            )
            if reminder is None:
                break
            handled += 1
            if not _still_wanted(reminder):
                reminder.status = Reminder.Status.CANCELLED
                reminder.save(update_fields=["status", "updated_at"])
                continue
            reminder.attempts += 1
            reminder.worker = worker
            try:
                ref = _deliver(reminder)
            except backends.SendError as exc:
                reminder.last_error = str(exc)[:500]
                if reminder.attempts >= settings.REMINDER_MAX_ATTEMPTS:
                    reminder.status = Reminder.Status.FAILED
                else:
                    # Try again later, backing off: 1, 2, 4, … minutes.
                    reminder.send_at = at + timedelta(minutes=2 ** (reminder.attempts - 1))
                reminder.save(
                    update_fields=["attempts", "worker", "last_error", "status", "send_at"]
                )
                logger.warning("Påmindelse %s kunne ikke sendes: %s", reminder.uuid, exc)
                continue
            reminder.status = Reminder.Status.SENT
            reminder.sent_at = timezone.now()
            reminder.provider_ref = ref[:200]
            reminder.save(update_fields=["attempts", "worker", "status", "sent_at", "provider_ref"])
            log_event(
                action=Action.CREATE,
                summary=f"Påmindelse sendt ({reminder.get_channel_display()})",
                citizen=reminder.citizen,
                obj=reminder,
                purpose=PURPOSE,
            )
            sent += 1
    return sent


def schedule_sweep(*, at: datetime.datetime | None = None) -> None:
    """Make sure the background worker will look for due reminders at `at` (or now)."""
    from hjemvej.meetings import tasks

    tasks.schedule(at=at)


# ---------------------------------------------------------------- the citizen's answer
# Called from the citizen's own pages (hjemvej.portal); logged as the citizen's own act.

CITIZEN_REPLY_MAX = 500


def _check_citizen_meeting(citizen: Citizen, meeting: Meeting, now: datetime.datetime) -> None:
    if meeting.citizen_id != citizen.pk:
        raise ValidationError("Mødet hører ikke til dig.")
    if meeting.status != Meeting.Status.PLANNED or meeting.ends_at <= now:
        raise ValidationError("Mødet er ikke længere planlagt. Kontakt din kontaktperson.")


def _save_citizen_reply(meeting: Meeting, reply: str, text: str, summary: str) -> Meeting:
    with transaction.atomic():
        meeting.citizen_reply = reply
        meeting.citizen_reply_text = text
        meeting.citizen_replied_at = timezone.now()
        meeting.save(
            update_fields=[
                "citizen_reply",
                "citizen_reply_text",
                "citizen_replied_at",
                "updated_at",
            ]
        )
        log_event(
            action=Action.CHANGE,
            summary=summary,
            citizen=meeting.citizen,
            obj=meeting,
            purpose=PURPOSE,
        )
    return meeting


def do_confirm_by_citizen(
    *, citizen: Citizen, meeting: Meeting, now: datetime.datetime | None = None
) -> Meeting:
    """The citizen says they will come."""
    _check_citizen_meeting(citizen, meeting, now or timezone.now())
    return _save_citizen_reply(meeting, CitizenReply.CONFIRMED, "", "Borgeren bekræftede mødet")


def do_ask_to_move_by_citizen(
    *, citizen: Citizen, meeting: Meeting, wish: str, now: datetime.datetime | None = None
) -> Meeting:
    """The citizen asks to move the meeting, with a short reason or wish. The meeting stays
    booked until staff move or cancel it; they see the wish on the meeting and their worklist."""
    _check_citizen_meeting(citizen, meeting, now or timezone.now())
    wish = (wish or "").strip()
    if not wish:
        raise ValidationError({"wish": "Skriv kort hvorfor, eller hvornår du hellere vil."})
    if len(wish) > CITIZEN_REPLY_MAX:
        raise ValidationError({"wish": f"Skriv højst {CITIZEN_REPLY_MAX} tegn."})
    return _save_citizen_reply(meeting, CitizenReply.MOVE, wish, "Borgeren bad om at flytte mødet")


def do_move_meeting(
    *,
    user: User,
    meeting: Meeting,
    new_starts_at: datetime.datetime,
    now: datetime.datetime | None = None,
) -> Meeting:
    """Move a planned meeting: it is marked moved (its reminders stop) and booked again at the
    new time with the same kind, place and participants, pointing back at the old one."""
    policy.check_may_edit_meeting(user, citizen=meeting.citizen, unit=meeting.unit)
    now = now or timezone.now()
    if new_starts_at <= now:
        raise ValidationError({"new_starts_at": "Det nye tidspunkt skal ligge i fremtiden."})
    with transaction.atomic():
        MEETING_STATUS.move(meeting, to=Meeting.Status.MOVED, by=user)
        _cancel_pending(meeting)
        log_event(
            action=Action.CHANGE,
            summary=f"Møde flyttet: {meeting.get_kind_display()}",
            citizen=meeting.citizen,
            obj=meeting,
            purpose=PURPOSE,
        )
        participants = list(meeting.participants.all())
        return do_book_meeting(
            user=user,
            kind=meeting.kind,
            unit=meeting.unit,
            starts_at=new_starts_at,
            duration_minutes=int((meeting.ends_at - meeting.starts_at).total_seconds() // 60),
            place=meeting.place,
            contact_person=meeting.contact_person,
            citizen=meeting.citizen,
            course=meeting.course,
            citizen_attends=any(p.kind == Participant.Kind.CITIZEN for p in participants),
            staff=[p.user for p in participants if p.kind == Participant.Kind.STAFF],
            rescheduled_from=meeting,
            now=now,
        )
