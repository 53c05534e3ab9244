import pytest

from hjemvej.audit.models import AuditEntry
from hjemvej.plans import rules
from hjemvej.plans.ffb import Vocabulary
from tests.plans.conftest import level, term

pytestmark = pytest.mark.django_db


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_api_plan_goal_sub_goal_and_scores_speak_kls_codes(
    caseworker_ishoj, citizen_ishoj, ishoj_authority, as_user, today
):
    client = as_user(caseworker_ishoj)
    base = f"/api/v1/citizens/{citizen_ishoj.uuid}"
    start = rules.add_months(today, -2)
    r = _post(
        client,
        f"{base}/plans",
        {
            "kind": "action_141",
            "unit": str(ishoj_authority.uuid),
            "starts_on": start.isoformat(),
            "purpose": "Egen bolig",
            "citizen_wishes": "Et sted med have",
        },
    )
    assert r.status_code == 201, r.content
    plan_id = r.json()["id"]
    develop = term(Vocabulary.GOAL_TYPE, "Udvikle funktionsevne")
    r = _post(
        client,
        f"{base}/plans/{plan_id}/goals",
        {
            "kind": "professional",
            "title": "Jeg klarer selv madlavning",
            "proposed_by": "citizen",
            "specific": "a",
            "measurable": "b",
            "attractive": "c",
            "realistic": "d",
            "deadline": rules.add_months(today, 6).isoformat(),
            "goal_type": str(develop.code),
            "target_level": str(level(1).code),
            "themes": [str(term(Vocabulary.THEME, "Lave mad").code)],
        },
    )
    assert r.status_code == 201, r.content
    goal = r.json()
    assert goal["goal_type"] == {"code": str(develop.code), "display": "Udvikle funktionsevne"}
    r = _post(
        client,
        f"{base}/goals/{goal['id']}/sub-goals",
        {"text": "Jeg har en ugeplan", "follow_up_on": rules.add_months(start, 1).isoformat()},
    )
    assert r.status_code == 201, r.content
    sg = r.json()["id"]
    for day, value in ((start, 3), (rules.add_months(start, 1), 1)):
        r = _post(
            client,
            f"{base}/sub-goals/{sg}/scores",
            {"scored_on": day.isoformat(), "value": value},
        )
        assert r.status_code == 201, r.content
    r = _post(client, f"{base}/sub-goals/{sg}/scores", {"scored_on": today.isoformat(), "value": 7})
    assert r.status_code == 422
    assert r.json()["errors"]["value"] == ["Scoren skal være fra 0 til 4."]

    scores = client.get(f"{base}/sub-goals/{sg}/scores").json()["results"]
    assert [s["value"] for s in scores] == [3, 1]
    plans = client.get(f"{base}/plans").json()["results"]
    sub = plans[0]["goals"][0]["sub_goals"][0]
    assert (sub["baseline"], sub["latest"], sub["change"]) == (3, 1, -2)
    assert plans[0]["version"] == 3


def test_api_assessment_with_levels_by_code(
    caseworker_ishoj, citizen_ishoj, ishoj_authority, as_user, today
):
    client = as_user(caseworker_ishoj)
    base = f"/api/v1/citizens/{citizen_ishoj.uuid}"
    practical = term(Vocabulary.THEME, "Praktiske opgaver")
    r = _post(
        client,
        f"{base}/assessments",
        {
            "assessed_on": today.isoformat(),
            "unit": str(ishoj_authority.uuid),
            "themes": [
                {
                    "theme": str(practical.code),
                    "citizen_view": "Jeg klarer det",
                    "level": str(level(2).code),
                }
            ],
        },
    )
    assert r.status_code == 201, r.content
    listed = client.get(f"{base}/assessments").json()["results"]
    assert listed[0]["themes"][0]["theme"]["code"] == str(practical.code)
    assert listed[0]["themes"][0]["level_value"] == 2


def test_api_other_municipality_gets_404_and_is_logged(caseworker_ballerup, citizen_ishoj, as_user):
    client = as_user(caseworker_ballerup)
    for path in ("plans", "assessments"):
        assert client.get(f"/api/v1/citizens/{citizen_ishoj.uuid}/{path}").status_code == 404
    assert AuditEntry.objects.filter(action="denied", citizen_uuid=citizen_ishoj.uuid).count() == 2


def test_existing_citizen_routes_still_answer(caseworker_ishoj, citizen_ishoj, as_user):
    r = as_user(caseworker_ishoj).get(f"/api/v1/citizens/{citizen_ishoj.uuid}")
    assert r.status_code == 200 and r.json()["last_name"] == "Østergaard"
