import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.common.forms import apply_errors
from hjemvej.courses import cohort_selectors, selectors, services
from hjemvej.courses.forms import (
    EndCourseForm,
    FocusAreaForm,
    MovePhaseForm,
    StartCourseForm,
    SupportForm,
)
from hjemvej.courses.models import Course, FollowUpTask

# The support overview's citizens per page.
PER_PAGE = 50


def citizen_section(request, citizen):
    if not policy.may_work_with_citizens(request.user):
        return None
    today = timezone.localdate()
    return {
        "title": "Forløb og støttetid",
        "template": "courses/_citizen_section.html",
        "data": {
            "citizen": citizen,
            "courses": list(selectors.courses_for_citizen(citizen)),
            "followups": list(selectors.open_followups(citizen)),
            "moves_home": list(citizen.moves_home.all()[:5]),
            "cohort_places": list(
                citizen.cohort_places.select_related("cohort__offer__unit").order_by(
                    "-admitted_on"
                )[:5]
            ),
            "support_week": selectors.citizen_support_week(citizen, selectors.week_start(today)),
            "today": today,
            "may_edit": policy.may_edit_citizen(request.user, citizen),
        },
    }


def _course_for(request, course_uuid, what: str) -> Course:
    course, _ = policy.access_object(
        request.user,
        Course.objects.select_related("citizen", "template", "unit", "current_phase"),
        course_uuid,
        what=what,
    )
    return course


def _require_edit(request, citizen) -> None:
    if not policy.may_edit_citizen(request.user, citizen):
        raise Http404


