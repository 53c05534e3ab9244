import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hjemvej.audit.models import AuditEntry
from hjemvej.plans import rules, services
from hjemvej.plans.ffb import Vocabulary
from hjemvej.plans.models import Assessment, Goal, Plan, Score
from tests.factories import CitizenFactory
from tests.plans.conftest import level, smart_goal, term

pytestmark = pytest.mark.django_db


def _sub_goal(user, plan, **kw):
    goal = smart_goal(user, plan)
    return services.do_add_sub_goal(
        user=user,
        goal=goal,
        text=kw.get("text", "Jeg har en ugeplan"),
        follow_up_on=kw.get("follow_up_on", rules.add_months(plan.starts_on, 1)),
    )


def test_caseworker_creates_plan_goals_sub_goal_and_score_through_the_forms(
    caseworker_ishoj, citizen_ishoj, ishoj_authority, as_user, today
):
    client = as_user(caseworker_ishoj)
    c = citizen_ishoj.uuid
    r = client.post(
        reverse("plans:plan_new", args=[c]),
        {
            "kind": "action_141",
            "unit": str(ishoj_authority.uuid),
            "starts_on": today.isoformat(),
            "purpose": "Egen bolig",
            "citizen_wishes": "Jeg vil bo tæt på min datter",
        },
    )
    plan = Plan.objects.get(citizen=citizen_ishoj)
    assert r.status_code == 302 and r["Location"].endswith(f"/plan/{plan.uuid}/")

    r = client.post(
        reverse("plans:goal_new", args=[c, plan.uuid, "citizen"]),
        {"title": "Jeg vil have mit eget køkken"},
    )
    assert r.status_code == 302
    r = client.post(
        reverse("plans:goal_new", args=[c, plan.uuid, "professional"]), {"title": "Madlavning"}
    )
    assert r.status_code == 200
    assert "Udfyld denne del af SMART-målet." in r.content.decode()
    r = client.post(
        reverse("plans:goal_new", args=[c, plan.uuid, "professional"]),
        {
            "title": "Jeg laver selv mad",
            "proposed_by": "staff",
            "specific": "Laver aftensmad",
            "measurable": "Fire dage om ugen",
            "attractive": "Sparer penge",
            "realistic": "Har et køkken",
            "deadline": rules.add_months(today, 6).isoformat(),
            "goal_type": str(term(Vocabulary.GOAL_TYPE, "Udvikle funktionsevne").code),
            "target_level": str(level(1).code),
            "themes": [str(term(Vocabulary.THEME, "Lave mad").code)],
        },
    )
    assert r.status_code == 302
    smart = Goal.objects.get(kind="professional")
    assert [t.display for t in smart.themes.all()] == ["Lave mad"]
    assert smart.proposed_by == "staff"

    r = client.post(
        reverse("plans:sub_goal_new", args=[c, plan.uuid, smart.uuid]),
        {"text": "Jeg har en madplan", "follow_up_on": rules.add_months(today, 1).isoformat()},
    )
    assert r.status_code == 302
    sg = smart.sub_goals.get()
    r = client.post(
        reverse("plans:score_new", args=[c, plan.uuid, sg.uuid]),
        {"scored_on": today.isoformat(), "value": "3"},
    )
    assert r.status_code == 302
    assert Score.objects.get(sub_goal=sg).value == 3

    page = client.get(reverse("plans:plan", args=[c, plan.uuid])).content.decode()
    assert "Jeg vil have mit eget køkken" in page and "Jeg laver selv mad" in page
    assert "<svg" in page and "3 – Svært problem (baseline)" in page
    assert "Version 4" in page


