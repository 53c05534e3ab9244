"""Changes to assessments, plans, goals, sub-goals and scores. Each validates first, runs in
one transaction and writes its audit row there. Every change to a plan's content keeps the
plan as it then stood as a new version."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.access.models import PlanShare
from hjemvej.accounts.models import Unit, User
from hjemvej.audit.models import Action
from hjemvej.audit.services import log_event
from hjemvej.people.models import Citizen, Relationship
from hjemvej.plans import rules
from hjemvej.plans.ffb import Vocabulary
from hjemvej.plans.models import (
    Assessment,
    AssessmentTheme,
    Goal,
    Plan,
    PlanFollowUp,
    PlanVersion,
    SafetyAssessment,
    Score,
    ScoredBy,
    SignOff,
    SubGoal,
    Term,
)

PLAN_FIELDS = [
    "purpose",
    "citizen_wishes",
    "expected_duration",
    "starts_on",
    "ends_on",
    "treatment_goal",
]
TREATMENT_GOAL_ONLY = "Et behandlingsmål hører kun til en behandlingsplan."


def check_treatment_goal(kind: str, goal: str) -> None:
    """The citizen's treatment goal (stop, reduce, stabilise) sits on a treatment plan only."""
    if not goal:
        return
    if goal not in dict(rules.TREATMENT_GOALS):
        raise ValidationError({"treatment_goal": "Vælg ophør, reduktion eller stabilisering."})
    if kind != Plan.Kind.TREATMENT:
        raise ValidationError({"treatment_goal": TREATMENT_GOAL_ONLY})


GOAL_FIELDS = [
    "title",
    "proposed_by",
    "specific",
    "measurable",
    "attractive",
    "realistic",
    "deadline",
    "goal_type",
    "target_level",
]


def _check_term(term: Term | None, vocabulary: str, field: str) -> None:
    if term is not None and (term.vocabulary != vocabulary or term.depth == 0 or term.retired):
        raise ValidationError({field: "Vælg et gyldigt begreb fra listen."})


def _check_not_future(day: datetime.date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: "Datoen må ikke ligge i fremtiden."})


# ---------------------------------------------------------------- assessments


VUM_NOT_UNDER_18 = (
    "Borgeren er under 18 år på udredningsdatoen: udredningen sker med Signs of Safety, ikke VUM."
)
SOS_ONLY_UNDER_18 = (
    "Signs of Safety bruges til borgere under 18 år. Borgeren er 18 år eller ældre på "
    "udredningsdatoen: brug VUM."
)


def do_create_safety_assessment(
    *,
    user: User,
    citizen,
    unit: Unit,
    assessed_on: datetime.date,
    safety_scale: int | None,
    worries: str = "",
    what_works: str = "",
    what_needs_to_happen: str = "",
    scale_note: str = "",
) -> SafetyAssessment:
    """A Signs of Safety assessment of a citizen under 18: the three columns and the 0–10
    safety scale (DOMAIN.md §5)."""
    policy.check_may_edit_citizen(user, citizen, unit)
    _check_not_future(assessed_on, "assessed_on")
    errors: dict[str, str] = {}
    if not rules.uses_signs_of_safety(citizen.birth_date, assessed_on):
        errors["assessed_on"] = SOS_ONLY_UNDER_18
    low, high = rules.SAFETY_SCALE
    if safety_scale is None or not low <= safety_scale <= high:
        errors["safety_scale"] = f"Vælg et tal på sikkerhedsskalaen fra {low} til {high}."
    columns = [worries.strip(), what_works.strip(), what_needs_to_happen.strip()]
    if not any(columns):
        errors["worries"] = "Skriv mindst én af de tre kolonner."
    if errors or safety_scale is None:
        raise ValidationError(errors)
    with transaction.atomic():
        assessment = SafetyAssessment.objects.create(
            citizen=citizen,
            unit=unit,
            made_by=user,
            assessed_on=assessed_on,
            worries=columns[0],
            what_works=columns[1],
            what_needs_to_happen=columns[2],
            safety_scale=safety_scale,
            scale_note=scale_note.strip(),
        )
        log_event(
            action=Action.CREATE,
            summary=f"Udredning (Signs of Safety) af {assessed_on:%d.%m.%Y} registreret",
            citizen=citizen,
            obj=assessment,
            purpose="Udredning af den unges situation",
        )
    return assessment


