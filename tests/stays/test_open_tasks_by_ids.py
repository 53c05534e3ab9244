"""The open tasks' worklist pages are found by id first (common.db.RowsByIds, issue 13): the
same rows in the same order as the plain query, a page at a time, in a number of queries that
does not grow with the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hjemvej.common.db import RowsByIds
from hjemvej.stays import selectors, services
from tests.factories import CitizenFactory
from tests.offers.helpers import SHELTER_OK
from tests.stays.test_views import shelter  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _admit(n, shelter_worker, shelter, ishoj):  # noqa: F811
    today = timezone.localdate()
    for i in range(n):
        services.do_admit(
            user=shelter_worker,
            offer=shelter,
            citizen=CitizenFactory(acting_municipality=ishoj, last_name=f"Frist{i}"),
            facts=SHELTER_OK,
            started_on=today - datetime.timedelta(days=i * 9),
        )


@pytest.mark.parametrize("overdue", [False, True])
def test_pages_by_id_are_the_plain_querys_pages(
    overdue,
    caseworker_ishoj,
    shelter_worker_ishoj,
    shelter,  # noqa: F811
    ishoj,
):
    _admit(8, shelter_worker_ishoj, shelter, ishoj)
    today = timezone.localdate()
    tasks = selectors.open_tasks(user=caseworker_ishoj, overdue=overdue, today=today)
    plain = list(tasks)
    assert plain
    rows = RowsByIds(tasks)
    assert rows.count() == len(rows) == len(plain)
    paged = []
    for start in range(0, len(plain), 3):
        with CaptureQueriesContext(connection) as page:
            got = rows[start : start + 3]
        assert len(page) == 2  # the ids, then the rows with their related rows
        paged += got
    assert [t.pk for t in paged] == [t.pk for t in plain]
    assert paged[0].citizen.last_name.startswith("Frist")
    assert rows[len(plain) : len(plain) + 3] == []


def test_the_full_worklist_page_keeps_its_query_count(
    as_user,
    caseworker_ishoj,
    shelter_worker_ishoj,
    shelter,  # noqa: F811
    ishoj,
):
    client = as_user(caseworker_ishoj)
    _admit(2, shelter_worker_ishoj, shelter, ishoj)
    with CaptureQueriesContext(connection) as few:
        html = client.get("/ophold/arbejdsliste/frister/").content.decode()
    shown = html.count("Frist")
    assert shown
    _admit(6, shelter_worker_ishoj, shelter, ishoj)
    with CaptureQueriesContext(connection) as more:
        html = client.get("/ophold/arbejdsliste/frister/").content.decode()
    assert html.count("Frist") > shown
    assert len(more) == len(few)


@pytest.mark.parametrize("number", [None, "1", "2", "3", "4", "99", "0", "x"])
def test_the_count_comes_with_the_pages_ids_in_one_query(
    number,
    caseworker_ishoj,
    shelter_worker_ishoj,
    shelter,  # noqa: F811
    ishoj,
):
    from django.core.paginator import Paginator

    _admit(8, shelter_worker_ishoj, shelter, ishoj)
    today = timezone.localdate()
    tasks = selectors.open_tasks(user=caseworker_ishoj, overdue=False, today=today)
    plain = Paginator(list(tasks), 3).get_page(number)
    with CaptureQueriesContext(connection) as queries:
        page = Paginator(RowsByIds(tasks, per_page=3, number=number), 3).get_page(number)
        got = list(page.object_list)
    assert page.paginator.count == plain.paginator.count
    assert page.number == plain.number
    assert [t.pk for t in got] == [t.pk for t in plain.object_list]
    # The count and the ids, then the rows; a page after the last is counted on its own and
    # the pager asks for the last page's ids.
    asked = int(number) if number and number.isdigit() else 1
    assert len(queries) == (2 if page.number == max(asked, 1) else 3)
