"""Issue 12, item 1: the authority chooses which parts of a §141 action plan reach an offer
(do_share_plan_parts, "delt med" in the log); the offer's staff with the stay's scope see those
parts and nothing else of the plan, on the page and in the API; a withdrawal takes them back."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hjemvej.access.models import PlanShare
from hjemvej.audit.models import Action, AuditEntry
from hjemvej.plans import rules, services
from hjemvej.plans.models import Plan
from tests.factories import RelationshipFactory
from tests.plans.conftest import smart_goal

pytestmark = pytest.mark.django_db

PURPOSE = "Jørgen skal have ro på økonomien hos kommunen"
SHARED = "Jeg vil lave mad selv på herberget"
HIDDEN = "Afdrag på gælden til boligselskabet"
HIDDEN_SUB = "Møde med gældsrådgiveren i Ishøj"
SHARED_SUB = "Laver aftensmad to gange om ugen"


@pytest.fixture
def plan(caseworker_ishoj, citizen_ishoj, ishoj_authority, ishoj_shelter_unit):
    """Ishøj's §141 plan for a citizen staying at Ishøj's shelter: two goals, each with a
    scored sub-goal."""
    RelationshipFactory(citizen=citizen_ishoj, unit=ishoj_shelter_unit)
    today = timezone.localdate()
    plan = services.do_create_plan(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        kind=Plan.Kind.ACTION_141,
        unit=ishoj_authority,
        starts_on=rules.add_months(today, -2),
        purpose=PURPOSE,
        citizen_wishes="Et sted med plads til hunden",
    )
    for title, sub in ((SHARED, SHARED_SUB), (HIDDEN, HIDDEN_SUB)):
        goal = smart_goal(caseworker_ishoj, plan, title=title, specific=f"{title} (specifikt)")
        sub_goal = services.do_add_sub_goal(
            user=caseworker_ishoj, goal=goal, text=sub, follow_up_on=today
        )
        services.do_record_score(user=caseworker_ishoj, sub_goal=sub_goal, scored_on=today, value=3)
    return plan


def _goal(plan, title):
    return plan.goals.get(title=title)


def _share(caseworker, plan, unit, *, purpose=False, titles=(SHARED,)):
    return services.do_share_plan_parts(
        user=caseworker,
        plan=plan,
        unit=unit,
        goals=[_goal(plan, t) for t in titles],
        purpose=purpose,
        note="Madlavningen er det vigtigste",
    )


# ---------------------------------------------------------------- the service


def test_sharing_parts_is_logged_delt_med_and_a_new_choice_replaces_the_old(
    plan, caseworker_ishoj, ishoj_shelter_unit
):
    share = _share(caseworker_ishoj, plan, ishoj_shelter_unit)
    assert not share.purpose and [g.title for g in share.goals.all()] == [SHARED]
    entry = AuditEntry.objects.get(action=Action.EXPORT, object_id=str(share.uuid))
    assert "delt med De fleksible afklaringspladser" in entry.summary
    assert entry.detail["parts"] == [SHARED]

    again = _share(caseworker_ishoj, plan, ishoj_shelter_unit, purpose=True, titles=())
    assert again.pk == share.pk and again.purpose and not again.goals.exists()
    assert PlanShare.objects.filter(plan=plan).count() == 1
    assert AuditEntry.objects.filter(action=Action.EXPORT, object_id=str(share.uuid)).count() == 2

    with pytest.raises(ValidationError, match="mindst ét mål"):
        _share(caseworker_ishoj, plan, ishoj_shelter_unit, titles=())
    services.do_withdraw_plan_share(user=caseworker_ishoj, share=share)
    assert AuditEntry.objects.filter(action=Action.CHANGE, object_id=str(share.uuid)).exists()


def test_only_an_offer_with_a_tie_gets_parts_and_goals_must_be_the_plans(
    plan, caseworker_ishoj, ishoj_shelter_unit, ishoj, action_plan
):
    from tests.factories import UnitFactory

    other = UnitFactory(municipality=ishoj, name="Ågården", slug="aa")
    with pytest.raises(ValidationError, match="ingen aktiv tilknytning"):
        _share(caseworker_ishoj, plan, other)
    foreign = smart_goal(caseworker_ishoj, action_plan, title="Et andet mål")
    with pytest.raises(ValidationError, match="høre til planen"):
        services.do_share_plan_parts(
            user=caseworker_ishoj, plan=plan, unit=ishoj_shelter_unit, goals=[foreign]
        )


# ---------------------------------------------------------------- the shelter worker's view


def test_the_shelter_worker_sees_only_the_shared_parts(
    plan, caseworker_ishoj, shelter_worker_ishoj, ishoj_shelter_unit, citizen_ishoj, as_user
):
    worker = as_user(shelter_worker_ishoj)
    url = f"/planer/{citizen_ishoj.uuid}/plan/{plan.uuid}/"
    assert worker.get(url).status_code == 404  # not shared: the plan does not exist for them
    _share(caseworker_ishoj, plan, ishoj_shelter_unit)

    html = worker.get(url).content.decode()
    assert SHARED in html and SHARED_SUB in html and "Madlavningen er det vigtigste" in html
    for secret in (HIDDEN, HIDDEN_SUB, f"{HIDDEN} (specifikt)", PURPOSE, "plads til hunden"):
        assert secret not in html, secret
    listing = worker.get(f"/planer/{citizen_ishoj.uuid}/").content.decode()
    assert HIDDEN_SUB not in listing and SHARED_SUB in listing  # the progression table
    # the pages that hold the whole plan stay shut, and nothing can be written into it
    for tail in ("ret/", "udskrift/", "pdf/", "version/1/", "mal/citizen/nyt/", "opfolgning/"):
        assert worker.get(url + tail).status_code == 404, tail

    _share(caseworker_ishoj, plan, ishoj_shelter_unit, purpose=True)
    assert PURPOSE in worker.get(url).content.decode()

    share = PlanShare.objects.get(plan=plan)
    as_user(caseworker_ishoj).post(f"{url}del/{share.uuid}/tilbagekald/")
    assert worker.get(url).status_code == 404


def test_the_caseworker_chooses_the_parts_on_the_plan_page(
    plan, caseworker_ishoj, ishoj_shelter_unit, citizen_ishoj, as_user
):
    client = as_user(caseworker_ishoj)
    url = f"/planer/{citizen_ishoj.uuid}/plan/{plan.uuid}/"
    page = client.get(url).content.decode()
    assert 'name="purpose"' in page and 'name="goals"' in page and SHARED in page

    nothing = client.post(url + "del/", {"unit": str(ishoj_shelter_unit.uuid)})
    assert nothing.status_code == 400
    assert "Vælg formålet eller mindst ét mål, der skal deles." in nothing.content.decode()
    assert not PlanShare.objects.exists()

    goal = _goal(plan, SHARED)
    response = client.post(
        url + "del/", {"unit": str(ishoj_shelter_unit.uuid), "goals": [str(goal.uuid)]}
    )
    assert response.status_code == 302
    share = PlanShare.objects.get(plan=plan)
    assert list(share.goals.all()) == [goal] and not share.purpose
    page = client.get(url).content.decode()
    assert "Træk delingen tilbage" in page


def test_a_plan_shown_in_part_cannot_be_saved(plan, caseworker_ishoj, shelter_worker_ishoj):
    from hjemvej.access import policy
    from hjemvej.plans import selectors

    _share(caseworker_ishoj, plan, plan.citizen.relationships.first().unit)
    grant = policy.grant_for(shelter_worker_ishoj, plan.citizen)
    shown = selectors.plan_with_goals(plan.citizen, plan.uuid, grant=grant)
    assert shown.purpose == "" and [g.title for g in shown.goals.all()] == [SHARED]
    with pytest.raises(RuntimeError):
        shown.save()
    plan.refresh_from_db()
    assert plan.purpose == PURPOSE


# ---------------------------------------------------------------- the API


def _json(client, method, url, data=None):
    body = "" if data is None else json.dumps(data)
    return client.generic(method, url, body, content_type="application/json")


def test_api_shares_parts_and_the_offer_reads_only_them(
    plan, caseworker_ishoj, shelter_worker_ishoj, ishoj_shelter_unit, citizen_ishoj, as_user
):
    caseworker, worker = as_user(caseworker_ishoj), as_user(shelter_worker_ishoj)
    base = f"/api/v1/citizens/{citizen_ishoj.uuid}"
    shared, hidden = _goal(plan, SHARED), _goal(plan, HIDDEN)
    body = {"unit": str(ishoj_shelter_unit.uuid), "goals": [str(shared.uuid)], "purpose": False}

    # unshared, the plan does not exist for the offer
    assert _json(worker, "POST", f"{base}/plans/{plan.uuid}/shares", body).status_code == 404
    assert _json(worker, "GET", f"{base}/plans/{plan.uuid}").status_code == 404
    r = _json(caseworker, "POST", f"{base}/plans/{plan.uuid}/shares", body)
    assert r.status_code == 201, r.content
    share = r.json()
    assert share["goals"] == [str(shared.uuid)] and share["purpose"] is False
    # the offer reads its parts but does not share them on
    assert _json(worker, "POST", f"{base}/plans/{plan.uuid}/shares", body).status_code == 403
    bad = {**body, "goals": [str(plan.uuid)]}
    assert _json(caseworker, "POST", f"{base}/plans/{plan.uuid}/shares", bad).status_code == 422

    r = _json(worker, "GET", f"{base}/plans/{plan.uuid}")
    assert r.status_code == 200
    text = json.dumps(r.json(), ensure_ascii=False)
    assert r.json()["shared_parts_only"] is True and r.json()["purpose"] == ""
    assert SHARED in text and SHARED_SUB in text
    assert HIDDEN not in text and HIDDEN_SUB not in text and PURPOSE not in text
    assert [p["id"] for p in _json(worker, "GET", f"{base}/shared-plans").json()["results"]] == [
        str(plan.uuid)
    ]
    listed = json.dumps(_json(worker, "GET", f"{base}/plans").json(), ensure_ascii=False)
    assert SHARED in listed and HIDDEN not in listed
    # the hidden goal's sub-goal and its scores are not there; nothing is written into the plan
    hidden_sub = hidden.sub_goals.get()
    assert _json(worker, "GET", f"{base}/sub-goals/{hidden_sub.uuid}/scores").status_code == 404
    shared_sub = shared.sub_goals.get()
    assert _json(worker, "GET", f"{base}/sub-goals/{shared_sub.uuid}/scores").status_code == 200
    goal = {"kind": "citizen", "title": "Nyt mål fra herberget"}
    assert _json(worker, "POST", f"{base}/plans/{plan.uuid}/goals", goal).status_code == 404
    score = {"scored_on": timezone.localdate().isoformat(), "value": 2}
    url = f"{base}/sub-goals/{shared_sub.uuid}/scores"
    assert _json(worker, "POST", url, score).status_code == 404

    listed = _json(caseworker, "GET", f"{base}/plans/{plan.uuid}/shares").json()["results"]
    assert [s["id"] for s in listed] == [share["id"]]
    r = _json(caseworker, "POST", f"{base}/plans/{plan.uuid}/shares/{share['id']}/withdraw")
    assert r.status_code == 200 and r.json()["withdrawn_at"]
    assert _json(worker, "GET", f"{base}/plans/{plan.uuid}").status_code == 404
    assert AuditEntry.objects.filter(action=Action.CHANGE, object_id=share["id"]).exists()


def test_a_caseworker_tied_to_another_municipalitys_citizen_gets_no_plan_dates_in_the_worklist(
    caseworker_ishoj, caseworker_ballerup, ballerup_authority, citizen_ishoj, ishoj_authority
):
    """An approved access request ties Ballerup's caseworker to Ishøj's citizen (a contact):
    Ishøj's plan, due for its yearly follow-up, stays out of Ballerup's worklist."""
    from hjemvej.people.models import Relationship
    from hjemvej.plans import selectors

    today = timezone.localdate()
    RelationshipFactory(
        citizen=citizen_ishoj, unit=ballerup_authority, kind=Relationship.Kind.CONTACT
    )
    services.do_create_plan(
        user=caseworker_ishoj,
        citizen=citizen_ishoj,
        kind=Plan.Kind.ACTION_141,
        unit=ishoj_authority,
        starts_on=rules.add_months(today, -12),
        purpose=PURPOSE,
    )
    smart_goal(caseworker_ishoj, Plan.objects.get(citizen=citizen_ishoj))
    mine, _ = selectors.follow_up_worklist(caseworker_ishoj, today)
    assert [i.citizen for i in mine] and {i.citizen for i in mine} == {citizen_ishoj}
    theirs, total = selectors.follow_up_worklist(caseworker_ballerup, today)
    assert theirs == [] and total == 0
