"""Assessments, plans, goals, sub-goals and scores in the API, under /api/v1/citizens/{id}/.
FFB terms are given and returned by KL's code, so exports speak KL's terms."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Router, Schema

from hjemvej.access import policy
from hjemvej.accounts.models import Unit
from hjemvej.common.pages import Page, page_of
from hjemvej.common.params import check_query_params
from hjemvej.plans import selectors, services
from hjemvej.plans.ffb import Vocabulary
from hjemvej.plans.models import Goal, Plan, ScoredBy, SubGoal, Term

router = Router()


class TermOut(Schema):
    code: uuid.UUID
    display: str


class ThemeOut(Schema):
    theme: TermOut
    citizen_view: str
    professional_view: str
    level: TermOut | None
    level_value: int | None


class AssessmentOut(Schema):
    id: uuid.UUID
    assessed_on: datetime.date
    unit: str
    resources: str
    challenges: str
    support_need: TermOut | None
    themes: list[ThemeOut]


class ThemeIn(Schema):
    theme: uuid.UUID
    citizen_view: str = ""
    professional_view: str = ""
    level: uuid.UUID | None = None


class AssessmentIn(Schema):
    assessed_on: datetime.date
    unit: uuid.UUID
    resources: str = ""
    challenges: str = ""
    support_need: uuid.UUID | None = None
    themes: list[ThemeIn] = []


class ScoreOut(Schema):
    id: uuid.UUID
    scored_on: datetime.date
    value: int
    scored_by: str
    note: str


class SubGoalOut(Schema):
    id: uuid.UUID
    text: str
    responsible: str
    target_date: datetime.date | None
    follow_up_on: datetime.date | None
    achieved_on: datetime.date | None
    baseline: int | None
    latest: int | None
    change: int | None
    scores: list[ScoreOut]


class GoalOut(Schema):
    id: uuid.UUID
    kind: str
    title: str
    proposed_by: str
    written_by: str
    specific: str
    measurable: str
    attractive: str
    realistic: str
    deadline: datetime.date | None
    goal_type: TermOut | None
    target_level: TermOut | None
    themes: list[TermOut]
    sub_goals: list[SubGoalOut]


class PlanOut(Schema):
    id: uuid.UUID
    kind: str
    kind_display: str
    unit: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    purpose: str
    citizen_wishes: str
    expected_duration: str
    treatment_goal: str
    version: int
    goals: list[GoalOut]
    shared_parts_only: bool = False  # shared with the user's offer: only the shared parts


class PlanShareIn(Schema):
    unit: uuid.UUID
    purpose: bool = False
    goals: list[uuid.UUID] = []
    note: str = ""


class PlanShareOut(Schema):
    id: uuid.UUID
    unit: str
    unit_id: uuid.UUID
    purpose: bool
    goals: list[uuid.UUID]
    note: str
    shared_at: datetime.datetime
    withdrawn_at: datetime.datetime | None


class PlanIn(Schema):
    kind: str
    unit: uuid.UUID
    starts_on: datetime.date
    purpose: str
    citizen_wishes: str = ""
    expected_duration: str = ""
    treatment_goal: str = ""


class GoalIn(Schema):
    kind: str
    title: str
    proposed_by: str = ScoredBy.STAFF
    specific: str = ""
    measurable: str = ""
    attractive: str = ""
    realistic: str = ""
    deadline: datetime.date | None = None
    goal_type: uuid.UUID | None = None
    target_level: uuid.UUID | None = None
    themes: list[uuid.UUID] = []


class SubGoalIn(Schema):
    text: str
    responsible: str = ""
    target_date: datetime.date | None = None
    follow_up_on: datetime.date


class ScoreIn(Schema):
    scored_on: datetime.date
    value: int
    next_follow_up_on: datetime.date | None = None
    note: str = ""


def _term(t: Term | None) -> dict | None:
    return {"code": t.code, "display": t.display} if t else None


def _find_term(code: uuid.UUID | None, vocabulary: str, field: str) -> Term | None:
    if code is None:
        return None
    term = Term.objects.filter(code=code, vocabulary=vocabulary).first()
    if term is None:
        raise ValidationError({field: "Ukendt FFB-kode."})
    return term


def _assessment_out(a) -> dict:
    return {
        "id": a.uuid,
        "assessed_on": a.assessed_on,
        "unit": a.unit.name,
        "resources": a.resources,
        "challenges": a.challenges,
        "support_need": _term(a.support_need),
        "themes": [
            {
                "theme": _term(t.theme),
                "citizen_view": t.citizen_view,
                "professional_view": t.professional_view,
                "level": _term(t.level),
                "level_value": t.level.rank if t.level else None,
            }
            for t in a.themes.all()
        ],
    }


def _plan_out(plan: Plan) -> dict:
    import django.utils.timezone as tz

    today = tz.localdate()
    goals = []
    for g in plan.goals.all():
        subs = []
        for sg in g.sub_goals.all():
            status = selectors.sub_goal_status(sg, plan, today)
            subs.append(
                {
                    "id": sg.uuid,
                    "text": sg.text,
                    "responsible": sg.responsible,
                    "target_date": sg.target_date,
                    "follow_up_on": sg.follow_up_on,
                    "achieved_on": sg.achieved_on,
                    "baseline": status.baseline.value if status.baseline else None,
                    "latest": status.latest.value if status.latest else None,
                    "change": status.change,
                    "scores": [
                        {
                            "id": s.uuid,
                            "scored_on": s.scored_on,
                            "value": s.value,
                            "scored_by": s.scored_by,
                            "note": s.note,
                        }
                        for s in sg.scores.all()
                    ],
                }
            )
        goals.append(
            {
                "id": g.uuid,
                "kind": g.kind,
                "title": g.title,
                "proposed_by": g.proposed_by,
                "written_by": g.written_by,
                "specific": g.specific,
                "measurable": g.measurable,
                "attractive": g.attractive,
                "realistic": g.realistic,
                "deadline": g.deadline,
                "goal_type": _term(g.goal_type),
                "target_level": _term(g.target_level),
                "themes": [_term(t) for t in g.themes.all()],
                "sub_goals": subs,
            }
        )
    return {
        "id": plan.uuid,
        "kind": plan.kind,
        "kind_display": plan.get_kind_display(),
        "unit": plan.unit.name,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "purpose": plan.purpose,
        "citizen_wishes": plan.citizen_wishes,
        "expected_duration": plan.expected_duration,
        "treatment_goal": plan.treatment_goal,
        "version": plan.version,
        "goals": goals,
        "shared_parts_only": not plan.shown_whole,
    }


def _loaded_plan(citizen, plan_id, grant) -> Plan:
    plan = selectors.plan_with_goals(citizen, plan_id, grant=grant)
    if plan is None:
        raise Http404
    return plan


def _editable(request, citizen_id, what: str):
    citizen, grant = policy.access_citizen(request.user, citizen_id, what=what)
    if not policy.may_edit_citizen(request.user, citizen):
        raise PermissionDenied
    return citizen, grant


def _my_unit(user, unit_id: uuid.UUID) -> Unit:
    for unit in policy.plan_units(user):
        if unit.uuid == unit_id:
            return unit
    raise ValidationError({"unit": "Vælg en af dine enheder."})


@router.get(
    "/{uuid:citizen_id}/assessments",
    response=Page[AssessmentOut],
    summary="Borgerens udredninger (VUM), nyeste først, 50 pr. side",
)
def list_assessments(request, citizen_id: uuid.UUID, page: int = 1):
    check_query_params(request, "page")
    citizen, grant = policy.access_citizen(request.user, citizen_id, what="Udredninger (API)")
    return page_of(selectors.assessments_query(citizen, grant=grant), page, _assessment_out)


@router.post(
    "/{uuid:citizen_id}/assessments", response={201: AssessmentOut}, summary="Ny udredning"
)
def create_assessment(request, citizen_id: uuid.UUID, payload: AssessmentIn):
    citizen, grant = _editable(request, citizen_id, "Ny udredning (API)")
    themes = []
    for row in payload.themes:
        theme = _find_term(row.theme, Vocabulary.THEME, "themes")
        themes.append(
            {
                "theme": theme,
                "citizen_view": row.citizen_view,
                "professional_view": row.professional_view,
                "level": _find_term(row.level, Vocabulary.FUNCTIONAL_LEVEL, "themes"),
            }
        )
    assessment = services.do_create_assessment(
        user=request.user,
        citizen=citizen,
        unit=_my_unit(request.user, payload.unit),
        assessed_on=payload.assessed_on,
        resources=payload.resources,
        challenges=payload.challenges,
        support_need=_find_term(payload.support_need, Vocabulary.SUPPORT_NEED, "support_need"),
        themes=themes,
    )
    fresh = next(
        a for a in selectors.assessments_for_citizen(citizen, grant=grant) if a.pk == assessment.pk
    )
    return 201, _assessment_out(fresh)


class SafetyAssessmentIn(Schema):
    unit: uuid.UUID
    assessed_on: datetime.date
    worries: str = ""
    what_works: str = ""
    what_needs_to_happen: str = ""
    safety_scale: int
    scale_note: str = ""


class SafetyAssessmentOut(Schema):
    id: uuid.UUID
    assessed_on: datetime.date
    unit: str
    worries: str
    what_works: str
    what_needs_to_happen: str
    safety_scale: int
    scale_note: str


def _safety_out(a) -> dict:
    return {
        "id": a.uuid,
        "assessed_on": a.assessed_on,
        "unit": a.unit.name,
        "worries": a.worries,
        "what_works": a.what_works,
        "what_needs_to_happen": a.what_needs_to_happen,
        "safety_scale": a.safety_scale,
        "scale_note": a.scale_note,
    }


@router.get(
    "/{uuid:citizen_id}/safety-assessments",
    response=Page[SafetyAssessmentOut],
    summary="Borgerens udredninger efter Signs of Safety (under 18 år), nyeste først, 50 pr. side",
)
def list_safety_assessments(request, citizen_id: uuid.UUID, page: int = 1):
    check_query_params(request, "page")
    citizen, grant = policy.access_citizen(
        request.user, citizen_id, what="Udredninger, Signs of Safety (API)"
    )
    return page_of(selectors.safety_assessments_query(citizen, grant=grant), page, _safety_out)


@router.post(
    "/{uuid:citizen_id}/safety-assessments",
    response={201: SafetyAssessmentOut},
    summary="Ny udredning efter Signs of Safety (borgere under 18 år)",
)
def create_safety_assessment(request, citizen_id: uuid.UUID, payload: SafetyAssessmentIn):
    citizen, _grant = _editable(request, citizen_id, "Ny udredning, Signs of Safety (API)")
    data = payload.dict()
    data["unit"] = _my_unit(request.user, payload.unit)
    assessment = services.do_create_safety_assessment(user=request.user, citizen=citizen, **data)
    return 201, _safety_out(assessment)


@router.get(
    "/{uuid:citizen_id}/plans",
    response=Page[PlanOut],
    summary="Borgerens planer, nyeste først, 50 pr. side",
)
def list_plans(request, citizen_id: uuid.UUID, page: int = 1):
    check_query_params(request, "page")
    citizen, grant = policy.access_citizen(request.user, citizen_id, what="Planer (API)")
    return page_of(
        selectors.plans_query(citizen, grant=grant),
        page,
        _plan_out,
        load=lambda plans: selectors.as_shown(plans, grant),
    )


@router.post("/{uuid:citizen_id}/plans", response={201: PlanOut}, summary="Ny plan")
def create_plan(request, citizen_id: uuid.UUID, payload: PlanIn):
    citizen, grant = _editable(request, citizen_id, "Ny plan (API)")
    data = payload.dict()
    data["unit"] = _my_unit(request.user, payload.unit)
    plan = services.do_create_plan(user=request.user, citizen=citizen, **data)
    return 201, _plan_out(_loaded_plan(citizen, plan.uuid, grant))


@router.get("/{uuid:citizen_id}/plans/{uuid:plan_id}", response=PlanOut, summary="Én plan")
def get_plan(request, citizen_id: uuid.UUID, plan_id: uuid.UUID):
    citizen, grant = policy.access_citizen(request.user, citizen_id, what="Plan (API)")
    plan = selectors.plan_with_goals(citizen, plan_id, grant=grant)
    if plan is None:
        raise Http404
    return _plan_out(plan)


@router.post(
    "/{uuid:citizen_id}/plans/{uuid:plan_id}/goals",
    response={201: GoalOut},
    summary="Nyt mål i en plan (borgerens eget mål eller indsatsmål)",
)
def create_goal(request, citizen_id: uuid.UUID, plan_id: uuid.UUID, payload: GoalIn):
    citizen, grant = _editable(request, citizen_id, "Nyt mål (API)")
    plan = Plan.objects.filter(policy.own_plan_q(grant), citizen=citizen, uuid=plan_id).first()
    if plan is None:
        raise Http404
    data = payload.dict()
    goal = services.do_add_goal(
        user=request.user,
        plan=plan,
        kind=data.pop("kind"),
        title=data.pop("title"),
        goal_type=_find_term(data.pop("goal_type"), Vocabulary.GOAL_TYPE, "goal_type"),
        target_level=_find_term(
            data.pop("target_level"), Vocabulary.FUNCTIONAL_LEVEL, "target_level"
        ),
        themes=[
            t
            for c in data.pop("themes")
            if (t := _find_term(c, Vocabulary.THEME, "themes")) is not None
        ],
        **data,
    )
    out = _plan_out(_loaded_plan(citizen, plan.uuid, grant))
    return 201, next(g for g in out["goals"] if g["id"] == goal.uuid)


@router.post(
    "/{uuid:citizen_id}/goals/{uuid:goal_id}/sub-goals",
    response={201: SubGoalOut},
    summary="Nyt delmål",
)
def create_sub_goal(request, citizen_id: uuid.UUID, goal_id: uuid.UUID, payload: SubGoalIn):
    citizen, grant = _editable(request, citizen_id, "Nyt delmål (API)")
    plans = Plan.objects.filter(policy.own_plan_q(grant), citizen=citizen)
    goal = Goal.objects.select_related("plan").filter(plan__in=plans, uuid=goal_id).first()
    if goal is None:
        raise Http404
    sub_goal = services.do_add_sub_goal(user=request.user, goal=goal, **payload.dict())
    return 201, _sub_goal_out(citizen, sub_goal, grant)


def _sub_goal_out(citizen, sub_goal: SubGoal, grant) -> dict:
    out = _plan_out(_loaded_plan(citizen, sub_goal.goal.plan.uuid, grant))
    return next(s for g in out["goals"] for s in g["sub_goals"] if s["id"] == sub_goal.uuid)


def _load_sub_goal(citizen, sub_goal_id, grant, *, write: bool = False) -> SubGoal:
    """A sub-goal of a goal the grant shows (policy.goal_q: of a plan shared with the user's
    offer only the shared goals); to write, of a plan the grant may write to."""
    plans = Plan.objects.filter(
        policy.own_plan_q(grant) if write else policy.plan_q(grant), citizen=citizen
    )
    goals = Goal.objects.filter(policy.goal_q(grant), plan__in=plans)
    sub_goal = (
        SubGoal.objects.select_related("goal__plan")
        .filter(goal__in=goals, uuid=sub_goal_id)
        .first()
    )
    if sub_goal is None:
        raise Http404
    return sub_goal


@router.get(
    "/{uuid:citizen_id}/sub-goals/{uuid:sub_goal_id}/scores",
    response=Page[ScoreOut],
    summary="Et delmåls scorer, ældste først (den første er baseline), 50 pr. side",
)
def list_scores(request, citizen_id: uuid.UUID, sub_goal_id: uuid.UUID, page: int = 1):
    check_query_params(request, "page")
    citizen, grant = policy.access_citizen(request.user, citizen_id, what="Scorer på delmål (API)")
    sub_goal = _load_sub_goal(citizen, sub_goal_id, grant)
    return page_of(selectors.scores_query(sub_goal), page, _score_out)


@router.post(
    "/{uuid:citizen_id}/sub-goals/{uuid:sub_goal_id}/scores",
    response={201: ScoreOut},
    summary="Score et delmål 0–4",
)
def create_score(request, citizen_id: uuid.UUID, sub_goal_id: uuid.UUID, payload: ScoreIn):
    citizen, grant = _editable(request, citizen_id, "Score delmål (API)")
    sub_goal = _load_sub_goal(citizen, sub_goal_id, grant, write=True)
    score = services.do_record_score(user=request.user, sub_goal=sub_goal, **payload.dict())
    return 201, _score_out(score)


def _score_out(s) -> dict:
    return {
        "id": s.uuid,
        "scored_on": s.scored_on,
        "value": s.value,
        "scored_by": s.scored_by,
        "note": s.note,
    }


# ---------------------------------------------------------------- §141: parts shared with offers


def _share_out(share) -> dict:
    return {
        "id": share.uuid,
        "unit": share.unit.name,
        "unit_id": share.unit.uuid,
        "purpose": share.purpose,
        "goals": [g.uuid for g in share.goals.all()],
        "note": share.note,
        "shared_at": share.shared_at,
        "withdrawn_at": share.withdrawn_at,
    }


def _sharable_plan(request, citizen_id, plan_id, what: str):
    citizen, grant = policy.access_citizen(request.user, citizen_id, what=what)
    plan = selectors.plan_with_goals(citizen, plan_id, grant=grant)
    if plan is None:
        raise Http404
    if not policy.may_share_plan(request.user, plan):
        raise PermissionDenied
    return citizen, plan


@router.get(
    "/{uuid:citizen_id}/plans/{uuid:plan_id}/shares",
    response=Page[PlanShareOut],
    summary="Hvilke dele af planen er delt med hvilke tilbud (§141), nyeste først, 50 pr. side",
)
def list_plan_shares(request, citizen_id: uuid.UUID, plan_id: uuid.UUID, page: int = 1):
    check_query_params(request, "page")
    _, plan = _sharable_plan(request, citizen_id, plan_id, "Delinger af plan (API)")
    shares = (
        plan.shares.filter(withdrawn_at__isnull=True)
        .select_related("unit")
        .prefetch_related("goals")
        .order_by("-shared_at", "-id")
    )
    return page_of(shares, page, _share_out)


@router.post(
    "/{uuid:citizen_id}/plans/{uuid:plan_id}/shares",
    response={201: PlanShareOut},
    summary="Del dele af planen med et tilbud (§141); et tilbud, der har dele, får de valgte",
)
def share_plan_parts(request, citizen_id: uuid.UUID, plan_id: uuid.UUID, payload: PlanShareIn):
    citizen, plan = _sharable_plan(request, citizen_id, plan_id, "Deling af plan (API)")
    unit = next((u for u in services.tied_offer_units(citizen) if u.uuid == payload.unit), None)
    if unit is None:
        raise ValidationError({"unit": "Borgeren har ingen aktiv tilknytning til dette tilbud."})
    by_uuid = {g.uuid: g for g in plan.goals.all()}
    if any(g not in by_uuid for g in payload.goals):
        raise ValidationError({"goals": "Målene skal høre til planen."})
    share = services.do_share_plan_parts(
        user=request.user,
        plan=plan,
        unit=unit,
        goals=[by_uuid[g] for g in payload.goals],
        purpose=payload.purpose,
        note=payload.note,
    )
    return 201, _share_out(share)


@router.post(
    "/{uuid:citizen_id}/plans/{uuid:plan_id}/shares/{uuid:share_id}/withdraw",
    response=PlanShareOut,
    summary="Træk en deling af planen tilbage",
)
def withdraw_plan_share(request, citizen_id: uuid.UUID, plan_id: uuid.UUID, share_id: uuid.UUID):
    _, plan = _sharable_plan(request, citizen_id, plan_id, "Deling af plan (API)")
    share = plan.shares.select_related("unit", "plan__citizen").filter(uuid=share_id).first()
    if share is None:
        raise Http404
    return _share_out(services.do_withdraw_plan_share(user=request.user, share=share))


@router.get(
    "/{uuid:citizen_id}/shared-plans",
    response=Page[PlanOut],
    summary=(
        "Planer, myndigheden har delt med brugerens tilbud – kun de delte dele (§141), "
        "nyeste først, 50 pr. side"
    ),
)
def list_shared_plans(request, citizen_id: uuid.UUID, page: int = 1):
    check_query_params(request, "page")
    citizen, grant = policy.access_citizen(request.user, citizen_id, what="Delte planer (API)")
    return page_of(
        selectors.plans_query(citizen, grant=grant, shared_only=True),
        page,
        _plan_out,
        load=lambda plans: [p for p in selectors.as_shown(plans, grant) if not p.shown_whole],
    )
