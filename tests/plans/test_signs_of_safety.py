"""Issue 15, item 7: under 18 the assessment is Signs of Safety instead of VUM – three columns
and the 0–10 safety scale, stored and shown like a VUM assessment; VUM is not offered then."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hjemvej.audit.context import acting_as
from hjemvej.audit.models import AuditEntry
from hjemvej.plans import rules, services
from hjemvej.plans.models import SafetyAssessment
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def sixteen(ishoj):
    return CitizenFactory(
        acting_municipality=ishoj,
        first_name="Liva",
        last_name="Holm",
        birth_date=datetime.date(TODAY.year - 16, 1, 1),
    )


def test_the_age_rule():
    born = datetime.date(2009, 3, 2)
    assert rules.uses_signs_of_safety(born, datetime.date(2027, 3, 1))  # 17
    assert not rules.uses_signs_of_safety(born, datetime.date(2027, 3, 2))  # 18
    assert rules.SAFETY_SCALE == (0, 10)


def test_a_sixteen_year_old_gets_signs_of_safety_not_vum(
    caseworker_ishoj, ishoj_authority, sixteen
):
    with acting_as(caseworker_ishoj):
        sos = services.do_create_safety_assessment(
            user=caseworker_ishoj,
            citizen=sixteen,
            unit=ishoj_authority,
            assessed_on=TODAY,
            worries="Sover hos skiftende venner",
            what_works="God kontakt til mormor",
            what_needs_to_happen="Et sikkert sted at bo",
            safety_scale=4,
        )
        with pytest.raises(ValidationError) as vum:
            services.do_create_assessment(
                user=caseworker_ishoj, citizen=sixteen, unit=ishoj_authority, assessed_on=TODAY
            )
    assert sos.safety_scale == 4
    assert (
        "udredningen sker med Signs of Safety, ikke VUM" in vum.value.message_dict["assessed_on"][0]
    )
    assert AuditEntry.objects.filter(
        citizen_uuid=sixteen.uuid, summary__startswith="Udredning (Signs of Safety)"
    ).exists()


def test_bad_input_and_adults_are_refused_with_danish_messages(
    caseworker_ishoj, ishoj_authority, citizen_ishoj, sixteen
):
    with acting_as(caseworker_ishoj), pytest.raises(ValidationError) as bad:
        services.do_create_safety_assessment(
            user=caseworker_ishoj,
            citizen=sixteen,
            unit=ishoj_authority,
            assessed_on=TODAY,
            safety_scale=11,
        )
    assert bad.value.message_dict == {
        "safety_scale": ["Vælg et tal på sikkerhedsskalaen fra 0 til 10."],
        "worries": ["Skriv mindst én af de tre kolonner."],
    }
    with acting_as(caseworker_ishoj), pytest.raises(ValidationError) as adult:
        services.do_create_safety_assessment(
            user=caseworker_ishoj,
            citizen=citizen_ishoj,
            unit=ishoj_authority,
            assessed_on=TODAY,
            worries="x",
            safety_scale=5,
        )
    assert "brug VUM" in adult.value.message_dict["assessed_on"][0]
    # The scale holds in the database too.
    with transaction.atomic(), pytest.raises(IntegrityError):
        SafetyAssessment.objects.create(
            citizen=sixteen,
            unit=ishoj_authority,
            made_by=caseworker_ishoj,
            assessed_on=TODAY,
            safety_scale=12,
        )


def test_the_pages_offer_signs_of_safety_under_18_and_show_it(
    caseworker_ishoj, ishoj_authority, sixteen, citizen_ishoj, as_user
):
    client = as_user(caseworker_ishoj)
    page = client.get(f"/planer/{sixteen.uuid}/").content.decode()
    assert "Ny udredning (Signs of Safety)" in page
    assert f"/planer/{sixteen.uuid}/udredning/ny/" not in page  # VUM is not offered
    vum = client.get(f"/planer/{sixteen.uuid}/udredning/ny/")
    assert vum.status_code == 302 and vum["Location"].endswith("/signs-of-safety/ny/")
    response = client.post(
        f"/planer/{sixteen.uuid}/signs-of-safety/ny/",
        {
            "assessed_on": TODAY.isoformat(),
            "unit": str(ishoj_authority.uuid),
            "worries": "Pjækker fra skole",
            "what_works": "Går til fodbold",
            "what_needs_to_happen": "Fast voksen",
            "safety_scale": "6",
        },
    )
    assert response.status_code == 302
    shown = client.get(response["Location"]).content.decode()
    for text in (
        "Hvad er vi bekymrede for?",
        "Pjækker fra skole",
        "Går til fodbold",
        "Fast voksen",
    ):
        assert text in shown
    assert (
        "Udredninger (Signs of Safety)" in client.get(f"/planer/{sixteen.uuid}/").content.decode()
    )
    # An adult is offered VUM, not Signs of Safety.
    adult = client.get(f"/planer/{citizen_ishoj.uuid}/").content.decode()
    assert "Ny udredning (Signs of Safety)" not in adult
    assert f"/planer/{citizen_ishoj.uuid}/udredning/ny/" in adult


def test_the_api_stores_and_lists_signs_of_safety(
    caseworker_ishoj, ishoj_authority, sixteen, as_user
):
    client = as_user(caseworker_ishoj)
    url = f"/api/v1/citizens/{sixteen.uuid}/safety-assessments"
    body = {
        "unit": str(ishoj_authority.uuid),
        "assessed_on": TODAY.isoformat(),
        "worries": "Bekymring",
        "safety_scale": 7,
    }
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["safety_scale"] == 7
    assert [a["worries"] for a in client.get(url).json()["results"]] == ["Bekymring"]
    bad = client.post(url, dict(body, safety_scale=-1), content_type="application/json")
    assert bad.status_code == 422
