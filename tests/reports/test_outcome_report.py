"""The yearly outcome report: every figure against hand counts of a year built by hand
(tests/reports/year.py), suppression for analysts, and the records behind a figure."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hjemvej.reports import present, selectors
from tests.reports.year import YEAR, build_year

YEAR_START = datetime.date(YEAR, 1, 1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(ishoj, ishoj_shelter_unit):
    return build_year(ishoj, ishoj_shelter_unit)


def report_for(user, **params):
    scope = selectors.scope_for(user, params)
    return selectors.outcome_report(scope, YEAR)


def test_every_figure_matches_the_hand_count(year, manager_ishoj):
    r = report_for(manager_ishoj, kommune="183")

    def f(key):
        return r.figure(key)

    # Stays overlapping 2025: A B C D E (F ended 2024); courses: G H I J.
    assert f("served").count == 9
    assert f("started").count == 7  # B C D E + G H I
    # Ended stays: B 10, D 20, A 61, C 210 nights → median (20 + 61) / 2.
    assert f("length_median").value == Decimal("40.5")
    assert [f(f"length-{i}").count for i in range(6)] == [2, 1, 0, 1, 0, 0]
    assert (f("destination-own_home").count, f("destination-own_home").total) == (1, 4)
    assert f("destination-street").count == 1
    assert f("destination-own_home_support").count == 1
    assert f("destination-hospital_treatment").count == 1
    assert f("destination-unknown").count == 0
    # Endings: 4 stays + 3 courses; own home without support A, G; with support C, I.
    assert (f("own_home").count, f("own_home").total, f("own_home").share) == (
        4,
        7,
        Decimal("57.1"),
    )
    assert (f("own_home_without").count, f("own_home_with").count) == (2, 2)
    # Moves in 2025: A (back after 4½ months), C, G, I (back after more than 12 months).
    assert (f("returns").count, f("returns").total) == (1, 4)
    # Sub-goals: A 3→1 (−2), C 4→3 (−1; the 2026 score is after the year), G 2→2 (0).
    assert f("level_change").value == Decimal("-1.0")
    assert f("level_change").basis == 3
    # Work A, education C, none B, not recorded D.
    assert (f("work_education").count, f("work_education").total) == (2, 3)
    assert (f("dropped_out").count, f("as_planned").count, f("as_planned").total) == (1, 2, 3)
    # Follow-up conversations held: K own, L not own, M own with limited support.
    assert (f("living_on_own").count, f("living_on_own").total) == (2, 3)
    # Support: 120 + 90 + 30 + 60 minutes = 5 hours (the 2024 entry not counted).
    assert f("support_delivered").value == Decimal("5.0")
    # Entitlement: shelter 11,51 h/week × days in 2025 (A 30, B 10, C 210, D 20, E 214) =
    # 49,33 + 16,44 + 345,30 + 32,89 + 351,88; courses 2 h/week (G 238, H 88, I 245,
    # J 365 days) = 68,00 + 25,14 + 70,00 + 104,29 → 1.063,27.
    assert f("support_entitled").value == Decimal("1063.3")
    # Money at 1.000 kr. a night: A 30 + B 10 + C 210 + D 20 + E 214 nights in 2025.
    assert f("nights").count == 484
    assert f("gross").value == Decimal("484000")
    assert f("own_payment").value == Decimal("21000")  # C pays 100 kr. × 210 nights
    # Reimbursement 50 %, up to 120 nights per running year in 2025:
    # A 30 (its running year began 01.12.2024 with 31 nights) → 15.000; B 10 → 5.000;
    # C 120 of 210 at (1.000 − 100) → 54.000; D 20 → 10.000; E 120 of 214 → 60.000.
    assert f("reimbursement").value == Decimal("144000")
    assert f("net").value == Decimal("319000")


def test_one_offer_counts_only_its_own_records(year, manager_ishoj, ishoj_shelter_unit):
    r = report_for(manager_ishoj, tilbud=str(ishoj_shelter_unit.uuid))
    assert r.figure("served").count == 5
    assert (r.figure("own_home").count, r.figure("own_home").total) == (2, 4)
    assert r.figure("dropped_out").total == 0
    assert r.figure("level_change").value == Decimal("-1.5")


def test_analyst_sees_small_counts_suppressed_and_no_records(year, analyst_ishoj, as_user):
    r = report_for(analyst_ishoj, kommune="183")
    shown = {f.key: f for s in present.present(r, for_analyst=True) for f in s.figures}
    assert shown["served"].text == "9"
    assert shown["length-0"].text == "<5 af <5"
    assert shown["own_home"].text == "<5 af 7"
    assert shown["returns"].text == "<5 af <5"
    assert shown["level_change"].text == "<5 borgere – vises ikke"
    assert shown["support_delivered"].text == "<5 borgere – vises ikke"
    assert shown["gross"].text == "484.000 kr."  # five citizens' stays
    assert all(f.records == 0 for f in shown.values())

    client = as_user(analyst_ishoj)
    page = client.get(f"/rapporter/resultater/vis/?kommune=183&aar={YEAR}").content.decode()
    assert "&lt;5 af 7" in page and "Testesen" not in page
    assert "/rapporter/resultater/tal/" not in page
    assert (
        client.get(f"/rapporter/resultater/tal/served/?kommune=183&aar={YEAR}").status_code == 404
    )


def test_manager_opens_a_figure_to_its_citizens(year, manager_ishoj, as_user):
    client = as_user(manager_ishoj)
    page = client.get(f"/rapporter/resultater/vis/?kommune=183&aar={YEAR}").content.decode()
    assert "4 af 7 (57,1 %)" in page
    assert f"/rapporter/resultater/tal/destination-street/?kommune=183&amp;aar={YEAR}" in page
    records = client.get(
        f"/rapporter/resultater/tal/destination-street/?kommune=183&aar={YEAR}"
    ).content.decode()
    assert "Birthe Testesen" in records and "Anders" not in records
    assert "11.02.2025" in records


def test_offer_staff_and_other_municipalities_get_404(
    year, shelter_worker_ishoj, caseworker_ballerup, as_user
):
    assert (
        as_user(shelter_worker_ishoj).get("/rapporter/resultater/vis/?kommune=183").status_code
        == 404
    )
    assert (
        as_user(caseworker_ballerup).get("/rapporter/resultater/vis/?kommune=183").status_code
        == 404
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_report_page_queries_do_not_grow_with_the_citizens(year, manager_ishoj, as_user, ishoj):
    import datetime

    from hjemvej.courses.models import SupportEntry
    from hjemvej.stays.models import Stay
    from tests.factories import CitizenFactory

    client = as_user(manager_ishoj)
    url = f"/rapporter/resultater/vis/?kommune=183&aar={YEAR}"
    client.get(url)
    before = _queries(client, url)
    offer = Stay.objects.first().offer
    staff = SupportEntry.objects.first().registered_by
    for i in range(20):
        c = CitizenFactory(acting_municipality=ishoj)
        start = datetime.date(2025, 1, 1) + datetime.timedelta(days=i)
        Stay.objects.create(
            citizen=c,
            offer=offer,
            decided_on=start,
            started_on=start,
            ended_on=start + datetime.timedelta(days=5),
            destination="own_home",
        )
        SupportEntry.objects.create(
            citizen=c,
            unit=offer.unit,
            date=start,
            minutes=30,
            kind="conversation",
            registered_by=staff,
        )
    assert _queries(client, url) == before


def test_money_without_a_cost_sheet_is_not_shown_as_zero(year, manager_ishoj):
    from hjemvej.economics.models import CostSheet

    CostSheet.objects.all().delete()
    r = report_for(manager_ishoj, kommune="183")
    assert r.figure("nights").count == 484
    assert r.figure("gross").value is None and r.figure("reimbursement").value is None
    shown = {f.key: f for s in present.present(r, for_analyst=False) for f in s.figures}
    assert shown["gross"].text == "–"
    assert "Uden takstblad (ikke prissat): De fleksible afklaringspladser" in r.sections[-1].text


def test_offer_manager_sees_only_the_citizens_the_policy_allows(year, as_user):
    from hjemvej.accounts.models import Role
    from hjemvej.people.models import Relationship
    from tests.factories import UserFactory, member

    people, hf_unit = year
    manager = member(UserFactory(username="leder.hf"), hf_unit, Role.MANAGER)
    Relationship.objects.create(
        citizen=people["G"], unit=hf_unit, kind=Relationship.Kind.STAY, started_on=YEAR_START
    )
    client = as_user(manager)
    assert client.get("/rapporter/resultater/vis/?kommune=183").status_code == 404
    html = client.get(
        f"/rapporter/resultater/tal/served/?tilbud={hf_unit.uuid}&aar={YEAR}"
    ).content.decode()
    assert "Gustav Testesen" in html and "Hanne" not in html
    assert "3 registreringer vedrører borgere, du ikke har adgang til" in html
