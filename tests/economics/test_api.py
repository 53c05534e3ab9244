"""The calculators in the API: exact field names, decimals as strings, Danish 422 errors."""

import json

import pytest

from tests.economics.conftest import YOUTH_PAYLOAD

pytestmark = pytest.mark.django_db


def post(client, path, payload):
    return client.post(
        f"/api/v1/economics/{path}", data=json.dumps(payload), content_type="application/json"
    )


def test_rate_gives_3916263_and_1788_for_the_youth_housing_sheet(as_user, manager_ishoj):
    response = post(as_user(manager_ishoj), "rate", YOUTH_PAYLOAD)
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == "3916263"
    assert body["daily_rate"] == "1788"
    lines = {line["key"]: line for line in body["lines"]}
    assert lines["salary_pools"]["amount"] == "8498"
    assert lines["salary_pools"]["name"] == "Lønpuljer 0,30 % af lønninger"
    assert lines["direct_costs"]["exact"] == "3694587.500"


def test_rate_refuses_bad_input_with_field_names_and_danish_messages(as_user, analyst_ishoj):
    response = post(
        as_user(analyst_ishoj), "rate", {**YOUTH_PAYLOAD, "salaries": "mange", "places": 0}
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["salaries"] == ['Skal være et tal, fx "1234.50".']

    response = post(as_user(analyst_ishoj), "rate", {**YOUTH_PAYLOAD, "places": 0})
    assert response.status_code == 422
    assert response.json()["errors"]["places"] == ["Der skal være mindst én plads."]


def test_calculators_need_a_logged_in_staff_user(client):
    assert post(client, "rate", YOUTH_PAYLOAD).status_code == 401


def test_reimbursement_returns_per_stay_in_input_order_and_totals(as_user, caseworker_ishoj):
    payload = {
        "stays": [
            {
                "citizen": "A",
                "section": "110",
                "start": "2024-03-01",
                "end": "2024-05-01",
                "daily_rate": "1000",
                "own_payment_per_night": "100",
            },
            {
                "citizen": "A",
                "section": "110",
                "start": "2023-11-01",
                "end": "2024-02-01",
                "daily_rate": "1000",
                "own_payment_per_night": "100",
            },
        ]
    }
    response = post(as_user(caseworker_ishoj), "reimbursement", payload)
    assert response.status_code == 200, response.content
    body = response.json()
    later, earlier = body["stays"]
    assert (later["nights"], later["reimbursed_nights"]) == (61, 28)
    assert later["gross"] == "61000.00"
    assert later["own_payment"] == "6100.00"
    assert later["reimbursement"] == "12600.00"
    assert later["net"] == "42300.00"
    assert earlier["reimbursed_nights"] == 92
    assert body["totals"]["reimbursed_nights"] == 120
    assert body["totals"]["reimbursement"] == "54000.00"
    assert body["months"][0]["month"] == "2023-11"


def test_reimbursement_validation_errors_name_the_stay_and_field(as_user, manager_ishoj):
    payload = {
        "stays": [
            {"citizen": "A", "start": "2024-03-01", "end": "2024-02-01", "daily_rate": "1000"}
        ]
    }
    response = post(as_user(manager_ishoj), "reimbursement", payload)
    assert response.status_code == 422
    assert response.json()["errors"] == {"stays.0.end": ["Slutdatoen ligger før startdatoen."]}

    payload = {
        "stays": [{"citizen": "A", "start": "1.3.2024", "end": "2024-04-01", "daily_rate": "1000"}]
    }
    response = post(as_user(manager_ishoj), "reimbursement", payload)
    assert response.status_code == 422
    assert response.json()["errors"]["stays.0.start"] == ["Skal være en dato (ÅÅÅÅ-MM-DD)."]


def test_investment_with_and_without_sector_split(as_user, manager_ishoj):
    payload = {
        "participants": 15,
        "years": 3,
        "added_costs": "60000",
        "fallen_costs": "10000",
        "effect_new_costs": {"municipality": "5000", "region": "2000"},
        "effect_fallen_costs": {"municipality": "40000", "region": "8000", "state": "12000"},
        "effects_entry": "per_year",
    }
    response = post(as_user(manager_ishoj), "investment", payload)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["per_citizen"]["intervention"] == "50000.00"
    assert body["per_citizen"]["net"] == "-109000.00"
    assert body["per_citizen"]["by_sector"]["region"]["net"] == "-18000.00"
    assert body["total"]["net"] == "-1635000.00"
    assert body["total"]["by_sector"]["municipality"]["intervention"] == "750000.00"
    assert body["effects_entry"] == "per_year"
    assert "ganget med tidshorisonten på 3 år" in body["horizon_note"]


def test_investment_takes_som_effect_lines_as_printed_by_default(as_user, manager_ishoj):
    payload = {
        "participants": 15,
        "years": 3,
        "added_costs": "163609",
        "fallen_costs": "115600",
        "effect_new_costs": "4268",
        "effect_fallen_costs": "47527",
    }
    body = post(as_user(manager_ishoj), "investment", payload).json()
    assert body["effects_entry"] == "total"
    assert (body["per_citizen"]["intervention"], body["per_citizen"]["effect"]) == (
        "48009.00",
        "-43259.00",
    )
    assert body["per_citizen"]["net"] == "4750.00"
    assert body["total"]["net"] == "71250.00"
    assert "ikke ganget med antal år" in body["horizon_note"]


def test_investment_refuses_an_unknown_sector_and_a_long_horizon(as_user, manager_ishoj):
    payload = {"participants": 1, "years": 12, "added_costs": {"kommune": "1"}}
    response = post(as_user(manager_ishoj), "investment", payload)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "added_costs": ["Ukendt sektor: kommune. Brug municipality, region eller state."]
    }
    payload = {"participants": 1, "years": 12, "added_costs": "100"}
    response = post(as_user(manager_ishoj), "investment", payload)
    assert response.json()["errors"] == {"years": ["Tidshorisonten skal være 1 til 10 år."]}


def test_forecast_and_budget_endpoints(as_user, manager_ishoj):
    client = as_user(manager_ishoj)
    response = post(
        client,
        "forecast",
        {
            "start": "2026-06-01",
            "move_after_nights": 30,
            "support_per_day": "400",
            "stays": [
                {
                    "citizen": "A",
                    "start": "2026-06-01",
                    "daily_rate": "1000",
                    "own_payment_per_night": "100",
                }
            ],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["months"]) == 12
    assert body["stay_as_is"]["net"] == "288000.00"  # 365 000 − 36 500 − 90 × 450
    assert body["move_out"]["net"] == "80500.00"  # 30 × 450 + 335 × 200
    assert body["saving"] == "207500.00"

    response = post(
        client,
        "budget",
        {
            "cost_sheet": YOUTH_PAYLOAD,
            "year": 2022,
            "as_of": "2023-01-01",
            "stays": [
                {"citizen": "A", "start": "2022-01-01", "end": "2022-04-01", "daily_rate": "1788"}
            ],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["budget"] == "3916263"
    assert body["daily_rate"] == "1788"
    assert body["occupied_nights"] == 90
    assert body["actual"] == str(90 * 1788)


def test_openapi_lists_the_three_named_calculators(as_user, manager_ishoj):
    schema = as_user(manager_ishoj).get("/api/v1/openapi.json").json()
    for path in ("rate", "reimbursement", "investment"):
        assert f"/api/v1/economics/{path}" in schema["paths"]