def do_create_assessment(
    *,
    user: User,
    citizen,
    unit: Unit,
    assessed_on: datetime.date,
    resources: str = "",
    challenges: str = "",
    support_need: Term | None = None,
    themes: list[dict] | None = None,
) -> Assessment:
    """`themes`: dicts with theme, citizen_view, professional_view and level (a Funktions-
    evneniveau term, only for "Aktivitet og deltagelse" themes). Empty themes are skipped."""
    policy.check_may_edit_citizen(user, citizen, unit)
    _check_not_future(assessed_on, "assessed_on")
    if rules.uses_signs_of_safety(citizen.birth_date, assessed_on):
        raise ValidationError({"assessed_on": VUM_NOT_UNDER_18})
    _check_term(support_need, Vocabulary.SUPPORT_NEED, "support_need")
    rows = []
    for row in themes or []:
        theme, level = row["theme"], row.get("level")
        _check_term(theme, Vocabulary.THEME, "themes")
        _check_term(level, Vocabulary.FUNCTIONAL_LEVEL, "themes")
        if level is not None and not theme.carries_level:
            raise ValidationError(
                {
                    "themes": f"Funktionsevneniveau gives kun for temaer under Aktivitet og "
                    f"deltagelse, ikke for {theme.display}."
                }
            )
        citizen_view = (row.get("citizen_view") or "").strip()
        professional_view = (row.get("professional_view") or "").strip()
        if citizen_view or professional_view or level is not None:
            rows.append((theme, citizen_view, professional_view, level))
    if len({r[0].pk for r in rows}) != len(rows):
        raise ValidationError({"themes": "Et tema kan kun vurderes én gang i en udredning."})
    with transaction.atomic():
        assessment = Assessment.objects.create(
            citizen=citizen,
            unit=unit,
            made_by=user,
            assessed_on=assessed_on,
            resources=resources.strip(),
            challenges=challenges.strip(),
            support_need=support_need,
        )
        AssessmentTheme.objects.bulk_create(
            AssessmentTheme(
                assessment=assessment,
                theme=theme,
                citizen_view=cv,
                professional_view=pv,
                level=level,
            )
            for theme, cv, pv, level in rows
        )
        log_event(
            action=Action.CREATE,
            summary=f"Udredning (VUM) af {assessed_on:%d.%m.%Y} registreret",
            citizen=citizen,
            obj=assessment,
            purpose="Udredning af borgerens funktionsevne",
        )
    return assessment


# ---------------------------------------------------------------- plans


def check_plan_unit(kind: str, unit: Unit) -> None:
    if kind in (Plan.Kind.ACTION_141, Plan.Kind.ACTION_142) and unit.kind != Unit.Kind.AUTHORITY:
        raise ValidationError({"unit": "En handleplan udarbejdes af myndigheden."})
    if kind in (Plan.Kind.STAY, Plan.Kind.TREATMENT) and unit.kind != Unit.Kind.OFFER:
        raise ValidationError({"unit": "Opholds- og behandlingsplaner udarbejdes af tilbuddet."})


