"""Issue 15, item 4: course limits as data – CTI at most 9 months in three phases of 3, the
youth housing at most 2 years (9 months expected) – and a phase move outside a phase's earliest
or latest end, or past the course's maximum, needs a reason and shows on the worklist."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from hjemvej.audit.context import acting_as
from hjemvej.courses import rules, services
from hjemvej.courses.models import CourseTemplate, PhaseMove
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_limits_are_data_on_the_templates():
    cti = CourseTemplate.objects.get(code="cti")
    assert cti.max_months == 9
    assert [(p.planned_length, p.max_length) for p in cti.phases.order_by("number")] == [
        (3, 3),
        (3, 3),
        (3, 3),
    ]
    youth = CourseTemplate.objects.get(code="ballerup-ungebolig")
    assert (youth.max_months, youth.expected_min_months) == (24, 9)


def test_limit_breaches_rule():
    kw = {"earliest_end": D(2026, 4, 1), "latest_end": D(2026, 7, 1), "max_months": 9}
    assert (
        rules.limit_breaches(
            moved_on=D(2026, 5, 1),
            projected_end=D(2026, 10, 1),
            course_latest=D(2026, 10, 1),
            **kw,
        )
        == []
    )
    early = rules.limit_breaches(
        moved_on=D(2026, 3, 1), projected_end=None, course_latest=None, **kw
    )
    assert early == ["fasen slutter før sin tidligste slutdato (01.04.2026)"]
    late = rules.limit_breaches(
        moved_on=D(2026, 7, 2), projected_end=D(2026, 10, 2), course_latest=D(2026, 10, 1), **kw
    )
    assert late == [
        "fasen slutter efter sin seneste slutdato (01.07.2026)",
        "forløbet strækkes ud over sin længste varighed på 9 måneder (senest 01.10.2026)",
    ]
    assert rules.course_latest_end(D(2026, 1, 31), 9) == D(2026, 10, 31)


def test_a_late_cti_move_needs_a_reason_and_is_flagged(cti_course, cti_worker):
    # Started 01.09.2026: phase 1 ends at the latest 01.12.2026, the course 01.06.2027.
    with acting_as(cti_worker), pytest.raises(ValidationError) as refused:
        services.do_move_phase(user=cti_worker, course=cti_course, moved_on=D(2026, 12, 2))
    message = refused.value.message_dict["note"][0]
    assert message.startswith("Skriv en begrundelse: fasen slutter efter sin seneste slutdato")
    assert "længste varighed på 9 måneder (senest 01.06.2027)" in message
    cti_course.refresh_from_db()
    assert cti_course.current_phase.number == 1  # nothing moved
    with acting_as(cti_worker):
        services.do_move_phase(
            user=cti_worker,
            course=cti_course,
            moved_on=D(2026, 12, 2),
            note="Borgeren var indlagt i to uger.",
        )
    move = PhaseMove.objects.get(course=cti_course, from_phase__isnull=False)
    assert move.outside_limits and move.note == "Borgeren var indlagt i to uger."


def test_a_move_within_the_limits_needs_no_reason(cti_course, cti_worker):
    with acting_as(cti_worker):
        services.do_move_phase(user=cti_worker, course=cti_course, moved_on=D(2026, 12, 1))
    assert not PhaseMove.objects.get(course=cti_course, from_phase__isnull=False).outside_limits


def test_youth_housing_phase_before_its_earliest_end_needs_a_reason(
    caseworker_ballerup, citizen_ballerup, ballerup
):
    unit = UnitFactory(municipality=ballerup, slug="ballerup-ungebolig", name="Ungebolig")
    template = CourseTemplate.objects.get(code="ballerup-ungebolig")
    with acting_as(caseworker_ballerup):
        course = services.do_start_course(
            user=caseworker_ballerup,
            citizen=citizen_ballerup,
            template=template,
            unit=unit,
            started_on=D(2026, 1, 1),
        )
        services.do_move_phase(user=caseworker_ballerup, course=course, moved_on=D(2026, 1, 15))
        # Phase 1 (needs and action plan) lasts 3–6 months: moving on after 1 month is early.
        with pytest.raises(ValidationError) as early:
            services.do_move_phase(user=caseworker_ballerup, course=course, moved_on=D(2026, 2, 15))
    assert "før sin tidligste slutdato (15.04.2026)" in early.value.message_dict["note"][0]


def test_the_form_shows_the_reason_error_and_the_worklist_shows_the_course(
    cti_course, cti_worker, as_user
):
    client = as_user(cti_worker)
    url = f"/forloeb/{cti_course.uuid}/fase/"
    page = client.post(url, {"moved_on": "2026-12-20", "note": ""}).content.decode()
    assert "Skriv en begrundelse: fasen slutter efter sin seneste slutdato" in page
    assert "Forløb uden for grænserne" not in client.get("/").content.decode()
    response = client.post(url, {"moved_on": "2026-12-20", "note": "Ventede på nøglerne."})
    assert response.status_code == 302
    home = client.get("/").content.decode()  # the home page counts; the worklist lists
    assert "Forløb uden for grænserne" in home
    assert "CTI-forløb" in client.get("/arbejdsliste/graenser/").content.decode()
    detail = client.get(f"/forloeb/{cti_course.uuid}/").content.decode()
    assert "uden for grænserne" in detail and "9 måneder (senest 01.06.2027)" in detail


def test_the_api_refuses_a_late_move_without_a_reason(cti_course, cti_worker, as_user):
    client = as_user(cti_worker)
    url = f"/api/v1/courses/{cti_course.uuid}/phase-moves"
    refused = client.post(url, {"moved_on": "2026-12-20"}, content_type="application/json")
    assert refused.status_code == 422
    assert "Skriv en begrundelse" in refused.content.decode()
    moved = client.post(
        url,
        {"moved_on": "2026-12-20", "note": "Ventede på nøglerne."},
        content_type="application/json",
    )
    assert moved.status_code == 200, moved.content
