"""Courses and support time in the API, through the same access policy and audit log."""

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema

from hjemvej.access import policy
from hjemvej.accounts.models import Unit
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.courses import cohort_selectors, selectors, services
from hjemvej.courses.models import Cohort, CohortMember, Course, CourseTemplate
from hjemvej.offers.selectors import get_offer

router = Router()
support_router = Router()


class PhaseOut(Schema):
    number: int
    name: str
    planned_start: datetime.date | None
    planned_end: datetime.date | None
    earliest_end: datetime.date | None
    latest_end: datetime.date | None
    started_on: datetime.date | None
    ended_on: datetime.date | None
    legal_basis: str
    current: bool


class CourseOut(Schema):
    id: uuid.UUID
    citizen: uuid.UUID
    template: str
    template_name: str
    unit: str
    started_on: datetime.date
    tenancy_from: datetime.date | None
    status: str
    ended_on: datetime.date | None
    outcome: str
    weekly_support_hours: Decimal | None
    phases: list[PhaseOut]


class CourseIn(Schema):
    citizen: uuid.UUID
    template: str
    start_date: datetime.date
    unit: str | None = None
    tenancy_from: datetime.date | None = None
    tenancy_address: str = ""
    contact_started_on: datetime.date | None = None


class PhaseMoveIn(Schema):
    moved_on: datetime.date
    legal_basis: str = ""
    note: str = ""


def course_out(course: Course) -> dict:
    return {
        "id": course.uuid,
        "citizen": course.citizen.uuid,
        "template": course.template.code,
        "template_name": course.template.name,
        "unit": course.unit.slug,
        "started_on": course.started_on,
        "tenancy_from": course.tenancy_from,
        "status": course.status,
        "ended_on": course.ended_on,
        "outcome": course.outcome,
        "weekly_support_hours": course.weekly_support_hours,
        "phases": [
            {
                "number": p.number,
                "name": p.template.name,
                "planned_start": p.planned_start,
                "planned_end": p.planned_end,
                "earliest_end": p.earliest_end,
                "latest_end": p.latest_end,
                "started_on": p.started_on,
                "ended_on": p.ended_on,
                "legal_basis": p.legal_basis,
                "current": p.pk == course.current_phase_id,
            }
            for p in course.phases.select_related("template").order_by("number")
        ],
    }


def _course(request, course_id, what: str) -> Course:
    course, _ = policy.access_object(
        request.user,
        Course.objects.select_related("citizen", "template", "unit"),
        course_id,
        what=what,
    )
    return course


def _unit(request, slug: str | None, citizen) -> Unit:
    units = policy.work_units(request.user).filter(kind=Unit.Kind.OFFER)
    if slug:
        unit = units.filter(slug=slug).first()
        if unit is None:
            raise ValidationError({"unit": "Ukendt enhed, eller du arbejder ikke for den."})
        return unit
    own = policy.own_units(request.user).filter(kind=Unit.Kind.OFFER)
    if own.count() == 1:
        return own.get()
    raise ValidationError({"unit": "Angiv enheden (kort navn), der har forløbet."})


@router.post("", response={201: CourseOut}, summary="Start et forløb; svarer med faser og datoer")
def create_course(request, payload: CourseIn):
    citizen, _ = policy.access_citizen(request.user, payload.citizen, what="Start forløb (API)")
    if not policy.may_edit_citizen(request.user, citizen):
        raise PermissionDenied
    template = CourseTemplate.objects.filter(code=payload.template).first()
    if template is None:
        raise ValidationError({"template": "Ukendt forløbstype."})
    course = services.do_start_course(
        user=request.user,
        citizen=citizen,
        template=template,
        unit=_unit(request, payload.unit, citizen),
        started_on=payload.start_date,
        tenancy_from=payload.tenancy_from,
        tenancy_address=payload.tenancy_address,
        contact_started_on=payload.contact_started_on,
    )
    return 201, course_out(course)


@router.get("/{uuid:course_id}", response=CourseOut, summary="Ét forløb med faser og datoer")
def get_course(request, course_id: uuid.UUID):
    return course_out(_course(request, course_id, "Borgerens forløb (API)"))


