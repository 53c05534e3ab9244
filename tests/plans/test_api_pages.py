"""Issue 13: the API's per-citizen plan lists (assessments, Signs of Safety assessments, plans,
a sub-goal's scores, a plan's shares, the plans shared with the user's offer) answer 50 rows a
page with the count and the number of pages; the queries of one page do not grow with the
rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hjemvej.access.models import PlanShare
from hjemvej.audit.models import AuditEntry
from hjemvej.plans.models import (
    Assessment,
    Goal,
    Plan,
    SafetyAssessment,
    Score,
    ScoredBy,
    SubGoal,
)
from tests.factories import CitizenFactory, RelationshipFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _day(i: int) -> datetime.date:
    """Row i's date: row 0 is the oldest."""
    return TODAY - datetime.timedelta(days=400 - i)


def _assessments(citizen, unit, user, n):
    Assessment.objects.bulk_create(
        Assessment(citizen=citizen, unit=unit, made_by=user, assessed_on=_day(i), resources=f"{i}")
        for i in range(n)
    )


def _safety(citizen, unit, user, n):
    SafetyAssessment.objects.bulk_create(
        SafetyAssessment(
            citizen=citizen,
            unit=unit,
            made_by=user,
            assessed_on=_day(i),
            worries=f"{i}",
            safety_scale=5,
        )
        for i in range(n)
    )


def _plans(citizen, unit, user, n) -> list[Plan]:
    """n plans, each with a goal, a sub-goal and a score (what the plan list reads)."""
    plans = Plan.objects.bulk_create(
        Plan(
            citizen=citizen,
            kind=Plan.Kind.ACTION_141,
            unit=unit,
            starts_on=_day(i),
            purpose=f"Plan {i}",
            created_by=user,
        )
        for i in range(n)
    )
    goals = Goal.objects.bulk_create(
        Goal(plan=p, kind=Goal.Kind.PROFESSIONAL, title=f"Mål {p.purpose}") for p in plans
    )
    subs = SubGoal.objects.bulk_create(SubGoal(goal=g, text="Delmål") for g in goals)
    Score.objects.bulk_create(
        Score(sub_goal=s, scored_on=TODAY, value=2, scored_by=ScoredBy.STAFF, user=user)
        for s in subs
    )
    return plans


def _get(client, url, page=None):
    r = client.get(url, {} if page is None else {"page": page})
    assert r.status_code == 200, r.content
    return r.json()


def _pages_of_51(client, url, key):
    """51 rows: count 51 on 2 pages, page 2 holds the 51st; a page past the end is the last."""
    first = _get(client, url)
    assert (first["count"], first["page"], first["pages"]) == (51, 1, 2)
    assert len(first["results"]) == 50
    second = _get(client, url, 2)
    assert (second["count"], second["page"], second["pages"]) == (51, 2, 2)
    assert len(second["results"]) == 1
    assert _get(client, url, 99)["results"] == second["results"]
    seen = [key(r) for r in first["results"] + second["results"]]
    assert len(set(seen)) == 51
    return seen


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def other_citizen(ishoj):
    return CitizenFactory(acting_municipality=ishoj, birth_date=datetime.date(1980, 5, 5))


def test_assessments_50_a_page_newest_first(
    caseworker_ishoj, citizen_ishoj, other_citizen, ishoj_authority, as_user
):
    client = as_user(caseworker_ishoj)
    _assessments(citizen_ishoj, ishoj_authority, caseworker_ishoj, 51)
    _assessments(other_citizen, ishoj_authority, caseworker_ishoj, 3)
    url = f"/api/v1/citizens/{citizen_ishoj.uuid}/assessments"
    seen = _pages_of_51(client, url, lambda r: r["resources"])
    assert seen == [str(i) for i in reversed(range(51))]  # newest first

    few = _queries(client, f"/api/v1/citizens/{other_citizen.uuid}/assessments")
    assert _queries(client, url) == few


def test_safety_assessments_50_a_page(caseworker_ishoj, ishoj, ishoj_authority, as_user):
    client = as_user(caseworker_ishoj)
    young = [
        CitizenFactory(acting_municipality=ishoj, birth_date=datetime.date(TODAY.year - 16, 1, 1))
        for _ in range(2)
    ]
    _safety(young[0], ishoj_authority, caseworker_ishoj, 51)
    _safety(young[1], ishoj_authority, caseworker_ishoj, 3)
    url = f"/api/v1/citizens/{young[0].uuid}/safety-assessments"
    seen = _pages_of_51(client, url, lambda r: r["worries"])
    assert seen == [str(i) for i in reversed(range(51))]
    few = _queries(client, f"/api/v1/citizens/{young[1].uuid}/safety-assessments")
    assert _queries(client, url) == few


