import uuid as uuidlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from hjemvej.access import policy
from hjemvej.access.models import PlanShare
from hjemvej.accounts.models import Unit
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.common.forms import apply_errors
from hjemvej.common.suppression import SUPPRESSED
from hjemvej.plans import charts, rules, selectors, services
from hjemvej.plans.ffb import Vocabulary
from hjemvej.plans.forms import (
    AssessmentForm,
    FollowUpForm,
    GoalForm,
    PlanEditForm,
    PlanForm,
    SafetyAssessmentForm,
    ScoreForm,
    SharePlanForm,
    SignOffForm,
    SubGoalEditForm,
    SubGoalForm,
)
from hjemvej.plans.models import Goal, Plan, SubGoal, Term


def _require_edit(user, citizen) -> None:
    if not policy.may_edit_citizen(user, citizen):
        raise Http404


def _unit(uuid_text: str, units: list[Unit]) -> Unit:
    for u in units:
        if str(u.uuid) == uuid_text:
            return u
    raise ValidationError({"unit": "Vælg en af dine enheder."})


def _term(code: str | None, vocabulary: str) -> Term | None:
    if not code:
        return None
    try:
        return Term.objects.get(code=uuidlib.UUID(code), vocabulary=vocabulary)
    except (ValueError, Term.DoesNotExist):
        raise ValidationError("Ukendt begreb.") from None


def _chart_svg(layout: charts.Layout, description: str):
    return mark_safe(charts.svg(layout, description=description))  # noqa: S308 (text escaped)


def _progression(plans, citizen, grant) -> dict:
    sub_layout, sub_rows = selectors.sub_goal_chart(plans)
    theme_layout, theme_rows = selectors.theme_chart(citizen, grant=grant)
    return {
        "sub_goal_svg": None
        if sub_layout.empty
        else _chart_svg(sub_layout, "Scorerne står som tal ved hvert punkt og i tabellen."),
        "sub_goal_rows": sub_rows,
        "theme_svg": None
        if theme_layout.empty
        else _chart_svg(theme_layout, "Niveauerne står som tal ved hvert punkt og i tabellen."),
        "theme_rows": theme_rows,
    }


def _plan_context(plan: Plan, today) -> dict:
    statuses = {}
    for goal in plan.goals.all():
        for sg in goal.sub_goals.all():
            statuses[sg.pk] = selectors.sub_goal_status(sg, plan, today)
    goals: list[dict[str, Any]] = [
        {
            "goal": g,
            "sub_goals": [statuses[sg.pk] for sg in g.sub_goals.all()],
        }
        for g in plan.goals.all()
    ]
    dues = selectors.plan_dues(plan)
    current_sign_offs = {s.party: s for s in plan.sign_offs.all() if s.version == plan.version}
    return {
        "plan": plan,
        "goals": goals,
        "citizen_goals": [g for g in goals if g["goal"].kind == Goal.Kind.CITIZEN],
        "professional_goals": [g for g in goals if g["goal"].kind == Goal.Kind.PROFESSIONAL],
        "dues": [{"due": d, "overdue": d.overdue(today)} for d in dues],
        "sign_offs": plan.sign_offs.all(),
        "current_sign_offs": current_sign_offs,
        "missing_parties": [label for party, label in _parties() if party not in current_sign_offs],
        "today": today,
        "no_follow_up_days": rules.NO_FOLLOW_UP_DAYS,
        "no_progress_months": rules.NO_PROGRESS_MONTHS,
    }


def _parties():
    from hjemvej.plans.models import SignOff

    return SignOff.Party.choices


# ---------------------------------------------------------------- the citizen's page


