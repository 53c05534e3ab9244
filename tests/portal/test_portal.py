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
from tests.foundation.test_url_walk import _leaks, all_paths, api_routes

pytestmark = pytest.mark.django_db


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
    assert "opslag, søgning" in html
    assert "Mette" not in html and "sagsbehandler.ishoj" not in html
    assert "Borgeren så sine samtykker" not in html


def test_who_looked_groups_a_units_uses_on_a_day_into_one_row_with_one_purpose(
    jorgen, as_user, caseworker_ishoj, citizen_ishoj
):
    for _ in range(3):
        as_user(caseworker_ishoj).get(f"/borgere/{citizen_ishoj.uuid}/")
    html = jorgen.get("/mine-sider/hvem-har-set-mine-oplysninger/").content.decode()
    assert html.count("– Myndighed, Voksne udsatte</p>") == 1
    assert "3 gange: opslag" in html
    assert "Formål: Sagsbehandling i Myndighed, Voksne udsatte" in html


def test_the_logo_on_mine_sider_leads_to_mine_sider(jorgen):
    html = jorgen.get("/mine-sider/").content.decode()
    assert '<a href="/mine-sider/" class="hjemvej-brand">Hjemvej – Mine sider</a>' in html


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


CPR_CLAIM = "https://data.gov.dk/model/core/eid/cprNumber"


def _id_token(key, cpr: str, expected_nonce: str, alg: str = "RS256", **overrides) -> str:
    from authlib.jose import jwt

    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": "hjemvej",
        "sub": "abc",
        "iat": now,
        "exp": now + 300,
        "nonce": expected_nonce,
        CPR_CLAIM: cpr,
    }
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    if alg == "none":
        import base64

        def part(data: dict) -> str:
            raw = json.dumps(data).encode()
            return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

        return f"{part({'alg': 'none'})}.{part(claims)}."
    return jwt.encode({"alg": alg, "kid": "k1"}, claims, key).decode()


def _mitid_login(client, broker, cpr: str, alg: str = "RS256", **overrides):
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
                "id_token": _id_token(key, cpr, query["nonce"][0], alg, **overrides),
            }
        ),
        content_type="application/json",
    )
    response = client.get(
        "/mine-sider/log-ind/mitid/retur/", {"code": "kode", "state": query["state"][0]}
    )
    response.authorize_query = query
    return response


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


def test_mitid_login_sends_pkce_s256_and_the_verifier(broker, citizen_ishoj):
    import base64
    import hashlib

    mock, _ = broker
    client = Client()
    response = _mitid_login(client, broker, citizen_ishoj.cpr)
    assert response["Location"] == "/mine-sider/"
    assert response.authorize_query["code_challenge_method"] == ["S256"]
    token_call = [c for c in mock.calls if c.request.url == f"{ISSUER}/token"][-1]
    verifier = parse_qs(token_call.request.body)["code_verifier"][0]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    assert response.authorize_query["code_challenge"] == [challenge.decode()]


@pytest.mark.parametrize(
    "alg, overrides",
    [
        ("RS256", {"aud": "en-anden-klient", "azp": "hjemvej"}),
        ("RS256", {"aud": ["hjemvej", "en-anden-klient"], "azp": None}),
        ("RS256", {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}),
        ("RS256", {"iss": "https://falsk-broker.example"}),
        ("RS256", {"nonce": "genbrugt-nonce"}),
        ("none", {}),
    ],
    ids=[
        "wrong-audience-with-our-azp",
        "two-audiences-no-azp",
        "expired",
        "wrong-issuer",
        "replayed-nonce",
        "unsigned",
    ],
)
def test_mitid_login_refuses_a_token_that_is_not_for_us(broker, citizen_ishoj, alg, overrides):
    client = Client()
    response = _mitid_login(client, broker, citizen_ishoj.cpr, alg, **overrides)
    assert response["Location"] == "/mine-sider/log-ind/"
    page = client.get("/mine-sider/log-ind/").content.decode()
    assert "Login med MitID lykkedes ikke" in page
    assert "Hej Jørgen" not in client.get("/mine-sider/", follow=True).content.decode()


def test_mitid_login_fetches_the_cpr_number_from_userinfo_when_the_id_token_lacks_it(
    broker, citizen_ishoj
):
    mock, _ = broker
    mock.get(f"{ISSUER}/userinfo", json={"sub": "abc", CPR_CLAIM: citizen_ishoj.cpr})
    client = Client()
    response = _mitid_login(client, broker, "", **{CPR_CLAIM: None})
    assert response["Location"] == "/mine-sider/"
    assert "Hej Jørgen" in client.get("/mine-sider/").content.decode()


def test_userinfo_about_another_person_is_refused(broker, citizen_ishoj):
    mock, _ = broker
    mock.get(f"{ISSUER}/userinfo", json={"sub": "en-anden", CPR_CLAIM: citizen_ishoj.cpr})
    client = Client()
    response = _mitid_login(client, broker, "", **{CPR_CLAIM: None})
    assert response["Location"] == "/mine-sider/log-ind/"
