"""The citizen overview costs the same number of queries for a citizen with little history and
one with much, and the sections ask for the user's access once (access_citizen's grant), not
once each."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hjemvej.journal.services import do_write_note

pytestmark = pytest.mark.django_db


def _overview(client, citizen, tab=""):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/borgere/{citizen.uuid}/{tab}")
    assert response.status_code == 200
    return ctx.captured_queries, response.content.decode()


def _notes(user, citizen, unit, n):
    for i in range(n):
        do_write_note(
            user=user,
            citizen=citizen,
            unit=unit,
            kind="contact",
            text=f"Samtale nr. {i}",
            occurred_on=datetime.date(2026, 10, 1) + datetime.timedelta(days=i % 40),
        )


def test_overview_for_offer_staff_costs_the_same_and_checks_access_once(
    as_user, shelter_worker_ishoj, resident_ishoj, ishoj_shelter_unit
):
    client = as_user(shelter_worker_ishoj)
    _notes(shelter_worker_ishoj, resident_ishoj, ishoj_shelter_unit, 2)
    client.get(f"/borgere/{resident_ishoj.uuid}/")  # warm up the session
    few, _ = _overview(client, resident_ishoj)
    few_notes, _ = _overview(client, resident_ishoj, "afsnit/journal/")
    _notes(shelter_worker_ishoj, resident_ishoj, ishoj_shelter_unit, 40)
    many, _ = _overview(client, resident_ishoj)
    many_notes, page = _overview(client, resident_ishoj, "afsnit/journal/")
    assert "Samtale nr. 39" in page or "Samtale nr. 38" in page
    assert len(many) == len(few)
    assert len(many_notes) == len(few_notes)
    # One look-up of break-glass grants (in access_citizen), not one per section.
    for queries in (many, many_notes):
        assert sum('FROM "access_breakglassaccess"' in q["sql"] for q in queries) == 1
