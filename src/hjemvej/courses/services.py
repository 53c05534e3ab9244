"""Changes to courses, phases, focus areas, support time and follow-up tasks.

Each `do_*` validates first, works inside one transaction and writes its audit row there."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from hjemvej.access import policy
from hjemvej.accounts.models import Unit, User
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.common import dates
from hjemvej.courses import rules
from hjemvej.courses.models import (
    COURSE_STATUS,
    Course,
    CoursePhase,
    CourseTemplate,
    FocusArea,
    FocusPlan,
    FollowUpTask,
    MoveToOwnHome,
    PhaseMove,
    SupportEntry,
)
from hjemvej.housing.selectors import latest_move_in
from hjemvej.people.models import Citizen, Relationship
from hjemvej.people.services import do_close_relationship, do_open_relationship

FOLLOW_UP_MONTHS = (1, 3, 6, 12)
RETURN_WINDOW_MONTHS = 12
PURPOSE = "Forløb og opfølgning"


def entitlement_for(unit: Unit) -> Decimal | None:
    from hjemvej.courses.selectors import support_norms

    return support_norms([unit.pk]).get(unit.pk)


def check_course_start(
    *,
    citizen: Citizen,
    template: CourseTemplate,
    unit: Unit,
    started_on: datetime.date | None,
    tenancy_from: datetime.date | None,
) -> None:
    errors: dict[str, str] = {}
    if started_on is None:
        errors["started_on"] = "Skriv forløbets startdato."
    if not template.is_active:
        errors["template"] = "Skabelonen er ikke længere i brug."
    if template.municipality_id and template.municipality_id != unit.municipality_id:
        errors["template"] = "Skabelonen hører til en anden kommune."
    if template.requires_tenancy and tenancy_from is None:
        errors["tenancy_from"] = (
            f"{course_phrase(template.name)} kan først starte, når borgeren har en lejekontrakt "
            "eller er flyttet ind. Skriv datoen."
        )
    if tenancy_from and started_on and tenancy_from > started_on:
        errors["tenancy_from"] = (
            "Lejekontrakten eller indflytningen skal ligge før eller på forløbets startdato."
        )
    if not template.phases.exists():
        errors["template"] = "Skabelonen har ingen faser."
    if errors:
        raise ValidationError(errors)
    if (
        started_on is not None
        and Course.objects.filter(
            citizen=citizen, template=template, status=Course.Status.ACTIVE
        ).exists()
    ):
        raise ValidationError(
            {"template": "Borgeren har allerede et igangværende forløb af denne type."}
        )


def _apply_plan(course: Course, phases: list[CoursePhase], from_index: int, start) -> None:
    """Plan phases[from_index:] from `start` (the actual start of phases[from_index])."""
    planned = rules.plan_phases([p.template.as_rule() for p in phases[from_index:]], start)
    for phase, plan in zip(phases[from_index:], planned, strict=True):
        phase.planned_start = plan.start
        phase.planned_end = plan.end
        phase.earliest_end = plan.earliest_end
        phase.latest_end = plan.latest_end
        phase.save(update_fields=["planned_start", "planned_end", "earliest_end", "latest_end"])


def course_phrase(name: str) -> str:
    """ "Et CTI-forløb", "Et Housing First-forløb": a template's name as "a course of it",
    without "forløb-forløb"."""
    return f"Et {name}" if name.lower().endswith("forløb") else f"Et {name}-forløb"


def do_start_course(
    *,
    user: User,
    citizen: Citizen,
    template: CourseTemplate,
    unit: Unit,
    started_on: datetime.date,
    tenancy_from: datetime.date | None = None,
    tenancy_address: str = "",
    contact_started_on: datetime.date | None = None,
    weekly_support_hours: Decimal | None = None,
) -> Course:
    """Start a course: its phases with planned dates, the first phase begun, and a
    relationship (kind course) that lets the unit's staff see the citizen. When no tenancy
    date is given, a move-in recorded on the citizen's housing applications counts."""
    policy.check_may_edit_citizen(user, citizen, unit)
    if not policy.may_choose(user, template.municipality_id, shared=True):
        raise ValidationError({"template": "Forløbstypen hører til en anden kommune."})
    if tenancy_from is None and started_on is not None and template.requires_tenancy:
        moved = latest_move_in(citizen, on_or_before=started_on)
        if moved is not None:
            tenancy_from, tenancy_address = moved.move_in_on, tenancy_address or moved.describe()
    check_course_start(
        citizen=citizen,
        template=template,
        unit=unit,
        started_on=started_on,
        tenancy_from=tenancy_from,
    )
    if contact_started_on and contact_started_on > started_on:
        raise ValidationError(
            {"contact_started_on": "Den kontaktskabende periode ligger før forløbets start."}
        )
    with transaction.atomic():
        relationship = do_open_relationship(
            citizen=citizen,
            unit=unit,
            kind=Relationship.Kind.COURSE,
            started_on=started_on,
            source=f"Forløb: {template.name}",
        )
        course = Course.objects.create(
            citizen=citizen,
            template=template,
            unit=unit,
            started_on=started_on,
            tenancy_from=tenancy_from,
            tenancy_address=tenancy_address.strip(),
            contact_started_on=contact_started_on,
            weekly_support_hours=weekly_support_hours
            if weekly_support_hours is not None
            else entitlement_for(unit),
            relationship=relationship,
            created_by=user,
        )
        COURSE_STATUS.record_start(course, by=user)
        phases = [
            CoursePhase.objects.create(course=course, template=pt, number=pt.number)
            for pt in template.phases.all()
        ]
        _apply_plan(course, phases, 0, started_on)
        first = phases[0]
        first.started_on = started_on
        first.save(update_fields=["started_on"])
        course.current_phase = first
        course.save(update_fields=["current_phase"])
        PhaseMove.objects.create(course=course, to_phase=first, moved_on=started_on, moved_by=user)
        log_event(
            action=Action.CREATE,
            summary=f"Forløb startet: {template.name}",
            citizen=citizen,
            obj=course,
            purpose=PURPOSE,
            detail={"unit": unit.slug, "started_on": started_on.isoformat()},
        )
    return course


