"""The JSON API: tokens, citizens, the same policy and log as the UI, Danish validation errors."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from hjemvej.accounts.models import ApiToken
from hjemvej.audit.models import Action, AuditEntry
from hjemvej.people.models import Citizen

pytestmark = pytest.mark.django_db


def token_for(client: Client, username: str, password: str = "hjemvej-test-kode") -> str:
    response = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


@pytest.fixture
def api(caseworker_ishoj):
    client = Client()
    token = token_for(client, "sagsbehandler.ishoj")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    client.token = token
    return client


def test_openapi_document_is_served(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/citizens" in doc["paths"]
    assert "/api/v1/auth/token" in doc["paths"]


def test_wrong_password_gives_401_in_danish(client, caseworker_ishoj):
    response = client.post(
        "/api/v1/auth/token",
        {"username": "sagsbehandler.ishoj", "password": "forkert"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response.json()["detail"] == "Brugernavn eller adgangskode er forkert."


def test_list_and_get_citizens(api, citizen_ishoj, citizen_ballerup):
    listing = api.get("/api/v1/citizens").json()
    assert [r["name"] for r in listing["results"]] == ["Jørgen Østergaard"]
    detail = api.get(f"/api/v1/citizens/{citizen_ishoj.uuid}").json()
    assert detail["cpr"] == citizen_ishoj.cpr and detail["acting_municipality"] == 183


def test_ballerup_citizen_is_404_through_the_api_and_logged(api, citizen_ballerup):
    response = api.get(f"/api/v1/citizens/{citizen_ballerup.uuid}")
    assert response.status_code == 404
    assert "Freja" not in response.content.decode()
    assert AuditEntry.objects.filter(
        action=Action.DENIED, citizen_uuid=citizen_ballerup.uuid
    ).exists()


def test_bad_cpr_gives_422_with_danish_message_and_saves_nothing(api, ishoj):
    response = api.post(
        "/api/v1/citizens",
        {
            "cpr": "3113991234",
            "first_name": "Test",
            "last_name": "Person",
            "acting_municipality": 183,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["errors"]["cpr"] == [
        "CPR-nummeret indeholder ikke en gyldig fødselsdato (dag og måned findes ikke)."
    ]
    assert Citizen.objects.count() == 0


def test_missing_and_wrongly_typed_fields_are_422_not_500(api, ishoj):
    response = api.post(
        "/api/v1/citizens",
        {"first_name": 5, "acting_municipality": "x"},
        content_type="application/json",
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["cpr"] == ["Feltet skal udfyldes."]
    assert "acting_municipality" in errors
    broken = api.post("/api/v1/citizens", "{ikke json", content_type="application/json")
    assert broken.status_code in (400, 422)


def test_create_and_patch_with_version_check(api, ishoj):
    created = api.post(
        "/api/v1/citizens",
        {
            "cpr": "0203711013",
            "first_name": "Søren",
            "last_name": "Ærø",
            "acting_municipality": 183,
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    cid = created.json()["id"]
    patched = api.patch(
        f"/api/v1/citizens/{cid}",
        {"phone": "12345678", "version": 1},
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["version"] == 2
    stale = api.patch(
        f"/api/v1/citizens/{cid}",
        {"phone": "87654321", "version": 1},
        content_type="application/json",
    )
    assert stale.status_code == 422
    assert "En anden har gemt ændringer" in stale.json()["errors"]["__all__"][0]
    assert Citizen.objects.get().phone == "12345678"


def test_cannot_create_in_another_municipality(api, ballerup):
    response = api.post(
        "/api/v1/citizens",
        {"cpr": "0203711013", "first_name": "A", "last_name": "B", "acting_municipality": 151},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "egen kommune" in response.json()["errors"]["acting_municipality"][0]


def test_token_can_be_revoked_and_expires(api, citizen_ishoj):
    assert api.get("/api/v1/citizens").status_code == 200
    assert api.delete("/api/v1/auth/token").status_code == 204
    assert api.get("/api/v1/citizens").status_code == 401

    fresh = Client()
    token = token_for(fresh, "sagsbehandler.ishoj")
    fresh.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    ApiToken.objects.filter(revoked_at__isnull=True).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert fresh.get("/api/v1/citizens").status_code == 401


def test_analyst_gets_no_citizen_data(client, analyst_ishoj, citizen_ishoj):
    token = token_for(client, "analytiker.ishoj")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/v1/citizens", **headers).status_code == 403
    assert client.get(f"/api/v1/citizens/{citizen_ishoj.uuid}", **headers).status_code == 404


def test_session_auth_works_for_the_browser_and_needs_csrf_for_writes(
    caseworker_ishoj, citizen_ishoj
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker_ishoj)
    assert client.get("/api/v1/citizens").status_code == 200
    response = client.patch(
        f"/api/v1/citizens/{citizen_ishoj.uuid}",
        json.dumps({"phone": "1"}),
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
