"""Issue 12, items 5 and 6: tokens end with a new password or a lost role, writes need the
version, login throttling per address with JSON 429 in the API, and a contract where every
schema has its own name and every error status is documented."""

import pytest
from django.test import Client
from ninja import Schema

from hjemvej.accounts.models import Membership
from hjemvej.api.api import api as hjemvej_api
from hjemvej.people.models import Citizen
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "hjemvej-test-kode"


def _token(client: Client, username: str, password: str = PASSWORD):
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR="10.0.0.7",
    )


def _bearer(username: str) -> Client:
    client = Client()
    response = _token(client, username)
    assert response.status_code == 200, response.content
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {response.json()['token']}"
    return client


# --- 5: tokens end when the password changes or a role is taken away -------------------------


def test_token_stops_working_after_the_password_is_changed_in_the_admin(
    caseworker_ishoj, citizen_ishoj
):
    api = _bearer("sagsbehandler.ishoj")
    assert api.get("/api/v1/citizens").status_code == 200
    admin = Client()
    # Django's admin is for superusers (issue 17); the municipality's administrator has the
    # DKFDS pages, which set no passwords.
    admin.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    response = admin.post(
        f"/django-admin/accounts/user/{caseworker_ishoj.pk}/password/",
        {"password1": "en-helt-ny-kode-2026", "password2": "en-helt-ny-kode-2026"},
    )
    assert response.status_code == 302, response.content.decode()
    assert api.get("/api/v1/citizens").status_code == 401


def test_token_stops_working_after_set_password(caseworker_ishoj, citizen_ishoj):
    api = _bearer("sagsbehandler.ishoj")
    caseworker_ishoj.set_password("en-helt-ny-kode-2026")
    caseworker_ishoj.save()
    assert api.get("/api/v1/citizens").status_code == 401


