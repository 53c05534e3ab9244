"""Staff sign in over SAML 2.0 against a real identity provider (pysaml2's IdP, as AD FS or the
municipalities' shared access control would answer), driven in Chromium: signed assertions,
the service provider's metadata at a fixed URL, privileges from an attribute mapped to roles,
and a removed privilege gone at the next login."""

import json

import pytest
import requests

from hjemvej.accounts.models import Membership, Role
from hjemvej.sso import saml
from hjemvej.sso.models import RoleMapping, SamlRequest
from tests.browser.conftest import assert_accessible
from tests.idp.servers import saml_idp, self_signed


@pytest.fixture
def idp(settings, live_server, tmp_path, ishoj_authority):
    RoleMapping.objects.create(
        claim_value="hjemvej-sagsbehandler", unit=ishoj_authority, role=Role.CASEWORKER
    )
    sp_key, sp_cert = self_signed(tmp_path, "hjemvej-sp")
    idp_key, idp_cert = self_signed(tmp_path, "test-idp")
    settings.STAFF_SAML_ENTITY_ID = f"{live_server.url}/kommunens-login/saml/metadata/"
    settings.STAFF_SAML_KEY_FILE = str(sp_key)
    settings.STAFF_SAML_CERT_FILE = str(sp_cert)
    settings.STAFF_SAML_GROUPS_ATTRIBUTE = "eduPersonEntitlement"
    settings.STAFF_SAML_USERNAME_ATTRIBUTE = "uid"
    sp_metadata = tmp_path / "sp.xml"
    sp_metadata.write_bytes(saml.metadata_xml(f"{live_server.url}/kommunens-login/saml/acs/"))
    users = tmp_path / "users.json"
    people = {
        "mette": {
            "uid": ["mette.lund"],
            "givenName": ["Mette"],
            "sn": ["Lund"],
            "eduPersonEntitlement": ["hjemvej-sagsbehandler"],
        }
    }
    users.write_text(json.dumps(people))
    with saml_idp(
        sp_metadata=sp_metadata, users_file=users, key_file=idp_key, cert_file=idp_cert
    ) as base:
        idp_metadata = tmp_path / "idp.xml"
        idp_metadata.write_bytes(requests.get(f"{base}/metadata", timeout=10).content)
        settings.STAFF_SAML_IDP_METADATA = str(idp_metadata)
        yield users, people


def _sign_in(page, login: str) -> None:
    page.goto("/log-ind/")
    page.get_by_role("link", name="Log ind med kommunens login").click()
    page.get_by_label("Login").fill(login)
    page.get_by_role("button", name="Log ind").click()


def test_the_service_providers_metadata_is_served_at_a_fixed_url(client, idp, live_server):
    response = client.get("/kommunens-login/saml/metadata/")
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    xml = response.content.decode()
    assert "AssertionConsumerService" in xml and "/kommunens-login/saml/acs/" in xml
    assert 'WantAssertionsSigned="true"' in xml


def test_a_caseworker_signs_in_over_saml_and_loses_the_role_with_the_privilege(
    page, idp, live_server
):
    users, people = idp
    _sign_in(page, "mette")
    page.wait_for_url(lambda url: url.startswith(live_server.url) and "/log-ind/" not in url)
    assert "Sagsbehandler" in page.content()
    assert_accessible(page)
    assert Membership.objects.get(user__username="mette.lund").role == Role.CASEWORKER
    assert not SamlRequest.objects.exists()  # the request was used once

    page.get_by_role("button", name="Log af").click()
    people["mette"]["eduPersonEntitlement"] = ["alle-ansatte"]
    users.write_text(json.dumps(people))
    _sign_in(page, "mette")
    page.wait_for_url("**/log-ind/")
    assert "Du kunne ikke logges ind med kommunens login" in page.content()
    assert not Membership.objects.filter(user__username="mette.lund").exists()


def test_a_replayed_or_forged_response_is_refused(client, idp, ishoj_authority):
    response = client.post(
        "/kommunens-login/saml/acs/", {"SAMLResponse": "PHNhbWxwOlJlc3BvbnNlLz4="}
    )
    assert response.status_code == 302 and response["Location"] == "/log-ind/"
    assert "_auth_user_id" not in client.session