def do_move_phase(
    *,
    user: User,
    course: Course,
    moved_on: datetime.date,
    legal_basis: str = "",
    note: str = "",
) -> CoursePhase:
    """Move an active course to its next phase on `moved_on`; later phases are planned again
    from that date."""
    policy.check_may_edit_citizen(user, course.citizen)
    with transaction.atomic():
        course = Course.objects.select_for_update().get(pk=course.pk)
        if not course.is_active:
            raise ValidationError("Forløbet er afsluttet.")
        phases = list(course.phases.select_related("template").order_by("number"))
        current = next(p for p in phases if p.pk == course.current_phase_id)
        index = phases.index(current)
        if index + 1 >= len(phases):
            raise ValidationError(
                "Forløbet er i sidste fase. Afslut forløbet i stedet for at flytte fase."
            )
        if moved_on is None:
            raise ValidationError({"moved_on": "Skriv datoen for faseskiftet."})
        if current.started_on and moved_on < current.started_on:
            raise ValidationError(
                {"moved_on": "Faseskiftet kan ikke ligge før den nuværende fase startede."}
            )
        nxt = phases[index + 1]
        options = nxt.template.legal_bases
        if options and legal_basis not in options:
            raise ValidationError(
                {"legal_basis": f"Vælg lovgrundlaget for {nxt.name}: {' eller '.join(options)}."}
            )
        if not options:
            legal_basis = ""
        current.ended_on = moved_on
        current.save(update_fields=["ended_on"])
        _apply_plan(course, phases, index + 1, moved_on)
        nxt.refresh_from_db()
        nxt.started_on = moved_on
        nxt.legal_basis = legal_basis
        nxt.save(update_fields=["started_on", "legal_basis"])
        course.current_phase = nxt
        course.save(update_fields=["current_phase", "updated_at"])
        PhaseMove.objects.create(
            course=course,
            from_phase=current,
            to_phase=nxt,
            moved_on=moved_on,
            note=note.strip(),
            moved_by=user,
        )
        log_event(
            action=Action.CHANGE,
            summary=f"Forløb flyttet til fase {nxt.number}: {nxt.name}",
            citizen=course.citizen,
            obj=course,
            purpose=PURPOSE,
        )
    return nxt


