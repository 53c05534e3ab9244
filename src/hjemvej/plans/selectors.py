"""Reads for plans and progression: a citizen's plans with their follow-up dates and flags,
the charts, the follow-up worklist and each offer's average change."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest

from hjemvej.access import policy
from hjemvej.accounts.models import Unit
from hjemvej.common import suppression
from hjemvej.common.db import AddMonths, InIds
from hjemvej.people.models import Citizen
from hjemvej.plans import charts, rules
from hjemvej.plans.ffb import Vocabulary
from hjemvej.plans.models import (
    Assessment,
    AssessmentTheme,
    Goal,
    Plan,
    SafetyAssessment,
    Score,
    ScoredBy,
    SubGoal,
    Term,
)


def terms(vocabulary: str) -> QuerySet[Term]:
    return Term.objects.filter(vocabulary=vocabulary, depth__gt=0, retired=False)


def levels() -> list[Term]:
    """Funktionsevneniveau 0–4, then 'Ikke vurderet'."""
    return sorted(terms(Vocabulary.FUNCTIONAL_LEVEL), key=lambda t: (t.rank is None, t.rank or 0))


def support_needs() -> list[Term]:
    return sorted(terms(Vocabulary.SUPPORT_NEED), key=lambda t: (t.rank is None, t.rank or 0))


def theme_groups() -> list[tuple[Term, list[Term]]]:
    """The themes an assessment asks about: the groups under each area (Mentale funktioner,
    Praktiske opgaver, …, Omgivelser), in the area's order."""
    area_order = ["Funktioner og forhold", "Aktivitet og deltagelse", "Omgivelsesfaktorer"]
    all_themes = list(terms(Vocabulary.THEME).select_related("parent"))
    areas = sorted(
        (t for t in all_themes if t.depth == 1),
        key=lambda t: area_order.index(t.display) if t.display in area_order else 99,
    )
    return [(a, [t for t in all_themes if t.parent_id == a.pk]) for a in areas]


def theme_tree() -> list[tuple[Term, list[tuple[Term, list[Term]]]]]:
    """Areas → groups → themes, from one query."""
    groups = theme_groups()
    leaves: dict[int | None, list[Term]] = {}
    for t in terms(Vocabulary.THEME).filter(depth=3):
        leaves.setdefault(t.parent_id, []).append(t)
    return [(area, [(g, leaves.get(g.pk, [])) for g in gs]) for area, gs in groups]


def _plan_queryset(grant: policy.Grant | None = None) -> QuerySet[Plan]:
    """Plans with their goals as the grant shows them (policy.goal_q: of a plan shared with an
    offer only the shared goals)."""
    return Plan.objects.select_related(
        "unit", "citizen", "citizen__acting_municipality"
    ).prefetch_related(
        Prefetch(
            "goals",
            queryset=Goal.objects.filter(policy.goal_q(grant))
            .select_related("goal_type", "target_level")
            .prefetch_related("themes", "sub_goals__scores")
            .order_by("position", "created_at"),
        ),
        "sign_offs",
    )


def as_shown(plans: list[Plan], grant: policy.Grant | None) -> list[Plan]:
    """Mark each plan with what of it the grant shows. A plan shared with the user's offer
    (policy.shares_whole_plan false) shows only its shared parts: without a shared purpose the
    purpose, the citizen's wishes and the expected duration are not loaded into it. Such a plan
    is for reading; Plan.save refuses it."""
    for plan in plans:
        plan.shown_whole = policy.shares_whole_plan(grant, plan)
        plan.purpose_shared = plan.purpose_shared_with_grant  # type: ignore[attr-defined]
        if not plan.shown_whole and not plan.purpose_shared:
            plan.purpose = plan.citizen_wishes = plan.expected_duration = ""
    return plans


def _for_grant(grant: policy.Grant | None) -> QuerySet[Plan]:
    return (
        _plan_queryset(grant)
        .filter(policy.plan_q(grant))
        .annotate(purpose_shared_with_grant=policy.purpose_shared_q(grant))
    )


