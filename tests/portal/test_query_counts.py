"""The staff worklist blocks fed by the citizen's pages cost the same number of queries for
few and many citizens."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hjemvej.journal.services import do_send_citizen_message
from hjemvej.meetings.services import do_ask_to_move_by_citizen
from tests.factories import CitizenFactory
from tests.portal.conftest import book

pytestmark = pytest.mark.django_db


def _citizens_write_in(first, last, ishoj, ishoj_authority, caseworker_ishoj):
    for i in range(first, last):
        citizen = CitizenFactory(acting_municipality=ishoj, last_name=f"Borger{i}")
        do_send_citizen_message(
            citizen=citizen, unit=ishoj_authority, recipient=caseworker_ishoj, text=f"Hej {i}"
        )
        meeting = book(caseworker_ishoj, citizen, ishoj_authority, days=10)
        do_ask_to_move_by_citizen(citizen=citizen, meeting=meeting, wish=f"Flyt {i}")


def _home_queries(client) -> list[int]:
    """The home page's queries with its counts worked out ("Opdatér tallene" forgets the held
    ones) and then with them held (front.home)."""
    assert client.post("/forside/opdater-tal/").status_code == 302
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/")
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    return counts


def test_messages_and_move_requests_on_the_home_page_cost_the_same_for_2_and_8_citizens(
    as_user, ishoj, ishoj_authority, caseworker_ishoj
):
    client = as_user(caseworker_ishoj)
    _citizens_write_in(0, 2, ishoj, ishoj_authority, caseworker_ishoj)
    few = _home_queries(client)
    _citizens_write_in(2, 8, ishoj, ishoj_authority, caseworker_ishoj)
    client.post("/forside/opdater-tal/")
    html = client.get("/").content.decode()
    assert "Beskeder fra borgere" in html and "Borgere der beder om at flytte et møde" in html
    assert "Hej 7" in client.get("/arbejdsliste/beskeder/").content.decode()
    assert "Flyt 7" in client.get("/arbejdsliste/flytteoensker/").content.decode()
    assert _home_queries(client) == few