def do_end_course(
    *, user, course: Course, ended_on: datetime.date, outcome: str, moved_home_on=None
) -> Course:
    """End a course with its outcome. An outcome in own home starts the follow-up tasks."""
    policy.check_may_edit_citizen(user, course.citizen)
    if outcome not in Course.Outcome.values:
        raise ValidationError({"outcome": "Vælg forløbets resultat."})
    if ended_on is None:
        raise ValidationError({"ended_on": "Skriv slutdatoen."})
    if ended_on < course.started_on:
        raise ValidationError({"ended_on": "Slutdatoen ligger før forløbets start."})
    with transaction.atomic():
        course = COURSE_STATUS.move(
            course,
            to=Course.Status.ENDED,
            by=user,
            reason=Course.Outcome(outcome).label,
            fields={"ended_on": ended_on, "outcome": outcome},
        )
        if course.current_phase_id is not None:
            CoursePhase.objects.filter(pk=course.current_phase_id).update(ended_on=ended_on)
        if course.relationship is not None:
            do_close_relationship(relationship=course.relationship, ended_on=ended_on)
        log_event(
            action=Action.CHANGE,
            summary=f"Forløb afsluttet: {course.get_outcome_display()}",
            citizen=course.citizen,
            obj=course,
            purpose=PURPOSE,
        )
        if outcome in (Course.Outcome.OWN_HOME, Course.Outcome.OWN_HOME_SUPPORT):
            do_register_move_to_own_home(
                user=user,
                citizen=course.citizen,
                moved_on=moved_home_on or ended_on,
                source=f"Forløb: {course.template.name}",
                unit=course.unit,
                course=course,
            )
    return course


def do_set_focus_area(
    *, user, course: Course, dimension: str, citizen_words: str = "", plans: dict[int, str]
) -> FocusArea:
    """Record a life dimension the citizen chose, with a plan text per phase number."""
    policy.check_may_edit_citizen(user, course.citizen)
    if not course.template.uses_focus_areas:
        raise ValidationError("Forløbstypen bruger ikke fokusområder.")
    from hjemvej.courses.models import LifeDimension

    if dimension not in LifeDimension.values:
        raise ValidationError({"dimension": "Vælg et af de otte livsområder."})
    with transaction.atomic():
        area, _ = FocusArea.objects.update_or_create(
            course=course, dimension=dimension, defaults={"citizen_words": citizen_words.strip()}
        )
        phases = {p.number: p for p in course.phases.all()}
        for number, text in plans.items():
            if number not in phases:
                raise ValidationError({"plans": f"Forløbet har ingen fase {number}."})
            if text.strip():
                FocusPlan.objects.update_or_create(
                    area=area, phase=phases[number], defaults={"text": text.strip()}
                )
            else:
                FocusPlan.objects.filter(area=area, phase=phases[number]).delete()
        log_event(
            action=Action.CHANGE,
            summary=f"Fokusområde i forløb: {area.get_dimension_display()}",
            citizen=course.citizen,
            obj=course,
            purpose=PURPOSE,
        )
    return area


