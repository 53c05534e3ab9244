"""The cohort API: read an offer's cohorts and one cohort, admit (201; a 6th refused with 422
and the reason by the field); 404 for another municipality."""

import json

import pytest

from hjemvej.audit.models import AuditEntry
from tests.courses.cohort_helpers import candidate, cohort, housing_first

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, json.dumps(body, default=str), content_type="application/json")


def test_read_and_admit(
    as_user, ballerup, caseworker_ballerup, ballerup_authority, caseworker_ishoj
):
    offer, staff = housing_first(ballerup)
    c = cohort(offer, staff)
    people = [
        candidate(offer, caseworker_ballerup, ballerup_authority, level=n % 2 + 1, n=n)
        for n in range(6)
    ]
    client = as_user(staff)
    listed = client.get(f"/api/v1/cohorts?offer={offer.uuid}")
    assert listed.status_code == 200
    assert listed.json()[0]["name"] == "Gruppe 1" and listed.json()[0]["places"] == 5
    for citizen in people[:5]:
        r = post(client, f"/api/v1/cohorts/{c.uuid}/participants", {"citizen": citizen.uuid})
        assert r.status_code == 201, r.content
    refused = post(client, f"/api/v1/cohorts/{c.uuid}/participants", {"citizen": people[5].uuid})
    assert refused.status_code == 422
    assert "Alle 5 pladser (boliger) i gruppen er optaget." in json.dumps(
        refused.json(), ensure_ascii=False
    )
    one = client.get(f"/api/v1/cohorts/{c.uuid}").json()
    assert one["active"] == 5 and one["flags"] == []
    assert [p["functional_level"] for p in one["participants"]] == [1, 2, 1, 2, 1]
    assert AuditEntry.objects.filter(summary__contains="deltager vist (API)").count() == 5
    other = as_user(caseworker_ishoj)
    assert other.get(f"/api/v1/cohorts/{c.uuid}").status_code == 404


def test_admission_over_the_api_adds_the_adl_goal_too(
    as_user, ballerup, caseworker_ballerup, ballerup_authority
):
    """The citizen's grant changes within the request (admission opens a tie to the offer): the
    remembered grant is looked up afresh, so the ADL goal lands as on the cohort page."""
    from hjemvej.audit.context import acting_as
    from hjemvej.plans.models import Plan
    from hjemvej.plans.services import do_create_plan

    offer, staff = housing_first(ballerup)
    c = cohort(offer, staff)
    citizen = candidate(offer, caseworker_ballerup, ballerup_authority)
    with acting_as(caseworker_ballerup):
        plan = do_create_plan(
            user=caseworker_ballerup,
            citizen=citizen,
            kind=Plan.Kind.STAY,
            unit=offer.unit,
            starts_on=c.starts_on,
            purpose="Egen bolig efter gruppen",
        )
    r = post(as_user(staff), f"/api/v1/cohorts/{c.uuid}/participants", {"citizen": citizen.uuid})
    assert r.status_code == 201, r.content
    assert plan.goals.get().title.startswith("ADL-kursus")
