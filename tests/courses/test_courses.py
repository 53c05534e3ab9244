"""Starting courses, moving phases, ending them, support time and the follow-up after a move."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError

from hjemvej.audit.models import AuditEntry
from hjemvej.courses import services
from hjemvej.courses.models import Course, CourseTemplate, FollowUpTask, PhaseMove
from hjemvej.people.models import Relationship

pytestmark = pytest.mark.django_db


def test_cti_course_cannot_start_without_tenancy_or_move_in(
    caseworker_ishoj, cti_worker, citizen_ishoj, cti_template, aagaarden_unit
):
    with pytest.raises(ValidationError) as exc:
        services.do_start_course(
            user=caseworker_ishoj,
            citizen=citizen_ishoj,
            template=cti_template,
            unit=aagaarden_unit,
            started_on=datetime.date(2026, 1, 15),
        )
    assert "lejekontrakt" in exc.value.message_dict["tenancy_from"][0]
    assert not Course.objects.exists()


def test_tenancy_after_start_is_refused(
    caseworker_ishoj, cti_worker, citizen_ishoj, cti_template, aagaarden_unit
):
    with pytest.raises(ValidationError) as exc:
        services.do_start_course(
            user=caseworker_ishoj,
            citizen=citizen_ishoj,
            template=cti_template,
            unit=aagaarden_unit,
            started_on=datetime.date(2026, 1, 15),
            tenancy_from=datetime.date(2026, 2, 1),
        )
    assert "før eller på" in exc.value.message_dict["tenancy_from"][0]


def test_starting_cti_plans_phases_opens_relationship_and_logs(
    caseworker_ishoj, cti_worker, citizen_ishoj, cti_template, aagaarden_unit
):
    course = services.do_start_course(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        template=cti_template,
        unit=aagaarden_unit,
        started_on=datetime.date(2026, 1, 15),
        tenancy_from=datetime.date(2026, 1, 10),
    )
    phases = list(course.phases.order_by("number"))
    assert [p.planned_end for p in phases] == [
        datetime.date(2026, 4, 15),
        datetime.date(2026, 7, 15),
        datetime.date(2026, 10, 15),
    ]
    assert course.current_phase == phases[0]
    assert phases[0].started_on == datetime.date(2026, 1, 15)
    rel = Relationship.objects.get(citizen=citizen_ishoj, unit=aagaarden_unit)
    assert rel.kind == Relationship.Kind.COURSE and rel.ended_on is None
    assert AuditEntry.objects.filter(
        citizen_uuid=citizen_ishoj.uuid, summary="Forløb startet: CTI-forløb"
    ).exists()


def test_moving_phase_records_the_move_and_replans_from_the_actual_date(cti_course, cti_worker):
    phase = services.do_move_phase(
        user=cti_worker, course=cti_course, moved_on=datetime.date(2026, 11, 20)
    )
    cti_course.refresh_from_db()
    assert phase.number == 2 and cti_course.current_phase == phase
    phases = list(cti_course.phases.order_by("number"))
    assert phases[0].ended_on == datetime.date(2026, 11, 20)
    assert phases[1].planned_end == datetime.date(2027, 2, 20)
    assert phases[2].planned_end == datetime.date(2027, 5, 20)
    assert PhaseMove.objects.filter(course=cti_course, to_phase=phase).exists()


def test_moving_past_the_last_phase_is_refused(cti_course, cti_worker):
    services.do_move_phase(user=cti_worker, course=cti_course, moved_on=datetime.date(2026, 11, 1))
    services.do_move_phase(user=cti_worker, course=cti_course, moved_on=datetime.date(2026, 11, 2))
    with pytest.raises(ValidationError, match="sidste fase"):
        services.do_move_phase(
            user=cti_worker, course=cti_course, moved_on=datetime.date(2026, 11, 3)
        )


def test_housing_first_transition_course_needs_82a_or_82b(
    caseworker_ballerup, citizen_ballerup, ballerup
):
    from tests.factories import UnitFactory

    unit = UnitFactory(municipality=ballerup, slug="ballerup-housing-first", name="HF")
    template = CourseTemplate.objects.get(code="ballerup-housing-first")
    course = services.do_start_course(
        user=caseworker_ballerup,
        citizen=citizen_ballerup,
        template=template,
        unit=unit,
        started_on=datetime.date(2026, 1, 1),
    )
    first, second = course.phases.order_by("number")
    assert first.planned_end == datetime.date(2026, 10, 1)
    assert second.planned_end == datetime.date(2026, 10, 1) + datetime.timedelta(weeks=20)
    with pytest.raises(ValidationError) as exc:
        services.do_move_phase(
            user=caseworker_ballerup, course=course, moved_on=datetime.date(2026, 10, 1)
        )
    assert "§82a eller §82b" in exc.value.message_dict["legal_basis"][0]
    phase = services.do_move_phase(
        user=caseworker_ballerup,
        course=course,
        moved_on=datetime.date(2026, 10, 1),
        legal_basis="§82b",
    )
    assert phase.legal_basis == "§82b"


def test_ending_in_own_home_creates_follow_ups_and_closes_relationship(cti_course, cti_worker):
    services.do_end_course(
        user=cti_worker,
        course=cti_course,
        ended_on=datetime.date(2027, 1, 31),
        outcome=Course.Outcome.OWN_HOME_SUPPORT,
    )
    tasks = FollowUpTask.objects.filter(citizen=cti_course.citizen).order_by("due_on")
    assert [(t.months_after, t.due_on) for t in tasks] == [
        (1, datetime.date(2027, 2, 28)),
        (3, datetime.date(2027, 4, 30)),
        (6, datetime.date(2027, 7, 31)),
        (12, datetime.date(2028, 1, 31)),
    ]
    cti_course.relationship.refresh_from_db()
    assert cti_course.relationship.ended_on == datetime.date(2027, 1, 31)


def test_new_shelter_stay_within_12_months_is_a_return_to_homelessness(
    citizen_ishoj, caseworker_ishoj, as_user
):
    move = services.do_register_move_to_own_home(
        citizen=citizen_ishoj, moved_on=datetime.date(2026, 3, 1), source="Ophold: herberg"
    )
    assert (
        services.do_register_shelter_admission(
            citizen=citizen_ishoj, admitted_on=datetime.date(2027, 3, 2), source="Ophold"
        )
        is None
    )
    marked = services.do_register_shelter_admission(
        citizen=citizen_ishoj, admitted_on=datetime.date(2027, 3, 1), source="Ophold"
    )
    assert marked == move
    move.refresh_from_db()
    assert move.returned_on == datetime.date(2027, 3, 1)
    client = as_user(caseworker_ishoj)
    page = client.get(f"/borgere/{citizen_ishoj.uuid}/afsnit/forloeb/").content.decode()
    assert "tilbage i hjemløshed 01.03.2027" in page
    summary = client.get(f"/borgere/{citizen_ishoj.uuid}/").content.decode()
    assert "Tilbage i hjemløshed 01.03.2027" in summary  # a flag on the summary


def test_support_in_the_future_or_without_minutes_is_refused(
    shelter_worker_ishoj, resident_ishoj, ishoj_shelter_unit
):
    with pytest.raises(ValidationError) as exc:
        services.do_register_support(
            user=shelter_worker_ishoj,
            citizen=resident_ishoj,
            unit=ishoj_shelter_unit,
            date=datetime.date(2099, 1, 1),
            minutes=0,
            kind="phone",
        )
    assert set(exc.value.message_dict) == {"date", "minutes"}


def test_api_post_course_returns_phases_with_dates(
    as_user, caseworker_ishoj, aagaarden_unit, citizen_ishoj
):
    client = as_user(caseworker_ishoj)
    response = client.post(
        "/api/v1/courses",
        data=json.dumps(
            {
                "citizen": str(citizen_ishoj.uuid),
                "template": "cti",
                "start_date": "2026-01-31",
                "unit": "ishoj-aagaarden",
                "tenancy_from": "2026-01-20",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [p["planned_end"] for p in body["phases"]] == ["2026-04-30", "2026-07-31", "2026-10-31"]
    assert body["phases"][0]["current"] is True
    moved = client.post(
        f"/api/v1/courses/{body['id']}/phase-moves",
        data=json.dumps({"moved_on": "2026-04-30"}),
        content_type="application/json",
    )
    assert moved.status_code == 200
    assert moved.json()["phases"][1]["current"] is True


def test_api_refuses_cti_without_tenancy_in_danish(
    as_user, caseworker_ishoj, aagaarden_unit, citizen_ishoj
):
    response = as_user(caseworker_ishoj).post(
        "/api/v1/courses",
        data=json.dumps(
            {
                "citizen": str(citizen_ishoj.uuid),
                "template": "cti",
                "start_date": "2026-01-15",
                "unit": "ishoj-aagaarden",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "lejekontrakt" in json.dumps(response.json(), ensure_ascii=False)


def test_other_municipality_gets_404_for_course(as_user, caseworker_ballerup, cti_course):
    response = as_user(caseworker_ballerup).get(f"/api/v1/courses/{cti_course.uuid}")
    assert response.status_code == 404
    page = as_user(caseworker_ballerup).get(f"/forloeb/{cti_course.uuid}/")
    assert page.status_code == 404


def test_course_page_shows_phases_and_planned_vs_delivered(as_user, cti_worker, cti_course):
    services.do_register_support(
        user=cti_worker,
        citizen=cti_course.citizen,
        unit=cti_course.unit,
        course=cti_course,
        date=datetime.date(2026, 9, 3),
        minutes=90,
        kind="home_visit",
    )
    page = as_user(cti_worker).get(f"/forloeb/{cti_course.uuid}/").content.decode()
    assert "Overgang til egen bolig" in page
    assert "01.12.2026" in page  # phase 1 planned end (started 01.09.2026)
    assert "1,50" in page  # delivered hours in phase 1, the Danish way


def test_api_support_week_against_entitlement(
    as_user, shelter_worker_ishoj, resident_ishoj, ishoj_shelter_unit, shelter_norm
):
    client = as_user(shelter_worker_ishoj)
    for day in (2, 3):
        r = client.post(
            "/api/v1/support-time",
            data=json.dumps(
                {
                    "citizen": str(resident_ishoj.uuid),
                    "unit": "ishoj-herberg",
                    "date": f"2026-11-0{day}",
                    "minutes": 240,
                    "kind": "conversation",
                }
            ),
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
    answer = client.get("/api/v1/support-time/week?week=2026-11-04").json()
    assert (answer["count"], answer["page"], answer["pages"]) == (1, 1, 1)
    assert answer["results"] == [
        {
            "citizen": str(resident_ishoj.uuid),
            "name": resident_ishoj.full_name,
            "unit": "ishoj-herberg",
            "delivered_hours": "8.00",
            "entitlement_hours": "11.51",
            "below_entitlement": True,
        }
    ]


def test_youth_phase_windows_are_set_when_the_phase_begins(
    caseworker_ballerup, citizen_ballerup, ballerup
):
    from tests.factories import UnitFactory

    unit = UnitFactory(municipality=ballerup, slug="ballerup-ungebolig", name="Ungebolig")
    template = CourseTemplate.objects.get(code="ballerup-ungebolig")
    course = services.do_start_course(
        user=caseworker_ballerup,
        citizen=citizen_ballerup,
        template=template,
        unit=unit,
        started_on=datetime.date(2026, 2, 1),
    )
    assert course.phases.get(number=1).earliest_end is None  # phase 0 has no fixed length
    services.do_move_phase(
        user=caseworker_ballerup, course=course, moved_on=datetime.date(2026, 3, 31)
    )
    one = course.phases.get(number=1)
    assert (one.started_on, one.earliest_end, one.latest_end) == (
        datetime.date(2026, 3, 31),
        datetime.date(2026, 6, 30),
        datetime.date(2026, 9, 30),
    )


def test_cti_course_uses_the_move_in_recorded_on_a_housing_application(
    cti_worker, citizen_ishoj, cti_template, aagaarden_unit, caseworker_ishoj
):
    from hjemvej.housing import services as housing

    application = housing.do_add_application(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        channel="allocation",
        applied_on=datetime.date(2025, 10, 1),
    )
    offer = housing.do_record_housing_offer(
        user=caseworker_ishoj,
        application=application,
        offered_on=datetime.date(2025, 12, 1),
        address="Vejlebrovej 12, 2635 Ishøj",
    )
    housing.do_answer_housing_offer(
        user=caseworker_ishoj,
        housing_offer=offer,
        answer="accepted",
        move_in_on=datetime.date(2026, 1, 10),
    )
    course = services.do_start_course(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        template=cti_template,
        unit=aagaarden_unit,
        started_on=datetime.date(2026, 1, 15),
    )
    assert course.tenancy_from == datetime.date(2026, 1, 10)
    assert course.tenancy_address == "Vejlebrovej 12, 2635 Ishøj"
