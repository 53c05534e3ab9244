"""Tracks in the API: the templates, a citizen's tracks, start a track, record or plan a step,
end a track; and the municipality's partners (read)."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from ninja import Router, Schema

from hjemvej.access import policy
from hjemvej.accounts.models import User
from hjemvej.tracks import selectors, services
from hjemvej.tracks.models import Partner, Track, TrackStep, TrackTemplate

router = Router()
MAX_ROWS = 50


class TrackStepTemplateOut(Schema):
    number: int
    code: str
    name: str
    owner_role: str
    deadline_working_days: int | None


class TrackTemplateOut(Schema):
    code: str
    kind: str
    name: str
    goal: str
    steps: list[TrackStepTemplateOut]


class TrackStepOut(Schema):
    id: uuid.UUID
    number: int
    code: str
    name: str
    owner_role: str
    owner: str | None
    due_on: datetime.date | None
    status: str
    done_on: datetime.date | None
    outcome: str
    note: str


class TrackOut(Schema):
    id: uuid.UUID
    citizen: uuid.UUID
    template: str
    kind: str
    name: str
    unit: str
    owner: str | None
    started_on: datetime.date
    status: str
    ended_on: datetime.date | None
    end_reason: str
    steps: list[TrackStepOut]


class TrackIn(Schema):
    citizen: uuid.UUID
    template: str
    unit: str
    started_on: datetime.date
    owner: str | None = None


class TrackStepRecordIn(Schema):
    status: str
    done_on: datetime.date
    outcome: str = ""
    note: str = ""


class TrackStepPlanIn(Schema):
    due_on: datetime.date | None = None
    owner: str | None = None
    note: str = ""


class TrackEndIn(Schema):
    status: str
    ended_on: datetime.date
    reason: str = ""


class PartnerContactOut(Schema):
    name: str
    role: str
    phone: str
    email: str
    forum_member: bool


class PartnerOut(Schema):
    id: uuid.UUID
    municipality: int
    kind: str
    name: str
    agreement: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    contacts: list[PartnerContactOut]


def _name(u: User | None) -> str | None:
    return (u.get_full_name() or u.username) if u else None


def step_out(s: TrackStep) -> dict:
    return {
        "id": s.uuid,
        "number": s.number,
        "code": s.code,
        "name": s.name,
        "owner_role": s.owner_role,
        "owner": _name(s.owner),
        "due_on": s.due_on,
        "status": s.status,
        "done_on": s.done_on,
        "outcome": s.outcome,
        "note": s.note,
    }


def track_out(t: Track) -> dict:
    return {
        "id": t.uuid,
        "citizen": t.citizen.uuid,
        "template": t.template.code,
        "kind": t.kind,
        "name": t.template.name,
        "unit": t.unit.slug,
        "owner": _name(t.owner),
        "started_on": t.started_on,
        "status": t.status,
        "ended_on": t.ended_on,
        "end_reason": t.end_reason,
        "steps": [step_out(s) for s in t.steps.all()],
    }


def _track(request, track_id, what: str) -> Track:
    track, _ = policy.access_object(
        request.user,
        Track.objects.select_related("citizen", "template", "unit", "owner").prefetch_related(
            "steps__owner"
        ),
        track_id,
        what=what,
    )
    return track


def _step(request, step_id, what: str) -> TrackStep:
    step, _ = policy.access_object(
        request.user,
        TrackStep.objects.select_related("track__citizen", "track__unit", "owner"),
        step_id,
        what=what,
        citizen_of=lambda s: s.track.citizen,
    )
    return step


def _user(username: str | None, field: str) -> User | None:
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValidationError({field: "Ukendt medarbejder."})
    return user


@router.get(
    "/templates", response=list[TrackTemplateOut], summary="Sporene med trin, roller og frister"
)
def list_templates(request):
    policy.require(policy.may_work_with_citizens(request.user), "Kun for medarbejdere.")
    templates = policy.own_municipality_choices(
        request.user, TrackTemplate.objects.filter(is_active=True), shared=True
    ).prefetch_related("steps")
    return [
        {
            "code": t.code,
            "kind": t.kind,
            "name": t.name,
            "goal": t.goal,
            "steps": [
                {
                    "number": s.number,
                    "code": s.code,
                    "name": s.name,
                    "owner_role": s.owner_role,
                    "deadline_working_days": s.deadline_working_days,
                }
                for s in t.steps.all()
            ],
        }
        for t in templates.order_by("kind", "name")
    ]


@router.get(
    "/citizen/{uuid:citizen_id}", response=list[TrackOut], summary="Borgerens spor (højst 50)"
)
def citizen_tracks(request, citizen_id: uuid.UUID):
    citizen, _ = policy.access_citizen(request.user, citizen_id, what="Borgerens spor (API)")
    return [track_out(t) for t in selectors.tracks_for(citizen)[:MAX_ROWS]]


@router.post("", response={201: TrackOut}, summary="Start et spor for en borger")
def start_track(request, payload: TrackIn):
    citizen, _ = policy.access_citizen(request.user, payload.citizen, what="Start spor (API)")
    policy.check_may_edit_citizen(request.user, citizen)
    unit = policy.work_units(request.user).filter(slug=payload.unit).first()
    if unit is None:
        raise ValidationError({"unit": "Ukendt enhed, eller du arbejder ikke for den."})
    template = TrackTemplate.objects.filter(code=payload.template).first()
    if template is None:
        raise ValidationError({"template": "Ukendt spor."})
    track = services.do_start_track(
        user=request.user,
        citizen=citizen,
        template=template,
        unit=unit,
        started_on=payload.started_on,
        owner=_user(payload.owner, "owner"),
    )
    return 201, track_out(_track(request, track.uuid, "Spor (API)"))


@router.get("/{uuid:track_id}", response=TrackOut, summary="Ét spor med trin")
def get_track(request, track_id: uuid.UUID):
    return track_out(_track(request, track_id, "Spor (API)"))


@router.post("/{uuid:track_id}/end", response=TrackOut, summary="Afslut sporet")
def end_track(request, track_id: uuid.UUID, payload: TrackEndIn):
    track = _track(request, track_id, "Afslut spor (API)")
    services.do_end_track(
        user=request.user,
        track=track,
        status=payload.status,
        ended_on=payload.ended_on,
        reason=payload.reason,
    )
    return track_out(_track(request, track_id, "Spor (API)"))


@router.post(
    "/steps/{uuid:step_id}/record",
    response=TrackStepOut,
    summary="Trinnet er udført eller ikke relevant",
)
def record_step(request, step_id: uuid.UUID, payload: TrackStepRecordIn):
    step = _step(request, step_id, "Registrér trin (API)")
    step = services.do_record_step(
        user=request.user,
        step=step,
        status=payload.status,
        done_on=payload.done_on,
        outcome=payload.outcome,
        note=payload.note,
    )
    return step_out(step)


@router.post(
    "/steps/{uuid:step_id}/plan", response=TrackStepOut, summary="Ansvarlig og frist for trinnet"
)
def plan_step(request, step_id: uuid.UUID, payload: TrackStepPlanIn):
    step = _step(request, step_id, "Planlæg trin (API)")
    step = services.do_plan_step(
        user=request.user,
        step=step,
        due_on=payload.due_on,
        owner=_user(payload.owner, "owner"),
        note=payload.note,
    )
    return step_out(step)


@router.get(
    "/partners", response=list[PartnerOut], summary="Kommunens samarbejdspartnere (højst 50)"
)
def list_partners(request):
    ids = selectors.partner_municipality_ids(request.user)
    policy.require(bool(ids), "Kun for kommunens medarbejdere.")
    partners = (
        Partner.objects.filter(municipality_id__in=ids)
        .prefetch_related("contacts")
        .order_by("municipality_id", "kind", "name")[:MAX_ROWS]
    )
    return [
        {
            "id": p.uuid,
            "municipality": p.municipality_id,
            "kind": p.kind,
            "name": p.name,
            "agreement": p.agreement,
            "valid_from": p.valid_from,
            "valid_until": p.valid_until,
            "contacts": [
                {
                    "name": c.name,
                    "role": c.role,
                    "phone": c.phone,
                    "email": c.email,
                    "forum_member": c.forum_member,
                }
                for c in p.contacts.all()
            ],
        }
        for p in partners
    ]
