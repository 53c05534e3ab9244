"""The citizen's own pages: login, who has looked at my data, consents, and the walls."""

import json
import time
from urllib.parse import parse_qs, urlparse

import pytest
import responses
from django.test import Client

from hjemvej.audit.models import Action, AuditEntry
from hjemvej.people.models import Consent
from hjemvej.portal import oidc
from hjemvej.portal.models import DemoLogin
from tests.foundation.test_url_walk import _leaks, all_paths, api_routes

pytestmark = pytest.mark.django_db


@pytest.fixture
def jorgen_login(citizen_ishoj):
    account = DemoLogin(citizen=citizen_ishoj, username="borger1")
    account.set_password("hjemvej-test-kode")
    account.save()
    return account


@pytest.fixture
def jorgen(jorgen_login) -> Client:
    client = Client()
    response = client.post(
        "/mine-sider/log-ind/", {"username": "borger1", "password": "hjemvej-test-kode"}
    )
    assert response.status_code == 302 and response["Location"] == "/mine-sider/"
    return client


def test_wrong_password_is_refused_in_danish(jorgen_login):
    response = Client().post("/mine-sider/log-ind/", {"username": "borger1", "password": "forkert"})
    assert "Brugernavn eller adgangskode er forkert." in response.content.decode()


def test_front_page_greets_the_citizen(jorgen):
    html = jorgen.get("/mine-sider/").content.decode()
    assert "Hej Jørgen" in html
    assert "Hvem har set mine oplysninger" in html


def test_citizen_sees_who_looked_with_unit_and_purpose_but_not_the_staff_name(
    jorgen, as_user, caseworker_ishoj, citizen_ishoj
):
    as_user(caseworker_ishoj).get(f"/borgere/{citizen_ishoj.uuid}/")
    as_user(caseworker_ishoj).get("/borgere/", {"q": "Østergaard"})
    jorgen.get("/mine-sider/samtykker/")  # the citizen's own look is not listed
    html = jorgen.get("/mine-sider/hvem-har-set-mine-oplysninger/").content.decode()
    assert "Myndighed, Voksne udsatte" in html
    assert "Sagsbehandling i Myndighed, Voksne udsatte" in html
    assert "Søgning på navn" in html
    assert "Mette" not in html and "sagsbehandler.ishoj" not in html
    assert "Borgeren så sine samtykker" not in html


def test_citizen_withdraws_a_consent_and_it_is_logged_as_the_citizens_act(jorgen, citizen_ishoj):
    consent = Consent.objects.create(
        citizen=citizen_ishoj,
        direction="collect",
        information="Journal fra egen læge",
        party="Lægehuset Ishøj",
        purpose="Handleplan",
        valid_from="2026-01-01",
        valid_until="2027-01-01",
    )
    jorgen.post(f"/mine-sider/samtykker/{consent.uuid}/tilbagetraek/")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by_citizen
    row = AuditEntry.objects.get(action=Action.CHANGE, citizen_uuid=citizen_ishoj.uuid)
    assert row.actor_username == "borgeren selv"


def test_another_citizens_consent_is_404(jorgen, citizen_ballerup):
    other = Consent.objects.create(
        citizen=citizen_ballerup,
        direction="collect",
        information="x",
        party="y",
        purpose="z",
        valid_from="2026-01-01",
        valid_until="2027-01-01",
    )
    assert jorgen.post(f"/mine-sider/samtykker/{other.uuid}/tilbagetraek/").status_code == 404
    other.refresh_from_db()
    assert other.withdrawn_at is None


