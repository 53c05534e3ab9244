"""The course pages as staff use them: start, focus areas, end; a template added as data."""

import datetime

import pytest

from hjemvej.courses import services
from hjemvej.courses.models import Course, CourseTemplate, FocusArea, PhaseTemplate

pytestmark = pytest.mark.django_db


def test_start_page_refuses_cti_without_tenancy_with_the_reason_next_to_the_field(
    as_user, caseworker_ishoj, citizen_ishoj, aagaarden_unit, cti_template
):
    response = as_user(caseworker_ishoj).post(
        f"/forloeb/borger/{citizen_ishoj.uuid}/nyt/",
        {"template": cti_template.pk, "unit": aagaarden_unit.pk, "started_on": "2026-01-15"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "form-error-message" in page and "lejekontrakt eller er flyttet ind" in page
    assert not Course.objects.exists()


def test_start_page_starts_course_and_shows_its_phases(
    as_user, caseworker_ishoj, citizen_ishoj, aagaarden_unit, cti_template
):
    client = as_user(caseworker_ishoj)
    response = client.post(
        f"/forloeb/borger/{citizen_ishoj.uuid}/nyt/",
        {
            "template": cti_template.pk,
            "unit": aagaarden_unit.pk,
            "started_on": "2026-01-15",
            "tenancy_from": "2026-01-02",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "CTI-forløb er startet." in page
    for end in ("15.04.2026", "15.07.2026", "15.10.2026"):
        assert end in page


def test_citizen_chooses_focus_areas_with_a_plan_per_phase(as_user, cti_worker, cti_course):
    response = as_user(cti_worker).post(
        f"/forloeb/{cti_course.uuid}/fokusomraade/",
        {
            "dimension": "economy",
            "citizen_words": "Jeg vil have styr på regningerne",
            "plan_1": "Opsætte PBS for husleje",
            "plan_2": "Budget sammen med bostøtten",
            "plan_3": "",
        },
    )
    assert response.status_code == 302
    area = FocusArea.objects.get(course=cti_course)
    assert area.get_dimension_display() == "Økonomi"
    assert [(p.phase.number, p.text) for p in area.plans.all()] == [
        (1, "Opsætte PBS for husleje"),
        (2, "Budget sammen med bostøtten"),
    ]


def test_ending_course_in_own_home_from_the_page_lists_follow_ups(as_user, cti_worker, cti_course):
    client = as_user(cti_worker)
    client.post(
        f"/forloeb/{cti_course.uuid}/afslut/",
        {"ended_on": "2026-11-20", "outcome": "own_home_support"},
    )
    page = client.get(f"/borgere/{cti_course.citizen.uuid}/afsnit/forloeb/").content.decode()
    assert "Opfølgning 1 mdr. efter flytning til egen bolig – frist 20.12.2026" in page


def test_a_new_template_needs_no_code(caseworker_ishoj, citizen_ishoj, aagaarden_unit):
    template = CourseTemplate.objects.create(code="ishoj-bostotte", name="Bostøtte (§85)")
    PhaseTemplate.objects.create(template=template, number=1, name="Intensiv", planned_length=2)
    PhaseTemplate.objects.create(
        template=template, number=2, name="Nedtrapning", length_unit="weeks", planned_length=6
    )
    course = services.do_start_course(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        template=template,
        unit=aagaarden_unit,
        started_on=datetime.date(2026, 12, 31),
    )
    assert [p.planned_end for p in course.phases.order_by("number")] == [
        datetime.date(2027, 2, 28),
        datetime.date(2027, 4, 11),
    ]


def test_seeded_templates_match_the_municipalities_descriptions(db):
    youth = CourseTemplate.objects.get(code="ballerup-ungebolig")
    assert [(p.number, p.min_length, p.max_length) for p in youth.phases.all()] == [
        (0, None, None),
        (1, 3, 6),
        (2, 3, 18),
        (3, 3, 4),
        (4, 0, 6),
    ]
    hf = CourseTemplate.objects.get(code="ballerup-housing-first")
    first, transition = hf.phases.all()
    assert (first.planned_length, first.length_unit) == (9, "months")
    assert (transition.max_length, transition.length_unit) == (20, "weeks")
    assert transition.legal_bases == ["§82a", "§82b"]
    herning = CourseTemplate.objects.get(code="herning-opfoelgning")
    contacts = [p.planned_contacts_per_week for p in herning.phases.all()]
    assert contacts == sorted(contacts, reverse=True)  # tapering support