def plans_query(
    citizen, *, grant: policy.Grant | None, shared_only: bool = False
) -> QuerySet[Plan]:
    """The citizen's plans that the grant shows (policy.plan_q), newest first, not yet marked
    with what the grant shows of each (as_shown does that on the rows read). shared_only: only
    the plans shared with the grant's units, shown in parts (policy.shared_only_plan_q, the SQL
    of "not policy.shares_whole_plan"; as_shown stays the judge)."""
    plans = _for_grant(grant).filter(citizen=citizen)
    if shared_only:
        plans = plans.filter(policy.shared_only_plan_q(grant))
    return plans.order_by("-starts_on", "-created_at", "-id")


def plans_for_citizen(citizen, *, grant: policy.Grant | None) -> list[Plan]:
    """The citizen's plans that the grant shows (policy.plan_q), each with the parts it shows;
    grant None is the citizen."""
    return as_shown(list(plans_query(citizen, grant=grant)), grant)


def plan_with_goals(citizen, plan_uuid, *, grant: policy.Grant | None) -> Plan | None:
    plans = as_shown(list(_for_grant(grant).filter(citizen=citizen, uuid=plan_uuid)), grant)
    return plans[0] if plans else None


def shares_for_unit(plan: Plan, grant: policy.Grant | None) -> list:
    """The active shares of a plan with the grant's units (the notes the authority wrote)."""
    return list(
        plan.shares.filter(policy.shared_parts_q(grant)).select_related("unit", "shared_by")
    )


@dataclass
class SubGoalStatus:
    sub_goal: object
    staff: list[rules.Point]
    citizen: list[rules.Point]
    baseline: rules.Point | None
    latest: rules.Point | None
    change: int | None
    no_follow_up: bool
    no_progress: bool
    days_without_follow_up: int


def sub_goal_status(
    sub_goal, plan: Plan, today: datetime.date, *, no_follow_up_days: int = rules.NO_FOLLOW_UP_DAYS
) -> SubGoalStatus:
    scores = list(sub_goal.scores.all())
    staff = [rules.Point(s.scored_on, s.value) for s in scores if s.scored_by == ScoredBy.STAFF]
    own = [rules.Point(s.scored_on, s.value) for s in scores if s.scored_by == ScoredBy.CITIZEN]
    last = rules.latest(staff)
    # Counted from the last score; a sub-goal never scored counts from when it was set.
    since = plan.starts_on if last else max(plan.starts_on, sub_goal.created_at.date())
    return SubGoalStatus(
        sub_goal=sub_goal,
        staff=rules.ordered(staff),
        citizen=rules.ordered(own),
        baseline=rules.baseline(staff),
        latest=last,
        change=rules.change(staff),
        no_follow_up=sub_goal.achieved_on is None
        and rules.no_follow_up(
            since=since,
            last_scored_on=last.on if last else None,
            today=today,
            days=no_follow_up_days,
        ),
        no_progress=sub_goal.achieved_on is None and rules.no_progress(staff, today),
        days_without_follow_up=rules.days_without_follow_up(
            since=since, last_scored_on=last.on if last else None, today=today
        ),
    )


def plan_dues(plan: Plan) -> list[rules.Due]:
    """What must be followed up in a plan and when (uses the prefetched goals and scores)."""
    if plan.ends_on is not None:
        return []
    dues = [
        rules.Due(
            "plan",
            f"{plan.get_kind_display()}: opfølgning på planen",
            rules.plan_follow_up_due(
                treatment=plan.kind == Plan.Kind.TREATMENT,
                starts_on=plan.starts_on,
                last_followed_up_on=plan.last_followed_up_on,
            ),
        )
    ]
    for goal in plan.goals.all():
        sub_goals = list(goal.sub_goals.all())
        scored = [s.scored_on for sg in sub_goals for s in sg.scores.all()]
        dues.append(
            rules.Due(
                "goal",
                f"Årlig opfølgning på målet: {goal.title}",
                rules.goal_follow_up_due(
                    since=max(
                        d for d in (plan.starts_on, plan.last_followed_up_on) if d is not None
                    ),
                    last_scored_on=max(scored) if scored else None,
                ),
            )
        )
        for sg in sub_goals:
            if sg.achieved_on is None and sg.follow_up_on is not None:
                dues.append(rules.Due("sub_goal", f"Delmål: {sg.text}", sg.follow_up_on))
    return sorted(dues, key=lambda d: d.due_on)


# ---------------------------------------------------------------- charts