def test_assessment_form_saves_views_and_levels(
    caseworker_ishoj, citizen_ishoj, ishoj_authority, as_user, today
):
    client = as_user(caseworker_ishoj)
    url = reverse("plans:assessment_new", args=[citizen_ishoj.uuid])
    page = client.get(url).content.decode()
    assert "Praktiske opgaver: funktionsevneniveau" in page
    assert "Søvn: funktionsevneniveau" not in page  # only activity themes carry a level
    assert "Lave mad: funktionsevneniveau" in page
    practical = term(Vocabulary.THEME, "Praktiske opgaver").code.hex
    health = term(Vocabulary.THEME, "Sundhedsforhold").code.hex
    cooking = term(Vocabulary.THEME, "Lave mad").code.hex
    r = client.post(
        url,
        {
            "assessed_on": today.isoformat(),
            "unit": str(ishoj_authority.uuid),
            f"cv_{practical}": "Jeg kan godt lave mad",
            f"pv_{practical}": "Har brug for struktur",
            f"lvl_{practical}": str(level(3).code),
            f"cv_{health}": "Jeg sover dårligt",
            f"lvl_{cooking}": str(level(2).code),
            "support_need": str(term(Vocabulary.SUPPORT_NEED, "Højt støttebehov").code),
        },
    )
    assert r.status_code == 302
    a = Assessment.objects.get(citizen=citizen_ishoj)
    assert a.support_need.display == "Højt støttebehov"
    assert sorted(a.themes.values_list("theme__display", flat=True)) == [
        "Lave mad",
        "Praktiske opgaver",
        "Sundhedsforhold",
    ]
    detail = client.get(r["Location"]).content.decode()
    assert "Jeg kan godt lave mad" in detail and "3 – Svært nedsat funktionsevne" in detail


def test_compare_shows_two_assessments_side_by_side(
    caseworker_ishoj, citizen_ishoj, ishoj_authority, as_user, today
):
    theme = term(Vocabulary.THEME, "Samfundsliv")
    for months, rank in ((-6, 3), (0, 2)):
        services.do_create_assessment(
            user=caseworker_ishoj,
            citizen=citizen_ishoj,
            unit=ishoj_authority,
            assessed_on=rules.add_months(today, months),
            themes=[{"theme": theme, "level": level(rank)}],
        )
    page = (
        as_user(caseworker_ishoj)
        .get(reverse("plans:assessment_compare", args=[citizen_ishoj.uuid]))
        .content.decode()
    )
    assert "3 – Svært nedsat funktionsevne" in page and "2 – Moderat nedsat funktionsevne" in page
    assert "-1 (bedre)" in page


def test_other_municipality_gets_404_and_the_refusal_is_logged(
    action_plan, caseworker_ballerup, as_user
):
    client = as_user(caseworker_ballerup)
    c = action_plan.citizen.uuid
    for url in (
        reverse("plans:citizen", args=[c]),
        reverse("plans:plan", args=[c, action_plan.uuid]),
        reverse("plans:plan_pdf", args=[c, action_plan.uuid]),
        reverse("plans:plan_new", args=[c]),
    ):
        assert client.get(url).status_code == 404
    assert AuditEntry.objects.filter(action="denied", citizen_uuid=c).count() == 4


def test_reading_a_plan_is_logged_with_purpose(action_plan, caseworker_ishoj, as_user):
    as_user(caseworker_ishoj).get(
        reverse("plans:plan", args=[action_plan.citizen.uuid, action_plan.uuid])
    )
    entry = AuditEntry.objects.filter(action="read").latest("id")
    assert entry.summary == "Borgerens plan"
    assert entry.purpose.startswith("Sagsbehandling i")


def test_shelter_worker_sees_resident_plan_but_cannot_make_an_action_plan(
    shelter_worker_ishoj, resident_ishoj, ishoj_shelter_unit, as_user, today
):
    client = as_user(shelter_worker_ishoj)
    r = client.post(
        reverse("plans:plan_new", args=[resident_ishoj.uuid]),
        {
            "kind": "action_142",
            "unit": str(ishoj_shelter_unit.uuid),
            "starts_on": today.isoformat(),
            "purpose": "Bolig",
        },
    )
    assert "En handleplan udarbejdes af myndigheden." in r.content.decode()
    r = client.post(
        reverse("plans:plan_new", args=[resident_ishoj.uuid]),
        {
            "kind": "stay",
            "unit": str(ishoj_shelter_unit.uuid),
            "starts_on": today.isoformat(),
            "purpose": "Et midlertidigt ophold og hurtigt i egen bolig",
        },
    )
    assert r.status_code == 302


