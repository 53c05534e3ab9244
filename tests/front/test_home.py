"""The home page is a worklist (issue 17, item 2): counts per kind that link to full, filtered,
paginated lists, and no block with more than a handful of rows — also for a caseworker with
40 citizens, at a query count that does not grow with them."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hjemvej.journal.models import CitizenMessage
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from tests.front.caseload import fill_caseload

pytestmark = pytest.mark.django_db

REFRESH = "/forside/opdater-tal/"


@pytest.fixture
def shelter(ishoj_shelter_unit):
    return ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def _count(html, label):
    row = html.split(f">{label}</a>")[1].split("</tr>")[0]
    return re.search(r"(\d+)", row).group(1)


def _blocks_rows(html):
    """The rows each home block lists (list items and table rows outside the worklist)."""
    main = html.split('id="main-content"')[1].split("</main>")[0]
    sections = main.split("<section")[1:]
    out = {}
    for s in sections:
        heading = re.search(r"<h2[^>]*>([^<]+)</h2>", s)
        name = heading.group(1) if heading else "?"
        if name == "Arbejdsliste":
            continue
        out[name] = s.count("<li") + s.count("<tr") - s.count("<thead")
    return out


def test_caseworker_with_40_citizens_gets_counts_and_a_handful_of_rows(
    as_user, caseworker_ishoj, ishoj_authority, ishoj, shelter, shelter_worker_ishoj
):
    client = as_user(caseworker_ishoj)
    citizens = fill_caseload(
        10,
        caseworker=caseworker_ishoj,
        authority=ishoj_authority,
        ishoj=ishoj,
        shelter=shelter,
        shelter_worker=shelter_worker_ishoj,
    )
    for c in citizens[:8]:
        client.get(f"/borgere/{c.uuid}/")
    client.get("/")
    # The counts worked out (front.home holds them for a minute; "Opdatér tallene" forgets
    # them), and then held: both at a query count that does not grow with the caseload.
    client.post(REFRESH)
    few, html = _get(client, "/")
    held_few, _ = _get(client, "/")
    assert held_few < few
    assert _count(html, "Møder denne uge") == "10"
    assert "Arbejdsliste" in html and "Åbne frister" in html

    more = fill_caseload(
        30,
        caseworker=caseworker_ishoj,
        authority=ishoj_authority,
        ishoj=ishoj,
        shelter=shelter,
        shelter_worker=shelter_worker_ishoj,
        start=10,
    )
    for c in more[:8]:
        client.get(f"/borgere/{c.uuid}/")
    client.post(REFRESH)
    many, html = _get(client, "/")
    held_many, _ = _get(client, "/")
    assert (many, held_many) == (few, held_few)
    assert _count(html, "Møder denne uge") == "40"
    # 10 stays with their deadlines (those the authority answers for), overdue or still open.
    assert int(_count(html, "Åbne frister")) + int(_count(html, "Overskredne frister")) >= 10
    blocks = _blocks_rows(html)
    assert blocks and all(rows <= 5 for rows in blocks.values()), blocks
    assert html.count('href="/borgere/') <= 5 + 5  # recent citizens and today's meetings' links

    # The count's link is the full list: every meeting this week, 50 a page, same cost.
    week_queries, week = _get(client, "/arbejdsliste/moeder/")
    assert "40 i alt" in week and week.count("<tr>") - 1 == 40


def test_full_lists_filter_and_page(
    as_user, caseworker_ishoj, ishoj_authority, ishoj, citizen_ishoj
):
    client = as_user(caseworker_ishoj)
    fill_caseload(55, caseworker=caseworker_ishoj, authority=ishoj_authority, ishoj=ishoj)
    first = client.get("/arbejdsliste/moeder/").content.decode()
    assert "55 i alt, side 1 af 2" in first and "side=2" in first
    second = client.get("/arbejdsliste/moeder/", {"side": "2"}).content.decode()
    assert "side 2 af 2" in second
    today = client.get("/arbejdsliste/moeder/", {"vis": "i-dag"}).content.decode()
    n_today = int(re.search(r"(\d+) i alt", today).group(1))
    assert 1 <= n_today <= 55 and 'aria-current="page" class="current">I dag' in today
    mine = client.get("/arbejdsliste/moeder/", {"vis": "mine"}).content.decode()
    assert "55 i alt" in mine  # the caseworker is the contact person of each
    # An unknown filter is "Alle"; an unknown list is 404.
    assert "55 i alt" in client.get("/arbejdsliste/moeder/", {"vis": "x"}).content.decode()
    assert client.get("/arbejdsliste/findes-ikke/").status_code == 404

    # Messages: to me, or to my unit.
    CitizenMessage.objects.create(
        citizen=citizen_ishoj, unit=ishoj_authority, recipient=caseworker_ishoj, text="Til dig"
    )
    CitizenMessage.objects.create(citizen=citizen_ishoj, unit=ishoj_authority, text="Til enheden")
    mine = client.get("/arbejdsliste/beskeder/", {"vis": "mine"}).content.decode()
    assert "Til dig" in mine and "Til enheden" not in mine
    unit = client.get("/arbejdsliste/beskeder/", {"vis": "enhed"}).content.decode()
    assert "Til enheden" in unit and "Til dig" not in unit
    home = client.get("/").content.decode()
    assert _count(home, "Beskeder fra borgere") == "2"


def test_analyst_gets_no_worklist(as_user, analyst_ishoj):
    client = as_user(analyst_ishoj)
    assert "Arbejdsliste" not in client.get("/").content.decode()
    assert client.get("/arbejdsliste/moeder/").status_code == 404


def test_overdue_and_week_filters_of_phase_changes(as_user, cti_worker, cti_course):
    from hjemvej.courses.models import CoursePhase as Phase

    phase = cti_course.current_phase
    today = timezone.localdate()
    Phase.objects.filter(pk=phase.pk).update(
        planned_end=today - datetime.timedelta(days=1), latest_end=None
    )
    client = as_user(cti_worker)
    overdue = client.get("/arbejdsliste/faseskift/", {"vis": "overskredet"}).content.decode()
    assert "1 i alt" in overdue and "(overskredet)" in overdue
    week = client.get("/arbejdsliste/faseskift/", {"vis": "uge"}).content.decode()
    assert "1 i alt" in week
    Phase.objects.filter(pk=phase.pk).update(planned_end=today + datetime.timedelta(days=13))
    assert (
        "0 i alt" in client.get("/arbejdsliste/faseskift/", {"vis": "overskredet"}).content.decode()
    )
