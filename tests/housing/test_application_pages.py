"""Issue 13: a citizen's housing applications in the API, 50 a page with the count, newest
first; the queries of one page do not grow with the applications or their offers."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hjemvej.housing.models import HousingApplication, HousingOffer
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
URL = "/api/v1/housing-applications"


def _applications(citizen, ishoj, n):
    apps = HousingApplication.objects.bulk_create(
        HousingApplication(
            citizen=citizen,
            channel=HousingApplication.Channel.ASSOCIATION,
            landlord=f"{i}",
            applied_on=TODAY - datetime.timedelta(days=400 - i),
        )
        for i in range(n)
    )
    HousingOffer.objects.bulk_create(
        HousingOffer(
            application=a,
            offered_on=TODAY,
            address="Rønnevej 3",
            rent=Decimal("5000"),
            municipality=ishoj,
        )
        for a in apps
    )


def _queries(client, citizen, page=1) -> int:
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(URL, {"citizen": citizen.uuid, "page": page})
        assert r.status_code == 200, r.content
    return len(ctx.captured_queries)


def test_51_applications_are_two_pages_newest_first(
    caseworker_ishoj, citizen_ishoj, ishoj, as_user
):
    few = CitizenFactory(acting_municipality=ishoj, birth_date=datetime.date(1980, 5, 5))
    _applications(citizen_ishoj, ishoj, 51)
    _applications(few, ishoj, 3)
    client = as_user(caseworker_ishoj)
    first = client.get(URL, {"citizen": citizen_ishoj.uuid}).json()
    assert (first["count"], first["page"], first["pages"]) == (51, 1, 2)
    assert [a["landlord"] for a in first["results"]] == [str(i) for i in range(50, 0, -1)]
    assert first["results"][0]["offers"][0]["municipality_code"] == ishoj.code
    second = client.get(URL, {"citizen": citizen_ishoj.uuid, "page": 2}).json()
    assert (second["count"], second["page"], second["pages"]) == (51, 2, 2)
    assert [a["landlord"] for a in second["results"]] == ["0"]
    past = client.get(URL, {"citizen": citizen_ishoj.uuid, "page": 7}).json()
    assert past["page"] == 2 and past["results"] == second["results"]
    assert _queries(client, citizen_ishoj) == _queries(client, few)


def test_an_unknown_query_parameter_is_refused(caseworker_ishoj, citizen_ishoj, as_user):
    r = as_user(caseworker_ishoj).get(URL, {"citizen": citizen_ishoj.uuid, "side": 2})
    assert r.status_code == 422
    assert "Ukendt parameter" in r.json()["errors"]["query"][0]
