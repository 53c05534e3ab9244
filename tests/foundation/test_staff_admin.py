"""Issue 17 item 8: the municipality's administrator manages staff, units and roles in the
DKFDS pages (/administration/); Django's admin is for superusers only."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import ApiToken, Membership, Role, Unit, User
from hjemvej.audit.models import AuditEntry
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db


def test_administrator_lists_own_municipalitys_users_paginated(
    as_user, admin_user, caseworker_ishoj, caseworker_ballerup, ishoj_authority
):
    for i in range(55):
        member(UserFactory(username=f"medarbejder{i:02d}"), ishoj_authority, Role.CASEWORKER)
    client = as_user(admin_user)
    page = client.get("/administration/brugere/").content.decode()
    assert "sagsbehandler.ballerup" not in page
    assert "Viser 1–50 af 57 brugere." in page  # 55, the Ishøj caseworker and the admin
    page2 = client.get("/administration/brugere/?side=2").content.decode()
    assert "Side 2 af 2" in page2
    found = client.get("/administration/brugere/?q=sagsbehandler").content.decode()
    assert "sagsbehandler.ishoj" in found and "medarbejder01" not in found


def test_administrator_creates_a_user_and_gives_a_role(as_user, admin_user, ishoj_shelter_unit):
    client = as_user(admin_user)
    response = client.post(
        "/administration/brugere/ny/",
        {
            "username": "Ny.Medarbejder",
            "first_name": "Nina",
            "last_name": "Ny",
            "email": "nina@ishoj.dk",
            "unit": str(admin_user.memberships.get().unit.uuid),
            "role": Role.CASEWORKER,
        },
    )
    new = User.objects.get(username="ny.medarbejder")
    assert (
        response.status_code == 302
        and response["Location"] == f"/administration/brugere/{new.uuid}/"
    )
    assert not new.has_usable_password()
    assert new.memberships.get().role == Role.CASEWORKER

    response = client.post(
        f"/administration/brugere/{new.uuid}/roller/ny/",
        {"unit": str(ishoj_shelter_unit.uuid), "role": Role.OFFER_STAFF},
    )
    assert response.status_code == 302
    page = client.get(f"/administration/brugere/{new.uuid}/").content.decode()
    assert "Medarbejder på tilbud" in page and ishoj_shelter_unit.name in page
    summaries = list(AuditEntry.objects.order_by("id").values_list("summary", flat=True))
    assert "Bruger oprettet: ny.medarbejder (Sagsbehandler i Myndighed, Voksne udsatte)" in (
        summaries
    )
    assert any(
        s.startswith("Rolle givet: ny.medarbejder er medarbejder på tilbud") for s in summaries
    )


def test_new_user_errors_are_danish_next_to_the_field(as_user, admin_user, caseworker_ishoj):
    response = as_user(admin_user).post(
        "/administration/brugere/ny/", {"username": "sagsbehandler.ishoj", "first_name": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Skriv fornavn." in page and "Vælg enheden." in page and "Vælg rollen." in page
    response = as_user(admin_user).post(
        "/administration/brugere/ny/",
        {
            "username": "sagsbehandler.ishoj",
            "first_name": "A",
            "last_name": "B",
            "unit": str(admin_user.memberships.get().unit.uuid),
            "role": Role.CASEWORKER,
        },
    )
    assert "Brugernavnet er optaget. Vælg et andet." in response.content.decode()


def test_a_foreign_unit_cannot_be_chosen(as_user, admin_user, caseworker_ishoj, ballerup_authority):
    response = as_user(admin_user).post(
        f"/administration/brugere/{caseworker_ishoj.uuid}/roller/ny/",
        {"unit": str(ballerup_authority.uuid), "role": Role.CASEWORKER},
    )
    assert response.status_code == 200
    assert "Vælg en enhed på listen." in response.content.decode()
    assert not Membership.objects.filter(user=caseworker_ishoj, unit=ballerup_authority).exists()


def test_removing_a_role_revokes_api_tokens(as_user, admin_user, manager_ishoj):
    import datetime

    from django.utils import timezone

    ApiToken.objects.create(
        user=manager_ishoj,
        key_hash="x" * 64,
        prefix="abc",
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    membership = manager_ishoj.memberships.first()
    response = as_user(admin_user).post(
        f"/administration/brugere/{manager_ishoj.uuid}/roller/{membership.pk}/fjern/"
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not ApiToken.objects.filter(user=manager_ishoj, revoked_at__isnull=True).exists()


def test_deactivating_ends_sessions_and_tokens(as_user, admin_user, caseworker_ishoj):
    import datetime

    from django.utils import timezone

    their_client = Client()
    their_client.force_login(caseworker_ishoj)
    assert their_client.get("/").status_code == 200
    ApiToken.objects.create(
        user=caseworker_ishoj,
        key_hash="y" * 64,
        prefix="def",
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    response = as_user(admin_user).post(
        f"/administration/brugere/{caseworker_ishoj.uuid}/aktiv/", {"active": "0"}
    )
    assert response.status_code == 302
    caseworker_ishoj.refresh_from_db()
    assert not caseworker_ishoj.is_active
    assert not ApiToken.objects.filter(user=caseworker_ishoj, revoked_at__isnull=True).exists()
    assert not [
        s
        for s in Session.objects.all()
        if s.get_decoded().get("_auth_user_id") == str(caseworker_ishoj.pk)
    ]
    assert their_client.get("/").status_code == 302  # back to the login
    entry = AuditEntry.objects.get(summary="Bruger deaktiveret: sagsbehandler.ishoj")
    assert entry.detail["sessions_ended"] == 1 and entry.detail["tokens_revoked"] == 1


def test_administrator_creates_and_renames_a_unit(as_user, admin_user, ishoj):
    client = as_user(admin_user)
    response = client.post("/administration/enheder/ny/", {"name": "Natcaféen", "kind": "offer"})
    assert response.status_code == 302
    unit = Unit.objects.get(name="Natcaféen")
    assert unit.municipality == ishoj and unit.kind == "offer"
    response = client.post(
        f"/administration/enheder/{unit.uuid}/ret/", {"name": "Natcaféen Ishøj", "kind": "offer"}
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Natcaféen Ishøj"
    page = client.get("/administration/enheder/").content.decode()
    assert "Natcaféen Ishøj" in page
    clash = client.post("/administration/enheder/ny/", {"name": "natcaféen ishøj", "kind": "offer"})
    assert "Kommunen har allerede en enhed med det navn." in clash.content.decode()


def test_other_roles_and_other_municipalities_get_404(
    as_user, caseworker_ishoj, admin_user, caseworker_ballerup, ballerup_authority
):
    assert as_user(caseworker_ishoj).get("/administration/").status_code == 404
    assert as_user(caseworker_ishoj).get("/administration/brugere/").status_code == 404
    client = as_user(admin_user)
    assert client.get(f"/administration/brugere/{caseworker_ballerup.uuid}/").status_code == 404
    assert client.get(f"/administration/enheder/{ballerup_authority.uuid}/ret/").status_code == 404


def test_django_admin_is_for_superusers_and_sends_administrators_to_dkfds(
    as_user, admin_user, caseworker_ishoj
):
    response = as_user(admin_user).get("/django-admin/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("staff:index")
    assert as_user(caseworker_ishoj).get("/django-admin/", follow=True).redirect_chain[-1][0] == "/"
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert as_user(root).get("/django-admin/accounts/user/").status_code == 200


def test_admin_area_links_to_the_sso_role_mapping(as_user, admin_user):
    page = as_user(admin_user).get("/administration/").content.decode()
    assert reverse("sso:role_mappings") in page
    assert "Brugere" in page and "Enheder" in page
