"""Issue 12, item 1: a walk-in registration by CPR gives the shelter the stay's scope, not the
whole record. Another municipality's §141 action plan reaches the shelter only when the
authority shares it; a waiting-list entry or a refusal gives nothing beyond the referral."""

import json

import pytest
from django.utils import timezone

from hjemvej.access import policy
from hjemvej.access.models import PlanShare
from hjemvej.audit.models import Action, AuditEntry
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.offers.services import do_set_rooms
from hjemvej.plans import services as plan_services
from hjemvej.plans.models import Plan
from hjemvej.stays import services as stay_services
from tests.factories import CitizenFactory, Role, UserFactory, member
from tests.offers.helpers import SHELTER_OK

pytestmark = pytest.mark.django_db

PLAN_PURPOSE = "Freja skal have hjælp til gælden hos boligselskabet"
PHONE = "61626364"
ADDRESS = "Magleparken 12"


@pytest.fixture
def shelter(ishoj_shelter_unit):
    return ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])


@pytest.fixture
def freja(citizen_ballerup, caseworker_ballerup, ballerup_authority):
    """Ballerup's citizen, with a phone, an address and Ballerup's §141 action plan."""
    citizen_ballerup.phone = PHONE
    citizen_ballerup.address = ADDRESS
    citizen_ballerup.postal_code = "2750"
    citizen_ballerup.city = "Ballerup"
    citizen_ballerup.save()
    plan_services.do_create_plan(
        user=caseworker_ballerup,
        citizen=citizen_ballerup,
        kind=Plan.Kind.ACTION_141,
        unit=ballerup_authority,
        starts_on=timezone.localdate(),
        purpose=PLAN_PURPOSE,
    )
    return citizen_ballerup


def _arrival(citizen, facts: dict) -> dict:
    answer = {True: "yes", False: "no"}
    return {
        "cpr": citizen.cpr,
        "started_on": timezone.localdate().isoformat(),
        **{f"fact_{k}": answer[v] for k, v in facts.items()},
    }


def fill_shelter(shelter, worker, ishoj) -> None:
    """One room, taken: the next arrival goes on the waiting list. The shelter's leader sets
    the rooms (only the leader may change the offer)."""
    leader = member(UserFactory(username="leder.herberget"), shelter.unit, Role.MANAGER)
    do_set_rooms(user=leader, offer=shelter, names=["Værelse 1"])
    other = CitizenFactory(acting_municipality=ishoj)
    assert stay_services.do_admit(
        user=worker, offer=shelter, citizen=other, facts=SHELTER_OK
    ).admitted


REFUSED_FACTS = {**SHELTER_OK, "active_substance_use": True}


def walk_in(client, shelter, citizen, outcome: str, via: str):
    facts = REFUSED_FACTS if outcome == "refused" else SHELTER_OK
    if via == "ui":
        response = client.post(f"/ophold/ankomst/{shelter.uuid}/", _arrival(citizen, facts))
        assert response.status_code in (200, 302)
    else:
        response = client.post(
            "/api/v1/stays",
            json.dumps({"offer": str(shelter.uuid), "cpr": citizen.cpr, "facts": facts}),
            content_type="application/json",
        )
        assert response.status_code == {"admitted": 201, "waiting": 202, "refused": 409}[outcome]


def _sees(client, citizen) -> dict:
    """What the worker reads of the citizen, page by page."""
    overview = client.get(f"/borgere/{citizen.uuid}/")
    page = overview.content.decode()
    plans_page = client.get(f"/planer/{citizen.uuid}/")
    api_citizen = client.get(f"/api/v1/citizens/{citizen.uuid}")
    api_plans = client.get(f"/api/v1/citizens/{citizen.uuid}/plans")
    plan = Plan.objects.get(citizen=citizen)
    plan_page = client.get(f"/planer/{citizen.uuid}/plan/{plan.uuid}/")
    everything = "".join(
        r.content.decode() for r in (overview, plans_page, api_citizen, api_plans, plan_page)
    )
    return {
        "overview": overview.status_code,
        "name": citizen.full_name in page,
        "phone": PHONE in everything,
        "address": ADDRESS in everything,
        "plan": PLAN_PURPOSE in everything,
        "plan_page": plan_page.status_code,
        "api_citizen": api_citizen.status_code,
    }