def test_plans_50_a_page_newest_first(
    caseworker_ishoj, citizen_ishoj, other_citizen, ishoj_authority, as_user
):
    client = as_user(caseworker_ishoj)
    _plans(citizen_ishoj, ishoj_authority, caseworker_ishoj, 51)
    _plans(other_citizen, ishoj_authority, caseworker_ishoj, 3)
    url = f"/api/v1/citizens/{citizen_ishoj.uuid}/plans"
    seen = _pages_of_51(client, url, lambda r: r["purpose"])
    assert seen == [f"Plan {i}" for i in reversed(range(51))]
    assert _get(client, url)["results"][0]["goals"][0]["sub_goals"][0]["latest"] == 2

    few = _queries(client, f"/api/v1/citizens/{other_citizen.uuid}/plans")
    assert _queries(client, url) == few


def test_plans_of_one_day_keep_one_order_across_pages(
    caseworker_ishoj, citizen_ishoj, ishoj_authority, as_user
):
    """Same start date and the same creation time: the id decides, so no plan is on both
    pages or on neither."""
    plans = _plans(citizen_ishoj, ishoj_authority, caseworker_ishoj, 51)
    Plan.objects.filter(pk__in=[p.pk for p in plans]).update(
        starts_on=TODAY, created_at=timezone.now()
    )
    client = as_user(caseworker_ishoj)
    url = f"/api/v1/citizens/{citizen_ishoj.uuid}/plans"
    seen = _pages_of_51(client, url, lambda r: r["id"])
    by_id = {str(p.uuid): p.pk for p in plans}
    assert [by_id[s] for s in seen] == sorted(by_id.values(), reverse=True)


def test_scores_50_a_page_oldest_first(caseworker_ishoj, citizen_ishoj, ishoj_authority, as_user):
    plan = _plans(citizen_ishoj, ishoj_authority, caseworker_ishoj, 2)[0]
    sub_goals = list(SubGoal.objects.filter(goal__plan__citizen=citizen_ishoj))
    many, few = sub_goals
    Score.objects.filter(sub_goal=many).delete()
    Score.objects.bulk_create(
        Score(
            sub_goal=many,
            scored_on=_day(i),
            value=i % 5,
            scored_by=ScoredBy.STAFF,
            user=caseworker_ishoj,
            note=f"{i}",
        )
        for i in range(51)
    )
    assert plan.pk
    client = as_user(caseworker_ishoj)
    base = f"/api/v1/citizens/{citizen_ishoj.uuid}/sub-goals"
    seen = _pages_of_51(client, f"{base}/{many.uuid}/scores", lambda r: r["note"])
    assert seen == [str(i) for i in range(51)]  # the first is the baseline
    assert _queries(client, f"{base}/{many.uuid}/scores") == _queries(
        client, f"{base}/{few.uuid}/scores"
    )


def test_shares_and_shared_plans_50_a_page(
    caseworker_ishoj,
    shelter_worker_ishoj,
    citizen_ishoj,
    other_citizen,
    ishoj_authority,
    ishoj_shelter_unit,
    as_user,
):
    """The offer's staff read 51 plans shared with the offer (not the offer's own plan); the
    caseworker reads one plan's shares a page at a time."""
    for citizen, n in ((citizen_ishoj, 51), (other_citizen, 3)):
        RelationshipFactory(citizen=citizen, unit=ishoj_shelter_unit)
        plans = _plans(citizen, ishoj_authority, caseworker_ishoj, n)
        shares = PlanShare.objects.bulk_create(
            PlanShare(
                plan=p,
                unit=ishoj_shelter_unit,
                shared_by=caseworker_ishoj,
                shared_at=timezone.now(),
            )
            for p in plans
        )
        goals = Goal.objects.filter(plan__in=plans).order_by("plan")
        for share, goal in zip(shares, goals, strict=True):
            share.goals.add(goal)
        _plans(citizen, ishoj_shelter_unit, shelter_worker_ishoj, 1)  # the offer's own
    worker = as_user(shelter_worker_ishoj)
    url = f"/api/v1/citizens/{citizen_ishoj.uuid}/shared-plans"
    seen = _pages_of_51(worker, url, lambda r: r["id"])
    shown = _get(worker, url)["results"]
    assert all(r["shared_parts_only"] and r["purpose"] == "" for r in shown)
    assert all(len(r["goals"]) == 1 for r in shown)
    assert set(seen) == {
        str(u)
        for u in Plan.objects.filter(citizen=citizen_ishoj, unit=ishoj_authority).values_list(
            "uuid", flat=True
        )
    }
    few = _queries(worker, f"/api/v1/citizens/{other_citizen.uuid}/shared-plans")
    assert _queries(worker, url) == few
    # the authority sees every plan whole: nothing is only shared with it
    caseworker = as_user(caseworker_ishoj)
    assert _get(caseworker, url) == {"count": 0, "page": 1, "pages": 1, "results": []}

    # one plan's shares: 51 offers' shares of the same plan
    from tests.factories import UnitFactory

    plan = Plan.objects.filter(citizen=citizen_ishoj, unit=ishoj_authority).first()
    units = [UnitFactory(municipality=ishoj_authority.municipality) for _ in range(50)]
    PlanShare.objects.bulk_create(
        PlanShare(
            plan=plan,
            unit=u,
            shared_by=caseworker_ishoj,
            shared_at=timezone.now() - datetime.timedelta(minutes=i),
        )
        for i, u in enumerate(units)
    )
    shares_url = f"/api/v1/citizens/{citizen_ishoj.uuid}/plans/{plan.uuid}/shares"
    seen = _pages_of_51(caseworker, shares_url, lambda r: r["unit_id"])
    assert seen[-1] == str(units[-1].uuid)  # newest first: the oldest share is last
    other_plan = Plan.objects.filter(citizen=other_citizen, unit=ishoj_authority).first()
    few = _queries(
        caseworker, f"/api/v1/citizens/{other_citizen.uuid}/plans/{other_plan.uuid}/shares"
    )
    assert _queries(caseworker, shares_url) == few


