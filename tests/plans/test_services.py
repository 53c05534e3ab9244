import pytest
from django.core.exceptions import ValidationError

from hjemvej.audit.models import AuditEntry
from hjemvej.plans import rules, selectors, services
from hjemvej.plans.ffb import Vocabulary
from hjemvej.plans.models import Goal, Plan, PlanVersion, ScoredBy, SignOff
from tests.plans.conftest import level, smart_goal, term

pytestmark = pytest.mark.django_db


def test_assessment_keeps_both_views_and_level_only_on_activity_themes(
    caseworker_ishoj, citizen_ishoj, ishoj_authority, today
):
    a = services.do_create_assessment(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        unit=ishoj_authority,
        assessed_on=today,
        support_need=term(Vocabulary.SUPPORT_NEED, "Moderat støttebehov"),
        themes=[
            {
                "theme": term(Vocabulary.THEME, "Praktiske opgaver"),
                "citizen_view": "Jeg kan godt lave mad",
                "professional_view": "Har brug for en ugeplan",
                "level": level(3),
            },
            {"theme": term(Vocabulary.THEME, "Søvn"), "citizen_view": "Jeg sover dårligt"},
            {"theme": term(Vocabulary.THEME, "Kommunikation")},  # empty: not saved
        ],
    )
    rows = {t.theme.display: t for t in a.themes.select_related("theme", "level")}
    assert set(rows) == {"Praktiske opgaver", "Søvn"}
    assert rows["Praktiske opgaver"].level.rank == 3
    assert rows["Søvn"].citizen_view == "Jeg sover dårligt"
    assert AuditEntry.objects.filter(object_id=str(a.uuid), action="create").exists()

    with pytest.raises(ValidationError) as exc:
        services.do_create_assessment(
            user=caseworker_ishoj,
            citizen=citizen_ishoj,
            unit=ishoj_authority,
            assessed_on=today,
            themes=[{"theme": term(Vocabulary.THEME, "Søvn"), "level": level(2)}],
        )
    assert "kun for temaer under Aktivitet og deltagelse" in str(exc.value)


def test_two_assessments_compare_side_by_side(
    caseworker_ishoj, citizen_ishoj, ishoj_authority, today
):
    practical = term(Vocabulary.THEME, "Praktiske opgaver")
    first = services.do_create_assessment(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        unit=ishoj_authority,
        assessed_on=rules.add_months(today, -6),
        themes=[{"theme": practical, "level": level(3)}],
    )
    second = services.do_create_assessment(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        unit=ishoj_authority,
        assessed_on=today,
        themes=[{"theme": practical, "level": level(1)}],
    )
    loaded = {a.pk: a for a in selectors.assessments_for_citizen(citizen_ishoj, grant=None)}
    rows = selectors.compare_assessments(loaded[first.pk], loaded[second.pk])
    assert [(r["theme"].display, r["change"]) for r in rows] == [("Praktiske opgaver", -2)]


def test_action_plan_belongs_to_the_authority(
    caseworker_ishoj, citizen_ishoj, ishoj_shelter_unit, today
):
    with pytest.raises(ValidationError) as exc:
        services.do_create_plan(
            user=caseworker_ishoj,
            citizen=citizen_ishoj,
            kind=Plan.Kind.ACTION_141,
            unit=ishoj_shelter_unit,
            starts_on=today,
            purpose="Bolig",
        )
    assert exc.value.message_dict == {"unit": ["En handleplan udarbejdes af myndigheden."]}


def test_smart_goal_needs_every_part_but_the_citizens_own_goal_only_words(
    action_plan, caseworker_ishoj
):
    with pytest.raises(ValidationError) as exc:
        services.do_add_goal(
            user=caseworker_ishoj, plan=action_plan, kind=Goal.Kind.PROFESSIONAL, title="Bolig"
        )
    assert set(exc.value.message_dict) == {
        "specific",
        "measurable",
        "attractive",
        "realistic",
        "deadline",
        "goal_type",
    }
    own = services.do_add_goal(
        user=caseworker_ishoj,
        plan=action_plan,
        kind=Goal.Kind.CITIZEN,
        title="Jeg vil have min egen lejlighed med plads til hunden",
    )
    assert own.proposed_by == ScoredBy.CITIZEN


def test_every_change_keeps_the_plan_as_it_stood(action_plan, caseworker_ishoj):
    goal = smart_goal(caseworker_ishoj, action_plan)
    services.do_add_sub_goal(
        user=caseworker_ishoj,
        goal=goal,
        text="Jeg har en ugeplan",
        follow_up_on=rules.add_months(action_plan.starts_on, 1),
    )
    plan = services.do_update_plan(
        user=caseworker_ishoj,
        plan=action_plan,
        version=3,
        changes={"purpose": "Egen bolig med bostøtte"},
    )
    assert plan.version == 4
    versions = {v.number: v.content for v in PlanVersion.objects.filter(plan=plan)}
    assert sorted(versions) == [1, 2, 3, 4]
    assert versions[1]["goals"] == []
    assert versions[3]["purpose"] == "At Jørgen får sin egen bolig på Østergården"
    assert versions[3]["goals"][0]["sub_goals"][0]["text"] == "Jeg har en ugeplan"
    assert versions[3]["goals"][0]["goal_type"]["code"] == "d41c8072-52f8-42b5-9375-ddbea454d27f"
    assert versions[4]["purpose"] == "Egen bolig med bostøtte"

    with pytest.raises(ValidationError, match="ændret af en anden"):
        services.do_update_plan(
            user=caseworker_ishoj, plan=plan, version=2, changes={"purpose": "Noget andet"}
        )


