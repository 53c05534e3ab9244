"""Meetings in the API: book, read, record, mark missed, and the .ics invitation."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Router, Schema

from hjemvej.access import policy
from hjemvej.courses.models import Course
from hjemvej.meetings import selectors, services
from hjemvej.meetings.ics import meeting_ics
from hjemvej.meetings.models import Meeting

router = Router()


class MeetingIn(Schema):
    citizen: uuid.UUID
    kind: str
    unit: str
    starts_at: datetime.datetime
    duration_minutes: int = 60
    place: str
    course: uuid.UUID | None = None
    citizen_attends: bool = True


class ParticipantOut(Schema):
    kind: str
    name: str
    attended: bool | None


class ReminderOut(Schema):
    channel: str
    send_at: datetime.datetime
    status: str


class MeetingOut(Schema):
    id: uuid.UUID
    citizen: uuid.UUID | None
    kind: str
    kind_label: str
    unit: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    status: str
    minutes: str
    rescheduled_from: uuid.UUID | None
    participants: list[ParticipantOut]
    reminders: list[ReminderOut]


class RecordIn(Schema):
    minutes: str
    citizen_attended: bool = True


class MissedIn(Schema):
    new_starts_at: datetime.datetime | None = None


def meeting_out(m: Meeting) -> dict:
    return {
        "id": m.uuid,
        "citizen": m.citizen.uuid if m.citizen else None,
        "kind": m.kind,
        "kind_label": m.get_kind_display(),
        "unit": m.unit.slug,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "place": m.place,
        "status": m.status,
        "minutes": m.minutes,
        "rescheduled_from": m.rescheduled_from.uuid if m.rescheduled_from else None,
        "participants": [
            {"kind": p.kind, "name": p.name, "attended": p.attended}
            for p in m.participants.select_related("user", "relative")
        ],
        "reminders": [
            {"channel": r.channel, "send_at": r.send_at, "status": r.status}
            for r in m.reminders.all()
        ],
    }


def _meeting(request, meeting_id, what: str) -> Meeting:
    return selectors.meeting_for(request.user, meeting_id, what=what)


@router.post("", response={201: MeetingOut}, summary="Book et møde (påmindelser oprettes)")
def create_meeting(request, payload: MeetingIn):
    citizen, _ = policy.access_citizen(request.user, payload.citizen, what="Book møde (API)")
    policy.check_may_edit_citizen(request.user, citizen)
    unit = policy.work_units(request.user).filter(slug=payload.unit).first()
    if unit is None:
        raise ValidationError({"unit": "Ukendt enhed, eller du arbejder ikke for den."})
    course = None
    if payload.course:
        course = Course.objects.filter(uuid=payload.course, citizen=citizen).first()
        if course is None:
            raise ValidationError({"course": "Ukendt forløb for borgeren."})
    if payload.starts_at.tzinfo is None:
        raise ValidationError({"starts_at": "Angiv tidspunktet med tidszone, fx +01:00."})
    meeting = services.do_book_meeting(
        user=request.user,
        kind=payload.kind,
        unit=unit,
        starts_at=payload.starts_at,
        duration_minutes=payload.duration_minutes,
        place=payload.place,
        citizen=citizen,
        course=course,
        citizen_attends=payload.citizen_attends,
    )
    return 201, meeting_out(meeting)


@router.get("/{uuid:meeting_id}", response=MeetingOut, summary="Ét møde")
def get_meeting(request, meeting_id: uuid.UUID):
    return meeting_out(_meeting(request, meeting_id, "Møde (API)"))


@router.get("/{uuid:meeting_id}/ics", summary="Mødet som kalenderinvitation (text/calendar)")
def get_ics(request, meeting_id: uuid.UUID):
    meeting = _meeting(request, meeting_id, "Mødeinvitation (API)")
    return HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")


@router.post("/{uuid:meeting_id}/held", response=MeetingOut, summary="Mødet er afholdt: referat")
def record_meeting(request, meeting_id: uuid.UUID, payload: RecordIn):
    meeting = _meeting(request, meeting_id, "Registrér møde (API)")
    attended = {
        p.pk: (payload.citizen_attended if p.kind == "citizen" else True)
        for p in meeting.participants.all()
    }
    services.do_record_meeting(
        user=request.user, meeting=meeting, minutes=payload.minutes, attended=attended
    )
    return meeting_out(meeting)


@router.post(
    "/{uuid:meeting_id}/missed",
    response=MeetingOut,
    summary="Borgeren udeblev; med et nyt tidspunkt bookes mødet igen (svarer med det nye)",
)
def missed_meeting(request, meeting_id: uuid.UUID, payload: MissedIn):
    meeting = _meeting(request, meeting_id, "Udeblivelse fra møde (API)")
    new = services.do_mark_missed(
        user=request.user, meeting=meeting, new_starts_at=payload.new_starts_at
    )
    return meeting_out(new or meeting)
