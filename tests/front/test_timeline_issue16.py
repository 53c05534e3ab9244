"""Issue 16 on the citizen's timeline: placements in bought offers (with the bring-home plan),
income periods and tracks, each a kind with a count and the newest rows — a fixed number of
queries however long the history — and only for those who see their tabs."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hjemvej.housing.services import do_record_income
from hjemvej.stays.models import PlanStatus
from hjemvej.stays.services import do_create_placement
from hjemvej.tracks.services import do_start_track
from tests.factories import CitizenFactory
from tests.offers.helpers import bought_offer
from tests.tracks.conftest import community, employment, health, seeded_tracks  # noqa: F401

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def citizen(ishoj):
    return CitizenFactory(acting_municipality=ishoj, first_name="Tove", last_name="Lund")


def _history(user, citizen, ishoj, unit, templates, n: int, offset: int = 0):
    """n bought offers with a placement each, n income periods, and a track per template."""
    for i in range(n):
        offer = bought_offer(ishoj, slug=f"koebt-{offset + i}")
        do_create_placement(
            user=user,
            citizen=citizen,
            offer=offer,
            started_on=TODAY - datetime.timedelta(days=300 - offset - i),
            plan_status=PlanStatus.NOT_POSSIBLE if i % 2 else PlanStatus.NONE,
            not_possible_reason="Borgeren ønsker at blive" if i % 2 else "",
        )
        do_record_income(
            user=user,
            citizen=citizen,
            source="cash_benefit",
            monthly_amount=Decimal("11500") + offset + i,
            valid_from=TODAY - datetime.timedelta(days=200 - offset * 3 - i * 3),
        )
    for template in templates:
        do_start_track(
            user=user,
            citizen=citizen,
            template=template,
            unit=unit,
            started_on=TODAY - datetime.timedelta(days=10),
        )


def test_placements_income_and_tracks_on_the_timeline(
    as_user,
    caseworker_ishoj,
    citizen,
    ishoj,
    ishoj_authority,
    employment,  # noqa: F811
):
    _history(caseworker_ishoj, citizen, ishoj, ishoj_authority, [employment], 1)
    client = as_user(caseworker_ishoj)
    url = f"/borgere/{citizen.uuid}/tidslinje/"
    html = client.get(url).content.decode()
    assert "<td>Anbringelse</td>" in html and "koebt-0" in html
    assert "hjemtagningsplan: ingen" in html and f"/borgere/{citizen.uuid}/afsnit/ophold/" in html
    assert "<td>Indkomst</td>" in html and "Kontanthjælp, 11.500,00 kr. pr. måned" in html
    assert "<td>Spor</td>" in html and employment.name in html
    only = client.get(url, {"type": "indkomst"}).content.decode()
    assert "1 hændelse" in only and "<td>Spor</td>" not in only
    assert client.get(url, {"type": "anbringelse"}).status_code == 200
    assert client.get(url, {"type": "spor"}).status_code == 200


def test_another_municipalitys_caseworker_gets_404(
    as_user,
    caseworker_ishoj,
    caseworker_ballerup,
    citizen,
    ishoj,
    ishoj_authority,
    employment,  # noqa: F811
):
    _history(caseworker_ishoj, citizen, ishoj, ishoj_authority, [employment], 1)
    response = as_user(caseworker_ballerup).get(f"/borgere/{citizen.uuid}/tidslinje/")
    assert response.status_code == 404


def test_the_timeline_costs_the_same_however_long_the_history(
    as_user,
    caseworker_ishoj,
    citizen,
    ishoj,
    ishoj_authority,
    employment,  # noqa: F811
    community,  # noqa: F811
    health,  # noqa: F811
):
    client = as_user(caseworker_ishoj)
    urls = [
        f"/borgere/{citizen.uuid}/tidslinje/",
        f"/borgere/{citizen.uuid}/tidslinje/?type=anbringelse",
        f"/borgere/{citizen.uuid}/tidslinje/?type=indkomst",
        f"/borgere/{citizen.uuid}/tidslinje/?type=spor",
    ]
    _history(caseworker_ishoj, citizen, ishoj, ishoj_authority, [employment], 2)

    def counts():
        out = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out.append(len(ctx))
        return out

    few = counts()
    _history(caseworker_ishoj, citizen, ishoj, ishoj_authority, [community, health], 12, 20)
    assert counts() == few
    html = client.get(urls[0]).content.decode()
    assert html.count("<td>Anbringelse</td>") + html.count("<td>Indkomst</td>") <= 20
