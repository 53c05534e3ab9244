"""The need-to-know access policy, as the users meet it."""

import datetime

import pytest
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.access.services import do_break_glass
from hjemvej.accounts.models import Role, Unit
from hjemvej.audit.models import Action, AuditEntry
from tests.factories import CitizenFactory, RelationshipFactory, UnitFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def test_caseworker_sees_own_municipalitys_citizens(
    as_user, caseworker_ishoj, citizen_ishoj, citizen_ballerup
):
    response = as_user(caseworker_ishoj).get("/borgere/", {"q": ""})
    assert response.status_code == 200
    assert set(policy.visible_citizens(caseworker_ishoj)) == {citizen_ishoj}
    page = as_user(caseworker_ishoj).get(f"/borgere/{citizen_ishoj.uuid}/")
    assert page.status_code == 200
    assert "Jørgen Østergaard" in page.content.decode()


def test_ballerup_citizen_is_404_for_ishoj_caseworker_and_leaves_an_audit_row(
    as_user, caseworker_ishoj, citizen_ballerup
):
    response = as_user(caseworker_ishoj).get(f"/borgere/{citizen_ballerup.uuid}/")
    assert response.status_code == 404
    assert "Freja" not in response.content.decode()
    row = AuditEntry.objects.get(action=Action.DENIED)
    assert row.actor_username == "sagsbehandler.ishoj"
    assert row.citizen_uuid == citizen_ballerup.uuid


def test_unknown_citizen_and_forbidden_citizen_look_the_same(
    as_user, caseworker_ishoj, citizen_ballerup
):
    import uuid

    forbidden = as_user(caseworker_ishoj).get(f"/borgere/{citizen_ballerup.uuid}/")
    unknown = as_user(caseworker_ishoj).get(f"/borgere/{uuid.uuid4()}/")
    assert forbidden.status_code == unknown.status_code == 404
    assert forbidden.content == unknown.content


def test_offer_staff_see_residents_but_not_other_citizens(
    as_user, shelter_worker_ishoj, resident_ishoj, citizen_ishoj
):
    client = as_user(shelter_worker_ishoj)
    assert client.get(f"/borgere/{resident_ishoj.uuid}/").status_code == 200
    assert client.get(f"/borgere/{citizen_ishoj.uuid}/").status_code == 404


def test_offer_staff_keep_access_twelve_months_after_the_relationship_ended(
    shelter_worker_ishoj, ishoj_shelter_unit, ishoj
):
    today = timezone.localdate()
    recent = CitizenFactory(acting_municipality=ishoj)
    RelationshipFactory(
        citizen=recent,
        unit=ishoj_shelter_unit,
        started_on=today - datetime.timedelta(days=500),
        ended_on=today - datetime.timedelta(days=300),
    )
    old = CitizenFactory(acting_municipality=ishoj)
    RelationshipFactory(
        citizen=old,
        unit=ishoj_shelter_unit,
        started_on=today - datetime.timedelta(days=900),
        ended_on=today - datetime.timedelta(days=400),
    )
    assert set(policy.visible_citizens(shelter_worker_ishoj)) == {recent}
    assert policy.grant_for(shelter_worker_ishoj, old) is None


def test_manager_of_authority_sees_municipality_and_manager_of_offer_sees_its_citizens(
    ishoj, ishoj_authority, ishoj_shelter_unit, resident_ishoj, citizen_ishoj
):
    authority_manager = member(UserFactory(), ishoj_authority, Role.MANAGER)
    offer_manager = member(UserFactory(), ishoj_shelter_unit, Role.MANAGER)
    assert set(policy.visible_citizens(authority_manager)) == {resident_ishoj, citizen_ishoj}
    assert set(policy.visible_citizens(offer_manager)) == {resident_ishoj}


def test_analyst_sees_no_citizen_anywhere(as_user, analyst_ishoj, citizen_ishoj):
    client = as_user(analyst_ishoj)
    assert client.get(f"/borgere/{citizen_ishoj.uuid}/").status_code == 404
    assert client.get("/borgere/", {"q": "Østergaard"}).status_code == 404
    home = client.get("/").content.decode()
    assert "Østergaard" not in home and citizen_ishoj.cpr_display not in home
    assert policy.visible_citizens(analyst_ishoj).count() == 0


def test_administrator_manages_users_not_citizens(as_user, admin_user, citizen_ishoj):
    client = as_user(admin_user)
    assert client.get(f"/borgere/{citizen_ishoj.uuid}/").status_code == 404
    assert client.get("/administration/brugere/").status_code == 200
    assert client.get("/administration/").status_code == 200


def test_caseworker_cannot_reach_the_user_administration(as_user, caseworker_ishoj):
    assert as_user(caseworker_ishoj).get("/administration/brugere/").status_code == 404
    response = as_user(caseworker_ishoj).get("/django-admin/accounts/user/")
    assert response.status_code == 302  # Django's admin is for superusers only


