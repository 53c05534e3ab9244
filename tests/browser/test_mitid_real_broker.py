"""The citizen's MitID login against a real OpenID Connect server (panva's oidc-provider, as the
municipality's broker), driven in Chromium: PKCE is required by the server, and the CPR number
comes either in the ID token or only from the UserInfo endpoint."""

import pytest

from hjemvej.portal import oidc
from tests.browser.conftest import assert_accessible
from tests.idp.servers import oidc_provider

CPR_CLAIM = "https://data.gov.dk/model/core/eid/cprNumber"


@pytest.fixture
def broker_for(settings, live_server):
    def start(citizen_cpr: str, claims_in: str):
        redirect = f"{live_server.url}/mine-sider/log-ind/mitid/retur/"
        server = oidc_provider(
            clients=[
                {
                    "client_id": "hjemvej",
                    "client_secret": "en-lang-hemmelighed-til-testen",
                    "redirect_uris": [redirect],
                    "grant_types": ["authorization_code"],
                    "response_types": ["code"],
                    "token_endpoint_auth_method": "client_secret_basic",
                }
            ],
            accounts={"jorgen": {CPR_CLAIM: citizen_cpr}, "ukendt": {CPR_CLAIM: "0101801234"}},
            scopes={"mitid": [CPR_CLAIM]},
            claims_in=claims_in,
        )
        issuer = server.__enter__()
        settings.OIDC_ISSUER = issuer
        settings.OIDC_CLIENT_ID = "hjemvej"
        settings.OIDC_CLIENT_SECRET = "en-lang-hemmelighed-til-testen"
        settings.OIDC_SCOPES = "openid mitid"
        settings.OIDC_CPR_CLAIM = CPR_CLAIM
        oidc.reset()
        started.append(server)
        return issuer

    started: list = []
    yield start
    for server in started:
        server.__exit__(None, None, None)
    oidc.reset()


def _log_in_at_broker(page, login: str) -> None:
    page.goto("/mine-sider/log-ind/")
    page.get_by_role("link", name="Log ind med MitID").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("hvad-som-helst")
    page.locator("button[type=submit]").first.click()
    consent = page.locator("button[type=submit]", has_text="Continue")
    if consent.count():
        consent.click()


@pytest.mark.parametrize("claims_in", ["id_token", "userinfo"])
def test_registered_citizen_logs_in_through_a_real_broker(
    page, broker_for, citizen_ishoj, claims_in
):
    broker_for(citizen_ishoj.cpr, claims_in)
    _log_in_at_broker(page, "jorgen")
    page.wait_for_url("**/mine-sider/")
    assert "Hej Jørgen" in page.content()
    assert_accessible(page)


def test_a_person_unknown_to_hjemvej_is_turned_away_in_danish(page, broker_for, citizen_ishoj):
    broker_for(citizen_ishoj.cpr, "userinfo")
    _log_in_at_broker(page, "ukendt")
    page.wait_for_url("**/mine-sider/log-ind/")
    assert "Du er ikke registreret i Hjemvej" in page.content()


def test_a_replayed_answer_from_the_broker_is_refused(page, broker_for, citizen_ishoj):
    """The broker's answer (code and state) is used once: replaying it is refused, and the
    nonce it was bound to is gone with it."""
    broker_for(citizen_ishoj.cpr, "id_token")
    answers: list[str] = []
    page.on("request", lambda r: answers.append(r.url) if "/mitid/retur/" in r.url else None)
    _log_in_at_broker(page, "jorgen")
    page.wait_for_url("**/mine-sider/")
    page.get_by_role("button", name="Log ud").click()
    page.goto(answers[0])
    page.wait_for_url("**/mine-sider/log-ind/")
    assert "Login med MitID lykkedes ikke" in page.content()
    assert "Hej Jørgen" not in page.content()
