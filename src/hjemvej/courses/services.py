"""Changes to courses, phases, focus areas, support time and follow-up tasks.

Each `do_*` validates first, works inside one transaction and writes its audit row there."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.accounts.models import Unit, User
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.common import dates
from hjemvej.courses import cohort_rules, rules
from hjemvej.courses.models import (
    COURSE_STATUS,
    AdlAttendance,
    Cohort,
    CohortMember,
    Course,
    CoursePhase,
    CourseTemplate,
    FocusArea,
    FocusPlan,
    FollowUpTask,
    MoveToOwnHome,
    PhaseMove,
    Relapse,
    SupportEntry,
)
from hjemvej.deadlines.models import Task
from hjemvej.housing.selectors import latest_move_in
from hjemvej.offers.models import REFERRAL_STATUS, ReferralStatus
from hjemvej.offers.models import Referral as OfferReferral
from hjemvej.people.models import Citizen, Gender, Relationship
from hjemvej.people.services import do_close_relationship, do_open_relationship
from hjemvej.plans.ffb import Vocabulary
from hjemvej.plans.models import Goal, Plan, Term
from hjemvej.plans.selectors import latest_levels
from hjemvej.plans.services import do_add_goal

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
    return _start_course(
        user=user,
        citizen=citizen,
        template=template,
        unit=unit,
        started_on=started_on,
        tenancy_from=tenancy_from,
        tenancy_address=tenancy_address,
        contact_started_on=contact_started_on,
        weekly_support_hours=weekly_support_hours,
    )


def _start_course(
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
    """do_start_course after its permission check; also used by do_admit_to_cohort, whose
    permission is the cohort's (policy.may_manage_cohort)."""
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
        planned_ends = [p.planned_end for p in phases[index + 1 :] if p.planned_end is not None]
        breaches = rules.limit_breaches(
            moved_on=moved_on,
            earliest_end=current.earliest_end,
            latest_end=current.latest_end,
            projected_end=max(planned_ends) if planned_ends else None,
            course_latest=course.latest_end,
            max_months=course.template.max_months,
        )
        if breaches and not note.strip():
            raise ValidationError(
                {
                    "note": "Skriv en begrundelse: "
                    + "; ".join(breaches)
                    + ". Faseskiftet vises på arbejdslisten."
                }
            )
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
            outside_limits=bool(breaches),
            moved_by=user,
        )
        log_event(
            action=Action.CHANGE,
            summary=f"Forløb flyttet til fase {nxt.number}: {nxt.name}"
            + (" (uden for grænserne: " + "; ".join(breaches) + ")" if breaches else ""),
            citizen=course.citizen,
            obj=course,
            purpose=PURPOSE,
        )
    return nxt