def sub_goal_chart(plans: list[Plan]) -> tuple[charts.Layout, list[dict]]:
    series, rows = [], []
    for plan in plans:
        prefix = f"{plan.get_kind_display()}, " if len(plans) > 1 else ""
        for goal in plan.goals.all():
            for sg in goal.sub_goals.all():
                points = [
                    (s.scored_on, s.value) for s in sg.scores.all() if s.scored_by == ScoredBy.STAFF
                ]
                own = [
                    (s.scored_on, s.value)
                    for s in sg.scores.all()
                    if s.scored_by == ScoredBy.CITIZEN
                ]
                if points:
                    series.append(charts.Series(f"{prefix}Delmål: {sg.text}", points))
                if own:
                    series.append(charts.Series(f"{prefix}Borgerens egen score: {sg.text}", own))
                for who, pts in (("Medarbejder", points), ("Borgeren", own)):
                    for i, (day, value) in enumerate(sorted(pts)):
                        rows.append(
                            {
                                "sub_goal": f"{prefix}{sg.text}",
                                "on": day,
                                "value": value,
                                "label": rules.SCALE[value],
                                "who": who,
                                "baseline": i == 0 and who == "Medarbejder",
                            }
                        )
    layout = charts.layout(
        "Delmål: score over tid (0 = intet problem øverst)", series, y_labels=rules.SCALE
    )
    rows.sort(key=lambda r: (r["sub_goal"], r["who"], r["on"]))
    return layout, rows


def theme_chart(citizen, *, grant: policy.Grant | None) -> tuple[charts.Layout, list[dict]]:
    """Functional levels of the "Aktivitet og deltagelse" themes across assessments."""
    shown = Assessment.objects.filter(policy.assessment_q(grant), citizen=citizen)
    rows_qs = (
        AssessmentTheme.objects.filter(
            assessment__in=shown, level__isnull=False, level__rank__isnull=False
        )
        .select_related("theme", "level", "assessment")
        .order_by("theme__sort_key", "assessment__assessed_on")
    )
    by_theme: dict[str, list[tuple[datetime.date, int]]] = {}
    rows = []
    for row in rows_qs:
        if row.level is None or row.level.rank is None:
            continue
        by_theme.setdefault(row.theme.display, []).append(
            (row.assessment.assessed_on, row.level.rank)
        )
        rows.append(
            {
                "theme": row.theme.display,
                "on": row.assessment.assessed_on,
                "value": row.level.rank,
                "label": row.level.display,
            }
        )
    series = [charts.Series(name, pts) for name, pts in by_theme.items()]
    layout = charts.layout(
        "Funktionsevneniveau pr. tema i udredningerne (0 = ingen nedsat funktionsevne øverst)",
        series,
        y_labels={r: t.display for r, t in ((t.rank, t) for t in levels()) if r is not None},
    )
    return layout, rows


def safety_assessments_query(citizen, *, grant: policy.Grant | None) -> QuerySet[SafetyAssessment]:
    """The citizen's Signs of Safety assessments the grant shows (the same rule as VUM's),
    newest first."""
    return (
        SafetyAssessment.objects.filter(policy.assessment_q(grant), citizen=citizen)
        .select_related("unit", "made_by")
        .order_by("-assessed_on", "-created_at", "-id")
    )


def safety_assessments_for_citizen(
    citizen, *, grant: policy.Grant | None
) -> list[SafetyAssessment]:
    return list(safety_assessments_query(citizen, grant=grant))


def assessments_query(citizen, *, grant: policy.Grant | None) -> QuerySet[Assessment]:
    """The citizen's VUM assessments the grant shows (policy.assessment_q), newest first."""
    return (
        Assessment.objects.filter(policy.assessment_q(grant), citizen=citizen)
        .select_related("support_need", "unit", "made_by")
        .prefetch_related(
            Prefetch(
                "themes",
                queryset=AssessmentTheme.objects.select_related("theme", "level", "theme__parent"),
            )
        )
        .order_by("-assessed_on", "-created_at", "-id")
    )


def assessments_for_citizen(citizen, *, grant: policy.Grant | None) -> list[Assessment]:
    return list(assessments_query(citizen, grant=grant))