@pytest.mark.parametrize("path", ["assessments", "safety-assessments", "plans", "shared-plans"])
def test_an_unknown_query_parameter_is_refused_and_page_is_known(
    path, caseworker_ishoj, citizen_ishoj, as_user
):
    client = as_user(caseworker_ishoj)
    url = f"/api/v1/citizens/{citizen_ishoj.uuid}/{path}"
    r = client.get(url, {"side": 2})
    assert r.status_code == 422
    assert "Ukendt parameter" in r.json()["errors"]["query"][0]
    empty = _get(client, url, 0)
    assert empty == {"count": 0, "page": 1, "pages": 1, "results": []}
    assert client.get(url, {"page": "to"}).status_code == 422


def test_the_list_is_still_logged_as_before(caseworker_ishoj, citizen_ishoj, as_user):
    client = as_user(caseworker_ishoj)
    before = AuditEntry.objects.filter(citizen_uuid=citizen_ishoj.uuid).count()
    _get(client, f"/api/v1/citizens/{citizen_ishoj.uuid}/plans", 2)
    entries = AuditEntry.objects.filter(citizen_uuid=citizen_ishoj.uuid)
    assert entries.count() == before + 1
    assert "Planer (API)" in str(entries.order_by("-pk").values()[0])


def test_the_shared_only_filter_is_the_rule_of_what_is_shown_whole(
    caseworker_ishoj,
    shelter_worker_ishoj,
    citizen_ishoj,
    ishoj_authority,
    ishoj_shelter_unit,
):
    """plans_query(shared_only=True) pre-filters in SQL (policy.shared_only_plan_q); it picks
    exactly the plans policy.shares_whole_plan calls not whole, for every kind of grant."""
    from hjemvej.access import policy
    from hjemvej.plans import selectors

    RelationshipFactory(citizen=citizen_ishoj, unit=ishoj_shelter_unit)
    shared = _plans(citizen_ishoj, ishoj_authority, caseworker_ishoj, 2)
    _plans(citizen_ishoj, ishoj_authority, caseworker_ishoj, 1)  # not shared
    _plans(citizen_ishoj, ishoj_shelter_unit, shelter_worker_ishoj, 1)  # the offer's own
    PlanShare.objects.bulk_create(
        PlanShare(
            plan=p, unit=ishoj_shelter_unit, shared_by=caseworker_ishoj, shared_at=timezone.now()
        )
        for p in shared
    )
    grants = [
        None,
        policy.grant_for(caseworker_ishoj, citizen_ishoj),
        policy.grant_for(shelter_worker_ishoj, citizen_ishoj),
    ]
    for grant in grants:
        in_sql = {p.pk for p in selectors.plans_query(citizen_ishoj, grant=grant, shared_only=True)}
        by_rule = {
            p.pk
            for p in selectors.plans_for_citizen(citizen_ishoj, grant=grant)
            if not p.shown_whole
        }
        assert in_sql == by_rule
    assert by_rule == {p.pk for p in shared}