def plan_content(plan: Plan) -> dict:
    """The plan as it stands, for its version history (KL's codes kept beside the names)."""

    def term(t: Term | None) -> dict | None:
        return {"code": str(t.code), "display": t.display} if t else None

    goals = (
        plan.goals.select_related("goal_type", "target_level")
        .prefetch_related("themes", "sub_goals")
        .order_by("position", "created_at")
    )
    return {
        "kind": plan.kind,
        "kind_display": plan.get_kind_display(),
        "unit": plan.unit.name,
        "starts_on": plan.starts_on.isoformat(),
        "ends_on": plan.ends_on.isoformat() if plan.ends_on else None,
        "purpose": plan.purpose,
        "citizen_wishes": plan.citizen_wishes,
        "expected_duration": plan.expected_duration,
        "treatment_goal": plan.treatment_goal,
        "goals": [
            {
                "uuid": str(g.uuid),
                "kind": g.kind,
                "title": g.title,
                "proposed_by": g.proposed_by,
                "written_by": g.written_by,
                "specific": g.specific,
                "measurable": g.measurable,
                "attractive": g.attractive,
                "realistic": g.realistic,
                "deadline": g.deadline.isoformat() if g.deadline else None,
                "goal_type": term(g.goal_type),
                "target_level": term(g.target_level),
                "themes": [term(t) for t in g.themes.all()],
                "sub_goals": [
                    {
                        "uuid": str(s.uuid),
                        "text": s.text,
                        "responsible": s.responsible,
                        "target_date": s.target_date.isoformat() if s.target_date else None,
                        "follow_up_on": s.follow_up_on.isoformat() if s.follow_up_on else None,
                        "achieved_on": s.achieved_on.isoformat() if s.achieved_on else None,
                    }
                    for s in g.sub_goals.all()
                ],
            }
            for g in goals
        ],
    }


def _new_version(plan: Plan, *, user, reason: str, first: bool = False) -> PlanVersion:
    if not first:
        Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1, updated_at=timezone.now())
        plan.refresh_from_db(fields=["version", "updated_at"])
    return PlanVersion.objects.create(
        plan=plan, number=plan.version, content=plan_content(plan), reason=reason, made_by=user
    )


def _lock_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().select_related("unit", "citizen").get(pk=plan.pk)


def do_create_plan(
    *,
    user: User,
    citizen,
    kind: str,
    unit: Unit,
    starts_on: datetime.date,
    purpose: str,
    citizen_wishes: str = "",
    expected_duration: str = "",
    treatment_goal: str = "",
) -> Plan:
    policy.check_may_edit_citizen(user, citizen, unit)
    if kind not in Plan.Kind.values:
        raise ValidationError({"kind": "Vælg en plantype."})
    check_plan_unit(kind, unit)
    check_treatment_goal(kind, treatment_goal)
    if not purpose.strip():
        raise ValidationError({"purpose": "Skriv planens formål."})
    with transaction.atomic():
        plan = Plan.objects.create(
            citizen=citizen,
            kind=kind,
            unit=unit,
            starts_on=starts_on,
            purpose=purpose.strip(),
            citizen_wishes=citizen_wishes.strip(),
            expected_duration=expected_duration.strip(),
            treatment_goal=treatment_goal,
            created_by=user,
        )
        _new_version(plan, user=user, reason="Planen er oprettet", first=True)
        log_event(
            action=Action.CREATE,
            summary=f"{plan.get_kind_display()} oprettet",
            citizen=citizen,
            obj=plan,
            purpose="Planlægning af indsatsen med borgeren",
        )
    return plan


def do_update_plan(*, user: User, plan: Plan, version: int | None, changes: dict) -> Plan:
    policy.check_may_edit_citizen(user, plan.citizen)
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"Ukendte felter: {unknown}")
    if "purpose" in changes and not (changes["purpose"] or "").strip():
        raise ValidationError({"purpose": "Skriv planens formål."})
    if "treatment_goal" in changes:
        changes = {**changes, "treatment_goal": changes["treatment_goal"] or ""}
        check_treatment_goal(plan.kind, changes["treatment_goal"])
    with transaction.atomic():
        locked = _lock_plan(plan)
        if version is not None and version != locked.version:
            raise ValidationError(
                "Planen er blevet ændret af en anden, mens du redigerede. Åbn den igen og "
                "gentag din ændring."
            )
        changed = [f for f, v in changes.items() if getattr(locked, f) != v]
        if not changed:
            return locked
        for f in changed:
            setattr(locked, f, changes[f])
        if locked.ends_on and locked.ends_on < locked.starts_on:
            raise ValidationError({"ends_on": "Planen kan ikke slutte, før den begynder."})
        locked.save(update_fields=[*changed, "updated_at"])
        _new_version(locked, user=user, reason="Planen er ændret")
        log_event(
            action=Action.CHANGE,
            summary=f"{locked.get_kind_display()} ændret",
            citizen=locked.citizen,
            obj=locked,
            detail={"fields": changed},
            purpose="Planlægning af indsatsen med borgeren",
        )
    return locked


