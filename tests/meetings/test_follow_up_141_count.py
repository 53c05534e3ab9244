"""The §141 follow-ups due: the home page's count (meetings.selectors.follow_ups_due_count)
reads only base dates, the worklist pages the rows (FollowUpsDue); both judge the due date
with meetings.rules.next_due and agree at the boundaries: due exactly on the horizon, one day
after, and a start at a month's end (30 Nov + 3 months = 28 Feb)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from hjemvej.common.dates import add_months
from hjemvej.meetings import rules, selectors
from hjemvej.meetings.models import Meeting
from hjemvej.offers.models import LegalBasis, Operator
from hjemvej.offers.services import do_register_bought_offer
from hjemvej.stays.services import do_register_external_stay
from tests.factories import CitizenFactory

EVERY = rules.RULES[rules.FOLLOWUP_141].every_months
WITHIN = selectors.FOLLOW_UP_WITHIN_DAYS


@pytest.fixture
def shelter(caseworker_ishoj, ishoj):
    return do_register_bought_offer(
        user=caseworker_ishoj,
        municipality=ishoj,
        name="Forsorgshjemmet Grænsen (fiktivt)",
        operator=Operator.PRIVATE,
        provider="Grænsen Fond (fiktiv)",
        legal_basis=LegalBasis.SEL_110,
        price_per_night=Decimal("900"),
    )


def _stay(user, offer, municipality, started_on, name):
    citizen = CitizenFactory(acting_municipality=municipality, first_name=name)
    do_register_external_stay(
        user=user,
        offer=offer,
        citizen=citizen,
        started_on=started_on,
        notice_received_on=started_on,
    )
    return citizen


def _held(citizen, unit, on, by):
    at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10)))
    Meeting.objects.create(
        kind=rules.FOLLOWUP_141,
        citizen=citizen,
        unit=unit,
        starts_at=at,
        ends_at=at + datetime.timedelta(hours=1),
        contact_person=by,
        status=Meeting.Status.HELD,
    )


def _worklist(user, today):
    return [r.stay.citizen.first_name for r in selectors.FollowUpsDue(user, today)[:]]


def test_due_exactly_on_the_horizon_counts_one_day_after_does_not(caseworker_ishoj, shelter, ishoj):
    # A today whose horizon survives going back and forth by 3 months (no month-end clipping).
    today = timezone.localdate() - datetime.timedelta(days=400)
    while (
        add_months(add_months(today + datetime.timedelta(days=WITHIN), -EVERY), EVERY)
        != (today + datetime.timedelta(days=WITHIN))
        or (today + datetime.timedelta(days=WITHIN)).day > 28
    ):
        today += datetime.timedelta(days=1)
    horizon = today + datetime.timedelta(days=WITHIN)
    on_horizon = add_months(horizon, -EVERY)
    _stay(caseworker_ishoj, shelter, ishoj, on_horizon, "Paa")
    _stay(caseworker_ishoj, shelter, ishoj, on_horizon + datetime.timedelta(days=1), "Efter")
    _stay(caseworker_ishoj, shelter, ishoj, on_horizon - datetime.timedelta(days=30), "Over")
    rows = selectors.follow_ups_due(caseworker_ishoj, today)
    assert [r.stay.citizen.first_name for r in rows] == ["Over", "Paa"]
    assert rows[1].due == horizon
    assert selectors.follow_ups_due_count(caseworker_ishoj, today, 50) == len(rows) == 2
    assert _worklist(caseworker_ishoj, today) == ["Over", "Paa"]


def test_a_month_end_start_is_judged_by_the_rule(caseworker_ishoj, shelter, ishoj, ishoj_authority):
    # Horizon 28 February: 28, 29 and 30 November are all due on 28 February (clipped),
    # 1 December on 1 March. A follow-up held on 30 November counts the same way.
    year = timezone.localdate().year - 2
    while datetime.date(year, 3, 1) - datetime.timedelta(days=1) != datetime.date(year, 2, 28):
        year -= 1  # a year whose February has 28 days
    horizon = datetime.date(year, 2, 28)
    today = horizon - datetime.timedelta(days=WITHIN)
    for day, name in [(28, "Nov28"), (29, "Nov29"), (30, "Nov30")]:
        _stay(caseworker_ishoj, shelter, ishoj, datetime.date(year - 1, 11, day), name)
    _stay(caseworker_ishoj, shelter, ishoj, datetime.date(year - 1, 12, 1), "Dec1")
    held_30 = _stay(caseworker_ishoj, shelter, ishoj, datetime.date(year - 1, 6, 1), "Holdt30")
    _held(held_30, ishoj_authority, datetime.date(year - 1, 11, 30), caseworker_ishoj)
    held_dec = _stay(caseworker_ishoj, shelter, ishoj, datetime.date(year - 1, 6, 2), "HoldtDec")
    _held(held_dec, ishoj_authority, datetime.date(year - 1, 12, 1), caseworker_ishoj)

    rows = selectors.follow_ups_due(caseworker_ishoj, today)
    names = [r.stay.citizen.first_name for r in rows]
    assert sorted(names) == ["Holdt30", "Nov28", "Nov29", "Nov30"]
    assert all(r.due == horizon for r in rows)
    # Same due date: by the stay's id.
    assert [r.stay.pk for r in rows] == sorted(r.stay.pk for r in rows)
    assert selectors.follow_ups_due_count(caseworker_ishoj, today, 50) == len(rows) == 4
    assert _worklist(caseworker_ishoj, today) == names
    # The day before, only those due by 27 February: none.
    before = today - datetime.timedelta(days=1)
    assert selectors.follow_ups_due(caseworker_ishoj, before) == []
    assert selectors.follow_ups_due_count(caseworker_ishoj, before, 50) == 0


def test_the_count_is_capped_and_the_worklist_pages(as_user, caseworker_ishoj, shelter, ishoj):
    today = timezone.localdate()
    for n in range(3):
        _stay(caseworker_ishoj, shelter, ishoj, today - datetime.timedelta(days=100 + n), f"B{n}")
    _stay(caseworker_ishoj, shelter, ishoj, today - datetime.timedelta(days=10), "Senere")
    assert selectors.follow_ups_due_count(caseworker_ishoj, today, 50) == 3
    assert selectors.follow_ups_due_count(caseworker_ishoj, today, 2) == 2
    rows = selectors.FollowUpsDue(caseworker_ishoj, today)
    assert len(rows) == 3
    # Longest overdue first; pages are slices of the same order.
    assert [r.stay.citizen.first_name for r in rows[0:2]] == ["B2", "B1"]
    assert [r.stay.citizen.first_name for r in rows[2:4]] == ["B0"]
    page = as_user(caseworker_ishoj).get("/arbejdsliste/opfoelgning-141/").content.decode()
    assert "3 i alt" in page and "B2" in page and "Senere" not in page
    home = as_user(caseworker_ishoj).get("/").content.decode()
    assert "Opfølgning (§141) med herbergerne" in home
