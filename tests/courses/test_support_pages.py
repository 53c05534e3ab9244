"""The support overview and the API's support week at any number of citizens: one page of 50
citizens with the count and the way to the rest, sums per offer over every citizen, and a
query count that does not grow with the citizens. Another municipality sees none of them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hjemvej.courses import services
from hjemvej.people.models import Relationship
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

WEEK = datetime.date(2026, 11, 2)


def _tie(n, *, ishoj, unit, worker, start=0):
    for i in range(start, start + n):
        citizen = CitizenFactory(acting_municipality=ishoj, last_name=f"Støtte{i:03}")
        Relationship.objects.create(
            citizen=citizen, unit=unit, kind="stay", started_on=datetime.date(2026, 1, 1)
        )
        # Every other citizen got 12 hours (above the norm of 11.51), the rest one hour.
        services.do_register_support(
            user=worker,
            citizen=citizen,
            unit=unit,
            date=WEEK + datetime.timedelta(days=1),
            minutes=720 if i % 2 else 60,
            kind="conversation",
        )


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response


def test_support_overview_shows_a_page_of_citizens_with_the_count_and_sums_over_all(
    as_user, ishoj, shelter_worker_ishoj, ishoj_shelter_unit, shelter_norm
):
    client = as_user(shelter_worker_ishoj)
    url = f"/forloeb/stoettetid/?uge={WEEK.isoformat()}"
    _tie(3, ishoj=ishoj, unit=ishoj_shelter_unit, worker=shelter_worker_ishoj)
    few, response = _get(client, url)
    assert "3 borgere." in response.content.decode()
    _tie(52, ishoj=ishoj, unit=ishoj_shelter_unit, worker=shelter_worker_ishoj, start=3)
    many, response = _get(client, url)
    assert many == few
    page = response.content.decode()
    assert "Viser 1–50 af 55 borgere." in page
    assert "Næste side" in page
    assert page.count("/borgere/") - page.count('href="/borgere/"') >= 50
    assert "Støtte049" in page and "Støtte050" not in page
    # The sums per offer count every citizen, not only the page: 55 citizens, 28 below.
    assert "<td>De fleksible afklaringspladser</td><td>55</td>" in page
    assert "<td>28</td></tr>" in page
    # The next page keeps the week and shows the rest.
    assert f"?uge={WEEK.isoformat()}&amp;side=2" in page
    second = client.get(f"{url}&side=2").content.decode()
    assert "Viser 51–55 af 55 borgere." in second
    assert "Støtte050" in second and "Støtte054" in second and "Støtte049" not in second


def test_api_support_week_is_paginated_and_costs_the_same_for_3_and_55_citizens(
    as_user, ishoj, shelter_worker_ishoj, ishoj_shelter_unit, shelter_norm
):
    client = as_user(shelter_worker_ishoj)
    url = f"/api/v1/support-time/week?week={WEEK.isoformat()}"
    _tie(3, ishoj=ishoj, unit=ishoj_shelter_unit, worker=shelter_worker_ishoj)
    few, response = _get(client, url)
    assert response.json()["count"] == 3
    _tie(52, ishoj=ishoj, unit=ishoj_shelter_unit, worker=shelter_worker_ishoj, start=3)
    many, response = _get(client, url)
    assert many == few
    first = response.json()
    assert (first["count"], first["page"], first["pages"]) == (55, 1, 2)
    assert len(first["results"]) == 50
    assert first["results"][0]["name"].endswith("Støtte000")
    second = client.get(f"{url}&page=2").json()
    assert [r["name"][-9:] for r in second["results"]] == [f"Støtte{i:03}" for i in range(50, 55)]
    assert sum(r["below_entitlement"] for r in first["results"] + second["results"]) == 28


def test_another_municipality_sees_none_of_the_citizens(
    as_user, ishoj, shelter_worker_ishoj, ishoj_shelter_unit, shelter_norm, caseworker_ballerup
):
    _tie(3, ishoj=ishoj, unit=ishoj_shelter_unit, worker=shelter_worker_ishoj)
    client = as_user(caseworker_ballerup)
    page = client.get(f"/forloeb/stoettetid/?uge={WEEK.isoformat()}").content.decode()
    assert "Støtte000" not in page
    assert "Ingen borgere i dine tilbud i ugen." in page
    answer = client.get(f"/api/v1/support-time/week?week={WEEK.isoformat()}").json()
    assert answer["count"] == 0 and answer["results"] == []


def test_api_support_week_for_an_offer_that_is_not_the_users_answers_404(
    as_user, ishoj, shelter_worker_ishoj, ishoj_shelter_unit, shelter_norm, caseworker_ballerup
):
    _tie(1, ishoj=ishoj, unit=ishoj_shelter_unit, worker=shelter_worker_ishoj)
    week = WEEK.isoformat()
    own = as_user(shelter_worker_ishoj).get(
        f"/api/v1/support-time/week?week={week}&unit={ishoj_shelter_unit.slug}"
    )
    assert own.status_code == 200 and own.json()["count"] == 1
    other = as_user(caseworker_ballerup).get(
        f"/api/v1/support-time/week?week={week}&unit={ishoj_shelter_unit.slug}"
    )
    assert other.status_code == 404
    unknown = as_user(shelter_worker_ishoj).get(f"/api/v1/support-time/week?week={week}&unit=false")
    assert unknown.status_code == 404