def do_record_plan_follow_up(
    *,
    user: User,
    plan: Plan,
    followed_up_on: datetime.date,
    status: Term | None = None,
    note: str = "",
) -> Plan:
    policy.check_may_edit_citizen(user, plan.citizen)
    _check_not_future(followed_up_on, "followed_up_on")
    _check_term(status, Vocabulary.FOLLOW_UP_STATUS, "status")
    if followed_up_on < plan.starts_on:
        raise ValidationError({"followed_up_on": "Opfølgningen kan ikke ligge før planens start."})
    with transaction.atomic():
        locked = _lock_plan(plan)
        PlanFollowUp.objects.create(
            plan=locked, held_on=followed_up_on, status=status, note=note.strip(), recorded_by=user
        )
        if locked.last_followed_up_on is None or followed_up_on > locked.last_followed_up_on:
            locked.last_followed_up_on = followed_up_on
            locked.save(update_fields=["last_followed_up_on", "updated_at"])
        log_event(
            action=Action.CHANGE,
            summary=f"Opfølgning på {locked.get_kind_display().lower()} {followed_up_on:%d.%m.%Y}",
            citizen=locked.citizen,
            obj=locked,
            purpose="Opfølgning på borgerens plan",
        )
    return locked


def do_sign_off(
    *, user, plan: Plan, party: str, signed_on: datetime.date, name: str, unit: Unit | None = None
) -> SignOff:
    policy.check_may_edit_citizen(user, plan.citizen)
    if party not in SignOff.Party.values:
        raise ValidationError({"party": "Vælg hvem der godkender planen."})
    if not name.strip():
        raise ValidationError({"name": "Skriv navnet på den, der godkender."})
    _check_not_future(signed_on, "signed_on")
    with transaction.atomic():
        locked = _lock_plan(plan)
        if SignOff.objects.filter(plan=locked, version=locked.version, party=party).exists():
            raise ValidationError(
                {"party": "Denne part har allerede godkendt den nuværende version af planen."}
            )
        sign_off = SignOff.objects.create(
            plan=locked,
            version=locked.version,
            party=party,
            signed_on=signed_on,
            name=name.strip(),
            unit=unit,
            recorded_by=user,
        )
        log_event(
            action=Action.CHANGE,
            summary=f"{sign_off.get_party_display()} har godkendt version {locked.version} af "
            f"{locked.get_kind_display().lower()}",
            citizen=locked.citizen,
            obj=locked,
            purpose="Godkendelse af borgerens plan",
        )
    return sign_off


# ---------------------------------------------------------------- goals and sub-goals


def do_add_goal(
    *,
    user: User,
    plan: Plan,
    kind: str,
    title: str,
    proposed_by: str = ScoredBy.STAFF,
    written_by: str = ScoredBy.STAFF,
    specific: str = "",
    measurable: str = "",
    attractive: str = "",
    realistic: str = "",
    deadline: datetime.date | None = None,
    goal_type: Term | None = None,
    themes: list[Term] | None = None,
    target_level: Term | None = None,
) -> Goal:
    """A goal. The citizen's own goal is proposed by the citizen and needs only their words;
    a professional goal (indsatsmål) needs its SMART parts and an FFB goal type."""
    policy.check_may_edit_citizen(user, plan.citizen)
    if kind not in Goal.Kind.values:
        raise ValidationError({"kind": "Vælg måltype."})
    if not title.strip():
        raise ValidationError({"title": "Skriv målet."})
    _check_term(goal_type, Vocabulary.GOAL_TYPE, "goal_type")
    _check_term(target_level, Vocabulary.FUNCTIONAL_LEVEL, "target_level")
    for t in themes or []:
        _check_term(t, Vocabulary.THEME, "themes")
    if kind == Goal.Kind.CITIZEN:
        proposed_by = ScoredBy.CITIZEN
    _check_smart(
        kind,
        {
            "specific": specific,
            "measurable": measurable,
            "attractive": attractive,
            "realistic": realistic,
            "deadline": deadline,
            "goal_type": goal_type,
        },
    )
    if deadline is not None and deadline < plan.starts_on:
        raise ValidationError({"deadline": "Målet kan ikke skulle nås, før planen begynder."})
    with transaction.atomic():
        locked = _lock_plan(plan)
        goal = Goal.objects.create(
            plan=locked,
            kind=kind,
            title=title.strip(),
            proposed_by=proposed_by,
            written_by=written_by,
            created_by=user,
            specific=specific.strip(),
            measurable=measurable.strip(),
            attractive=attractive.strip(),
            realistic=realistic.strip(),
            deadline=deadline,
            goal_type=goal_type,
            target_level=target_level,
            position=locked.goals.count() + 1,
        )
        if themes:
            goal.themes.set(themes)
        _new_version(locked, user=user, reason=f"Mål tilføjet: {goal.title[:200]}")
        log_event(
            action=Action.CREATE,
            summary=f"{goal.get_kind_display()} tilføjet til {locked.get_kind_display().lower()}",
            citizen=locked.citizen,
            obj=goal,
            purpose="Planlægning af indsatsen med borgeren",
        )
    return goal


