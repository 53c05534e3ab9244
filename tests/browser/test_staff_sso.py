"""Staff sign in with the municipality's own login, against a real OpenID Connect server
(panva's oidc-provider standing in for Entra ID / AD FS), driven in Chromium: a caseworker and
a manager get the roles their groups map to, and a caseworker taken out of the group loses
access at the next login."""

import json

import pytest

from hjemvej.accounts.models import Membership, Role
from hjemvej.common import oidc as common_oidc
from hjemvej.sso.models import RoleMapping
from tests.browser.conftest import assert_accessible, log_in
from tests.idp.servers import oidc_provider

SECRET = "en-lang-hemmelighed-til-personalelogin"


@pytest.fixture
def idp(settings, live_server, tmp_path, ishoj_authority, ishoj_shelter_unit):
    RoleMapping.objects.create(
        claim_value="sg-sagsbehandlere", unit=ishoj_authority, role=Role.CASEWORKER
    )
    RoleMapping.objects.create(claim_value="sg-ledere", unit=ishoj_authority, role=Role.MANAGER)
    accounts = tmp_path / "accounts.json"
    people = {
        "mette": {
            "preferred_username": "mette.lund@ishoj.dk",
            "given_name": "Mette",
            "family_name": "Lund",
            "groups": ["sg-sagsbehandlere", "alle-ansatte"],
        },
        "lars": {
            "preferred_username": "lars.holm@ishoj.dk",
            "given_name": "Lars",
            "family_name": "Holm",
            "groups": ["sg-ledere"],
        },
    }
    accounts.write_text(json.dumps(people))
    with oidc_provider(
        clients=[
            {
                "client_id": "hjemvej-personale",
                "client_secret": SECRET,
                "redirect_uris": [f"{live_server.url}/kommunens-login/retur/"],
                "post_logout_redirect_uris": [f"{live_server.url}/log-ind/"],
                "grant_types": ["authorization_code"],
                "response_types": ["code"],
            }
        ],
        accounts_file=accounts,
        scopes={
            "profile": ["preferred_username", "given_name", "family_name"],
            "groups": ["groups"],
        },
    ) as issuer:
        settings.STAFF_OIDC_ISSUER = issuer
        settings.STAFF_OIDC_CLIENT_ID = "hjemvej-personale"
        settings.STAFF_OIDC_CLIENT_SECRET = SECRET
        settings.STAFF_OIDC_SCOPES = "openid profile groups"
        settings.STAFF_OIDC_GROUPS_CLAIM = "groups"
        common_oidc.reset()
        yield accounts, people, issuer
    common_oidc.reset()


def _sign_in(page, login: str) -> None:
    page.goto("/log-ind/")
    page.get_by_role("link", name="Log ind med kommunens login").click()
    if page.locator("input[name=login]").count():
        page.locator("input[name=login]").fill(login)
        page.locator("input[name=password]").fill("adgangskode-hos-udbyderen")
        page.locator("button[type=submit]").first.click()


def _back_home(page, live_server) -> None:
    page.wait_for_url(lambda url: url.startswith(live_server.url) and "/log-ind/" not in url)


def test_caseworker_and_manager_sign_in_with_the_roles_their_groups_give(
    page, browser, live_server, idp
):
    page.goto("/log-ind/")
    assert_accessible(page)
    _sign_in(page, "mette")
    _back_home(page, live_server)
    assert "Sagsbehandler" in page.content()
    assert_accessible(page)
    mette = Membership.objects.get(user__username="mette.lund@ishoj.dk")
    assert mette.role == Role.CASEWORKER

    context = browser.new_context(base_url=live_server.url, locale="da-DK", bypass_csp=True)
    manager_page = context.new_page()
    _sign_in(manager_page, "lars")
    _back_home(manager_page, live_server)
    assert "Ledelse" in manager_page.content()
    context.close()


def test_a_caseworker_taken_out_of_the_group_loses_access_at_the_next_login(page, live_server, idp):
    accounts, people, issuer = idp
    _sign_in(page, "mette")
    _back_home(page, live_server)
    page.get_by_role("button", name="Log af").click()
    assert "Log også ud af kommunens login" in page.content()
    assert (
        page.get_by_role("link", name="Log også ud af kommunens login")
        .get_attribute("href")
        .startswith(issuer)
    )

    people["mette"]["groups"] = ["alle-ansatte"]
    accounts.write_text(json.dumps(people))
    _sign_in(page, "mette")
    page.wait_for_url("**/log-ind/")
    assert "Du kunne ikke logges ind med kommunens login" in page.content()
    assert not Membership.objects.filter(user__username="mette.lund@ishoj.dk").exists()


def test_the_role_mapping_page_is_accessible(page, admin_user):
    log_in(page, admin_user.username)
    page.goto("/kommunens-login/roller/")
    assert "Kommunens login: grupper og roller" in page.content()
    assert_accessible(page)