def compare_assessments(first: Assessment, second: Assessment) -> list[dict]:
    """Rows of theme → (first, second), for the themes either assessment covers."""
    a = {t.theme_id: t for t in first.themes.all()}
    b = {t.theme_id: t for t in second.themes.all()}
    themes = {t.theme_id: t.theme for t in [*a.values(), *b.values()]}
    out = []
    for theme_id, theme in sorted(themes.items(), key=lambda kv: kv[1].sort_key):
        left, right = a.get(theme_id), b.get(theme_id)
        lr = left.level.rank if left and left.level else None
        rr = right.level.rank if right and right.level else None
        out.append(
            {
                "theme": theme,
                "first": left,
                "second": right,
                "sides": [left, right],
                "change": rr - lr if lr is not None and rr is not None else None,
            }
        )
    return out


# ---------------------------------------------------------------- worklist and offers


@dataclass
class WorklistItem:
    citizen: Citizen
    plan: Plan
    due: rules.Due
    overdue: bool
    days_overdue: int


def _caseload(user) -> QuerySet[Plan]:
    """The open plans the user follows up (the follow-up worklist's plans)."""
    plans = Plan.objects.filter(
        citizen_id__in=policy.visible_citizen_ids(user), ends_on__isnull=True
    )
    own_units = Q(unit_id__in=policy.member_unit_ids(user))
    if policy.is_caseworker(user):
        # The acting municipality's caseworkers follow up all its citizens' plans; a tie to
        # another municipality's citizen (an approved access request) shows only the plans of
        # the caseworker's own units, as the citizen's pages do (issue 12).
        # The acting municipality's citizens as a subquery, not a join to every plan's citizen
        # (2,400 index pages for Ishøj's 816 open plans at 100,000 citizens).
        acting = Q(
            citizen_id__in=Citizen.objects.filter(
                acting_municipality_id__in=policy.caseworker_municipality_ids(user)
            ).values("id")
        )
        return plans.filter(acting | own_units)
    # Offer staff and managers of offers work on their own units' plans.
    return plans.filter(own_units)


def _plan_due_on():
    """A plan's own follow-up date in SQL: plan_dues' add_months from max(plan.starts_on,
    plan.last_followed_up_on) by the plan's kind (common.db.AddMonths is add_months)."""
    starts = F("starts_on")
    return AddMonths(
        Greatest(starts, Coalesce(F("last_followed_up_on"), starts)),
        Case(
            When(kind=Plan.Kind.TREATMENT, then=Value(rules.TREATMENT_PLAN_MONTHS)),
            default=Value(rules.PLAN_MONTHS),
        ),
    )


def _goal_due(horizon: datetime.date) -> Q:
    """A goal whose yearly follow-up (stored on the goal by plans.follow_up) falls by `horizon`."""
    return Q(follow_up_due_on__lte=horizon)


def _sub_goal_due(horizon: datetime.date) -> Q:
    """An open sub-goal whose follow-up date falls by `horizon`."""
    return Q(achieved_on__isnull=True, follow_up_on__isnull=False, follow_up_on__lte=horizon)