def _check_smart(goal_kind: str, values: dict) -> None:
    if goal_kind != Goal.Kind.PROFESSIONAL:
        return
    errors = {}
    for f in ("specific", "measurable", "attractive", "realistic"):
        if not (values.get(f) or "").strip():
            errors[f] = "Udfyld denne del af SMART-målet."
    if values.get("deadline") is None:
        errors["deadline"] = "Skriv hvornår målet skal være nået."
    if values.get("goal_type") is None:
        errors["goal_type"] = "Vælg måltype (FFB)."
    if errors:
        raise ValidationError(errors)


def do_update_goal(*, user: User, goal: Goal, changes: dict) -> Goal:
    """Change a goal; the plan keeps the version before the change. A goal the citizen wrote
    stays the citizen's (written_by is never changed here)."""
    policy.check_may_edit_citizen(user, goal.plan.citizen)
    themes = changes.pop("themes", None)
    unknown = set(changes) - set(GOAL_FIELDS)
    if unknown:
        raise ValueError(f"Ukendte felter: {unknown}")
    if "title" in changes and not (changes["title"] or "").strip():
        raise ValidationError({"title": "Skriv målet."})
    _check_term(changes.get("goal_type"), Vocabulary.GOAL_TYPE, "goal_type")
    _check_term(changes.get("target_level"), Vocabulary.FUNCTIONAL_LEVEL, "target_level")
    for t in themes or []:
        _check_term(t, Vocabulary.THEME, "themes")
    merged = {f: changes.get(f, getattr(goal, f)) for f in GOAL_FIELDS}
    _check_smart(goal.kind, merged)
    with transaction.atomic():
        locked = _lock_plan(goal.plan)
        changed = [f for f, v in changes.items() if getattr(goal, f) != v]
        for f in changed:
            setattr(goal, f, changes[f].strip() if isinstance(changes[f], str) else changes[f])
        if changed:
            goal.save(update_fields=[*changed, "updated_at"])
        if themes is not None and {t.pk for t in themes} != {t.pk for t in goal.themes.all()}:
            goal.themes.set(themes)
            changed.append("themes")
        if not changed:
            return goal
        _new_version(locked, user=user, reason=f"Mål ændret: {goal.title[:200]}")
        log_event(
            action=Action.CHANGE,
            summary=f"{goal.get_kind_display()} ændret",
            citizen=locked.citizen,
            obj=goal,
            detail={"fields": changed},
            purpose="Planlægning af indsatsen med borgeren",
        )
    return goal


SUB_GOAL_FIELDS = ["text", "responsible", "target_date", "follow_up_on", "achieved_on"]


