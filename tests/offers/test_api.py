"""POST /api/v1/eligibility, referrals and stays through the API."""

import datetime
import json

import pytest

from hjemvej.audit.models import AuditEntry
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.stays.models import Stay
from tests.factories import CitizenFactory
from tests.offers.helpers import SHELTER_OK, offer_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelter(ishoj_shelter_unit):
    return ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])


def post(client, url, body):
    return client.post(url, json.dumps(body, default=str), content_type="application/json")


def test_eligibility_refuses_seventeen_year_old_with_reason(
    as_user, caseworker_ishoj, ishoj, shelter
):
    young = CitizenFactory(acting_municipality=ishoj, birth_date=datetime.date(2009, 6, 1))
    response = post(
        as_user(caseworker_ishoj),
        "/api/v1/eligibility",
        {"offer": shelter.uuid, "citizen": young.uuid, "facts": SHELTER_OK, "on": "2026-11-24"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "not_eligible"
    assert body["verdict_label"] == "Kan ikke optages"
    assert body["reasons"] == ["Borgeren er 17 år; tilbuddet optager fra 18 år."]
    age = body["criteria"][0]
    assert age["status"] == "not_met" and age["title"] == "Mindst 18 år ved indflytning"
    assert AuditEntry.objects.filter(
        citizen_uuid=young.uuid, summary="Vurdering efter tilbuddets kriterier (API)"
    ).exists()


def test_eligibility_asks_for_unknown_facts(as_user, caseworker_ishoj, citizen_ishoj, shelter):
    body = post(
        as_user(caseworker_ishoj),
        "/api/v1/eligibility",
        {"offer": shelter.uuid, "citizen": citizen_ishoj.uuid},
    ).json()
    assert body["verdict"] == "needs_assessment"
    assert "Har borgeren et aktivt misbrug af rusmidler?" in body["questions"]
    assert {c["status"] for c in body["criteria"]} == {"met", "unknown"}


def test_eligibility_pitstop_alcohol_refused_cannabis_accepted(
    as_user, caseworker_ishoj, citizen_ishoj, ishoj
):
    pitstop = offer_for(ishoj, "ishoj-pitstop")
    client = as_user(caseworker_ishoj)
    alcohol = post(
        client,
        "/api/v1/eligibility",
        {
            "offer": pitstop.uuid,
            "citizen": citizen_ishoj.uuid,
            "facts": {"substances": ["alcohol"], "pre_interview_done": True},
        },
    ).json()
    cannabis = post(
        client,
        "/api/v1/eligibility",
        {
            "offer": pitstop.uuid,
            "citizen": citizen_ishoj.uuid,
            "facts": {"substances": ["cannabis"], "pre_interview_done": True},
        },
    ).json()
    assert alcohol["verdict"] == "not_eligible"
    assert cannabis["verdict"] == "eligible"


def test_eligibility_for_another_municipalitys_citizen_is_404(
    as_user, caseworker_ballerup, citizen_ishoj, shelter
):
    response = post(
        as_user(caseworker_ballerup),
        "/api/v1/eligibility",
        {"offer": shelter.uuid, "citizen": citizen_ishoj.uuid},
    )
    assert response.status_code == 404


def test_unknown_fact_is_a_danish_422(as_user, caseworker_ishoj, citizen_ishoj, shelter):
    response = post(
        as_user(caseworker_ishoj),
        "/api/v1/eligibility",
        {"offer": shelter.uuid, "citizen": citizen_ishoj.uuid, "facts": {"substances": ["te"]}},
    )
    assert response.status_code == 422
    assert "Ukendte rusmidler: te." in json.dumps(response.json(), ensure_ascii=False)


def test_referral_and_decision_through_the_api(
    as_user, caseworker_ballerup, citizen_ballerup, ballerup
):
    group = offer_for(ballerup, "ballerup-housing-first")
    client = as_user(caseworker_ballerup)
    created = post(
        client,
        "/api/v1/referrals",
        {
            "offer": group.uuid,
            "citizen": citizen_ballerup.uuid,
            "facts": {
                "physical_care_needs": False,
                "active_substance_use": True,
                "accepts_treatment": False,
            },
        },
    )
    assert created.status_code == 201
    referral_id = created.json()["id"]
    approve = post(client, f"/api/v1/referrals/{referral_id}/decision", {"approve": True})
    assert approve.status_code == 422
    assert "aktivt misbrug og har afvist behandling" in json.dumps(
        approve.json(), ensure_ascii=False
    )
    refuse = post(
        client,
        f"/api/v1/referrals/{referral_id}/decision",
        {"approve": False, "reason": "Afviser behandling"},
    )
    assert refuse.json()["status"] == "refused"


def test_admit_wait_and_discharge_through_the_api(as_user, shelter_worker_ishoj, ishoj, shelter):
    client = as_user(shelter_worker_ishoj)
    first = CitizenFactory(acting_municipality=ishoj)
    response = post(
        client,
        "/api/v1/stays",
        {"offer": shelter.uuid, "cpr": first.cpr, "facts": SHELTER_OK, "room": "Værelse 2 – Bøg"},
    )
    assert response.status_code == 201, response.content
    stay = response.json()["stay"]
    assert stay["room"] == "Værelse 2 – Bøg"
    for _ in range(8):
        assert (
            post(
                client,
                "/api/v1/stays",
                {
                    "offer": shelter.uuid,
                    "cpr": CitizenFactory(acting_municipality=ishoj).cpr,
                    "facts": SHELTER_OK,
                },
            ).status_code
            == 201
        )
    tenth = post(
        client,
        "/api/v1/stays",
        {
            "offer": shelter.uuid,
            "cpr": CitizenFactory(acting_municipality=ishoj).cpr,
            "facts": SHELTER_OK,
        },
    )
    assert tenth.status_code == 202
    assert tenth.json()["waiting_position"] == 1
    out = post(
        client,
        f"/api/v1/stays/{stay['id']}/discharge",
        {"ended_on": datetime.date.today(), "destination": "own_home"},
    )
    assert out.status_code == 200
    assert out.json()["count_category"] == "not_homeless"
    assert Stay.objects.get(uuid=stay["id"]).ended_on is not None


def test_shelter_worker_cannot_admit_an_unseen_citizen_by_id(
    as_user, shelter_worker_ishoj, citizen_ishoj, shelter
):
    response = post(
        as_user(shelter_worker_ishoj),
        "/api/v1/stays",
        {"offer": shelter.uuid, "citizen": citizen_ishoj.uuid, "facts": SHELTER_OK},
    )
    assert response.status_code == 404


def test_caseworker_cannot_admit_through_the_api(as_user, caseworker_ishoj, citizen_ishoj, shelter):
    response = post(
        as_user(caseworker_ishoj),
        "/api/v1/stays",
        {"offer": shelter.uuid, "citizen": citizen_ishoj.uuid, "facts": SHELTER_OK},
    )
    assert response.status_code == 403


def test_housing_application_through_the_api(as_user, caseworker_ishoj, citizen_ishoj):
    client = as_user(caseworker_ishoj)
    created = post(
        client,
        "/api/v1/housing-applications",
        {
            "citizen": citizen_ishoj.uuid,
            "channel": "association",
            "landlord": "Ishøj Boligselskab",
            "applied_on": "2026-10-01",
        },
    )
    assert created.status_code == 201
    listed = client.get(f"/api/v1/housing-applications?citizen={citizen_ishoj.uuid}").json()[
        "results"
    ]
    assert [a["landlord"] for a in listed] == ["Ishøj Boligselskab"]
    missing = post(
        client,
        "/api/v1/housing-applications",
        {"citizen": citizen_ishoj.uuid, "channel": "association", "applied_on": "2026-10-01"},
    )
    assert missing.status_code == 422
    assert "Skriv hvilken boligforening" in json.dumps(missing.json(), ensure_ascii=False)