def _follow_up_count(user, horizon: datetime.date, cap: int | None = None) -> int:
    """How many rows follow_up_worklist lists up to `horizon`, in one query of counts: the
    caseload's open plans once (a CTE of ids, index-only), their plans due, and for each of
    their goals whether it is due (its stored date) and how many of its open sub-goals are
    due, both read from indexes (goal_plan_due_idx, subgoal_open_follow_up_idx). Loaded into
    Python, Ishøj's 816 plans, 1,632 goals and 3,104 sub-goals cost 25 ms at every home page;
    the caseload as a subquery of each count read the open plans three times. (The due date
    computed in the CTE made PostgreSQL read every open plan of the installation.)

    With `cap` (the home page, which shows a count this high as "mindst 50") no part reads
    further than `cap` rows: the plans due stop at the `cap`th, and the goals with something
    due at the `cap`th (each adds at least one), so a big caseload costs its CTE and a few
    index probes instead of every goal and sub-goal (12 → 6 ms for Ishøj)."""
    caseload = _caseload(user).order_by().values("id")
    in_caseload = RawSQL("SELECT id FROM follow_up_caseload", ())
    plans_due = (
        Plan.objects.filter(id__in=in_caseload)
        .annotate(due_on=_plan_due_on())
        .filter(due_on__lte=horizon)
        .order_by()
        .values("pk")
    )
    sub_goals_due = (
        SubGoal.objects.filter(_sub_goal_due(horizon), goal_id=OuterRef("pk"))
        .order_by()
        .annotate(n=Func(template="COUNT(*)", output_field=IntegerField()))
        .values("n")
    )
    goals = (
        Goal.objects.filter(plan_id__in=in_caseload)
        .order_by()
        .annotate(
            due=Case(When(_goal_due(horizon), then=Value(1)), default=Value(0))
            + Subquery(sub_goals_due, output_field=IntegerField())
        )
        .values("due")
    )
    if cap is not None:
        plans_due, goals = plans_due[:cap], goals.filter(due__gt=0)[:cap]
    with_sql, with_params = caseload.query.sql_with_params()
    plans_sql, plans_params = plans_due.query.sql_with_params()
    goals_sql, goals_params = goals.query.sql_with_params()
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    # The parts are the ORM's compiled SQL with their parameters kept apart: no value is
    # written into the text.
    sql = (
        f"WITH follow_up_caseload AS {materialized}({with_sql}) SELECT"  # noqa: S608
        f" (SELECT COUNT(*) FROM ({plans_sql}) AS plans)"
        f" + (SELECT COALESCE(SUM(due), 0) FROM ({goals_sql}) AS goals)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*with_params, *plans_params, *goals_params))
        # SUM of counts is numeric on PostgreSQL (a Decimal): the pager slices with it.
        total = int(cursor.fetchone()[0])
    return total if cap is None else min(total, cap)


def follow_up_worklist(
    user,
    today: datetime.date,
    *,
    limit: int = 50,
    offset: int = 0,
    due_until: datetime.date | None = None,
    count_cap: int | None = None,
) -> tuple[list, int]:
    """Overdue follow-ups and those due within two weeks, for the citizens the user sees.

    The due dates of plan_dues without loading every open plan with its goals and scores: a
    plan's own follow-up is filtered, sorted and counted in SQL (common.db.AddMonths is
    add_months); the goals' yearly follow-up dates are stored on the goals by the rule
    (plans.follow_up) and read with an index, and the open sub-goals' follow-up dates come
    from one query of numbers.
    Eight queries, whatever the size of the installation, and at most `offset + limit` rows of
    each kind are loaded as objects: the rows offset … offset + limit of the merged list (a page
    of the full list), due by `due_until` when given (overdue, this week)."""
    horizon = today + datetime.timedelta(days=rules.SOON_DAYS)
    if due_until is not None:
        horizon = min(horizon, due_until)
    upto = offset + limit
    if not upto:
        # The count only (the home page, the pager's count): one query, no row loaded.
        # The count only (the home page, capped: count_cap; the pager's count): one query, no
        # row loaded.
        return [], _follow_up_count(user, horizon, count_cap)
    plans = _caseload(user)
    # The open plans of the user's caseload first: joined as a subquery, PostgreSQL computed
    # every open goal's due date in the installation before it narrowed them to the visible
    # citizens (1.4 s at 100,000 citizens).
    caseload = {
        pk: (max(d for d in (starts, followed) if d is not None), last_name)
        for pk, starts, followed, last_name in plans.order_by().values_list(
            "id", "starts_on", "last_followed_up_on", "citizen__last_name"
        )
    }
    # The caseload's plan ids are reused below as one array parameter (common.db.InIds), not
    # as a list (psycopg binds a list's every id in Python) nor as the subquery again (each
    # query then read the open plans anew).
    # The caseload read above, as one array parameter (common.db.InIds): as a subquery the
    # count and the page each read every open plan in the installation again (70 ms at
    # 100,000 citizens on a loaded machine; 20 ms with the array).
    plan_rows = (
        Plan.objects.filter(InIds("id", caseload))
        .annotate(due_on=_plan_due_on())
        .filter(due_on__lte=horizon)
        .select_related("unit", "citizen")
        .order_by("due_on", "citizen__last_name", "id")
    )
    # Goals: their yearly follow-up date is stored on the goal by the rule
    # (Goal.follow_up_due_on, written by plans.follow_up.store_goal_follow_ups), so the
    # caseload's goals are read as numbers instead of aggregating every score of the caseload
    # (21,000 index pages for Ishøj's 1,632 goals and 6,520 scores at 100,000 citizens).
    # All the caseload's goals, not only the due ones: their ids find the sub-goals below.
    goal_plan: dict[int, int] = {}
    due_goals = []
    for goal_id, plan_id, due_on in (
        Goal.objects.filter(InIds("plan_id", caseload))
        .order_by()
        .values_list("id", "plan_id", "follow_up_due_on")
    ):
        goal_plan[goal_id] = plan_id
        if due_on is not None and due_on <= horizon:
            due_goals.append((due_on, caseload[plan_id][1], goal_id))
    due_goals.sort()
    # `or [0]` (no such row): the query runs also when nothing is due, so the home page costs
    # the same number of queries with or without work.
    # With limit 0 (a count only, as on the home page) no row is loaded.
    titles = (
        Goal.objects.in_bulk([goal_id for *_, goal_id in due_goals[:upto]] or [0]) if upto else {}
    )
    # Sub-goals due: their follow-up date is a column; sorted with the citizen's name like the
    # rest (a per-row subquery for the name started JIT compilation at national scale). The
    # goals' ids as one array: PostgreSQL probes the sub-goals' goal index with them (5–12 ms
    # for Ishøj); joined to the goals of the caseload's plans instead, it estimated the goals
    # right and read every sub-goal in the installation (60–100 ms).
    due_sub_goals = sorted(
        (follow_up_on, caseload[goal_plan[goal_id]][1], sub_goal_id)
        for sub_goal_id, goal_id, follow_up_on in SubGoal.objects.filter(
            InIds("goal_id", goal_plan), _sub_goal_due(horizon)
        )
        .order_by()  # sorted here
        .values_list("id", "goal_id", "follow_up_on")
    )
    sub_goals = (
        SubGoal.objects.in_bulk([pk for *_, pk in due_sub_goals[:upto]] or [0]) if upto else {}
    )
    shown = (
        Plan.objects.select_related("unit", "citizen").in_bulk(
            {goal_plan[goal_id] for *_, goal_id in due_goals[:upto]}
            | {goal_plan[sg.goal_id] for sg in sub_goals.values()}
            or {0}
        )
        if upto
        else {}
    )

    def item(plan: Plan, due: rules.Due) -> WorklistItem:
        return WorklistItem(plan.citizen, plan, due, due.overdue(today), due.days_overdue(today))

    # A plan's due_on is the annotation above.
    items = [
        item(p, rules.Due("plan", f"{p.get_kind_display()}: opfølgning på planen", p.due_on))
        for p in plan_rows[:upto]
    ]
    items += [
        item(
            shown[goal_plan[goal_id]],
            rules.Due("goal", f"Årlig opfølgning på målet: {titles[goal_id].title}", due_on),
        )
        for due_on, _, goal_id in due_goals[:upto]
    ]
    items += [
        item(
            shown[goal_plan[sub_goals[pk].goal_id]],
            rules.Due("sub_goal", f"Delmål: {sub_goals[pk].text}", due_on),  # type: ignore[arg-type]
        )
        for due_on, _, pk in due_sub_goals[:upto]
    ]
    items.sort(key=lambda i: (i.due.due_on, i.citizen.last_name))
    total = plan_rows.count() + len(due_goals) + len(due_sub_goals)
    return items[offset:upto], total


@dataclass
class OfferProgress:
    unit: Unit
    plans: int = 0
    sub_goals: int = 0
    measured: int = 0
    average_change: Decimal | None = None
    improved: int = 0
    unchanged: int = 0
    worse: int = 0
    no_follow_up: int = 0
    no_progress: int = 0
    changes: list[int] = field(default_factory=list)
    # The citizens each figure rests on (for the suppression rule, common/suppression.py).
    citizens: set[int] = field(default_factory=set)
    basis: dict[str, set[int]] = field(default_factory=dict)

    @property
    def change_text(self) -> str:
        return rules.format_change(self.average_change)


def offer_progress(
    unit: Unit, today: datetime.date, *, no_follow_up_days: int = rules.NO_FOLLOW_UP_DAYS
) -> OfferProgress:
    """The average change from baseline to the latest staff score over the unit's sub-goals."""
    result = OfferProgress(unit=unit)
    plans = list(_plan_queryset().filter(unit=unit))
    result.plans = len(plans)
    basis: dict[str, set[int]] = {
        k: set()
        for k in ("measured", "improved", "unchanged", "worse", "no_follow_up", "no_progress")
    }
    for plan in plans:
        result.citizens.add(plan.citizen_id)
        for goal in plan.goals.all():
            for sg in goal.sub_goals.all():
                result.sub_goals += 1
                status = sub_goal_status(sg, plan, today, no_follow_up_days=no_follow_up_days)
                if plan.ends_on is None and sg.achieved_on is None:
                    result.no_follow_up += status.no_follow_up
                    result.no_progress += status.no_progress
                    if status.no_follow_up:
                        basis["no_follow_up"].add(plan.citizen_id)
                    if status.no_progress:
                        basis["no_progress"].add(plan.citizen_id)
                if status.change is not None:
                    result.changes.append(status.change)
                    basis["measured"].add(plan.citizen_id)
                    kind = (
                        "improved"
                        if status.change < 0
                        else "unchanged"
                        if status.change == 0
                        else "worse"
                    )
                    basis[kind].add(plan.citizen_id)
    result.basis = basis
    result.measured = len(result.changes)
    result.average_change = rules.average_change(result.changes)
    result.improved = sum(1 for c in result.changes if c < 0)
    result.unchanged = sum(1 for c in result.changes if c == 0)
    result.worse = sum(1 for c in result.changes if c > 0)
    return result


def scores_query(sub_goal) -> QuerySet[Score]:
    """A sub-goal's scores, oldest first (the first is the baseline)."""
    return sub_goal.scores.select_related("user").order_by("scored_on", "created_at", "id")


def scores_for(sub_goal) -> list[Score]:
    return list(scores_query(sub_goal))


def shown_progress(progress: OfferProgress, *, for_analyst: bool) -> dict:
    """The progression figures as a user may see them: for analysts every figure resting on
    fewer than 5 citizens is "<5", and of improved / unchanged / worse never just one
    (common/suppression.py)."""
    figures: dict[str, int | str] = {
        "plans": progress.plans,
        "sub_goals": progress.sub_goals,
        "measured": progress.measured,
        "change_text": progress.change_text,
        "improved": progress.improved,
        "unchanged": progress.unchanged,
        "worse": progress.worse,
        "no_follow_up": progress.no_follow_up,
        "no_progress": progress.no_progress,
    }
    if not for_analyst:
        return {**figures, "suppressed": False}
    if suppression.is_small(len(progress.citizens)):
        return {**{k: suppression.SUPPRESSED for k in figures}, "suppressed": True}
    sizes = {k: len(v) for k, v in progress.basis.items()}
    if suppression.is_small(sizes["measured"]):
        for k in ("measured", "change_text", "improved", "unchanged", "worse"):
            figures[k] = suppression.SUPPRESSED
    else:
        figures.update(
            suppression.suppress_parts(
                {
                    "improved": progress.improved,
                    "unchanged": progress.unchanged,
                    "worse": progress.worse,
                },
                basis={k: sizes[k] for k in ("improved", "unchanged", "worse")},
                for_analyst=True,
            )
        )
    for k in ("no_follow_up", "no_progress"):
        if suppression.is_small(sizes[k]):
            figures[k] = suppression.SUPPRESSED
    hidden = any(v == suppression.SUPPRESSED for v in figures.values())
    return {**figures, "suppressed": hidden}


@dataclass(frozen=True)
class LevelFact:
    """A citizen's overall functional level and the assessment it comes from."""

    level: int | None
    assessed_on: datetime.date
    assessment_id: int

    @property
    def label(self) -> str:
        if self.level is None:
            return f"Ikke vurderet (udredning {self.assessed_on:%d.%m.%Y})"
        return f"{self.level} – {rules.SCALE[self.level]} (udredning {self.assessed_on:%d.%m.%Y})"


def latest_levels(citizen_ids, *, on: datetime.date | None = None) -> dict[int, LevelFact]:
    """Each citizen's overall functional level from their latest VUM assessment (on or before
    `on`), by citizen id; citizens without an assessment are missing. Two queries."""
    qs = Assessment.objects.filter(citizen_id__in=list(citizen_ids))
    if on is not None:
        qs = qs.filter(assessed_on__lte=on)
    qs = qs.order_by("citizen_id", "-assessed_on", "-created_at", "-id").prefetch_related(
        Prefetch("themes", queryset=AssessmentTheme.objects.select_related("level"))
    )
    found: dict[int, LevelFact] = {}
    for a in qs:
        if a.citizen_id not in found:
            found[a.citizen_id] = LevelFact(a.overall_level, a.assessed_on, a.pk)
    return found