def do_update_sub_goal(*, user: User, sub_goal: SubGoal, changes: dict) -> SubGoal:
    policy.check_may_edit_citizen(user, sub_goal.goal.plan.citizen)
    unknown = set(changes) - set(SUB_GOAL_FIELDS)
    if unknown:
        raise ValueError(f"Ukendte felter: {unknown}")
    if "text" in changes and not (changes["text"] or "").strip():
        raise ValidationError({"text": "Skriv delmålet."})
    _check_not_future(changes.get("achieved_on"), "achieved_on")
    plan = sub_goal.goal.plan
    for f in ("follow_up_on", "achieved_on"):
        if changes.get(f) is not None and changes[f] < plan.starts_on:
            raise ValidationError({f: "Datoen kan ikke ligge før planens start."})
    with transaction.atomic():
        locked = _lock_plan(plan)
        changed = [f for f, v in changes.items() if getattr(sub_goal, f) != v]
        if not changed:
            return sub_goal
        for f in changed:
            value = changes[f]
            setattr(sub_goal, f, value.strip() if isinstance(value, str) else value)
        sub_goal.save(update_fields=[*changed, "updated_at"])
        reason = (
            "Delmål nået" if "achieved_on" in changed and sub_goal.achieved_on else "Delmål ændret"
        )
        _new_version(locked, user=user, reason=f"{reason}: {sub_goal.text[:200]}")
        log_event(
            action=Action.CHANGE,
            summary=reason,
            citizen=locked.citizen,
            obj=sub_goal,
            detail={"fields": changed},
            purpose="Planlægning af indsatsen med borgeren",
        )
    return sub_goal


def do_add_sub_goal(
    *,
    user: User,
    goal: Goal,
    text: str,
    responsible: str = "",
    target_date: datetime.date | None = None,
    follow_up_on: datetime.date | None = None,
) -> SubGoal:
    policy.check_may_edit_citizen(user, goal.plan.citizen)
    if not text.strip():
        raise ValidationError({"text": "Skriv delmålet."})
    if follow_up_on is None:
        raise ValidationError({"follow_up_on": "Skriv hvornår delmålet skal følges op."})
    plan = goal.plan
    if follow_up_on < plan.starts_on:
        raise ValidationError({"follow_up_on": "Opfølgningen kan ikke ligge før planens start."})
    with transaction.atomic():
        locked = _lock_plan(plan)
        sub_goal = SubGoal.objects.create(
            goal=goal,
            text=text.strip(),
            responsible=responsible.strip(),
            target_date=target_date,
            follow_up_on=follow_up_on,
            position=goal.sub_goals.count() + 1,
        )
        _new_version(locked, user=user, reason=f"Delmål tilføjet: {sub_goal.text[:200]}")
        log_event(
            action=Action.CREATE,
            summary="Delmål tilføjet",
            citizen=locked.citizen,
            obj=sub_goal,
            purpose="Planlægning af indsatsen med borgeren",
        )
    return sub_goal


def do_record_score(
    *,
    user: User | None,
    sub_goal: SubGoal,
    scored_on: datetime.date,
    value: int,
    next_follow_up_on: datetime.date | None = None,
    note: str = "",
    scored_by: str = ScoredBy.STAFF,
) -> Score:
    """Score a sub-goal 0–4. A staff score is a follow-up: it may set the next follow-up date.
    The citizen's own score (scored_by=citizen, user None) stands beside the staff's."""
    if user is not None:  # None: the citizen's own score (do_score_by_citizen)
        policy.check_may_edit_citizen(user, sub_goal.goal.plan.citizen)
    if value not in range(5):
        raise ValidationError({"value": "Scoren skal være fra 0 til 4."})
    _check_not_future(scored_on, "scored_on")
    if scored_by == ScoredBy.STAFF and user is None:
        raise ValidationError("En medarbejders score skal have en bruger.")
    plan = sub_goal.goal.plan
    if scored_on < plan.starts_on:
        raise ValidationError({"scored_on": "Scoren kan ikke ligge før planens start."})
    if next_follow_up_on is not None and next_follow_up_on <= scored_on:
        raise ValidationError({"next_follow_up_on": "Næste opfølgning skal ligge efter scoren."})
    with transaction.atomic():
        locked = _lock_plan(plan)
        score = Score.objects.create(
            sub_goal=sub_goal,
            scored_on=scored_on,
            value=value,
            scored_by=scored_by,
            user=user if scored_by == ScoredBy.STAFF else None,
            note=note.strip(),
        )
        if next_follow_up_on is not None and scored_by == ScoredBy.STAFF:
            SubGoal.objects.filter(pk=sub_goal.pk).update(
                follow_up_on=next_follow_up_on, updated_at=timezone.now()
            )
            sub_goal.follow_up_on = next_follow_up_on
        log_event(
            action=Action.CREATE,
            summary=f"Delmål scoret {value} ({score.get_scored_by_display().lower()})",
            citizen=locked.citizen,
            obj=score,
            purpose="Opfølgning på borgerens delmål",
        )
    return score


