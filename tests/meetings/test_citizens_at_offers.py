"""The authority's board of its citizens at offers, own and bought, and the §141 follow-up
with each shelter every 3 months (issue 16)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hjemvej.common.dates import add_months
from hjemvej.meetings import rules, selectors
from hjemvej.meetings.models import Meeting
from hjemvej.offers.models import LegalBasis, Operator
from hjemvej.offers.services import do_register_bought_offer
from hjemvej.stays.services import do_register_external_stay
from tests.factories import CitizenFactory

TODAY = timezone.localdate()


@pytest.fixture
def bought(caseworker_ishoj, ishoj):
    return do_register_bought_offer(
        user=caseworker_ishoj,
        municipality=ishoj,
        name="Forsorgshjemmet Vestvolden (fiktivt)",
        operator=Operator.PRIVATE,
        provider="Vestvolden Fond (fiktiv)",
        legal_basis=LegalBasis.SEL_110,
        price_per_night=Decimal("1000"),
    )


def stay_at(user, offer, citizen, days_ago: int):
    start = TODAY - datetime.timedelta(days=days_ago)
    return do_register_external_stay(
        user=user,
        offer=offer,
        citizen=citizen,
        started_on=start,
        notice_received_on=start,
    )


def held(citizen, unit, on: datetime.date, status=Meeting.Status.HELD, *, by):
    at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10)))
    return Meeting.objects.create(
        kind=rules.FOLLOWUP_141,
        citizen=citizen,
        unit=unit,
        starts_at=at,
        ends_at=at + datetime.timedelta(hours=1),
        contact_person=by,
        status=status,
    )


def test_the_board_shows_cost_so_far_and_the_follow_up(
    as_user, caseworker_ishoj, bought, ishoj, ishoj_authority
):
    citizen = CitizenFactory(acting_municipality=ishoj, first_name="Kaj", last_name="Vest")
    stay = stay_at(caseworker_ishoj, bought, citizen, 100)
    rows = selectors.away_rows(selectors.citizens_at_offers(caseworker_ishoj, TODAY), TODAY)
    (row,) = rows
    assert row.stay == stay and row.nights == 100
    assert row.cost == Decimal("100000") and row.rate.source == "aftalt pris"
    assert row.due == add_months(stay.started_on, 3) and row.overdue
    page = as_user(caseworker_ishoj).get("/borgere-paa-tilbud/").content.decode()
    assert "Kaj Vest" in page and "Vestvolden Fond (fiktiv)" in page
    assert "Overskredet" in page and "100.000" in page


def test_a_held_follow_up_moves_the_next_three_months_on(
    caseworker_ishoj, bought, ishoj, ishoj_authority
):
    citizen = CitizenFactory(acting_municipality=ishoj)
    stay_at(caseworker_ishoj, bought, citizen, 120)
    meeting_day = TODAY - datetime.timedelta(days=20)
    held(citizen, ishoj_authority, meeting_day, by=caseworker_ishoj)
    (row,) = selectors.away_rows(selectors.citizens_at_offers(caseworker_ishoj, TODAY), TODAY)
    assert row.last_held == meeting_day
    assert row.due == add_months(meeting_day, rules.RULES[rules.FOLLOWUP_141].every_months)
    assert not row.overdue
    # Not due within 14 days: not on the worklist.
    assert selectors.follow_ups_due(caseworker_ishoj, TODAY) == []


def test_the_worklist_lists_due_follow_ups_until_booked(
    as_user, caseworker_ishoj, bought, ishoj, ishoj_authority
):
    due_soon = CitizenFactory(acting_municipality=ishoj, first_name="Due")
    stay_at(caseworker_ishoj, bought, due_soon, 85)  # due in about 5 days
    later = CitizenFactory(acting_municipality=ishoj, first_name="Later")
    stay_at(caseworker_ishoj, bought, later, 30)
    rows = selectors.follow_ups_due(caseworker_ishoj, TODAY)
    assert [r.stay.citizen for r in rows] == [due_soon]
    page = as_user(caseworker_ishoj).get("/arbejdsliste/opfoelgning-141/").content.decode()
    assert "Book opfølgning" in page and due_soon.full_name in page
    home = as_user(caseworker_ishoj).get("/").content.decode()
    assert "Opfølgning (§141) med herbergerne" in home
    held(
        due_soon,
        ishoj_authority,
        TODAY + datetime.timedelta(days=3),
        Meeting.Status.PLANNED,
        by=caseworker_ishoj,
    )
    assert selectors.follow_ups_due(caseworker_ishoj, TODAY) == []


def test_the_board_is_paged_and_its_queries_do_not_grow(as_user, caseworker_ishoj, bought, ishoj):
    client = as_user(caseworker_ishoj)
    for n in range(2):
        stay_at(caseworker_ishoj, bought, CitizenFactory(acting_municipality=ishoj), 10 + n)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/borgere-paa-tilbud/").status_code == 200
    for n in range(50):
        stay_at(caseworker_ishoj, bought, CitizenFactory(acting_municipality=ishoj), 20 + n)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/borgere-paa-tilbud/").content.decode()
    assert len(many.captured_queries) <= len(few.captured_queries)
    assert "Viser 1–50 af 52 ophold." in page


def test_only_the_authority_sees_the_board(
    as_user, caseworker_ishoj, caseworker_ballerup, shelter_worker_ishoj, bought, ishoj
):
    citizen = CitizenFactory(acting_municipality=ishoj, first_name="Hemmelig")
    stay_at(caseworker_ishoj, bought, citizen, 10)
    other = as_user(caseworker_ballerup).get("/borgere-paa-tilbud/").content.decode()
    assert "Hemmelig" not in other
    assert as_user(shelter_worker_ishoj).get("/borgere-paa-tilbud/").status_code == 404