def test_worklist_on_home_page_shows_overdue_sub_goal(action_plan, caseworker_ishoj, as_user):
    _sub_goal(caseworker_ishoj, action_plan)  # follow-up a month after start: overdue
    client = as_user(caseworker_ishoj)
    home = client.get(reverse("home")).content.decode()
    assert '<a href="/arbejdsliste/planer/">Opfølgning på planer og delmål</a>' in home
    page = client.get("/arbejdsliste/planer/").content.decode()
    assert "Opfølgning på planer og delmål" in page
    assert "Delmål: Jeg har en ugeplan" in page
    assert "Overskredet med" in page
    assert "Jørgen Østergaard" in page


def test_worklist_queries_do_not_grow_with_citizens(
    caseworker_ishoj, ishoj, ishoj_authority, as_user, today
):
    client = as_user(caseworker_ishoj)

    def add(n):
        for _ in range(n):
            citizen = CitizenFactory(acting_municipality=ishoj)
            plan = services.do_create_plan(
                user=caseworker_ishoj,
                citizen=citizen,
                kind=Plan.Kind.ACTION_141,
                unit=ishoj_authority,
                starts_on=rules.add_months(today, -3),
                purpose="Bolig",
            )
            sg = _sub_goal(caseworker_ishoj, plan)
            services.do_record_score(
                user=caseworker_ishoj, sub_goal=sg, scored_on=plan.starts_on, value=2
            )

    add(3)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    add(9)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("home"))
    page = client.get("/arbejdsliste/planer/").content.decode()
    assert page.count("Delmål: Jeg har en ugeplan") == 12
    assert len(many) == len(few)


def test_analyst_sees_offer_progress_without_names_but_no_citizen(
    action_plan, analyst_ishoj, ishoj_authority, as_user
):
    client = as_user(analyst_ishoj)
    page = client.get(reverse("plans:offers")).content.decode()
    assert ishoj_authority.name in page and "Jørgen" not in page
    assert client.get(reverse("plans:citizen", args=[action_plan.citizen.uuid])).status_code == 404


def test_ballerup_caseworker_cannot_see_ishoj_offer_progress(
    caseworker_ballerup, ishoj_authority, as_user
):
    r = as_user(caseworker_ballerup).get(reverse("plans:offer", args=[ishoj_authority.uuid]))
    assert r.status_code == 404


def test_citizen_overview_has_plans_section(action_plan, caseworker_ishoj, as_user):
    page = (
        as_user(caseworker_ishoj)
        .get(reverse("people:section", args=[action_plan.citizen.uuid, "planer"]))
        .content.decode()
    )
    assert "Planer, mål og udredninger" in page and "Handleplan (§141)" in page


def test_older_version_is_shown_as_it_was(action_plan, caseworker_ishoj, as_user):
    services.do_update_plan(
        user=caseworker_ishoj, plan=action_plan, version=1, changes={"purpose": "Ny formulering"}
    )
    client = as_user(caseworker_ishoj)
    c = action_plan.citizen.uuid
    old = client.get(reverse("plans:plan_version", args=[c, action_plan.uuid, 1])).content
    assert "At Jørgen får sin egen bolig på Østergården" in old.decode()
    assert "Den nuværende version er 2." in old.decode()


def test_print_page_shows_plan_and_chart(action_plan, caseworker_ishoj, as_user):
    sg = _sub_goal(caseworker_ishoj, action_plan)
    services.do_record_score(
        user=caseworker_ishoj, sub_goal=sg, scored_on=action_plan.starts_on, value=3
    )
    page = (
        as_user(caseworker_ishoj)
        .get(reverse("plans:plan_print", args=[action_plan.citizen.uuid, action_plan.uuid]))
        .content.decode()
    )
    assert "Handleplan (§141) for Jørgen Østergaard" in page
    assert "<svg" in page and "data-plans-print" in page
    main = page.split('id="main-content"')[1]
    assert "<details" not in main  # the score table is printed, not folded away
    assert "3 – Svært problem (baseline)" in page


def test_new_plan_for_a_shelter_resident_suggests_a_142_action_plan(
    caseworker_ishoj, resident_ishoj, as_user
):
    page = (
        as_user(caseworker_ishoj)
        .get(reverse("plans:plan_new", args=[resident_ishoj.uuid]))
        .content.decode()
    )
    assert '<option value="action_142" selected>' in page


