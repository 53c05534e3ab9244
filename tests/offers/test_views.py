"""The catalogue, the referral flow, the waiting list and the group composition in the UI."""

import datetime

import pytest

from hjemvej.accounts.models import Role
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.offers.models import Referral, ReferralStatus
from hjemvej.people.models import Relationship
from tests.factories import CitizenFactory, UserFactory, member
from tests.levels import assess
from tests.offers.helpers import offer_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelter(ishoj_shelter_unit):
    return ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])


def test_catalogue_shows_the_shelter_with_its_rules(as_user, caseworker_ishoj, shelter):
    client = as_user(caseworker_ishoj)
    assert "De fleksible afklaringspladser" in client.get("/tilbud/").content.decode()
    html = client.get(f"/tilbud/{shelter.uuid}/").content.decode()
    assert "Serviceloven §110 (herberg/forsorgshjem)" in html
    assert "11.51" in html or "11,51" in html
    assert "Mindst 18 år" in html
    assert "Ikke aktivt misbrug" in html
    assert "Værelse 9 – Røn" in html
    assert "Rediger tilbuddet" not in html


def test_manager_edits_the_catalogue_and_bad_criteria_are_refused(as_user, manager_ishoj, shelter):
    client = as_user(manager_ishoj)
    url = f"/tilbud/{shelter.uuid}/rediger/"
    data = {
        "legal_basis": "sel110",
        "target_group": "Voksne hjemløse",
        "residential": "on",
        "places": "9",
        "support_hours_per_week": "11.51",
        "opening_hours": "08.00–15.30",
        "contact": "tlf. 43 57 75 75",
        "daily_rate_reference": "",
        "criteria": '[{"kind": "magic"}]',
    }
    html = client.post(url, data).content.decode()
    assert "Kriterium 1: ukendt type" in html
    data["criteria"] = '[{"kind": "age", "min": 21}]'
    response = client.post(url, data, follow=True)
    assert "Tilbuddet er gemt." in response.content.decode()
    shelter.refresh_from_db()
    assert shelter.criteria == [{"kind": "age", "min": 21}]
    assert shelter.opening_hours == "08.00–15.30"


def test_caseworker_cannot_edit_the_catalogue(as_user, caseworker_ishoj, shelter):
    assert as_user(caseworker_ishoj).get(f"/tilbud/{shelter.uuid}/rediger/").status_code == 404