@router.post("/{uuid:course_id}/phase-moves", response=CourseOut, summary="Flyt til næste fase")
def move_phase(request, course_id: uuid.UUID, payload: PhaseMoveIn):
    course = _course(request, course_id, "Flyt forløb til næste fase (API)")
    if not policy.may_edit_citizen(request.user, course.citizen):
        raise PermissionDenied
    services.do_move_phase(user=request.user, course=course, **payload.dict())
    course.refresh_from_db()
    return course_out(course)


class SupportIn(Schema):
    citizen: uuid.UUID
    unit: str
    date: datetime.date
    minutes: int
    kind: str
    note: str = ""
    course: uuid.UUID | None = None


class SupportOut(Schema):
    id: uuid.UUID
    citizen: uuid.UUID
    unit: str
    date: datetime.date
    minutes: int
    kind: str


class WeekRowOut(Schema):
    citizen: uuid.UUID
    name: str
    unit: str
    delivered_hours: Decimal
    entitlement_hours: Decimal | None
    below_entitlement: bool


@support_router.post("", response={201: SupportOut}, summary="Registrér støttetid")
def create_support(request, payload: SupportIn):
    citizen, _ = policy.access_citizen(request.user, payload.citizen, what="Støttetid (API)")
    if not policy.may_edit_citizen(request.user, citizen):
        raise PermissionDenied
    unit = policy.own_units(request.user).filter(slug=payload.unit).first()
    if unit is None:
        raise ValidationError({"unit": "Du kan kun registrere støttetid for dine egne enheder."})
    course = None
    if payload.course:
        course = Course.objects.filter(uuid=payload.course, citizen=citizen).first()
        if course is None:
            raise ValidationError({"course": "Ukendt forløb for borgeren."})
    entry = services.do_register_support(
        user=request.user,
        citizen=citizen,
        unit=unit,
        date=payload.date,
        minutes=payload.minutes,
        kind=payload.kind,
        note=payload.note,
        course=course,
    )
    return 201, {
        "id": entry.uuid,
        "citizen": citizen.uuid,
        "unit": unit.slug,
        "date": entry.date,
        "minutes": entry.minutes,
        "kind": entry.kind,
    }


class WeekPage(Schema):
    count: int
    page: int
    pages: int
    results: list[WeekRowOut]


@support_router.get(
    "/week",
    response=WeekPage,
    summary="Leverede timer mod normen pr. borger og tilbud, sideopdelt (50 pr. side)",
)
def support_week(request, week: datetime.date, unit: str | None = None, page: int = 1):
    from django.core.paginator import Paginator

    if not policy.may_work_with_citizens(request.user):
        raise PermissionDenied
    units = policy.work_units(request.user).filter(kind=Unit.Kind.OFFER)
    if unit:
        units = units.filter(slug=unit)
        if not units.exists():  # not one of the user's offers: say so, not an empty week
            raise Http404("Tilbuddet findes ikke.")
    summary = selectors.support_week_summary(units, selectors.week_start(week), user=request.user)
    paginator = Paginator(summary.pairs, 50)
    p = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": p.number,
        "pages": paginator.num_pages,
        "results": [
            {
                "citizen": r.citizen.uuid,
                "name": r.citizen.full_name,
                "unit": r.unit.slug,
                "delivered_hours": r.delivered_hours,
                "entitlement_hours": r.entitlement,
                "below_entitlement": r.below,
            }
            for r in summary.rows(list(p.object_list))
        ],
    }


# --- Housing First cohorts (issue 15) --------------------------------------------------------

cohorts_router = Router()


class CohortSummaryOut(Schema):
    id: uuid.UUID
    offer: uuid.UUID
    name: str
    places: int
    group_min: int
    group_max: int
    starts_on: datetime.date
    planned_end: datetime.date
    men_only: bool
    adl_starts_on: datetime.date
    adl_ends_on: datetime.date
    active: int


class AdlTopicOut(Schema):
    topic: str
    attended: bool | None


class AdlIn(Schema):
    attended: list[str]
    on: datetime.date | None = None


class CohortMemberOut(Schema):
    id: uuid.UUID
    citizen: uuid.UUID
    seat: int
    admitted_on: datetime.date
    functional_level: int | None
    level_assessed_on: datetime.date | None
    flags: list[str]
    left_on: datetime.date | None
    leave_reason: str
    course: uuid.UUID | None
    moved_home_on: datetime.date | None
    adl: list[AdlTopicOut]


class CohortOut(CohortSummaryOut):
    flags: list[str]
    participants: list[CohortMemberOut]


class CohortAdmitIn(Schema):
    citizen: uuid.UUID
    on: datetime.date | None = None


