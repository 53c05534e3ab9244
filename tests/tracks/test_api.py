"""Tracks in the API: the same services and access rules as the pages."""

import json

import pytest

from hjemvej.tracks import services
from tests.tracks.conftest import START

pytestmark = pytest.mark.django_db


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_templates_start_record_end(as_user, caseworker_ishoj, citizen_ishoj, ishoj_authority):
    client = as_user(caseworker_ishoj)
    templates = client.get("/api/v1/tracks/templates").json()
    assert {t["code"] for t in templates} >= {
        "herning-sundhed",
        "herning-beskaeftigelse",
        "herning-faellesskaber",
    }
    response = _post(
        client,
        "/api/v1/tracks",
        {
            "citizen": str(citizen_ishoj.uuid),
            "template": "herning-faellesskaber",
            "unit": ishoj_authority.slug,
            "started_on": "2026-04-01",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [s["code"] for s in body["steps"]][-1] == "seeks_alone"
    step = body["steps"][0]
    recorded = _post(
        client,
        f"/api/v1/tracks/steps/{step['id']}/record",
        {"status": "not_relevant", "done_on": "2026-04-02"},
    )
    assert recorded.status_code == 422
    assert recorded.json()["errors"]
    recorded = _post(
        client,
        f"/api/v1/tracks/steps/{step['id']}/record",
        {"status": "done", "done_on": "2026-04-02", "outcome": "Værestedet"},
    )
    assert recorded.status_code == 200 and recorded.json()["status"] == "done"
    planned = _post(
        client,
        f"/api/v1/tracks/steps/{body['steps'][1]['id']}/plan",
        {"due_on": "2026-05-01", "owner": caseworker_ishoj.username},
    )
    assert planned.status_code == 200 and planned.json()["due_on"] == "2026-05-01"
    ended = _post(
        client,
        f"/api/v1/tracks/{body['id']}/end",
        {"status": "goal_met", "ended_on": "2026-06-01"},
    )
    assert ended.status_code == 200 and ended.json()["status"] == "goal_met"
    listed = client.get(f"/api/v1/tracks/citizen/{citizen_ishoj.uuid}").json()
    assert [t["id"] for t in listed] == [body["id"]]


def test_api_second_open_track_is_422(as_user, track, caseworker_ishoj, citizen_ishoj):
    response = _post(
        as_user(caseworker_ishoj),
        "/api/v1/tracks",
        {
            "citizen": str(citizen_ishoj.uuid),
            "template": "herning-beskaeftigelse",
            "unit": "ishoj-myndighed",
            "started_on": "2026-04-01",
        },
    )
    assert response.status_code == 422


def test_api_another_municipality_gets_404(as_user, track, caseworker_ballerup, citizen_ishoj):
    client = as_user(caseworker_ballerup)
    step = track.steps.first()
    assert client.get(f"/api/v1/tracks/{track.uuid}").status_code == 404
    assert client.get(f"/api/v1/tracks/citizen/{citizen_ishoj.uuid}").status_code == 404
    assert (
        _post(
            client,
            f"/api/v1/tracks/steps/{step.uuid}/record",
            {"status": "done", "done_on": "2026-04-02"},
        ).status_code
        == 404
    )
    assert (
        _post(
            client,
            "/api/v1/tracks",
            {
                "citizen": str(citizen_ishoj.uuid),
                "template": "herning-sundhed",
                "unit": "ballerup-myndighed",
                "started_on": "2026-04-01",
            },
        ).status_code
        == 404
    )


def test_api_partners_of_own_municipality(
    as_user, caseworker_ishoj, caseworker_ballerup, analyst_ishoj, ishoj
):
    partner = services.do_save_partner(
        user=caseworker_ishoj, municipality=ishoj, kind="housing", name="Ishøj Boligselskab"
    )
    services.do_add_contact(user=caseworker_ishoj, partner=partner, name="Bo", email="bo@x.dk")
    rows = as_user(caseworker_ishoj).get("/api/v1/tracks/partners").json()
    assert rows[0]["name"] == "Ishøj Boligselskab" and rows[0]["contacts"][0]["email"] == "bo@x.dk"
    assert as_user(caseworker_ballerup).get("/api/v1/tracks/partners").json() == []
    assert as_user(analyst_ishoj).get("/api/v1/tracks/partners").status_code == 403
    assert START