def test_protected_address_is_shown_only_to_caseworkers(
    as_user, caseworker_ishoj, shelter_worker_ishoj, ishoj, ishoj_shelter_unit
):
    citizen = CitizenFactory(
        acting_municipality=ishoj,
        address="Hemmelig Allé 7",
        postal_code="2635",
        city="Ishøj",
        protected_address=True,
    )
    RelationshipFactory(citizen=citizen, unit=ishoj_shelter_unit)
    assert (
        "Hemmelig Allé 7"
        in as_user(caseworker_ishoj)
        .get(f"/borgere/{citizen.uuid}/personoplysninger/")
        .content.decode()
    )
    staff_page = (
        as_user(shelter_worker_ishoj)
        .get(f"/borgere/{citizen.uuid}/personoplysninger/")
        .content.decode()
    )
    assert "Hemmelig Allé 7" not in staff_page
    assert "Adressebeskyttet" in staff_page


def test_break_the_glass_needs_a_reason_is_time_limited_and_listed_for_managers(
    as_user, caseworker_ballerup, citizen_ishoj, manager_ishoj, settings
):
    client = as_user(caseworker_ballerup)
    refused = client.post("/nodadgang/", {"cpr": citizen_ishoj.cpr, "reason": "kort"})
    assert "mindst 15 tegn" in refused.content.decode()
    assert client.get(f"/borgere/{citizen_ishoj.uuid}/").status_code == 404

    response = client.post(
        "/nodadgang/",
        {"cpr": citizen_ishoj.cpr, "reason": "Borgeren er indlagt akut, skal finde pårørende"},
    )
    assert response.status_code == 302
    page = client.get(f"/borgere/{citizen_ishoj.uuid}/")
    assert page.status_code == 200
    assert "nødadgang" in page.content.decode()
    assert AuditEntry.objects.filter(
        action=Action.BREAK_GLASS, citizen_uuid=citizen_ishoj.uuid
    ).exists()
    read = AuditEntry.objects.filter(action=Action.READ, citizen_uuid=citizen_ishoj.uuid).last()
    assert read.purpose.startswith("Nødadgang: Borgeren er indlagt akut")

    listing = as_user(manager_ishoj).get("/nodadgang/oversigt/").content.decode()
    assert "Borgeren er indlagt akut" in listing

    from hjemvej.access.models import BreakGlassAccess

    BreakGlassAccess.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(f"/borgere/{citizen_ishoj.uuid}/").status_code == 404


def test_break_glass_refuses_analysts(analyst_ishoj, citizen_ishoj):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        do_break_glass(
            user=analyst_ishoj, cpr=citizen_ishoj.cpr, reason="Jeg vil bare se borgeren nu"
        )


def test_user_in_several_units_sees_the_union(ishoj, ballerup, citizen_ishoj, citizen_ballerup):
    a = UnitFactory(municipality=ishoj, kind=Unit.Kind.AUTHORITY)
    b = UnitFactory(municipality=ballerup, kind=Unit.Kind.AUTHORITY)
    user = member(member(UserFactory(), a, Role.CASEWORKER), b, Role.CASEWORKER)
    assert set(policy.visible_citizens(user)) == {citizen_ishoj, citizen_ballerup}


def test_administrator_sees_only_own_municipalitys_users_and_units(
    as_user, admin_user, caseworker_ishoj, caseworker_ballerup, ballerup_authority
):
    client = as_user(admin_user)
    users = client.get("/administration/brugere/").content.decode()
    assert "sagsbehandler.ishoj" in users and "sagsbehandler.ballerup" not in users
    units = client.get("/administration/enheder/").content.decode()
    assert "Myndighed, Voksne udsatte" in units and "Myndighed, Socialafdelingen" not in units
    assert client.get(f"/administration/brugere/{caseworker_ballerup.uuid}/").status_code == 404


def test_a_condition_among_the_visible_citizens_is_the_same_rule_narrowed(
    ishoj,
    ballerup,
    ishoj_authority,
    ishoj_shelter_unit,
    caseworker_ishoj,
    shelter_worker_ishoj,
    resident_ishoj,
    citizen_ishoj,
    citizen_ballerup,
):
    """`among` (the name search) is applied inside the rule's parts: the result is the visible
    citizens that meet the condition, for each kind of role, and no one else."""
    from django.db.models import Q

    today = timezone.localdate()
    tied_elsewhere = CitizenFactory(acting_municipality=ballerup, last_name="Tiedsen")
    RelationshipFactory(
        citizen=tied_elsewhere, unit=ishoj_shelter_unit, started_on=today, ended_on=None
    )
    authority_manager = member(UserFactory(), ishoj_authority, Role.MANAGER)
    offer_manager = member(UserFactory(), ishoj_shelter_unit, Role.MANAGER)
    users = [caseworker_ishoj, shelter_worker_ishoj, authority_manager, offer_manager]
    everybody = [resident_ishoj, citizen_ishoj, citizen_ballerup, tied_elsewhere]
    for citizen in everybody:
        among = Q(search_name__contains=citizen.search_name.split()[-1])
        for user in users:
            narrowed = set(policy.visible_citizens(user, among=among))
            assert narrowed == set(policy.visible_citizens(user).filter(among)), user
            ids = set(policy.visible_citizen_ids(user, among=among).values_list("pk", flat=True))
            assert ids == {c.pk for c in narrowed}
    assert tied_elsewhere in policy.visible_citizens(offer_manager, among=Q(last_name="Tiedsen"))
    assert not policy.visible_citizens(caseworker_ishoj, among=Q(last_name="Tiedsen")).exists()