def test_sign_off_belongs_to_the_version_it_was_given_for(action_plan, caseworker_ishoj, today):
    services.do_sign_off(
        user=caseworker_ishoj,
        plan=action_plan,
        party=SignOff.Party.CITIZEN,
        signed_on=today,
        name="Jørgen Østergaard",
    )
    with pytest.raises(ValidationError, match="allerede godkendt"):
        services.do_sign_off(
            user=caseworker_ishoj,
            plan=action_plan,
            party=SignOff.Party.CITIZEN,
            signed_on=today,
            name="Jørgen Østergaard",
        )
    smart_goal(caseworker_ishoj, action_plan)  # a change: version 2 needs signing again
    plan = selectors.plan_with_goals(action_plan.citizen, action_plan.uuid, grant=None)
    assert [(s.version, s.party) for s in plan.sign_offs.all()] == [(1, "citizen")]
    assert plan.version == 2


def test_citizens_own_score_stands_beside_staff_scores(action_plan, caseworker_ishoj, today):
    goal = smart_goal(caseworker_ishoj, action_plan)
    sg = services.do_add_sub_goal(
        user=caseworker_ishoj, goal=goal, text="Jeg har en ugeplan", follow_up_on=today
    )
    start = action_plan.starts_on
    services.do_record_score(user=caseworker_ishoj, sub_goal=sg, scored_on=start, value=3)
    services.do_record_score(
        user=None, sub_goal=sg, scored_on=today, value=1, scored_by=ScoredBy.CITIZEN
    )
    plan = selectors.plan_with_goals(action_plan.citizen, action_plan.uuid, grant=None)
    status = selectors.sub_goal_status(plan.goals.all()[0].sub_goals.all()[0], plan, today)
    assert [p.value for p in status.staff] == [3]
    assert [p.value for p in status.citizen] == [1]
    assert status.change is None  # the citizen's score does not move the staff baseline


def test_score_outside_0_to_4_or_in_the_future_is_refused(action_plan, caseworker_ishoj, today):
    import datetime

    goal = smart_goal(caseworker_ishoj, action_plan)
    sg = services.do_add_sub_goal(user=caseworker_ishoj, goal=goal, text="x", follow_up_on=today)
    with pytest.raises(ValidationError, match="fra 0 til 4"):
        services.do_record_score(user=caseworker_ishoj, sub_goal=sg, scored_on=today, value=5)
    with pytest.raises(ValidationError, match="fremtiden"):
        services.do_record_score(
            user=caseworker_ishoj,
            sub_goal=sg,
            scored_on=today + datetime.timedelta(days=1),
            value=2,
        )


def test_follow_up_dates_and_flags(caseworker_ishoj, citizen_ishoj, ishoj_shelter_unit, today):
    from tests.factories import member

    worker = member(caseworker_ishoj, ishoj_shelter_unit, "offer_staff")
    start = rules.add_months(today, -8)
    plan = services.do_create_plan(
        user=worker,
        citizen=citizen_ishoj,
        kind=Plan.Kind.TREATMENT,
        unit=ishoj_shelter_unit,
        starts_on=start,
        purpose="Stabilisering",
    )
    goal = smart_goal(worker, plan)
    sg = services.do_add_sub_goal(
        user=worker, goal=goal, text="Jeg møder op", follow_up_on=rules.add_months(start, 1)
    )
    services.do_record_score(user=worker, sub_goal=sg, scored_on=start, value=3)
    services.do_record_score(
        user=worker, sub_goal=sg, scored_on=rules.add_months(start, 1), value=3
    )
    loaded = selectors.plan_with_goals(citizen_ishoj, plan.uuid, grant=None)
    dues = {d.kind: d for d in selectors.plan_dues(loaded)}
    assert dues["plan"].due_on == rules.add_months(start, 3)  # treatment plan: 3 months
    assert dues["plan"].overdue(today)
    assert dues["goal"].due_on == rules.add_months(start, 13)
    assert not dues["goal"].overdue(today)
    status = selectors.sub_goal_status(loaded.goals.all()[0].sub_goals.all()[0], loaded, today)
    assert status.no_follow_up  # last score 7 months ago
    assert status.no_progress  # 3 then 3


def test_follow_up_meeting_with_kls_status_moves_the_next_due_date(
    caseworker_ishoj, citizen_ishoj, ishoj_shelter_unit, today
):
    from tests.factories import member

    worker = member(caseworker_ishoj, ishoj_shelter_unit, "offer_staff")
    plan = services.do_create_plan(
        user=worker,
        citizen=citizen_ishoj,
        kind=Plan.Kind.TREATMENT,
        unit=ishoj_shelter_unit,
        starts_on=rules.add_months(today, -4),
        purpose="Stabilisering",
    )
    held = rules.add_months(today, -1)
    services.do_record_plan_follow_up(
        user=worker,
        plan=plan,
        followed_up_on=held,
        status=term(Vocabulary.FOLLOW_UP_STATUS, "Træf afgørelse om fortsættelse af indsats"),
        note="Behandlingen fortsætter",
    )
    loaded = selectors.plan_with_goals(citizen_ishoj, plan.uuid, grant=None)
    assert loaded.last_followed_up_on == held
    assert loaded.follow_ups.get().status.code.hex.startswith("1e971d84")
    due = next(d for d in selectors.plan_dues(loaded) if d.kind == "plan")
    assert due.due_on == rules.add_months(held, 3) and not due.overdue(today)
