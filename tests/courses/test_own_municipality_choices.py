"""Issue 17 item 6: course templates, offers and units offered in forms are the user's own
municipality's, from one place (access.policy.own_municipality_choices), and the service
refuses a foreign choice too."""

import pytest
from django.core.exceptions import ValidationError

from hjemvej.access import policy
from hjemvej.courses import selectors, services
from hjemvej.courses.models import CourseTemplate
from hjemvej.offers import selectors as offer_selectors
from hjemvej.offers.models import Offer

pytestmark = pytest.mark.django_db


def test_ishoj_caseworker_is_not_offered_ballerups_or_hernings_templates(
    as_user, caseworker_ishoj, citizen_ishoj, aagaarden_unit, cti_template, ballerup, herning, ishoj
):
    CourseTemplate.objects.filter(code__startswith="ballerup").update(municipality=ballerup)
    herning_own = CourseTemplate.objects.create(
        code="herning-eget", name="Herning-forløb", municipality=herning
    )
    ishoj_own = CourseTemplate.objects.create(
        code="ishoj-eget", name="Ishøj-bostøtte", municipality=ishoj
    )

    offered = set(selectors.course_templates_for(caseworker_ishoj))
    assert cti_template in offered and ishoj_own in offered
    assert herning_own not in offered
    assert not any(t.municipality_id == ballerup.pk for t in offered)

    page = as_user(caseworker_ishoj).get(f"/forloeb/borger/{citizen_ishoj.uuid}/nyt/")
    html = page.content.decode()
    assert "Ishøj-bostøtte" in html and "CTI-forløb" in html
    assert "Herning-forløb" not in html
    for t in CourseTemplate.objects.filter(municipality=ballerup):
        assert f">{t.name}<" not in html


def test_the_service_refuses_a_foreign_template(
    caseworker_ishoj, citizen_ishoj, aagaarden_unit, herning
):
    foreign = CourseTemplate.objects.create(
        code="herning-x", name="Herning X", municipality=herning
    )
    with pytest.raises(ValidationError) as exc:
        services.do_start_course(
            user=caseworker_ishoj,
            citizen=citizen_ishoj,
            template=foreign,
            unit=aagaarden_unit,
            started_on=citizen_ishoj.birth_date.replace(year=2026),
        )
    assert exc.value.message_dict["template"] == ["Forløbstypen hører til en anden kommune."]


def test_a_posted_foreign_template_is_refused_by_the_form(
    as_user, caseworker_ishoj, citizen_ishoj, aagaarden_unit, herning
):
    foreign = CourseTemplate.objects.create(
        code="herning-y", name="Herning Y", municipality=herning
    )
    response = as_user(caseworker_ishoj).post(
        f"/forloeb/borger/{citizen_ishoj.uuid}/nyt/",
        {"template": foreign.pk, "unit": aagaarden_unit.pk, "started_on": "2026-01-15"},
    )
    assert response.status_code == 200
    assert "form-error-message" in response.content.decode()


def test_offers_and_units_come_from_the_same_place(caseworker_ishoj, ishoj):
    offers = offer_selectors.offers_for(caseworker_ishoj)
    assert not offers.exclude(unit__municipality=ishoj).exists()
    assert set(offers) == set(
        policy.own_municipality_choices(
            caseworker_ishoj, Offer.objects.all(), via="unit__municipality"
        )
    )
    assert not policy.work_units(caseworker_ishoj).exclude(municipality=ishoj).exists()
    assert policy.may_choose(caseworker_ishoj, ishoj.pk)
    assert not policy.may_choose(caseworker_ishoj, None)
    assert policy.may_choose(caseworker_ishoj, None, shared=True)


def test_cti_error_does_not_say_forlob_twice(
    as_user, caseworker_ishoj, citizen_ishoj, aagaarden_unit, cti_template
):
    response = as_user(caseworker_ishoj).post(
        f"/forloeb/borger/{citizen_ishoj.uuid}/nyt/",
        {"template": cti_template.pk, "unit": aagaarden_unit.pk, "started_on": "2026-01-15"},
    )
    page = response.content.decode()
    assert "Et CTI-forløb kan først starte" in page
    assert "forløb-forløb" not in page
    assert services.course_phrase("Housing First") == "Et Housing First-forløb"