@pytest.mark.parametrize("via", ["ui", "api"])
@pytest.mark.parametrize("outcome", ["admitted", "waiting", "refused"])
def test_walk_in_gives_the_stays_scope_not_the_record(
    as_user, shelter_worker_ishoj, shelter, ishoj, freja, outcome, via
):
    client = as_user(shelter_worker_ishoj)
    before = _sees(client, freja)
    assert before["overview"] == 404 and not before["plan"] and not before["phone"]
    if outcome == "waiting":
        fill_shelter(shelter, shelter_worker_ishoj, ishoj)
    walk_in(client, shelter, freja, outcome, via)

    after = _sees(client, freja)
    assert after["overview"] == 200 and after["name"]
    assert not after["plan"], "another municipality's action plan reached the shelter unshared"
    assert after["plan_page"] == 404
    if outcome == "admitted":
        # identity and contact, and the stay
        assert after["phone"] and after["address"]
        assert after["api_citizen"] == 200
    else:
        # nothing beyond the referral itself
        assert not after["phone"] and not after["address"]
        assert after["api_citizen"] == 404
        assert "Du ser kun visitationen" in client.get(f"/borgere/{freja.uuid}/").content.decode()


def test_shared_plan_reaches_the_offer_and_withdrawing_takes_it_back(
    as_user, shelter_worker_ishoj, caseworker_ballerup, shelter, freja
):
    worker = as_user(shelter_worker_ishoj)
    walk_in(worker, shelter, freja, "admitted", "ui")
    plan = Plan.objects.get(citizen=freja)
    caseworker = as_user(caseworker_ballerup)
    page = caseworker.get(f"/planer/{freja.uuid}/plan/{plan.uuid}/").content.decode()
    assert "Delt med tilbud" in page and shelter.unit.name in page

    caseworker.post(
        f"/planer/{freja.uuid}/plan/{plan.uuid}/del/",
        {"unit": str(shelter.unit.uuid), "purpose": "on", "note": "Gælden er det vigtigste"},
    )
    share = PlanShare.objects.get(plan=plan, withdrawn_at__isnull=True)
    assert AuditEntry.objects.filter(
        action=Action.EXPORT, citizen_uuid=freja.uuid, object_id=str(share.uuid)
    ).exists()
    assert _sees(worker, freja)["plan"]
    assert worker.get(f"/planer/{freja.uuid}/plan/{plan.uuid}/").status_code == 200

    caseworker.post(f"/planer/{freja.uuid}/plan/{plan.uuid}/del/{share.uuid}/tilbagekald/")
    share.refresh_from_db()
    assert share.withdrawn_at is not None
    assert AuditEntry.objects.filter(
        action=Action.CHANGE, citizen_uuid=freja.uuid, object_id=str(share.uuid)
    ).exists()
    assert not _sees(worker, freja)["plan"]


def test_only_the_acting_municipalitys_caseworker_shares(
    as_user, shelter_worker_ishoj, caseworker_ishoj, shelter, freja
):
    walk_in(as_user(shelter_worker_ishoj), shelter, freja, "admitted", "ui")
    plan = Plan.objects.get(citizen=freja)
    for user in (shelter_worker_ishoj, caseworker_ishoj):
        response = as_user(user).post(
            f"/planer/{freja.uuid}/plan/{plan.uuid}/del/", {"unit": str(shelter.unit.uuid)}
        )
        assert response.status_code == 404
    assert not PlanShare.objects.exists()


def test_a_plan_cannot_be_shared_with_an_offer_where_the_citizen_only_waits(
    as_user, shelter_worker_ishoj, caseworker_ballerup, shelter, ishoj, freja
):
    fill_shelter(shelter, shelter_worker_ishoj, ishoj)
    walk_in(as_user(shelter_worker_ishoj), shelter, freja, "waiting", "ui")
    plan = Plan.objects.get(citizen=freja)
    response = as_user(caseworker_ballerup).post(
        f"/planer/{freja.uuid}/plan/{plan.uuid}/del/",
        {"unit": str(shelter.unit.uuid)},
        follow=True,
    )
    assert "Vælg et tilbud, borgeren har en aktiv tilknytning til." in response.content.decode()
    assert not PlanShare.objects.exists()


def test_the_scope_is_decided_in_the_policy(shelter_worker_ishoj, shelter, ishoj, freja):
    result = stay_services.do_admit(
        user=shelter_worker_ishoj, offer=shelter, citizen=freja, facts=SHELTER_OK
    )
    assert result.admitted
    grant = policy.grant_for(shelter_worker_ishoj, freja)
    assert grant is not None and grant.scope == policy.STAY
    assert policy.covers(grant, policy.SECTION_RECORD)
    assert not Plan.objects.filter(policy.plan_q(grant), citizen=freja).exists()