def test_editing_a_goal_and_marking_a_sub_goal_reached_keeps_earlier_versions(
    action_plan, caseworker_ishoj, as_user, today
):
    from hjemvej.plans.models import PlanVersion

    sg = _sub_goal(caseworker_ishoj, action_plan)
    goal = sg.goal
    client = as_user(caseworker_ishoj)
    c, p = action_plan.citizen.uuid, action_plan.uuid
    form = client.get(reverse("plans:goal_edit", args=[c, p, goal.uuid])).content.decode()
    assert "Jeg klarer selv madlavning" in form
    r = client.post(
        reverse("plans:goal_edit", args=[c, p, goal.uuid]),
        {
            "title": "Jeg klarer selv madlavning og indkøb",
            "proposed_by": "citizen",
            "specific": goal.specific,
            "measurable": goal.measurable,
            "attractive": goal.attractive,
            "realistic": "",
            "deadline": goal.deadline.isoformat(),
            "goal_type": str(goal.goal_type.code),
        },
    )
    assert "Udfyld denne del af SMART-målet." in r.content.decode()
    r = client.post(
        reverse("plans:goal_edit", args=[c, p, goal.uuid]),
        {
            "title": "Jeg klarer selv madlavning og indkøb",
            "proposed_by": "citizen",
            "specific": goal.specific,
            "measurable": goal.measurable,
            "attractive": goal.attractive,
            "realistic": goal.realistic,
            "deadline": goal.deadline.isoformat(),
            "goal_type": str(goal.goal_type.code),
            "themes": [str(term(Vocabulary.THEME, "Købe ind").code)],
        },
    )
    assert r.status_code == 302
    r = client.post(
        reverse("plans:sub_goal_edit", args=[c, p, sg.uuid]),
        {"text": sg.text, "follow_up_on": "", "achieved_on": today.isoformat()},
    )
    assert r.status_code == 302
    versions = list(PlanVersion.objects.filter(plan=action_plan).order_by("number"))
    assert [v.reason.split(":")[0] for v in versions[-2:]] == ["Mål ændret", "Delmål nået"]
    assert versions[-3].content["goals"][0]["title"].endswith("tøjvask og rengøring")
    assert versions[-1].content["goals"][0]["themes"][0]["display"] == "Købe ind"
    page = client.get(reverse("plans:plan", args=[c, p])).content.decode()
    assert f"(nået {today:%d.%m.%Y})" in page


def test_offer_page_counts_sub_goals_without_follow_up_for_chosen_days(
    action_plan, caseworker_ishoj, manager_ishoj, ishoj_authority, as_user, today
):
    import datetime

    sg = _sub_goal(caseworker_ishoj, action_plan)
    services.do_record_score(
        user=caseworker_ishoj,
        sub_goal=sg,
        scored_on=today - datetime.timedelta(days=40),
        value=2,
    )
    client = as_user(manager_ishoj)
    url = reverse("plans:offer", args=[ishoj_authority.uuid])
    default = client.get(url).content.decode()
    assert "Delmål uden opfølgning i 90 dage</dt><dd>0</dd>" in default
    month = client.get(url, {"dage": "30"}).content.decode()
    assert "Delmål uden opfølgning i 30 dage</dt><dd>1</dd>" in month


def test_sign_off_by_citizen_and_authority_is_shown_for_the_current_version(
    action_plan, caseworker_ishoj, ishoj_authority, as_user, today
):
    from hjemvej.plans.models import SignOff

    client = as_user(caseworker_ishoj)
    c, p = action_plan.citizen.uuid, action_plan.uuid
    url = reverse("plans:sign_off_new", args=[c, p])
    for party, name in (("citizen", "Jørgen Østergaard"), ("authority", "Mette Lund")):
        r = client.post(url, {"party": party, "name": name, "signed_on": today.isoformat()})
        assert r.status_code == 302
    r = client.post(url, {"party": "citizen", "name": "Jørgen", "signed_on": today.isoformat()})
    assert "allerede godkendt den nuværende version" in r.content.decode()
    assert SignOff.objects.get(party="authority").unit == ishoj_authority
    assert SignOff.objects.get(party="citizen").unit is None
    page = client.get(reverse("plans:plan", args=[c, p])).content.decode()
    assert f"Borgeren: Jørgen Østergaard, {today:%d.%m.%Y}" in page
    assert "Tilbuddet: ikke godkendt endnu" in page