def test_caseworker_evaluates_then_refers_and_the_offer_staff_gain_access(
    as_user, caseworker_ishoj, shelter_worker_ishoj, citizen_ishoj, shelter
):
    client = as_user(caseworker_ishoj)
    url = f"/tilbud/henvis/{citizen_ishoj.uuid}/"
    evaluated = client.post(
        url, {"offer": str(shelter.uuid), "action": "evaluate"}
    ).content.decode()
    assert "Vurdering: Kræver vurdering" in evaluated
    assert "Har borgeren en ubehandlet psykisk sygdom?" in evaluated
    assert not Referral.objects.exists()
    assert as_user(shelter_worker_ishoj).get(f"/borgere/{citizen_ishoj.uuid}/").status_code == 404
    response = client.post(
        url,
        {
            "offer": str(shelter.uuid),
            "action": "refer",
            "fact_active_substance_use": "no",
            "fact_untreated_mental_illness": "no",
            "fact_physical_care_needs": "no",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Jørgen Østergaard er visiteret til De fleksible afklaringspladser." in html
    assert "Vurdering: Kan optages" in html
    referral = Referral.objects.get()
    assert referral.functional_level is None  # no longer typed: read from the assessment
    assert Relationship.objects.filter(
        citizen=citizen_ishoj, unit=shelter.unit, kind="referral"
    ).exists()
    assert as_user(shelter_worker_ishoj).get(f"/borgere/{citizen_ishoj.uuid}/").status_code == 200


def test_shelter_leader_approves_then_offer_staff_decline_for_the_group_with_reason(
    as_user, caseworker_ballerup, citizen_ballerup, ballerup
):
    group = offer_for(ballerup, "ballerup-housing-first")
    staff = member(UserFactory(username="herberg.ballerup"), group.unit, Role.OFFER_STAFF)
    client = as_user(caseworker_ballerup)
    client.post(
        f"/tilbud/henvis/{citizen_ballerup.uuid}/",
        {
            "offer": str(group.uuid),
            "action": "refer",
            "fact_physical_care_needs": "no",
            "fact_active_substance_use": "no",
        },
    )
    referral = Referral.objects.get()
    client.post(f"/tilbud/visitation/{referral.uuid}/approve/", {"reason": ""})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.APPROVED
    staff_client = as_user(staff)
    response = staff_client.post(
        f"/tilbud/visitation/{referral.uuid}/decline/", {"reason": ""}, follow=True
    )
    assert "Skriv en begrundelse – borgeren har krav på den." in response.content.decode()
    staff_client.post(
        f"/tilbud/visitation/{referral.uuid}/decline/",
        {"reason": "Gruppen har allerede to unge kvinder med højt støttebehov"},
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert referral.changes.last().reason.startswith("Gruppen har allerede")


def test_group_composition_shows_age_gender_and_level_spread(
    as_user, caseworker_ballerup, ballerup, ballerup_authority
):
    """The levels come from each candidate's latest VUM assessment (issue 15)."""
    from hjemvej.offers.services import do_decide_referral, do_refer

    group = offer_for(ballerup, "ballerup-housing-first")
    for birth, gender, level in [
        (datetime.date(1990, 1, 1), "male", 1),
        (datetime.date(1980, 1, 1), "female", 2),
        (datetime.date(1970, 1, 1), "male", 2),
    ]:
        c = CitizenFactory(acting_municipality=ballerup, birth_date=birth, gender=gender)
        r = do_refer(
            user=caseworker_ballerup,
            citizen=c,
            offer=group,
            facts={"physical_care_needs": False, "active_substance_use": False},
        )
        assess(
            c, 4, unit=ballerup_authority, user=caseworker_ballerup, on=datetime.date(2020, 1, 1)
        )
        assess(c, level, unit=ballerup_authority, user=caseworker_ballerup)
        do_decide_referral(user=caseworker_ballerup, referral=r, approve=True)
    html = as_user(caseworker_ballerup).get(f"/tilbud/{group.uuid}/gruppe/").content.decode()
    assert "Kvinde: 1, Mand: 2" in html
    assert "niveau 1: 1, niveau 2: 2" in html
    assert html.count("Kandidat") >= 3


def test_waiting_list_in_order_with_waiting_time(as_user, shelter_worker_ishoj, shelter, ishoj):
    from hjemvej.stays.services import do_admit
    from tests.offers.helpers import SHELTER_OK

    for i in range(11):
        do_admit(
            user=shelter_worker_ishoj,
            offer=shelter,
            citizen=CitizenFactory(
                acting_municipality=ishoj,
                first_name=f"Nr{i}",
                birth_date=datetime.date(1970, 1, 1) + datetime.timedelta(days=i),
            ),
            facts=SHELTER_OK,
        )
    html = as_user(shelter_worker_ishoj).get(f"/tilbud/{shelter.uuid}/venteliste/").content.decode()
    assert html.index("Nr9") < html.index("Nr10")
    assert "0 dage" in html


def test_manager_renames_adds_and_cannot_remove_a_used_room(
    as_user, manager_ishoj, shelter, shelter_worker_ishoj, ishoj
):
    from hjemvej.stays.services import do_admit
    from tests.offers.helpers import SHELTER_OK

    do_admit(
        user=shelter_worker_ishoj,
        offer=shelter,
        room=shelter.rooms.get(name="Værelse 1 – Ask"),
        citizen=CitizenFactory(acting_municipality=ishoj),
        facts=SHELTER_OK,
    )
    client = as_user(manager_ishoj)
    url = f"/tilbud/{shelter.uuid}/rediger/"
    base = {
        "legal_basis": "sel110",
        "residential": "on",
        "places": "10",
        "criteria": "[]",
    }
    names = [r.name for r in shelter.rooms.all()]
    html = client.post(url, {**base, "rooms": "\n".join(names[1:])}).content.decode()
    assert "Værelse 1 – Ask har haft beboere og kan ikke fjernes." in html
    shelter.refresh_from_db()
    assert shelter.places == 9  # nothing saved
    response = client.post(
        url, {**base, "rooms": "\n".join(names + ["Værelse 10 – Hassel"])}, follow=True
    )
    assert "Tilbuddet er gemt." in response.content.decode()
    assert shelter.rooms.count() == 10
    assert list(shelter.rooms.values_list("name", flat=True))[-1] == "Værelse 10 – Hassel"


def test_housing_first_relapse_after_start_is_shown_on_the_referral(
    as_user, caseworker_ballerup, citizen_ballerup, ballerup
):
    from hjemvej.offers.services import do_decide_referral, do_refer, do_update_referral_facts
    from hjemvej.stays.services import do_admit

    group = offer_for(ballerup, "ballerup-housing-first")
    staff = member(UserFactory(username="herberg.ballerup"), group.unit, Role.OFFER_STAFF)
    referral = do_refer(
        user=caseworker_ballerup,
        citizen=citizen_ballerup,
        offer=group,
        facts={
            "physical_care_needs": False,
            "active_substance_use": True,
            "accepts_treatment": True,
        },
    )
    do_decide_referral(user=caseworker_ballerup, referral=referral, approve=True)
    assert do_admit(user=staff, offer=group, citizen=citizen_ballerup, referral=referral).admitted
    client = as_user(caseworker_ballerup)
    html = client.get(f"/tilbud/visitation/{referral.uuid}/").content.decode()
    assert "Efter start" in html
    assert "opfylder ikke længere" not in html
    do_update_referral_facts(
        user=caseworker_ballerup, referral=referral, facts={"relapse_without_treatment": True}
    )
    html = client.get(f"/tilbud/visitation/{referral.uuid}/").content.decode()
    assert "Deltageren opfylder ikke længere forløbets betingelser" in html
    assert "forlader deltageren forløbet" in html