def test_token_stops_working_after_a_role_is_removed_in_the_admin(
    manager_ishoj, admin_user, citizen_ishoj
):
    api = _bearer("leder.ishoj")
    assert api.get(f"/api/v1/citizens/{citizen_ishoj.uuid}").status_code == 200
    memberships = list(Membership.objects.filter(user=manager_ishoj).order_by("pk"))
    admin = Client()
    admin.force_login(admin_user)
    response = admin.post(
        f"/administration/brugere/{manager_ishoj.uuid}/roller/{memberships[0].pk}/fjern/"
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Membership.objects.filter(user=manager_ishoj).count() == len(memberships) - 1
    assert api.get(f"/api/v1/citizens/{citizen_ishoj.uuid}").status_code == 401


def test_another_users_password_change_leaves_my_token_alone(caseworker_ishoj, citizen_ishoj):
    api = _bearer("sagsbehandler.ishoj")
    other = UserFactory(username="anden.bruger")
    other.set_password("noget-helt-andet-2026")
    other.save()
    assert api.get("/api/v1/citizens").status_code == 200


# --- 5: a write without the version is refused ------------------------------------------------


def test_patch_without_version_is_refused_and_nothing_is_saved(caseworker_ishoj, citizen_ishoj):
    api = _bearer("sagsbehandler.ishoj")
    response = api.patch(
        f"/api/v1/citizens/{citizen_ishoj.uuid}",
        {"phone": "99999999"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"version": ["Feltet skal udfyldes."]}
    assert Citizen.objects.get(pk=citizen_ishoj.pk).phone == "20304050"


def test_every_versioned_resource_requires_the_version_in_its_write_schema(client):
    doc = client.get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    versioned = {name for name, s in schemas.items() if "version" in s.get("properties", {})}
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            if method not in ("patch", "put"):
                continue
            body = operation["requestBody"]["content"]["application/json"]["schema"]
            name = body["$ref"].rsplit("/", 1)[1]
            assert "version" in schemas[name].get("required", []), (method, path)
            versioned.discard(name)
    assert versioned <= {"CitizenOut", "PlanOut", "PlacementOut"}  # read schemas only


# --- 5: login throttling per address, JSON 429 in the API -------------------------------------


def test_one_password_against_many_usernames_locks_the_address(settings, caseworker_ishoj):
    settings.AXES_ENABLED = True
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    client = Client()
    for i in range(5):
        response = _token(client, f"gaet.bruger{i}", "Sommer2026!")
        assert response.status_code == 401
    # The sixth failure from the address, each username tried only once, locks it.
    assert _token(client, "gaet.bruger5", "Sommer2026!").status_code == 429
    # The real user with the right password, from the same address: locked out, in JSON.
    locked = _token(client, "sagsbehandler.ishoj")
    assert locked.status_code == 429
    assert locked["Content-Type"].startswith("application/json")
    assert locked.json() == {"detail": "For mange forkerte forsøg. Prøv igen om 15 minutter."}
    # Another address is not affected.
    other = client.post(
        "/api/v1/auth/token",
        {"username": "sagsbehandler.ishoj", "password": PASSWORD},
        content_type="application/json",
        REMOTE_ADDR="10.0.0.8",
    )
    assert other.status_code == 200


def test_api_lockout_of_one_username_is_json_429(settings, caseworker_ishoj):
    settings.AXES_ENABLED = True
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _token(client, "sagsbehandler.ishoj", "forkert").status_code == 401
    assert _token(client, "sagsbehandler.ishoj", "forkert").status_code == 429  # the fifth
    locked = _token(client, "sagsbehandler.ishoj", PASSWORD)
    assert locked.status_code == 429
    assert locked.json()["detail"].startswith("For mange forkerte forsøg")


def test_browser_lockout_stays_a_danish_page(settings, caseworker_ishoj):
    settings.AXES_ENABLED = True
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    client = Client()
    for i in range(3):
        client.post("/log-ind/", {"username": f"gaet{i}", "password": "x"})
    locked = client.post("/log-ind/", {"username": "sagsbehandler.ishoj", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Brugeren er midlertidigt spærret" in locked.content.decode()


# --- 6: the contract --------------------------------------------------------------------------


def _schema_classes():
    seen, stack = [], list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("hjemvej."):
            seen.append(cls)
    return seen


def test_every_api_schema_has_its_own_name():
    assert hjemvej_api  # every router is registered
    names: dict[str, str] = {}
    for cls in _schema_classes():
        where = f"{cls.__module__}.{cls.__qualname__}"
        assert cls.__name__ not in names, f"{where} and {names[cls.__name__]}"
        names[cls.__name__] = where


def _resolve(doc, schema):
    if "$ref" in schema:
        return doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def test_a_stay_is_documented_with_the_stays_schema(client):
    doc = client.get("/api/v1/openapi.json").json()
    ok = doc["paths"]["/api/v1/stays/{stay_id}"]["get"]["responses"]["200"]
    schema = _resolve(doc, ok["content"]["application/json"]["schema"])
    assert {"offer", "room", "flags", "destination"} <= set(schema["properties"])
    stays = _resolve(doc, doc["components"]["schemas"]["ReimbursementOut"]["properties"]["stays"])
    item = _resolve(doc, stays["items"])
    assert "periods" in item["properties"]


def test_every_operation_documents_its_error_statuses(client):
    doc = client.get("/api/v1/openapi.json").json()
    error = doc["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["detail"]
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            expected = set()
            if operation.get("security"):
                expected |= {"401", "403"}
            if operation.get("parameters") or operation.get("requestBody"):
                expected.add("422")
            if operation.get("requestBody"):
                expected.add("400")
            assert expected <= set(responses), (method, path, sorted(responses))
    admit = doc["paths"]["/api/v1/stays"]["post"]["responses"]
    assert {"201", "202", "400", "401", "403", "404", "409", "422"} <= set(admit)
    token = doc["paths"]["/api/v1/auth/token"]["post"]["responses"]
    assert {"200", "401", "422", "429"} <= set(token)


def test_a_validation_error_matches_the_documented_error_schema(caseworker_ishoj):
    api = _bearer("sagsbehandler.ishoj")
    response = api.post("/api/v1/citizens", "{ikke json", content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) <= {"detail", "errors"}


def test_docs_and_schema_need_a_login_in_production(settings, caseworker_ishoj):
    settings.API_DOCS_PUBLIC = False
    anonymous = Client()
    schema = anonymous.get("/api/v1/openapi.json")
    assert schema.status_code == 401
    assert schema.json()["detail"].startswith("Du skal logge ind")
    docs = anonymous.get("/api/v1/docs")
    assert docs.status_code == 302 and docs["Location"].startswith("/log-ind/")
    assert _bearer("sagsbehandler.ishoj").get("/api/v1/openapi.json").status_code == 200
    session = Client()
    session.force_login(caseworker_ishoj)
    assert session.get("/api/v1/docs").status_code == 200


def test_docs_are_public_when_the_operator_says_so(settings):
    settings.API_DOCS_PUBLIC = True
    assert Client().get("/api/v1/openapi.json").status_code == 200
    assert Client().get("/api/v1/docs").status_code == 200


def test_production_settings_keep_the_docs_closed_unless_turned_public():
    from tests.foundation.test_security import PROD_ENV, _run

    read = "from django.conf import settings; print(settings.API_DOCS_PUBLIC)"
    closed = _run("shell", "-c", read, env=PROD_ENV)
    assert closed.stdout.strip().splitlines()[-1] == "False", closed.stderr
    public = _run("shell", "-c", read, env={**PROD_ENV, "HJEMVEJ_API_DOCS_PUBLIC": "1"})
    assert public.stdout.strip().splitlines()[-1] == "True", public.stderr


# --- 8: what the fuzzer found -----------------------------------------------------------------


def test_an_id_that_is_not_a_uuid_is_a_json_404(caseworker_ishoj):
    api = _bearer("sagsbehandler.ishoj")
    for method, path in [
        ("GET", "/api/v1/citizens/0"),
        ("POST", "/api/v1/stays/0/discharge"),
        ("PATCH", "/api/v1/citizens/0"),
        ("GET", "/api/v1/findes-ikke"),
    ]:
        response = api.generic(method, path, "{}", content_type="application/json")
        assert response.status_code == 404, (method, path)
        assert response.json() == {"detail": "Ikke fundet."}


def test_a_write_without_any_login_is_401_not_a_csrf_403(db):
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/economics/reimbursement", {"stays": []}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Du skal logge ind")


def test_a_budget_year_outside_the_calendar_is_a_422_not_a_500(manager_ishoj):
    api = _bearer("leder.ishoj")
    response = api.post(
        "/api/v1/economics/budget",
        {"cost_sheet": {"places": 1, "salaries": "0"}, "stays": [], "year": 0},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "year" in response.json()["errors"]