# ---------------------------------------------------------------- the citizen's own hand
# Called from the citizen's own pages (hjemvej.portal): no staff user, and the audit rows are
# logged as the citizen's own acts (the portal sets the actor for the request).

CITIZEN_PURPOSE = "Borgerens egne mål og vurderinger"
CITIZEN_TEXT_MAX = 1000


def _check_citizen_plan(citizen, plan: Plan) -> None:
    if plan.citizen_id != citizen.pk:
        raise ValidationError("Planen hører ikke til dig.")
    if plan.ends_on is not None:
        raise ValidationError("Planen er afsluttet. Tal med din kontaktperson om en ny plan.")


def _check_citizen_text(text: str, field: str, missing: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: missing})
    if len(text) > CITIZEN_TEXT_MAX:
        raise ValidationError({field: f"Skriv højst {CITIZEN_TEXT_MAX} tegn."})
    return text


def do_add_citizen_goal(*, citizen, plan: Plan, title: str) -> Goal:
    """The citizen writes a goal of their own, in their own words, into their plan."""
    _check_citizen_plan(citizen, plan)
    title = _check_citizen_text(title, "title", "Skriv dit mål.")
    with transaction.atomic():
        locked = _lock_plan(plan)
        goal = Goal.objects.create(
            plan=locked,
            kind=Goal.Kind.CITIZEN,
            title=title,
            proposed_by=ScoredBy.CITIZEN,
            written_by=ScoredBy.CITIZEN,
            created_by=None,
            position=locked.goals.count() + 1,
        )
        _new_version(locked, user=None, reason=f"Borgeren skrev et mål: {title[:200]}")
        log_event(
            action=Action.CREATE,
            summary="Borgeren skrev et eget mål",
            citizen=locked.citizen,
            obj=goal,
            purpose=CITIZEN_PURPOSE,
        )
    return goal


def do_update_citizen_goal(*, citizen, goal: Goal, title: str) -> Goal:
    """The citizen changes the words of one of their own goals (never a professional goal).
    The goal is then written by the citizen; the plan keeps the version before the change."""
    if goal.kind != Goal.Kind.CITIZEN:
        raise ValidationError("Du kan kun ændre dine egne mål.")
    _check_citizen_plan(citizen, goal.plan)
    title = _check_citizen_text(title, "title", "Skriv dit mål.")
    with transaction.atomic():
        locked = _lock_plan(goal.plan)
        if goal.title == title:
            return goal
        goal.title = title
        goal.written_by = ScoredBy.CITIZEN
        goal.save(update_fields=["title", "written_by", "updated_at"])
        _new_version(locked, user=None, reason=f"Borgeren ændrede sit mål: {title[:200]}")
        log_event(
            action=Action.CHANGE,
            summary="Borgeren ændrede sit eget mål",
            citizen=locked.citizen,
            obj=goal,
            purpose=CITIZEN_PURPOSE,
        )
    return goal


def do_score_by_citizen(*, citizen, sub_goal: SubGoal, value: int, note: str = "") -> Score:
    """The citizen's own score of a sub-goal today. It is a row of its own beside the staff's
    scores (scored_by=citizen, no user) and never changes them or the follow-up date."""
    _check_citizen_plan(citizen, sub_goal.goal.plan)
    if len((note or "").strip()) > CITIZEN_TEXT_MAX:
        raise ValidationError({"note": f"Skriv højst {CITIZEN_TEXT_MAX} tegn."})
    return do_record_score(
        user=None,
        sub_goal=sub_goal,
        scored_on=timezone.localdate(),
        value=value,
        note=note or "",
        scored_by=ScoredBy.CITIZEN,
    )