@login_required
def citizen_plans(request, citizen_uuid):
    citizen, grant = policy.access_citizen(
        request.user, citizen_uuid, what="Borgerens planer, udredninger og progression"
    )
    today = timezone.localdate()
    plans = selectors.plans_for_citizen(citizen, grant=grant)
    return render(
        request,
        "plans/citizen.html",
        {
            "citizen": citizen,
            "grant": grant,
            "may_edit": policy.may_edit_citizen(request.user, citizen),
            "plans": [
                {
                    "plan": p,
                    "dues": [d for d in selectors.plan_dues(p) if d.overdue(today)]
                    if p.shown_whole
                    else [],
                }
                for p in plans
            ],
            "assessments": selectors.assessments_for_citizen(citizen, grant=grant),
            "safety_assessments": selectors.safety_assessments_for_citizen(citizen, grant=grant),
            "signs_of_safety": rules.uses_signs_of_safety(citizen.birth_date, today),
            **_progression(plans, citizen, grant),
        },
    )


# ---------------------------------------------------------------- assessments


def _assessment_form(request, units):
    return AssessmentForm(
        request.POST or None,
        units=units,
        support_terms=selectors.support_needs(),
        theme_tree=selectors.theme_tree(),
        level_terms=selectors.levels(),
    )


@login_required
def assessment_new(request, citizen_uuid):
    citizen, _ = policy.access_citizen(request.user, citizen_uuid, what="Ny udredning (VUM)")
    _require_edit(request.user, citizen)
    if rules.uses_signs_of_safety(citizen.birth_date, timezone.localdate()):
        # Under 18 the assessment is Signs of Safety; VUM is not offered.
        return redirect("plans:safety_new", citizen.uuid)
    units = policy.plan_units(request.user)
    form = _assessment_form(request, units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            themes = []
            for row in form.theme_rows:
                key = row["theme"].code.hex
                themes.append(
                    {
                        "theme": row["theme"],
                        "citizen_view": data.get(f"cv_{key}", ""),
                        "professional_view": data.get(f"pv_{key}", ""),
                        "level": _term(data.get(f"lvl_{key}"), Vocabulary.FUNCTIONAL_LEVEL),
                    }
                )
            assessment = services.do_create_assessment(
                user=request.user,
                citizen=citizen,
                unit=_unit(data["unit"], units),
                assessed_on=data["assessed_on"],
                resources=data["resources"],
                challenges=data["challenges"],
                support_need=_term(data.get("support_need"), Vocabulary.SUPPORT_NEED),
                themes=themes,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Udredningen er gemt.")
            return redirect("plans:assessment", citizen.uuid, assessment.uuid)
    return render(
        request,
        "plans/assessment_form.html",
        {"citizen": citizen, "form": form, "sections": form.bound_sections()},
    )


@login_required
def assessment_detail(request, citizen_uuid, assessment_uuid):
    citizen, grant = policy.access_citizen(request.user, citizen_uuid, what="Udredning (VUM)")
    assessment = next(
        (
            a
            for a in selectors.assessments_for_citizen(citizen, grant=grant)
            if a.uuid == assessment_uuid
        ),
        None,
    )
    if assessment is None:
        raise Http404
    return render(request, "plans/assessment.html", {"citizen": citizen, "assessment": assessment})


@login_required
def safety_new(request, citizen_uuid):
    citizen, _ = policy.access_citizen(
        request.user, citizen_uuid, what="Ny udredning (Signs of Safety)"
    )
    _require_edit(request.user, citizen)
    units = policy.plan_units(request.user)
    form = SafetyAssessmentForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.do_create_safety_assessment(
                user=request.user,
                citizen=citizen,
                unit=_unit(data["unit"], units),
                assessed_on=data["assessed_on"],
                worries=data["worries"],
                what_works=data["what_works"],
                what_needs_to_happen=data["what_needs_to_happen"],
                safety_scale=data["safety_scale"],
                scale_note=data["scale_note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Udredningen (Signs of Safety) er gemt.")
            return redirect("plans:safety", citizen.uuid, assessment.uuid)
    return render(
        request,
        "plans/form.html",
        {
            "citizen": citizen,
            "form": form,
            "title": "Ny udredning (Signs of Safety)",
            "intro": "Borgeren er under 18 år, så udredningen sker med Signs of Safety i stedet "
            "for VUM: de tre kolonner og sikkerhedsskalaen fra 0 til 10.",
            "submit": "Gem udredningen",
        },
    )


@login_required
def safety_detail(request, citizen_uuid, assessment_uuid):
    citizen, grant = policy.access_citizen(
        request.user, citizen_uuid, what="Udredning (Signs of Safety)"
    )
    assessment = next(
        (
            a
            for a in selectors.safety_assessments_for_citizen(citizen, grant=grant)
            if a.uuid == assessment_uuid
        ),
        None,
    )
    if assessment is None:
        raise Http404
    return render(request, "plans/safety.html", {"citizen": citizen, "assessment": assessment})


@login_required
def assessment_compare(request, citizen_uuid):
    citizen, grant = policy.access_citizen(
        request.user, citizen_uuid, what="Sammenligning af udredninger"
    )
    assessments = selectors.assessments_for_citizen(citizen, grant=grant)
    by_uuid = {str(a.uuid): a for a in assessments}
    first = by_uuid.get(request.GET.get("a", ""))
    second = by_uuid.get(request.GET.get("b", ""))
    if (first is None or second is None) and len(assessments) >= 2:
        second, first = assessments[0], assessments[1]  # newest two, older first
    if first is None or second is None:
        raise Http404
    if first.assessed_on > second.assessed_on:
        first, second = second, first
    return render(
        request,
        "plans/assessment_compare.html",
        {
            "citizen": citizen,
            "assessments": assessments,
            "first": first,
            "second": second,
            "rows": selectors.compare_assessments(first, second),
        },
    )


# ---------------------------------------------------------------- plans


@login_required
def plan_new(request, citizen_uuid):
    citizen, _ = policy.access_citizen(request.user, citizen_uuid, what="Ny plan")
    _require_edit(request.user, citizen)
    units = policy.plan_units(request.user)
    # A citizen staying at a shelter must have an action plan under §142.
    staying = citizen.relationships.filter(kind="stay", ended_on__isnull=True).exists()
    form = PlanForm(
        request.POST or None,
        units=units,
        initial={"kind": Plan.Kind.ACTION_142 if staying else ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.do_create_plan(
                user=request.user,
                citizen=citizen,
                kind=data["kind"],
                unit=_unit(data["unit"], units),
                starts_on=data["starts_on"],
                purpose=data["purpose"],
                citizen_wishes=data["citizen_wishes"],
                expected_duration=data["expected_duration"],
                treatment_goal=data["treatment_goal"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{plan.get_kind_display()} er oprettet.")
            return redirect("plans:plan", citizen.uuid, plan.uuid)
    return render(
        request,
        "plans/form.html",
        {"citizen": citizen, "form": form, "title": "Ny plan", "submit": "Opret plan"},
    )


def _load_plan(request, citizen_uuid, plan_uuid, what: str, *, in_part: bool = False):
    """The plan as the user may see it. A plan shared in part with the user's offer opens only
    where `in_part` says the page shows just the shared parts (the plan page); its edit pages,
    versions, print and PDF hold the whole plan and answer 404."""
    citizen, grant = policy.access_citizen(request.user, citizen_uuid, what=what)
    plan = selectors.plan_with_goals(citizen, plan_uuid, grant=grant)
    if plan is None or not (plan.shown_whole or in_part):
        raise Http404
    return citizen, grant, plan


@login_required
def plan_detail(request, citizen_uuid, plan_uuid):
    citizen, grant, plan = _load_plan(
        request, citizen_uuid, plan_uuid, "Borgerens plan", in_part=True
    )
    context = _plan_context(plan, timezone.localdate())
    if not plan.shown_whole:
        # Shared with the user's offer (§141): the shared parts only.
        return render(
            request,
            "plans/shared_plan.html",
            {
                "citizen": citizen,
                "grant": grant,
                "may_edit": False,
                "shares": selectors.shares_for_unit(plan, grant),
                **{k: context[k] for k in ("plan", "citizen_goals", "professional_goals", "today")},
                "no_progress_months": rules.NO_PROGRESS_MONTHS,
                **_progression([plan], citizen, grant),
            },
        )
    return _plan_page(request, citizen, grant, plan, context)


def _plan_page(request, citizen, grant, plan, context, share_form=None):
    return render(
        request,
        "plans/plan.html",
        {
            "citizen": citizen,
            "grant": grant,
            "may_edit": policy.may_edit_citizen(request.user, citizen) and plan.ends_on is None,
            "versions": plan.versions.select_related("made_by"),
            "follow_ups": plan.follow_ups.select_related("status", "recorded_by"),
            **_sharing(request.user, plan, share_form),
            **context,
            **_progression([plan], citizen, grant),
        },
        status=400 if share_form is not None and share_form.errors else 200,
    )


@login_required
def plan_edit(request, citizen_uuid, plan_uuid):
    citizen, _, plan = _load_plan(request, citizen_uuid, plan_uuid, "Ret plan")
    _require_edit(request.user, citizen)
    fields = ("purpose", "citizen_wishes", "expected_duration", "treatment_goal")
    initial = {f: getattr(plan, f) for f in fields}
    form = PlanEditForm(
        request.POST or None, initial=initial, treatment=plan.kind == Plan.Kind.TREATMENT
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None
        try:
            services.do_update_plan(
                user=request.user, plan=plan, version=version, changes=form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Planen er gemt som en ny version.")
            return redirect("plans:plan", citizen.uuid, plan.uuid)
    return render(
        request,
        "plans/form.html",
        {
            "citizen": citizen,
            "plan": plan,
            "form": form,
            "title": f"Ret {plan.get_kind_display().lower()}",
            "submit": "Gem ændringer",
            "version": plan.version,
        },
    )


@login_required
def goal_new(request, citizen_uuid, plan_uuid, kind):
    citizen, _, plan = _load_plan(request, citizen_uuid, plan_uuid, "Nyt mål i plan")
    _require_edit(request.user, citizen)
    if kind not in Goal.Kind.values:
        raise Http404
    form = _goal_form(request, kind)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.do_add_goal(
                user=request.user, plan=plan, kind=kind, **_goal_changes(form.cleaned_data)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{goal.get_kind_display()} er tilføjet.")
            return redirect("plans:plan", citizen.uuid, plan.uuid)
    title = "Borgerens eget mål" if kind == Goal.Kind.CITIZEN else "Nyt indsatsmål (SMART)"
    return render(
        request,
        "plans/form.html",
        {
            "citizen": citizen,
            "plan": plan,
            "form": form,
            "title": title,
            "submit": "Tilføj mål",
            "intro": "Skriv målet, som borgeren selv siger det."
            if kind == Goal.Kind.CITIZEN
            else "Et indsatsmål er specifikt, målbart, attraktivt for borgeren, realistisk og "
            "tidsbestemt. Borgerens ønske vejer tungest.",
        },
    )


def _goal_form(request, kind: str, initial=None) -> GoalForm:
    return GoalForm(
        request.POST or None,
        initial=initial,
        kind=kind,
        goal_types=selectors.terms(Vocabulary.GOAL_TYPE),
        level_terms=[t for t in selectors.levels() if t.rank is not None],
        theme_groups=[
            (area, [t for group, leaves in groups for t in [group, *leaves]])
            for area, groups in selectors.theme_tree()
        ],
    )


def _goal_changes(data: dict) -> dict:
    changes = dict(data)
    changes["themes"] = [
        t for c in changes.pop("themes", []) if (t := _term(c, Vocabulary.THEME)) is not None
    ]
    if "goal_type" in changes:
        changes["goal_type"] = _term(changes["goal_type"], Vocabulary.GOAL_TYPE)
    if "target_level" in changes:
        changes["target_level"] = _term(changes["target_level"], Vocabulary.FUNCTIONAL_LEVEL)
    return changes


@login_required
def goal_edit(request, citizen_uuid, plan_uuid, goal_uuid):
    citizen, _, plan = _load_plan(request, citizen_uuid, plan_uuid, "Ret mål i plan")
    _require_edit(request.user, citizen)
    goal = get_object_or_404(Goal, uuid=goal_uuid, plan=plan)
    initial = {
        "title": goal.title,
        "proposed_by": goal.proposed_by,
        "specific": goal.specific,
        "measurable": goal.measurable,
        "attractive": goal.attractive,
        "realistic": goal.realistic,
        "deadline": goal.deadline,
        "goal_type": str(goal.goal_type.code) if goal.goal_type else "",
        "target_level": str(goal.target_level.code) if goal.target_level else "",
        "themes": [str(t.code) for t in goal.themes.all()],
    }
    form = _goal_form(request, goal.kind, initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_goal(
                user=request.user, goal=goal, changes=_goal_changes(form.cleaned_data)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Målet er gemt. Planens tidligere version er bevaret.")
            return redirect("plans:plan", citizen.uuid, plan.uuid)
    return render(
        request,
        "plans/form.html",
        {
            "citizen": citizen,
            "plan": plan,
            "form": form,
            "title": "Ret borgerens eget mål"
            if goal.kind == Goal.Kind.CITIZEN
            else "Ret indsatsmål",
            "submit": "Gem målet",
        },
    )


@login_required
def sub_goal_edit(request, citizen_uuid, plan_uuid, sub_goal_uuid):
    citizen, _, plan = _load_plan(request, citizen_uuid, plan_uuid, "Ret delmål")
    _require_edit(request.user, citizen)
    sub_goal = get_object_or_404(SubGoal, uuid=sub_goal_uuid, goal__plan=plan)
    initial = {
        f: getattr(sub_goal, f)
        for f in ("text", "responsible", "target_date", "follow_up_on", "achieved_on")
    }
    form = SubGoalEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_sub_goal(
                user=request.user, sub_goal=sub_goal, changes=form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Delmålet er gemt. Planens tidligere version er bevaret.")
            return redirect("plans:plan", citizen.uuid, plan.uuid)
    return render(
        request,
        "plans/form.html",
        {
            "citizen": citizen,
            "plan": plan,
            "form": form,
            "title": "Ret delmål",
            "submit": "Gem delmålet",
        },
    )


@login_required
def sub_goal_new(request, citizen_uuid, plan_uuid, goal_uuid):
    citizen, _, plan = _load_plan(request, citizen_uuid, plan_uuid, "Nyt delmål")
    _require_edit(request.user, citizen)
    goal = get_object_or_404(Goal, uuid=goal_uuid, plan=plan)
    form = SubGoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_add_sub_goal(user=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Delmålet er tilføjet.")
            return redirect("plans:plan", citizen.uuid, plan.uuid)
    return render(
        request,
        "plans/form.html",
        {
            "citizen": citizen,
            "plan": plan,
            "form": form,
            "title": "Nyt delmål",
            "intro": f"Til målet: {goal.title}",
            "submit": "Tilføj delmål",
        },
    )


@login_required
def score_new(request, citizen_uuid, plan_uuid, sub_goal_uuid):
    citizen, _, plan = _load_plan(request, citizen_uuid, plan_uuid, "Score delmål")
    _require_edit(request.user, citizen)
    sub_goal = get_object_or_404(SubGoal, uuid=sub_goal_uuid, goal__plan=plan)
    form = ScoreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_record_score(user=request.user, sub_goal=sub_goal, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Scoren er gemt.")
            return redirect("plans:plan", citizen.uuid, plan.uuid)
    scores = selectors.scores_for(sub_goal)
    return render(
        request,
        "plans/form.html",
        {
            "citizen": citizen,
            "plan": plan,
            "form": form,
            "title": "Score delmål",
            "intro": f"Delmål: {sub_goal.text}. 0 = intet problem, 4 = fuldstændigt problem."
            + (" Den første score er udgangspunktet (baseline)." if not scores else ""),
            "submit": "Gem score",
        },
    )


@login_required
def sign_off_new(request, citizen_uuid, plan_uuid):
    citizen, _, plan = _load_plan(request, citizen_uuid, plan_uuid, "Godkendelse af plan")
    _require_edit(request.user, citizen)
    form = SignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The unit is recorded when the plan's own unit is the party that signs.
        own_party = "authority" if plan.unit.kind == Unit.Kind.AUTHORITY else "offer"
        unit = plan.unit if data["party"] == own_party else None
        try:
            services.do_sign_off(user=request.user, plan=plan, unit=unit, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Godkendelsen er registreret.")
            return redirect("plans:plan", citizen.uuid, plan.uuid)
    return render(
        request,
        "plans/form.html",
        {
            "citizen": citizen,
            "plan": plan,
            "form": form,
            "title": f"Registrér godkendelse af version {plan.version}",
            "submit": "Registrér godkendelse",
        },
    )


@login_required
def follow_up_new(request, citizen_uuid, plan_uuid):
    citizen, _, plan = _load_plan(request, citizen_uuid, plan_uuid, "Opfølgning på plan")
    _require_edit(request.user, citizen)
    form = FollowUpForm(
        request.POST or None, status_terms=selectors.terms(Vocabulary.FOLLOW_UP_STATUS)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_record_plan_follow_up(
                user=request.user,
                plan=plan,
                followed_up_on=data["followed_up_on"],
                note=data["note"],
                status=_term(data.get("status"), Vocabulary.FOLLOW_UP_STATUS),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Opfølgningen er registreret.")
            return redirect("plans:plan", citizen.uuid, plan.uuid)
    return render(
        request,
        "plans/form.html",
        {
            "citizen": citizen,
            "plan": plan,
            "form": form,
            "title": "Registrér opfølgningsmøde",
            "submit": "Registrér opfølgning",
        },
    )


def _sharing(user, plan: Plan, form: SharePlanForm | None = None) -> dict:
    """The sharing block on an authority plan: which parts are shared with which offer, and the
    form to share parts (§141)."""
    if not policy.may_share_plan(user, plan):
        return {"may_share": False}
    units = services.tied_offer_units(plan.citizen)
    shares = list(
        plan.shares.filter(withdrawn_at__isnull=True)
        .select_related("unit", "shared_by")
        .prefetch_related("goals")
    )
    return {
        "may_share": True,
        "shares": shares,
        "share_units": units,
        "share_form": form or SharePlanForm(units=units, goals=plan.goals.all()),
    }


@login_required
@require_POST
def share_plan(request, citizen_uuid, plan_uuid):
    """§141: the acting municipality's caseworker sends the chosen parts of the plan to an
    offer (or changes which parts an offer has)."""
    citizen, grant, plan = _load_plan(request, citizen_uuid, plan_uuid, "Deling af plan med tilbud")
    if not policy.may_share_plan(request.user, plan):
        raise Http404
    units = services.tied_offer_units(citizen)
    goals = list(plan.goals.all())
    form = SharePlanForm(request.POST, units=units, goals=goals)
    if form.is_valid():
        unit = next(u for u in units if str(u.uuid) == form.cleaned_data["unit"])
        try:
            services.do_share_plan_parts(
                user=request.user,
                plan=plan,
                unit=unit,
                goals=[g for g in goals if str(g.uuid) in form.cleaned_data["goals"]],
                purpose=form.cleaned_data["purpose"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"De valgte dele af planen er delt med {unit.name}.")
            return redirect("plans:plan", citizen.uuid, plan.uuid)
    context = _plan_context(plan, timezone.localdate())
    return _plan_page(request, citizen, grant, plan, context, share_form=form)


@login_required
@require_POST
def withdraw_plan_share(request, citizen_uuid, plan_uuid, share_uuid):
    citizen, _, plan = _load_plan(request, citizen_uuid, plan_uuid, "Deling af plan med tilbud")
    share = get_object_or_404(PlanShare.objects.select_related("unit"), plan=plan, uuid=share_uuid)
    if not policy.may_share_plan(request.user, plan):
        raise Http404
    try:
        services.do_withdraw_plan_share(user=request.user, share=share)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Delingen med {share.unit.name} er trukket tilbage.")
    return redirect("plans:plan", citizen.uuid, plan.uuid)


@login_required
def plan_version(request, citizen_uuid, plan_uuid, number):
    citizen, _, plan = _load_plan(request, citizen_uuid, plan_uuid, "Tidligere version af plan")
    version = get_object_or_404(plan.versions.select_related("made_by"), number=number)
    return render(
        request,
        "plans/version.html",
        {
            "citizen": citizen,
            "plan": plan,
            "version": version,
            "content": version.content,
            "sign_offs": [s for s in plan.sign_offs.all() if s.version == version.number],
        },
    )


@login_required
def plan_print(request, citizen_uuid, plan_uuid):
    citizen, grant, plan = _load_plan(request, citizen_uuid, plan_uuid, "Udskrift af plan")
    context = _plan_context(plan, timezone.localdate())
    return render(
        request,
        "plans/print.html",
        {"citizen": citizen, **context, **_progression([plan], citizen, grant)},
    )


@login_required
def plan_pdf(request, citizen_uuid, plan_uuid):
    from hjemvej.plans.pdf import render_plan_pdf

    citizen, _, plan = _load_plan(request, citizen_uuid, plan_uuid, "Planen som PDF")
    today = timezone.localdate()
    content = render_plan_pdf(citizen=citizen, plan=plan, context=_plan_context(plan, today))
    log_event(
        action=Action.EXPORT,
        summary=f"{plan.get_kind_display()} hentet som PDF",
        citizen=citizen,
        obj=plan,
        purpose="Planen udleveret til borgeren",
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-{plan.starts_on:%Y-%m-%d}.pdf"'
    return response


# ---------------------------------------------------------------- offers


@login_required
def offer_list(request):
    units = policy.progress_units(request.user)
    if not units:
        raise Http404
    today = timezone.localdate()
    analyst = policy.aggregates_only(request.user)
    rows = []
    for u in units:
        progress = selectors.offer_progress(u, today)
        rows.append({"unit": u, **selectors.shown_progress(progress, for_analyst=analyst)})
    return render(request, "plans/offers.html", {"rows": rows, "suppressed": SUPPRESSED})


@login_required
def offer_detail(request, unit_uuid):
    unit = get_object_or_404(Unit.objects.select_related("municipality"), uuid=unit_uuid)
    if not policy.may_see_offer_progress(request.user, unit):
        raise Http404
    try:
        days = min(730, max(1, int(request.GET.get("dage", rules.NO_FOLLOW_UP_DAYS))))
    except ValueError:
        days = rules.NO_FOLLOW_UP_DAYS
    progress = selectors.offer_progress(unit, timezone.localdate(), no_follow_up_days=days)
    shown = selectors.shown_progress(progress, for_analyst=policy.aggregates_only(request.user))
    return render(
        request,
        "plans/offer.html",
        {
            "unit": unit,
            "p": shown,
            "suppressed": SUPPRESSED,
            "change_text": shown["change_text"],
            "change_meaning": ""
            if shown["change_text"] == SUPPRESSED
            else rules.describe_change(progress.average_change),
            "no_follow_up_days": days,
            "no_progress_months": rules.NO_PROGRESS_MONTHS,
        },
    )