def test_citizen_session_reaches_no_staff_page_and_no_other_citizens_data(
    jorgen, citizen_ballerup, citizen_ishoj
):
    for path in all_paths(citizen_ballerup.uuid):
        if path.startswith("/mine-sider/"):
            continue
        for method in ("get", "post"):
            response = getattr(jorgen, method)(path)
            assert response.status_code != 500
            body = response.content.decode(errors="replace")
            assert not _leaks(body, citizen_ballerup), path
            assert not _leaks(body, citizen_ishoj) or path == "/", (
                path
            )  # staff pages show not even their own data
    for method, path in api_routes(Client(), citizen_ishoj.uuid):
        response = jorgen.generic(method, path, "{}", content_type="application/json")
        assert response.status_code in (401, 403, 404, 405, 422) or path.endswith(
            ("openapi.json", "docs")
        ), (method, path, response.status_code)
        assert not _leaks(response.content.decode(errors="replace"), citizen_ishoj), (method, path)


def test_staff_login_is_ended_when_a_citizen_logs_in_in_the_same_browser(
    jorgen_login, caseworker_ishoj
):
    client = Client()
    client.force_login(caseworker_ishoj)
    client.post("/mine-sider/log-ind/", {"username": "borger1", "password": "hjemvej-test-kode"})
    assert client.get("/borgere/").status_code == 302  # to the staff login


def test_logout_ends_the_citizen_session(jorgen):
    jorgen.post("/mine-sider/log-ud/")
    assert jorgen.get("/mine-sider/").status_code == 302


# --- MitID through the municipality's OpenID Connect broker --------------------------------

ISSUER = "https://broker.example"


@pytest.fixture
def broker(settings):
    from authlib.jose import JsonWebKey

    settings.OIDC_ISSUER = ISSUER
    settings.OIDC_CLIENT_ID = "hjemvej"
    settings.OIDC_CLIENT_SECRET = "hemmelig"
    settings.OIDC_CPR_CLAIM = "https://data.gov.dk/model/core/eid/cprNumber"
    oidc.reset()
    key = JsonWebKey.generate_key("RSA", 2048, is_private=True)
    key_dict = key.as_dict(is_private=False)
    key_dict["kid"] = "k1"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(
            f"{ISSUER}/.well-known/openid-configuration",
            json={
                "issuer": ISSUER,
                "authorization_endpoint": f"{ISSUER}/auth",
                "token_endpoint": f"{ISSUER}/token",
                "jwks_uri": f"{ISSUER}/jwks",
                "userinfo_endpoint": f"{ISSUER}/userinfo",
                "id_token_signing_alg_values_supported": ["RS256"],
            },
        )
        mock.get(f"{ISSUER}/jwks", json={"keys": [key_dict]})
        yield mock, key
    oidc.reset()


def _id_token(key, cpr: str, nonce: str) -> str:
    from authlib.jose import jwt

    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": "hjemvej",
        "sub": "abc",
        "iat": now,
        "exp": now + 300,
        "nonce": nonce,
        "https://data.gov.dk/model/core/eid/cprNumber": cpr,
    }
    return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key).decode()


def _mitid_login(client, broker, cpr: str):
    mock, key = broker
    start = client.get("/mine-sider/log-ind/mitid/")
    assert start.status_code == 302
    query = parse_qs(urlparse(start["Location"]).query)
    assert start["Location"].startswith(f"{ISSUER}/auth")
    mock.post(
        f"{ISSUER}/token",
        body=json.dumps(
            {
                "access_token": "at",
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": _id_token(key, cpr, query["nonce"][0]),
            }
        ),
        content_type="application/json",
    )
    return client.get(
        "/mine-sider/log-ind/mitid/retur/", {"code": "kode", "state": query["state"][0]}
    )


def test_mitid_login_matches_the_citizen_by_cpr(broker, citizen_ishoj):
    client = Client()
    response = _mitid_login(client, broker, citizen_ishoj.cpr)
    assert response.status_code == 302 and response["Location"] == "/mine-sider/"
    assert "Hej Jørgen" in client.get("/mine-sider/").content.decode()


def test_mitid_login_of_unknown_cpr_is_refused_in_danish(broker, citizen_ishoj):
    client = Client()
    response = _mitid_login(client, broker, "0101801234")
    assert response["Location"] == "/mine-sider/log-ind/"
    assert "Du er ikke registreret i Hjemvej" in client.get("/mine-sider/log-ind/").content.decode()