@login_required
def start(request, citizen_uuid):
    citizen, _ = policy.access_citizen(request.user, citizen_uuid, what="Start forløb")
    _require_edit(request, citizen)
    units = policy.work_units(request.user).filter(kind="offer").order_by("name")
    form = StartCourseForm(
        request.POST or None, units=units, templates=selectors.course_templates_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            course = services.do_start_course(
                user=request.user, citizen=citizen, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{course.template.name} er startet.")
            return redirect("courses:detail", course_uuid=course.uuid)
    return render(
        request,
        "courses/form.html",
        {"form": form, "citizen": citizen, "title": "Start forløb", "submit": "Start forløb"},
    )


@login_required
def detail(request, course_uuid):
    course = _course_for(request, course_uuid, "Borgerens forløb")
    today = timezone.localdate()
    contacts = selectors.phase_contacts(course, today)
    return render(
        request,
        "courses/detail.html",
        {
            "course": course,
            "citizen": course.citizen,
            "contacts": contacts,
            "has_next_phase": bool(contacts) and contacts[-1].phase.pk != course.current_phase_id,
            "moves": course.moves.select_related("from_phase", "to_phase", "moved_by"),
            "focus_areas": course.focus_areas.prefetch_related("plans__phase__template"),
            "support": course.support_entries.select_related("registered_by")[:20],
            "meetings": course.meetings.order_by("starts_at"),
            "cohort_places": cohort_selectors.course_cohort_places(course),
            "may_edit": policy.may_edit_citizen(request.user, course.citizen) and course.is_active,
            "today": today,
        },
    )


@login_required
def move_phase(request, course_uuid):
    course = _course_for(request, course_uuid, "Flyt forløb til næste fase")
    _require_edit(request, course.citizen)
    phases = list(course.phases.select_related("template").order_by("number"))
    current = next((p for p in phases if p.pk == course.current_phase_id), None)
    following = phases[phases.index(current) + 1] if current and current != phases[-1] else None
    if not course.is_active or following is None:
        messages.error(request, "Forløbet kan ikke flyttes til en ny fase.")
        return redirect("courses:detail", course_uuid=course.uuid)
    form = MovePhaseForm(
        request.POST or None,
        initial={"moved_on": timezone.localdate()},
        legal_bases=following.template.legal_bases,
    )
    if request.method == "POST" and form.is_valid():
        try:
            phase = services.do_move_phase(user=request.user, course=course, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Forløbet er flyttet til fase {phase.number}: {phase.name}.")
            return redirect("courses:detail", course_uuid=course.uuid)
    return render(
        request,
        "courses/form.html",
        {
            "form": form,
            "citizen": course.citizen,
            "course": course,
            "title": f"Flyt til fase {following.number}: {following.name}",
            "submit": "Flyt fase",
        },
    )


@login_required
def end(request, course_uuid):
    course = _course_for(request, course_uuid, "Afslut forløb")
    _require_edit(request, course.citizen)
    form = EndCourseForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_end_course(user=request.user, course=course, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Forløbet er afsluttet.")
            return redirect("courses:detail", course_uuid=course.uuid)
    return render(
        request,
        "courses/form.html",
        {
            "form": form,
            "citizen": course.citizen,
            "course": course,
            "title": "Afslut forløb",
            "submit": "Afslut forløb",
        },
    )


@login_required
def focus_area(request, course_uuid):
    course = _course_for(request, course_uuid, "Fokusområder i forløb")
    _require_edit(request, course.citizen)
    if not course.template.uses_focus_areas:
        raise Http404
    phases = list(course.phases.select_related("template").order_by("number"))
    form = FocusAreaForm(request.POST or None, phases=phases)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.do_set_focus_area(
                user=request.user,
                course=course,
                dimension=form.cleaned_data["dimension"],
                citizen_words=form.cleaned_data["citizen_words"],
                plans=form.plans(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Fokusområdet {area.get_dimension_display()} er gemt.")
            return redirect("courses:detail", course_uuid=course.uuid)
    return render(
        request,
        "courses/form.html",
        {
            "form": form,
            "citizen": course.citizen,
            "course": course,
            "title": "Fokusområde",
            "intro": "Borgeren vælger selv de livsområder, forløbet skal arbejde med.",
            "submit": "Gem fokusområde",
        },
    )


@login_required
def register_support(request, citizen_uuid):
    citizen, _ = policy.access_citizen(request.user, citizen_uuid, what="Registrér støttetid")
    _require_edit(request, citizen)
    course = None
    if request.GET.get("forloeb") or request.POST.get("course"):
        course = get_object_or_404(
            Course, uuid=request.GET.get("forloeb") or request.POST.get("course"), citizen=citizen
        )
    units = policy.own_units(request.user)
    initial: dict[str, object] = {"date": timezone.localdate()}
    if course is not None and units.filter(pk=course.unit_id).exists():
        initial["unit"] = course.unit_id
    form = SupportForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_register_support(
                user=request.user, citizen=citizen, course=course, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Støttetiden er registreret.")
            if course is not None:
                return redirect("courses:detail", course_uuid=course.uuid)
            return redirect("people:section", key="forloeb", citizen_uuid=citizen.uuid)
    return render(
        request,
        "courses/form.html",
        {
            "form": form,
            "citizen": citizen,
            "course": course,
            "title": "Registrér støttetid",
            "submit": "Registrér",
        },
    )


@login_required
@require_POST
def complete_followup(request, task_uuid):
    task, _ = policy.access_object(
        request.user,
        FollowUpTask.objects.select_related("citizen"),
        task_uuid,
        what="Opfølgning efter flytning",
    )
    _require_edit(request, task.citizen)
    try:
        services.do_complete_followup(user=request.user, task=task, done_on=timezone.localdate())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{task.title} er registreret som udført.")
    return redirect("people:section", key="forloeb", citizen_uuid=task.citizen.uuid)


@login_required
def support_overview(request):
    """Per offer: support delivered per citizen in a week against the entitlement."""
    if not policy.may_work_with_citizens(request.user):
        raise Http404
    today = timezone.localdate()
    try:
        week = selectors.week_start(datetime.date.fromisoformat(request.GET.get("uge", "")))
    except ValueError:
        week = selectors.week_start(today)
    units = policy.work_units(request.user).filter(kind="offer")
    # The sums per offer cover every citizen; the citizens are shown a page at a time.
    summary = selectors.support_week_summary(units, week, user=request.user)
    page = Paginator(summary.pairs, PER_PAGE).get_page(request.GET.get("side"))
    return render(
        request,
        "courses/support_overview.html",
        {
            "rows": summary.rows(list(page.object_list)),
            "page": page,
            "query": f"uge={week.isoformat()}&",
            "offers": summary.offers,
            "week": week,
            "week_end": week + datetime.timedelta(days=6),
            "week_number": week.isocalendar()[1],
            "previous": week - datetime.timedelta(days=7),
            "next": week + datetime.timedelta(days=7),
        },
    )