def _summary(c: Cohort, active: int) -> dict:
    return {
        "id": c.uuid,
        "offer": c.offer.uuid,
        "name": c.name,
        "places": c.places,
        "group_min": c.group_min,
        "group_max": c.group_max,
        "starts_on": c.starts_on,
        "planned_end": c.planned_end,
        "men_only": c.men_only,
        "adl_starts_on": c.adl_starts_on,
        "adl_ends_on": c.adl_ends_on,
        "active": active,
    }


def _member_out(m: CohortMember) -> dict:
    return {
        "id": m.uuid,
        "citizen": m.citizen.uuid,
        "seat": m.seat,
        "admitted_on": m.admitted_on,
        "functional_level": m.level,
        "level_assessed_on": m.level_assessed_on,
        "flags": m.flags,
        "left_on": m.left_on,
        "leave_reason": m.leave_reason,
        "course": m.course.uuid if m.course else None,
        "moved_home_on": m.move_home.moved_on if m.move_home else None,
        "adl": [{"topic": t, "attended": a} for t, a in cohort_selectors.adl_status(m).topics],
    }


def _api_cohort(request, cohort_id) -> Cohort:
    cohort = Cohort.objects.select_related("offer__unit").filter(uuid=cohort_id).first()
    if cohort is None or not policy.may_manage_cohort(request.user, cohort.offer):
        raise Http404("Gruppen findes ikke.")
    return cohort


@cohorts_router.get(
    "", response=list[CohortSummaryOut], summary="Et tilbuds grupper (højst 50, nyeste først)"
)
def list_cohorts(request, offer: uuid.UUID):
    found = get_offer(request.user, offer)
    if not policy.may_manage_cohort(request.user, found):
        raise PermissionDenied
    rows = cohort_selectors.cohorts_of(found).select_related("offer").order_by("-starts_on")[:50]
    return [_summary(c, c.active) for c in rows]  # type: ignore[attr-defined]


@cohorts_router.get("/{uuid:cohort_id}", response=CohortOut, summary="Én gruppe med deltagere")
def get_cohort(request, cohort_id: uuid.UUID):
    cohort = _api_cohort(request, cohort_id)
    members = cohort_selectors.members(cohort)
    active = sum(1 for m in members if m.is_active)
    for m in members:
        log_event(
            action=Action.READ,
            summary=f"Gruppen {cohort.name}: deltager vist (API)",
            citizen=m.citizen,
            obj=m,
            purpose=services.COHORT_PURPOSE,
        )
    return {
        **_summary(cohort, active),
        "flags": cohort_selectors.flags(cohort, active, timezone.localdate()),
        "participants": [_member_out(m) for m in members],
    }


@cohorts_router.post(
    "/{uuid:cohort_id}/participants",
    response={201: CohortMemberOut},
    summary="Optag en bevilget borger i gruppen (afvises ud over pladserne; markeres ved "
    "afvigende funktionsniveau)",
)
def admit(request, cohort_id: uuid.UUID, payload: CohortAdmitIn):
    cohort = _api_cohort(request, cohort_id)
    citizen, _ = policy.access_citizen(
        request.user,
        payload.citizen,
        what="Optagelse i gruppe (API)",
        section=policy.SECTION_REFERRAL,
    )
    member = services.do_admit_to_cohort(
        user=request.user, cohort=cohort, citizen=citizen, on=payload.on
    )
    return 201, _member_out(member)


@cohorts_router.post(
    "/participants/{uuid:member_id}/adl",
    response=CohortMemberOut,
    summary="Fremmøde på det obligatoriske ADL-kursus: de emner, deltageren deltog i (de "
    "øvrige registreres som ikke deltaget)",
)
def record_adl(request, member_id: uuid.UUID, payload: AdlIn):
    member = (
        CohortMember.objects.select_related("cohort__offer__unit", "citizen", "course")
        .filter(uuid=member_id)
        .first()
    )
    if member is None or not policy.may_manage_cohort(request.user, member.cohort.offer):
        raise Http404("Deltageren findes ikke.")
    policy.access_citizen(
        request.user,
        member.citizen.uuid,
        what="Fremmøde på ADL-kursus (API)",
        section=policy.SECTION_REFERRAL,
    )
    services.do_record_adl_attendance(
        user=request.user, member=member, attended=payload.attended, on=payload.on
    )
    return _member_out(member)