def do_register_support(
    *,
    user: User,
    citizen: Citizen,
    unit: Unit,
    date: datetime.date,
    minutes: int,
    kind: str,
    note: str = "",
    course: Course | None = None,
) -> SupportEntry:
    policy.check_may_edit_citizen(user, citizen, unit)
    from django.utils import timezone

    from hjemvej.courses.models import SupportKind

    errors: dict[str, str] = {}
    if date is None:
        errors["date"] = "Skriv datoen."
    elif date > timezone.localdate():
        errors["date"] = "Støttetid kan ikke registreres på en dato i fremtiden."
    if not minutes or minutes <= 0:
        errors["minutes"] = "Skriv hvor mange minutter støtten varede."
    elif minutes > 24 * 60:
        errors["minutes"] = "En registrering kan højst være 24 timer."
    if kind not in SupportKind.values:
        errors["kind"] = "Vælg typen af støtte."
    if course is not None and course.citizen_id != citizen.pk:
        errors["course"] = "Forløbet hører til en anden borger."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        entry = SupportEntry.objects.create(
            citizen=citizen,
            unit=unit,
            course=course,
            date=date,
            minutes=minutes,
            kind=kind,
            note=note.strip(),
            registered_by=user,
        )
        log_event(
            action=Action.CREATE,
            summary=f"Støttetid registreret: {entry.get_kind_display()}, {minutes} min.",
            citizen=citizen,
            obj=entry,
            purpose="Registrering af støttetid",
        )
    return entry


def do_register_move_to_own_home(
    *,
    citizen: Citizen,
    moved_on: datetime.date,
    source: str,
    user=None,
    unit: Unit | None = None,
    course: Course | None = None,
) -> MoveToOwnHome:
    """The citizen moved into their own home: follow-up tasks at 1, 3, 6 and 12 months.

    Called when a course ends in own home, and meant to be called by the stays app when a
    shelter stay ends with a move to own home."""
    with transaction.atomic():
        move = MoveToOwnHome.objects.create(
            citizen=citizen, moved_on=moved_on, source=source, unit=unit, course=course
        )
        for months in FOLLOW_UP_MONTHS:
            FollowUpTask.objects.create(
                move=move,
                citizen=citizen,
                unit=unit,
                months_after=months,
                due_on=dates.add_months(moved_on, months),
            )
        log_event(
            action=Action.CREATE,
            summary="Flytning til egen bolig registreret; opfølgning efter 1, 3, 6 og 12 mdr.",
            citizen=citizen,
            obj=move,
            purpose=PURPOSE,
        )
    return move


def do_register_shelter_admission(
    *, citizen: Citizen, admitted_on: datetime.date, source: str, user=None
) -> MoveToOwnHome | None:
    """A new shelter stay began. When it is within 12 months of a move into own home, that
    move is marked as a return to homelessness. Meant to be called by the stays app."""
    with transaction.atomic():
        move = (
            MoveToOwnHome.objects.select_for_update()
            .filter(citizen=citizen, moved_on__lte=admitted_on, returned_on__isnull=True)
            .order_by("-moved_on")
            .first()
        )
        if move is None or dates.add_months(move.moved_on, RETURN_WINDOW_MONTHS) < admitted_on:
            return None
        move.returned_on = admitted_on
        move.return_source = source
        move.save(update_fields=["returned_on", "return_source", "updated_at"])
        log_event(
            action=Action.CHANGE,
            summary="Tilbage i hjemløshed inden for 12 måneder efter flytning til egen bolig",
            citizen=citizen,
            obj=move,
            purpose=PURPOSE,
        )
    return move


def do_complete_followup(*, user: User, task: FollowUpTask, done_on: datetime.date, note: str = ""):
    policy.check_may_edit_citizen(user, task.citizen)
    with transaction.atomic():
        updated = FollowUpTask.objects.filter(pk=task.pk, done_on__isnull=True).update(
            done_on=done_on, done_by=user, note=note.strip()
        )
        if not updated:
            raise ValidationError("Opfølgningen er allerede registreret som udført.")
        log_event(
            action=Action.CHANGE,
            summary=f"{task.title} udført",
            citizen=task.citizen,
            obj=task,
            purpose=PURPOSE,
        )
    task.refresh_from_db()
    return task
