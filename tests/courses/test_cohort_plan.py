"""Issue 15 gaps (cohort15b): the participant's Housing First course and the ADL course's
attendance; leaving at the end to own home starts the follow-up (not after a relapse without
treatment); a youth housing course ended before its expected 9 months is flagged."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from hjemvej.audit.context import acting_as
from hjemvej.audit.models import AuditEntry
from hjemvej.courses import cohort_rules, rules, services
from hjemvej.courses.models import AdlAttendance, Course, CourseTemplate, FollowUpTask
from hjemvej.courses.selectors import courses_outside_limits
from tests.courses.cohort_helpers import TODAY, candidate, cohort, housing_first
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def hf(ballerup):
    return housing_first(ballerup)


@pytest.fixture
def started(hf, caseworker_ballerup, ballerup_authority):
    """A cohort that started 100 days ago (ADL course from day 14 to 70) with one participant."""
    offer, staff = hf
    c = cohort(offer, staff, starts_on=TODAY - datetime.timedelta(days=100))
    citizen = candidate(offer, caseworker_ballerup, ballerup_authority)
    with acting_as(staff):
        m = services.do_admit_to_cohort(user=staff, cohort=c, citizen=citizen, on=c.starts_on)
    return offer, staff, c, m


# --- 1. the participant's course and the ADL course -----------------------------------------


def test_admission_starts_the_housing_first_course(hf, caseworker_ballerup, ballerup_authority):
    offer, staff = hf
    c = cohort(offer, staff)  # starts in 30 days
    citizen = candidate(offer, caseworker_ballerup, ballerup_authority)
    with acting_as(staff):
        m = services.do_admit_to_cohort(user=staff, cohort=c, citizen=citizen, on=TODAY)
    course = Course.objects.get(citizen=citizen)
    assert m.course == course
    assert course.template.code == cohort_rules.COURSE_TEMPLATE_CODE
    assert course.started_on == c.starts_on  # admitted before the start: from the start
    assert course.unit == offer.unit and course.is_active
    assert course.current_phase.number == 1
    assert AuditEntry.objects.filter(summary__startswith="Forløb startet: Housing First").exists()


def test_admission_reuses_an_active_housing_first_course(
    hf, caseworker_ballerup, ballerup_authority
):
    offer, staff = hf
    c = cohort(offer, staff)
    citizen = candidate(offer, caseworker_ballerup, ballerup_authority)
    template = CourseTemplate.objects.get(code=cohort_rules.COURSE_TEMPLATE_CODE)
    with acting_as(caseworker_ballerup):
        existing = services.do_start_course(
            user=caseworker_ballerup,
            citizen=citizen,
            template=template,
            unit=offer.unit,
            started_on=TODAY,
        )
    with acting_as(staff):
        m = services.do_admit_to_cohort(user=staff, cohort=c, citizen=citizen, on=TODAY)
    assert m.course == existing
    assert Course.objects.filter(citizen=citizen).count() == 1


def test_adl_attendance_is_recorded_per_topic(started):
    _, staff, c, m = started
    with acting_as(staff):
        services.do_record_adl_attendance(
            user=staff, member=m, attended=["Rengøring", "Økonomi"], on=c.adl_starts_on
        )
    rows = {a.topic: a.attended for a in AdlAttendance.objects.filter(member=m)}
    assert set(rows) == set(cohort_rules.ADL_TOPICS)
    assert [t for t, a in rows.items() if a] == ["Rengøring", "Økonomi"]
    with acting_as(staff):  # recorded again: the latest answer per topic
        services.do_record_adl_attendance(user=staff, member=m, attended=["Tøjvask"])
    assert list(
        AdlAttendance.objects.filter(member=m, attended=True).values_list("topic", flat=True)
    ) == ["Tøjvask"]
    assert AdlAttendance.objects.filter(member=m).count() == 7
    assert AuditEntry.objects.filter(summary__contains="deltog i 1 af 7 emner").exists()


def test_adl_attendance_refused_before_the_course_and_for_unknown_topics(
    hf, caseworker_ballerup, ballerup_authority
):
    offer, staff = hf
    c = cohort(offer, staff)
    citizen = candidate(offer, caseworker_ballerup, ballerup_authority)
    with acting_as(staff):
        m = services.do_admit_to_cohort(user=staff, cohort=c, citizen=citizen, on=TODAY)
        with pytest.raises(ValidationError) as early:
            services.do_record_adl_attendance(user=staff, member=m, attended=[], on=TODAY)
        with pytest.raises(ValidationError) as unknown:
            services.do_record_adl_attendance(
                user=staff, member=m, attended=["Madlavning"], on=c.adl_starts_on
            )
    assert early.value.message_dict["attended"][0].startswith("ADL-kurset begynder")
    assert unknown.value.message_dict["attended"] == ["Vælg blandt ADL-kursets emner."]
    assert not AdlAttendance.objects.exists()


def test_adl_page_cohort_page_and_course_page(started, as_user):
    _, staff, c, m = started
    client = as_user(staff)
    url = f"/forloeb/grupper/deltager/{m.uuid}/adl/"
    form = client.get(url).content.decode()
    assert "ADL-kursus: " in form and 'value="Samfundsliv"' in form
    done = client.post(
        url, {"attended": ["Rengøring", "Egenomsorg"], "on": TODAY.isoformat()}, follow=True
    )
    page = done.content.decode()
    assert "Fremmødet på ADL-kurset er registreret" in page
    assert "Deltog i 2 af 7 emner" in page and "Tøjvask: deltog ikke" in page
    course_page = client.get(f"/forloeb/{m.course.uuid}/").content.decode()
    assert "Obligatorisk ADL-kursus" in course_page
    assert "Egenomsorg: deltog" in course_page and "Økonomi: deltog ikke" in course_page
    bad = client.post(url, {"attended": ["Madlavning"], "on": TODAY.isoformat()})
    assert bad.status_code == 200 and "Madlavning" in bad.content.decode()
    assert AdlAttendance.objects.filter(member=m, attended=True).count() == 2


# --- 2. leaving to own home starts the follow-up ---------------------------------------------


def test_leaving_to_own_home_records_the_move_and_the_follow_up(started):
    _, staff, c, m = started
    with acting_as(staff):
        services.do_leave_cohort(
            user=staff, member=m, left_on=TODAY, reason="Planlagt slut", to_own_home=True
        )
    m.refresh_from_db()
    assert m.left_on == TODAY and m.move_home is not None
    assert m.move_home.course == m.course and m.move_home.source == f"Gruppe: {c.name}"
    tasks = FollowUpTask.objects.filter(citizen=m.citizen).order_by("due_on")
    assert [t.months_after for t in tasks] == [1, 3, 6, 12]
    m.course.refresh_from_db()
    assert m.course.is_active  # the transition phase follows the move


def test_an_open_relapse_blocks_the_move_and_the_rule_starts_no_follow_up(started):
    _, staff, c, m = started
    occurred = TODAY - datetime.timedelta(days=20)
    with acting_as(staff):
        services.do_record_relapse(user=staff, member=m, occurred_on=occurred)
        with pytest.raises(ValidationError) as refused:
            services.do_leave_cohort(
                user=staff, member=m, left_on=TODAY, reason="Slut", to_own_home=True
            )
    assert refused.value.message_dict["to_own_home"] == [cohort_rules.OPEN_RELAPSE_MESSAGE]
    assert services.end_lapsed_participants(TODAY) == 1
    m.refresh_from_db()
    assert m.left_on is not None and m.move_home is None
    assert not FollowUpTask.objects.filter(citizen=m.citizen).exists()
    m.course.refresh_from_db()
    assert m.course.status == Course.Status.ENDED
    assert m.course.outcome == Course.Outcome.DROPPED_OUT


def test_after_treatment_is_re_established_the_move_is_allowed(started):
    _, staff, c, m = started
    with acting_as(staff):
        relapse = services.do_record_relapse(
            user=staff, member=m, occurred_on=TODAY - datetime.timedelta(days=5)
        )
        services.do_record_treatment_restarted(user=staff, relapse=relapse, on=TODAY)
        services.do_leave_cohort(
            user=staff, member=m, left_on=TODAY, reason="Slut", to_own_home=True
        )
    assert FollowUpTask.objects.filter(citizen=m.citizen).count() == 4


def test_the_leave_form_to_own_home(started, as_user):
    _, staff, c, m = started
    client = as_user(staff)
    url = f"/forloeb/grupper/deltager/{m.uuid}/forlad/"
    assert "Flytter i egen bolig" in client.get(url).content.decode()
    done = client.post(
        url,
        {"left_on": TODAY.isoformat(), "reason": "Planlagt slut", "to_own_home": "on"},
        follow=True,
    )
    page = done.content.decode()
    assert f"Flyttet i egen bolig {TODAY:%d.%m.%Y}" in page
    assert FollowUpTask.objects.filter(citizen=m.citizen).count() == 4


# --- 3. youth housing ended before its expected 9 months -----------------------------------


def test_ended_before_minimum_rule():
    assert rules.ended_before_minimum(
        started_on=D(2026, 1, 31), ended_on=D(2026, 10, 30), expected_min_months=9
    ) == ("forløbet slutter før den forventede mindste varighed på 9 måneder (31.10.2026)")
    for ended, months in ((D(2026, 10, 31), 9), (D(2026, 2, 1), None)):
        assert (
            rules.ended_before_minimum(
                started_on=D(2026, 1, 31), ended_on=ended, expected_min_months=months
            )
            == ""
        )


@pytest.fixture
def youth_course(caseworker_ballerup, citizen_ballerup, ballerup):
    unit = UnitFactory(municipality=ballerup, slug="ballerup-ungebolig", name="Ungebolig")
    template = CourseTemplate.objects.get(code="ballerup-ungebolig")
    with acting_as(caseworker_ballerup):
        return services.do_start_course(
            user=caseworker_ballerup,
            citizen=citizen_ballerup,
            template=template,
            unit=unit,
            started_on=TODAY - datetime.timedelta(days=120),
        )


def test_ending_youth_housing_early_needs_a_reason_and_is_flagged(
    youth_course, caseworker_ballerup
):
    with acting_as(caseworker_ballerup), pytest.raises(ValidationError) as refused:
        services.do_end_course(
            user=caseworker_ballerup, course=youth_course, ended_on=TODAY, outcome="dropped_out"
        )
    assert (
        "før den forventede mindste varighed på 9 måneder"
        in (refused.value.message_dict["note"][0])
    )
    assert not courses_outside_limits(caseworker_ballerup).exists()
    with acting_as(caseworker_ballerup):
        services.do_end_course(
            user=caseworker_ballerup,
            course=youth_course,
            ended_on=TODAY,
            outcome="dropped_out",
            note="Flyttede til familie i Jylland.",
        )
    youth_course.refresh_from_db()
    assert youth_course.ended_before_minimum and youth_course.end_note.startswith("Flyttede")
    assert list(courses_outside_limits(caseworker_ballerup)) == [youth_course]
    later = TODAY + datetime.timedelta(days=91)
    assert not courses_outside_limits(caseworker_ballerup, today=later).exists()


def test_youth_housing_ended_after_nine_months_is_not_flagged(youth_course, caseworker_ballerup):
    with acting_as(caseworker_ballerup):
        services.do_end_course(
            user=caseworker_ballerup,
            course=youth_course,
            ended_on=youth_course.started_on + datetime.timedelta(days=300),
            outcome="own_home",
        )
    youth_course.refresh_from_db()
    assert not youth_course.ended_before_minimum
    assert not courses_outside_limits(caseworker_ballerup).exists()


def test_the_end_form_and_the_worklist_show_the_early_end(
    youth_course, caseworker_ballerup, as_user
):
    client = as_user(caseworker_ballerup)
    url = f"/forloeb/{youth_course.uuid}/afslut/"
    refused = client.post(url, {"ended_on": TODAY.isoformat(), "outcome": "dropped_out"})
    assert "Skriv en begrundelse: forløbet slutter før" in refused.content.decode()
    done = client.post(
        url,
        {"ended_on": TODAY.isoformat(), "outcome": "dropped_out", "note": "Ønskede at stoppe."},
    )
    assert done.status_code == 302
    worklist = client.get("/arbejdsliste/graenser/").content.decode()
    assert "Ungebolig og træning (Ballerup)" in worklist
    assert "før de forventede 9 måneder" in worklist and "Ønskede at stoppe." in worklist
    detail = client.get(f"/forloeb/{youth_course.uuid}/").content.decode()
    assert "Afsluttet før tid" in detail and "Ønskede at stoppe." in detail


def test_the_api_records_and_shows_adl_attendance_course_and_move(
    started, as_user, caseworker_ishoj
):
    import json

    _, staff, c, m = started
    client = as_user(staff)
    url = f"/api/v1/cohorts/participants/{m.uuid}/adl"
    bad = client.post(
        url, json.dumps({"attended": ["Madlavning"]}), content_type="application/json"
    )
    assert bad.status_code == 422
    assert bad.json()["errors"]["attended"] == ["Vælg blandt ADL-kursets emner."]
    r = client.post(url, json.dumps({"attended": ["Økonomi"]}), content_type="application/json")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["course"] == str(m.course.uuid) and body["moved_home_on"] is None
    assert {"topic": "Økonomi", "attended": True} in body["adl"]
    assert {"topic": "Rengøring", "attended": False} in body["adl"]
    with acting_as(staff):
        services.do_leave_cohort(
            user=staff, member=m, left_on=TODAY, reason="Slut", to_own_home=True
        )
    one = client.get(f"/api/v1/cohorts/{c.uuid}").json()
    assert one["participants"][0]["moved_home_on"] == TODAY.isoformat()
    other = as_user(caseworker_ishoj)
    assert (
        other.post(url, json.dumps({"attended": []}), content_type="application/json").status_code
        == 404
    )


def test_admission_adds_the_adl_goal_to_the_current_plan_for_the_offer(
    hf, caseworker_ballerup, ballerup_authority
):
    from hjemvej.plans.models import Goal, Plan
    from hjemvej.plans.services import do_create_plan

    offer, staff = hf
    c = cohort(offer, staff)
    citizen = candidate(offer, caseworker_ballerup, ballerup_authority)
    without_plan = candidate(offer, caseworker_ballerup, ballerup_authority, n=1)
    with acting_as(caseworker_ballerup):
        plan = do_create_plan(
            user=caseworker_ballerup,
            citizen=citizen,
            kind=Plan.Kind.STAY,
            unit=offer.unit,
            starts_on=TODAY,
            purpose="Egen bolig efter gruppen",
        )
    with acting_as(staff):
        services.do_admit_to_cohort(user=staff, cohort=c, citizen=citizen, on=TODAY)
        services.do_admit_to_cohort(user=staff, cohort=c, citizen=without_plan, on=TODAY)
    goal = Goal.objects.get(plan=plan)
    assert goal.title == f"ADL-kursus (obligatorisk i gruppen {c.name})"
    assert goal.kind == Goal.Kind.PROFESSIONAL and goal.deadline == c.adl_ends_on
    assert goal.goal_type.display == "Udvikle funktionsevne"
    assert "rengøring, tøjvask, økonomi" in goal.specific
    assert not Goal.objects.filter(plan__citizen=without_plan).exists()


def test_admission_on_the_cohort_page_adds_the_goal_shown_on_the_plan(
    hf, caseworker_ballerup, ballerup_authority, as_user
):
    from hjemvej.plans.models import Plan
    from hjemvej.plans.services import do_create_plan

    offer, staff = hf
    c = cohort(offer, staff)
    citizen = candidate(offer, caseworker_ballerup, ballerup_authority)
    with acting_as(caseworker_ballerup):
        plan = do_create_plan(
            user=caseworker_ballerup,
            citizen=citizen,
            kind=Plan.Kind.STAY,
            unit=offer.unit,
            starts_on=TODAY,
            purpose="Egen bolig efter gruppen",
        )
    client = as_user(staff)
    done = client.post(
        f"/forloeb/grupper/{c.uuid}/optag/",
        {"citizen": str(citizen.uuid), "on": TODAY.isoformat()},
    )
    assert done.status_code == 302
    assert plan.goals.get().title.startswith("ADL-kursus")
