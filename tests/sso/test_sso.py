"""The staff's login through the municipality's identity provider: memberships follow the
provider's groups, local passwords are off but for the emergency administrator, and the
municipality's administrator maps groups to roles in the DKFDS interface."""

import pytest
from django.test import Client

from hjemvej.accounts.models import ApiToken, Membership, Role, User
from hjemvej.api.auth import issue_token
from hjemvej.audit.models import Action, AuditEntry
from hjemvej.common.oidc import LoginRefused
from hjemvej.sso.models import RoleMapping, StaffIdentity
from hjemvej.sso.oidc import identity_from_claims
from hjemvej.sso.services import do_sign_in as _do_sign_in
from tests.conftest import PASSWORD
from tests.factories import UserFactory, member

ISSUER = "https://login.kommune.example"
pytestmark = pytest.mark.django_db


@pytest.fixture
def sso(settings):
    settings.STAFF_OIDC_ISSUER = ISSUER
    settings.STAFF_OIDC_CLIENT_ID = "hjemvej"
    settings.STAFF_OIDC_CLIENT_SECRET = "hemmelig"
    settings.STAFF_OIDC_GROUPS_CLAIM = "groups"
    settings.EMERGENCY_ADMIN = "nødadmin"
    return settings


@pytest.fixture
def mappings(ishoj_authority, ishoj_shelter_unit):
    RoleMapping.objects.create(
        claim_value="sg-hjemvej-sagsbehandlere", unit=ishoj_authority, role=Role.CASEWORKER
    )
    RoleMapping.objects.create(
        claim_value="sg-hjemvej-ledere", unit=ishoj_authority, role=Role.MANAGER
    )
    RoleMapping.objects.create(
        claim_value="sg-hjemvej-ledere", unit=ishoj_shelter_unit, role=Role.MANAGER
    )


def do_sign_in(*, issuer, claims):
    return _do_sign_in(identity=identity_from_claims(issuer, claims))


def claims(sub="a1b2", groups=("sg-hjemvej-sagsbehandlere",), username="mette@ishoj.dk"):
    return {
        "sub": sub,
        "preferred_username": username,
        "given_name": "Mette",
        "family_name": "Lund",
        "groups": list(groups),
    }


def roles_of(user) -> set[tuple[str, str]]:
    return {(m.unit.slug, m.role) for m in Membership.objects.filter(user=user)}


def test_first_login_creates_the_user_with_the_mapped_roles(sso, mappings):
    user = do_sign_in(issuer=ISSUER, claims=claims())
    assert user.username == "mette@ishoj.dk" and user.get_full_name() == "Mette Lund"
    assert not user.has_usable_password()
    assert roles_of(user) == {("ishoj-myndighed", Role.CASEWORKER)}
    assert StaffIdentity.objects.get(user=user).subject == "a1b2"
    row = AuditEntry.objects.get(summary="Roller ajourført fra kommunens login")
    assert row.actor_username == "mette@ishoj.dk"
    assert row.detail["added"] == ["Sagsbehandler i Myndighed, Voksne udsatte"]


def test_a_new_group_adds_and_a_removed_group_removes_the_role_and_revokes_tokens(sso, mappings):
    user = do_sign_in(issuer=ISSUER, claims=claims())
    _, token = issue_token(user)
    user = do_sign_in(issuer=ISSUER, claims=claims(groups=["sg-hjemvej-ledere"]))
    assert roles_of(user) == {
        ("ishoj-myndighed", Role.MANAGER),
        ("ishoj-herberg", Role.MANAGER),
    }
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_user_whose_groups_give_no_role_cannot_sign_in_and_loses_every_role(sso, mappings):
    with pytest.raises(LoginRefused):
        do_sign_in(issuer=ISSUER, claims=claims(sub="x9", groups=["alle-ansatte"]))
    assert not User.objects.filter(username="mette@ishoj.dk").exists()
    user = do_sign_in(issuer=ISSUER, claims=claims())
    with pytest.raises(LoginRefused):
        do_sign_in(issuer=ISSUER, claims=claims(groups=[]))
    assert roles_of(user) == set()


def test_a_provider_name_cannot_take_over_a_local_superuser(sso, mappings):
    User.objects.create_superuser("admin", password=PASSWORD)
    with pytest.raises(LoginRefused):
        do_sign_in(issuer=ISSUER, claims=claims(username="admin"))
    assert not StaffIdentity.objects.exists()


def test_local_passwords_are_off_for_all_but_the_emergency_administrator(
    sso, caseworker_ishoj, ishoj_authority, manager_ishoj, as_user
):
    client = Client()
    page = client.post("/log-ind/", {"username": caseworker_ishoj.username, "password": PASSWORD})
    assert page.status_code == 200
    assert "Log ind med kommunens login" in page.content.decode()
    assert "_auth_user_id" not in client.session
    api = client.post(
        "/api/v1/auth/token",
        {"username": caseworker_ishoj.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert api.status_code == 401 and not ApiToken.objects.exists()

    emergency = member(UserFactory(username="nødadmin"), ishoj_authority, Role.ADMINISTRATOR)
    emergency.set_password(PASSWORD)
    emergency.save()
    response = client.post("/log-ind/", {"username": "nødadmin", "password": PASSWORD})
    assert response.status_code == 302
    row = AuditEntry.objects.get(action=Action.BREAK_GLASS, object_type="login")
    assert row.actor_username == "nødadmin"
    listing = as_user(manager_ishoj).get("/kommunens-login/noedlogins/").content.decode()
    assert "Nødlogin med lokal adgangskode" in listing and "nødadmin" in listing
    assert as_user(caseworker_ishoj).get("/kommunens-login/noedlogins/").status_code == 404


def test_without_single_sign_on_local_login_works_as_before(caseworker_ishoj):
    client = Client()
    response = client.post(
        "/log-ind/", {"username": caseworker_ishoj.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action=Action.BREAK_GLASS).exists()


def test_the_administrator_maps_a_group_to_a_role_in_an_own_unit_only(
    admin_user, ishoj_authority, ballerup_authority, as_user, caseworker_ishoj
):
    client = as_user(admin_user)
    page = client.get("/kommunens-login/roller/").content.decode()
    assert "Kommunens login: grupper og roller" in page
    assert "Myndighed, Voksne udsatte" in page and "Myndighed, Socialafdelingen" not in page
    response = client.post(
        "/kommunens-login/roller/",
        {
            "claim_value": "sg-hjemvej-sagsbehandlere",
            "unit": str(ishoj_authority.uuid),
            "role": Role.CASEWORKER,
        },
    )
    assert response.status_code == 302
    mapping = RoleMapping.objects.get()
    assert AuditEntry.objects.filter(action=Action.CREATE, object_id=str(mapping.uuid)).exists()
    refused = client.post(
        "/kommunens-login/roller/",
        {"claim_value": "x", "unit": str(ballerup_authority.uuid), "role": Role.CASEWORKER},
    )
    assert "Vælg en af din kommunes enheder." in refused.content.decode()
    assert RoleMapping.objects.count() == 1
    empty = client.post("/kommunens-login/roller/", {"claim_value": "", "unit": "", "role": ""})
    assert "Skriv gruppens eller rollens navn" in empty.content.decode()
    assert as_user(caseworker_ishoj).get("/kommunens-login/roller/").status_code == 404
    assert (
        as_user(caseworker_ishoj).post(f"/kommunens-login/roller/{mapping.uuid}/slet/").status_code
        == 404
    )
    assert client.post(f"/kommunens-login/roller/{mapping.uuid}/slet/").status_code == 302
    assert not RoleMapping.objects.exists()