# ---------------------------------------------------------------- sharing a plan with an offer


def tied_offer_units(citizen: Citizen) -> list[Unit]:
    """The offers a plan can be shared with: units with an active tie to the citizen beyond a
    referral (a waiting-list entry gets nothing beyond the referral)."""
    unit_ids = (
        Relationship.objects.filter(citizen=citizen, ended_on__isnull=True)
        .exclude(kind=Relationship.Kind.REFERRAL)
        .values("unit_id")
    )
    return list(Unit.objects.filter(pk__in=unit_ids, kind=Unit.Kind.OFFER).order_by("name"))


def do_share_plan_parts(
    *,
    user: User,
    plan: Plan,
    unit: Unit,
    goals: Iterable[Goal] = (),
    purpose: bool = False,
    note: str = "",
) -> PlanShare:
    """The acting municipality's caseworker sends the relevant parts of a plan to an offer
    (§141): the purpose (with the citizen's wishes and the expected duration) and/or the chosen
    goals. A plan already shared with the offer gets the new choice of parts (goals left out are
    no longer shared). Logged as "delt med" with the parts."""
    if not policy.may_share_plan(user, plan):
        raise ValidationError("Kun en sagsbehandler i borgerens handlekommune kan dele planen.")
    if not policy.may_share_plan_parts(user, plan, unit):
        raise ValidationError({"unit": "Borgeren har ingen aktiv tilknytning til dette tilbud."})
    chosen = list(goals)
    if any(g.plan_id != plan.pk for g in chosen):
        raise ValidationError({"goals": "Målene skal høre til planen."})
    if not chosen and not purpose:
        raise ValidationError({"goals": "Vælg formålet eller mindst ét mål, der skal deles."})
    with transaction.atomic():
        share = (
            PlanShare.objects.select_for_update()
            .filter(plan=plan, unit=unit, withdrawn_at__isnull=True)
            .first()
        )
        changed = share is not None
        if share is None:
            share = PlanShare.objects.create(
                plan=plan,
                unit=unit,
                note=note.strip(),
                purpose=purpose,
                shared_by=user,
                shared_at=timezone.now(),
            )
        else:
            share.purpose, share.note = purpose, note.strip() or share.note
            share.save(update_fields=["purpose", "note"])
        share.goals.set(chosen)
        parts = (["formål"] if purpose else []) + [g.title for g in chosen]
        log_event(
            action=Action.EXPORT,
            summary=f"{plan.get_kind_display()} delt med {unit.name}"
            + (" (ændrede dele)" if changed else ""),
            citizen=plan.citizen,
            obj=share,
            detail={
                "plan": str(plan.uuid),
                "unit": unit.name,
                "purpose": purpose,
                "goals": [str(g.uuid) for g in chosen],
                "parts": parts,
            },
            purpose="Relevante dele af handleplanen sendes til tilbuddet (§141)",
        )
    return share


def do_share_plan(*, user: User, plan: Plan, unit: Unit, note: str = "") -> PlanShare:
    """The whole plan as it stands: its purpose and every goal (do_share_plan_parts)."""
    return do_share_plan_parts(
        user=user, plan=plan, unit=unit, goals=plan.goals.all(), purpose=True, note=note
    )


def do_withdraw_plan_share(*, user: User, share: PlanShare) -> PlanShare:
    if not policy.may_share_plan(user, share.plan):
        raise ValidationError(
            "Kun en sagsbehandler i borgerens handlekommune kan trække delingen tilbage."
        )
    with transaction.atomic():
        updated = PlanShare.objects.filter(pk=share.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawn_by=user
        )
        if not updated:
            raise ValidationError("Delingen er allerede trukket tilbage.")
        share.refresh_from_db()
        log_event(
            action=Action.CHANGE,
            summary=f"Deling af {share.plan.get_kind_display().lower()} med {share.unit.name} trukket tilbage",
            citizen=share.plan.citizen,
            obj=share,
            purpose="Relevante dele af handleplanen sendes til tilbuddet (§141)",
        )
    return share