def do_end_course(
    *,
    user,
    course: Course,
    ended_on: datetime.date,
    outcome: str,
    moved_home_on=None,
    note: str = "",
) -> Course:
    """End a course with its outcome. An outcome in own home starts the follow-up tasks.
    Ending before the template's expected minimum (youth housing: 9 months) needs a reason
    and shows on the worklist "Forløb uden for grænserne" (rules.ended_before_minimum)."""
    policy.check_may_edit_citizen(user, course.citizen)
    if outcome not in Course.Outcome.values:
        raise ValidationError({"outcome": "Vælg forløbets resultat."})
    if ended_on is None:
        raise ValidationError({"ended_on": "Skriv slutdatoen."})
    if ended_on < course.started_on:
        raise ValidationError({"ended_on": "Slutdatoen ligger før forløbets start."})
    early = rules.ended_before_minimum(
        started_on=course.started_on,
        ended_on=ended_on,
        expected_min_months=course.template.expected_min_months,
    )
    if early and not note.strip():
        raise ValidationError(
            {
                "note": f"Skriv en begrundelse: {early}. Forløbet vises på arbejdslisten "
                "»Forløb uden for grænserne«."
            }
        )
    with transaction.atomic():
        course = COURSE_STATUS.move(
            course,
            to=Course.Status.ENDED,
            by=user,
            reason=Course.Outcome(outcome).label,
            fields={
                "ended_on": ended_on,
                "outcome": outcome,
                "end_note": note.strip(),
                "ended_before_minimum": bool(early),
            },
        )
        if course.current_phase_id is not None:
            CoursePhase.objects.filter(pk=course.current_phase_id).update(ended_on=ended_on)
        if course.relationship is not None:
            do_close_relationship(relationship=course.relationship, ended_on=ended_on)
        log_event(
            action=Action.CHANGE,
            summary=f"Forløb afsluttet: {course.get_outcome_display()}"
            + (f" ({early})" if early else ""),
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


# --- Housing First cohorts (issue 15; the rules are in courses/cohort_rules.py) --------------

COHORT_PURPOSE = "Housing First-gruppe"


def do_create_cohort(
    *,
    user: User,
    offer,
    name: str,
    starts_on: datetime.date | None,
    adl_starts_on: datetime.date | None,
    adl_ends_on: datetime.date | None,
    planned_end: datetime.date | None = None,
) -> Cohort:
    """A new cohort of a group offer: places and group size from the offer, 9 months unless a
    shorter planned end is given, the mandatory ADL course inside the course, and the offer's
    "start with men" rule as it stands today."""
    policy.require(
        policy.may_manage_cohort(user, offer), "Du har ikke ret til at oprette grupper her."
    )
    if planned_end is None and starts_on is not None:
        planned_end = cohort_rules.planned_end(starts_on)
    errors = cohort_rules.check_cohort(
        name=name,
        starts_on=starts_on,
        planned_end=planned_end,
        adl_starts_on=adl_starts_on,
        adl_ends_on=adl_ends_on,
        places=offer.places,
        group_min=offer.group_min,
        group_max=offer.group_max,
    )
    if not errors and Cohort.objects.filter(offer=offer, name=name.strip()).exists():
        errors["name"] = "Tilbuddet har allerede en gruppe med det navn."
    if errors:
        raise ValidationError(errors)
    assert starts_on and planned_end and adl_starts_on and adl_ends_on  # checked above
    with transaction.atomic():
        cohort = Cohort.objects.create(
            offer=offer,
            name=name.strip(),
            places=offer.places,
            group_min=offer.group_min,
            group_max=offer.group_max,
            starts_on=starts_on,
            planned_end=planned_end,
            men_only=offer.start_with_men,
            adl_starts_on=adl_starts_on,
            adl_ends_on=adl_ends_on,
            created_by=user,
        )
        log_event(
            action=Action.CREATE,
            summary=f"Gruppe {cohort.name} oprettet ({offer.name})",
            obj=cohort,
            purpose=COHORT_PURPOSE,
        )
    return cohort


def _cohort_referral(cohort: Cohort, citizen: Citizen):
    return (
        OfferReferral.objects.filter(
            citizen=citizen,
            offer=cohort.offer,
            status__in=[ReferralStatus.APPROVED, ReferralStatus.WAITING],
        )
        .order_by("-requested_on")
        .first()
    )


def _cohort_course(user: User, cohort: Cohort, citizen: Citizen, on: datetime.date):
    """The participant's Housing First course: the citizen's active course of the Housing
    First template, or one started now through do_start_course (from the cohort's start when
    admitted before it). None when the municipality has no usable Housing First template."""
    template = (
        CourseTemplate.objects.filter(code=cohort_rules.COURSE_TEMPLATE_CODE, is_active=True)
        .filter(Q(municipality__isnull=True) | Q(municipality_id=cohort.offer.unit.municipality_id))
        .first()
    )
    if template is None:
        return None
    existing = Course.objects.filter(
        citizen=citizen, template=template, status=Course.Status.ACTIVE
    ).first()
    if existing is not None:
        return existing
    return _start_course(
        user=user,
        citizen=citizen,
        template=template,
        unit=cohort.offer.unit,
        started_on=max(on, cohort.starts_on),
    )


ADL_GOAL_TITLE = "ADL-kursus"
ADL_GOAL_TYPE = "Udvikle funktionsevne"


def _add_adl_goal(user: User, cohort: Cohort, citizen: Citizen) -> None:
    """The mandatory ADL course as an indsatsmål on the citizen's current plan for the offer
    (a plan of the offer's unit that has not ended), through plans' do_add_goal: its SMART parts
    from the cohort, FFB goal type "Udvikle funktionsevne", deadline the course's last day. Only
    when such a plan exists, it has no ADL goal yet and the user may edit the citizen's plan."""
    plan = (
        Plan.objects.filter(citizen=citizen, unit=cohort.offer.unit, ends_on__isnull=True)
        .order_by("-starts_on", "-id")
        .first()
    )
    if plan is None or plan.goals.filter(title__startswith=ADL_GOAL_TITLE).exists():
        return
    goal_type = Term.objects.filter(
        vocabulary=Vocabulary.GOAL_TYPE, display=ADL_GOAL_TYPE, retired=False
    ).first()
    if goal_type is None or not policy.may_edit_citizen(user, citizen):
        return
    do_add_goal(
        user=user,
        plan=plan,
        kind=Goal.Kind.PROFESSIONAL,
        title=f"{ADL_GOAL_TITLE} (obligatorisk i gruppen {cohort.name})",
        specific="Deltage i det obligatoriske ADL-kursus: "
        + ", ".join(t.lower() for t in cohort_rules.ADL_TOPICS)
        + ".",
        measurable="Fremmødet registreres pr. emne på gruppens side og står på forløbet.",
        attractive="Færdigheder i dagligdagen, der skal bære borgeren i egen bolig.",
        realistic=f"Kurset holdes i gruppen {cohort.adl_starts_on:%d.%m.%Y}–"
        f"{cohort.adl_ends_on:%d.%m.%Y}.",
        deadline=max(cohort.adl_ends_on, plan.starts_on),
        goal_type=goal_type,
    )


def do_admit_to_cohort(
    *, user: User, cohort: Cohort, citizen: Citizen, on: datetime.date | None = None
) -> CohortMember:
    """Admit a citizen with an approved referral to the offer. Refused beyond the places (or the
    group's maximum), outside the "start with men" rule or after the course; flagged (the
    reasons stored on the participant) for a level far from the group's or no assessed level.
    The cohort's row is locked (PostgreSQL; SQLite's IMMEDIATE transactions serialise already),
    and a seat is unique among the active participants, so two admissions cannot share the last
    home."""
    policy.require(
        policy.may_manage_cohort(user, cohort.offer),
        "Du har ikke ret til at optage deltagere i gruppen.",
    )
    on = on or timezone.localdate()
    referral = _cohort_referral(cohort, citizen)
    if referral is None:
        raise ValidationError(
            {
                "citizen": f"{citizen.full_name} skal være visiteret (bevilget) til "
                f"{cohort.offer.name}, før borgeren kan optages i en gruppe."
            }
        )
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        active = list(cohort.members.filter(left_on__isnull=True))
        if any(m.citizen_id == citizen.pk for m in active):
            raise ValidationError({"citizen": f"{citizen.full_name} er allerede i gruppen."})
        if CohortMember.objects.filter(citizen=citizen, left_on__isnull=True).exists():
            raise ValidationError(
                {"citizen": f"{citizen.full_name} er allerede i en anden gruppe."}
            )
        fact = latest_levels([citizen.pk], on=on).get(citizen.pk)
        level = fact.level if fact else None
        decision = cohort_rules.admission(
            places=cohort.places,
            group_max=cohort.group_max,
            active=len(active),
            men_only=cohort.men_only,
            is_man=citizen.gender == Gender.MALE,
            level=level,
            other_levels=[m.level for m in active if m.level is not None],
            on=on,
            cohort_ends=cohort.planned_end,
        )
        if decision.refused:
            raise ValidationError(decision.refusals)
        taken = {m.seat for m in active}
        seat = min(n for n in range(1, cohort.places + 1) if n not in taken)
        relationship = do_open_relationship(
            citizen=citizen,
            unit=cohort.offer.unit,
            kind=Relationship.Kind.COURSE,
            started_on=on,
            source=f"Gruppe: {cohort.name}",
        )
        member = CohortMember.objects.create(
            cohort=cohort,
            citizen=citizen,
            referral=referral,
            seat=seat,
            admitted_on=on,
            level=level,
            level_assessed_on=fact.assessed_on if fact else None,
            flags=decision.flags,
            relationship=relationship,
            admitted_by=user,
        )
        member.course = _cohort_course(user, cohort, citizen, on)
        if member.course is not None:
            member.save(update_fields=["course", "updated_at"])
        _add_adl_goal(user, cohort, citizen)
        REFERRAL_STATUS.move(
            referral, to=ReferralStatus.ADMITTED, by=user, reason=f"Optaget i {cohort.name}"
        )
        log_event(
            action=Action.CREATE,
            summary=f"Optaget i gruppen {cohort.name} (plads {seat})"
            + (f"; markeret: {' '.join(decision.flags)}" if decision.flags else ""),
            citizen=citizen,
            obj=member,
            purpose=COHORT_PURPOSE,
        )
    return member


def do_record_relapse(
    *, user: User, member: CohortMember, occurred_on: datetime.date, note: str = ""
) -> Relapse:
    """A relapse: a conversation task due at once, and a treatment deadline (cohort_rules)."""
    policy.require(
        policy.may_manage_cohort(user, member.cohort.offer),
        "Du har ikke ret til at registrere tilbagefald i gruppen.",
    )
    today = timezone.localdate()
    if not member.is_active:
        raise ValidationError({"occurred_on": "Deltageren har forladt gruppen."})
    if occurred_on is None or occurred_on > today:
        raise ValidationError({"occurred_on": "Skriv datoen for tilbagefaldet (ikke i fremtiden)."})
    if occurred_on < member.admitted_on:
        raise ValidationError({"occurred_on": "Tilbagefaldet ligger før optagelsen i gruppen."})
    deadline = cohort_rules.treatment_deadline(occurred_on)
    unit = member.cohort.offer.unit
    with transaction.atomic():
        conversation = Task.objects.create(
            citizen=member.citizen,
            kind=Task.Kind.RELAPSE_CONVERSATION,
            due_on=today,
            unit=unit,
            note=f"Gruppe {member.cohort.name}: samtale om at genoptage behandlingen"[:300],
        )
        treatment = Task.objects.create(
            citizen=member.citizen,
            kind=Task.Kind.TREATMENT_RESTART,
            due_on=deadline,
            unit=unit,
            note=f"Gruppe {member.cohort.name}: ellers forlader deltageren gruppen"[:300],
        )
        relapse = Relapse.objects.create(
            member=member,
            occurred_on=occurred_on,
            note=note.strip(),
            treatment_deadline=deadline,
            conversation_task=conversation,
            treatment_task=treatment,
            recorded_by=user,
        )
        log_event(
            action=Action.CREATE,
            summary=f"Tilbagefald {occurred_on:%d.%m.%Y} registreret i gruppen "
            f"{member.cohort.name}; samtale straks, behandling genoptaget senest "
            f"{deadline:%d.%m.%Y}",
            citizen=member.citizen,
            obj=relapse,
            purpose=COHORT_PURPOSE,
        )
    return relapse


def do_record_treatment_restarted(
    *, user: User, relapse: Relapse, on: datetime.date | None = None
) -> Relapse:
    """Treatment re-established: the relapse's open tasks are done, the participant stays."""
    policy.require(
        policy.may_manage_cohort(user, relapse.member.cohort.offer),
        "Du har ikke ret til at registrere behandling i gruppen.",
    )
    on = on or timezone.localdate()
    if relapse.reestablished_on is not None:
        raise ValidationError({"on": "Behandlingen er allerede registreret som genoptaget."})
    if on < relapse.occurred_on or on > timezone.localdate():
        raise ValidationError({"on": "Datoen skal ligge mellem tilbagefaldet og i dag."})
    with transaction.atomic():
        relapse.reestablished_on = on
        relapse.save(update_fields=["reestablished_on", "updated_at"])
        Task.objects.filter(
            pk__in=[relapse.conversation_task_id, relapse.treatment_task_id], done_on__isnull=True
        ).update(done_on=on, done_by=user)
        log_event(
            action=Action.CHANGE,
            summary=f"Behandlingen genoptaget {on:%d.%m.%Y} efter tilbagefald "
            f"(gruppen {relapse.member.cohort.name})",
            citizen=relapse.member.citizen,
            obj=relapse,
            purpose=COHORT_PURPOSE,
        )
    return relapse


def _close_cohort_course(
    course: Course, *, on: datetime.date, reason: str, user: User | None
) -> None:
    """A participant who leaves the cohort other than to own home stops the course early
    (outcome "stoppet før tid"; no move, so no follow-up). Called inside _leave."""
    ended_on = max(on, course.started_on)
    course = COURSE_STATUS.move(
        course,
        to=Course.Status.ENDED,
        by=user,
        reason=Course.Outcome.DROPPED_OUT.label,
        fields={"ended_on": ended_on, "outcome": Course.Outcome.DROPPED_OUT, "end_note": reason},
    )
    if course.current_phase_id is not None:
        CoursePhase.objects.filter(pk=course.current_phase_id).update(ended_on=ended_on)
    if course.relationship is not None:
        do_close_relationship(relationship=course.relationship, ended_on=ended_on)
    log_event(
        action=Action.CHANGE,
        summary=f"Forløb afsluttet: {course.get_outcome_display()} (forlod gruppen)",
        citizen=course.citizen,
        obj=course,
        purpose=PURPOSE,
    )


def _leave(
    member: CohortMember,
    *,
    on: datetime.date,
    reason: str,
    user: User | None,
    end_course: bool = True,
) -> None:
    with transaction.atomic():
        current = CohortMember.objects.select_for_update().get(pk=member.pk)
        if current.left_on is not None:
            raise ValidationError({"left_on": "Deltageren har allerede forladt gruppen."})
        current.left_on = on
        current.leave_reason = reason
        current.save(update_fields=["left_on", "leave_reason", "updated_at"])
        if current.relationship is not None:
            do_close_relationship(relationship=current.relationship, ended_on=on)
        if end_course and current.course is not None and current.course.is_active:
            _close_cohort_course(current.course, on=on, reason=reason, user=user)
        log_event(
            action=Action.CHANGE,
            summary=f"Forlod gruppen {current.cohort.name} {on:%d.%m.%Y}: {reason}",
            citizen=current.citizen,
            obj=current,
            purpose=COHORT_PURPOSE,
        )
    member.refresh_from_db()


def do_leave_cohort(
    *,
    user: User,
    member: CohortMember,
    left_on: datetime.date | None,
    reason: str,
    to_own_home: bool = False,
) -> CohortMember:
    """A participant leaves the cohort, with the reason (logged). Leaving to own home (the
    planned way out at the cohort's end) records the move through
    do_register_move_to_own_home, which starts the follow-up after 1, 3, 6 and 12 months; the
    participant's course stays open for its transition phase. A participant with a relapse whose
    treatment is not re-established cannot leave to own home this way: the relapse rule ends the
    place, and no follow-up starts (cohort_rules.open_relapse_blocks_move)."""
    policy.require(
        policy.may_manage_cohort(user, member.cohort.offer),
        "Du har ikke ret til at melde deltagere ud af gruppen.",
    )
    errors = {}
    if not reason.strip():
        errors["reason"] = "Skriv begrundelsen for, at deltageren forlader gruppen."
    if left_on is None:
        errors["left_on"] = "Skriv datoen."
    elif left_on < member.admitted_on:
        errors["left_on"] = "Datoen ligger før optagelsen i gruppen."
    if to_own_home and cohort_rules.open_relapse_blocks_move(
        [r.reestablished_on for r in member.relapses.all()]
    ):
        errors["to_own_home"] = cohort_rules.OPEN_RELAPSE_MESSAGE
    if errors:
        raise ValidationError(errors)
    assert left_on is not None
    with transaction.atomic():
        _leave(member, on=left_on, reason=reason.strip(), user=user, end_course=not to_own_home)
        if to_own_home:
            move = do_register_move_to_own_home(
                user=user,
                citizen=member.citizen,
                moved_on=left_on,
                source=f"Gruppe: {member.cohort.name}",
                unit=member.cohort.offer.unit,
                course=member.course,
            )
            CohortMember.objects.filter(pk=member.pk).update(move_home=move)
            member.refresh_from_db()
    return member


def do_record_adl_attendance(
    *, user: User, member: CohortMember, attended: list[str], on: datetime.date | None = None
) -> list[AdlAttendance]:
    """The participant's attendance at the mandatory ADL course, one row per topic
    (cohort_rules.ADL_TOPICS): the topics in `attended` attended, the others not. Recorded on
    or after the course's start; every topic gets a row, so "not attended" is stated, not
    assumed."""
    policy.require(
        policy.may_manage_cohort(user, member.cohort.offer),
        "Du har ikke ret til at registrere fremmøde i gruppen.",
    )
    on = on or timezone.localdate()
    unknown = set(attended) - set(cohort_rules.ADL_TOPICS)
    if unknown:
        raise ValidationError({"attended": "Vælg blandt ADL-kursets emner."})
    if on < member.cohort.adl_starts_on:
        raise ValidationError(
            {
                "attended": "ADL-kurset begynder "
                f"{member.cohort.adl_starts_on:%d.%m.%Y}: fremmøde kan registreres derefter."
            }
        )
    rows = []
    with transaction.atomic():
        for topic in cohort_rules.ADL_TOPICS:
            row, _ = AdlAttendance.objects.update_or_create(
                member=member,
                topic=topic,
                defaults={"attended": topic in attended, "recorded_on": on, "recorded_by": user},
            )
            rows.append(row)
        log_event(
            action=Action.CHANGE,
            summary=f"ADL-kursus i gruppen {member.cohort.name}: deltog i "
            f"{len(set(attended))} af {len(cohort_rules.ADL_TOPICS)} emner",
            citizen=member.citizen,
            obj=member,
            purpose=COHORT_PURPOSE,
        )
    return rows


def end_lapsed_participants(today: datetime.date, *, cohort: Cohort | None = None) -> int:
    """The relapse rule (cohort_rules.has_lapsed): active participants whose treatment was not
    re-established by the deadline leave the cohort with the reason. Run daily by
    ops.maintenance (the actor is the system) and from the cohort page (the user)."""
    relapses = Relapse.objects.filter(
        reestablished_on__isnull=True,
        treatment_deadline__lt=today,
        member__left_on__isnull=True,
    ).select_related("member__cohort", "member__citizen")
    if cohort is not None:
        relapses = relapses.filter(member__cohort=cohort)
    ended = 0
    for relapse in relapses:
        if not cohort_rules.has_lapsed(
            deadline=relapse.treatment_deadline,
            reestablished_on=relapse.reestablished_on,
            today=today,
        ):
            continue
        _leave(
            relapse.member,
            on=max(relapse.treatment_deadline, relapse.member.admitted_on),
            reason=cohort_rules.lapse_reason(relapse.occurred_on, relapse.treatment_deadline),
            user=None,
        )
        ended += 1
    return ended


def do_apply_relapse_rule(*, user: User, cohort: Cohort) -> int:
    """The cohort page's button: apply the relapse rule now rather than at the nightly run."""
    policy.require(
        policy.may_manage_cohort(user, cohort.offer),
        "Du har ikke ret til at ændre gruppen.",
    )
    return end_lapsed_participants(timezone.localdate(), cohort=cohort)
