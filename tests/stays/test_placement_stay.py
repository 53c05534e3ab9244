"""Issue 16: the two views of a citizen at a bought offer are one — a placement (cost per month,
bring-home plan) is tied to the citizen's stay there (nights, the agreed price from the §110
stk. 6 notice), and the board "Borgere på tilbud" shows the bring-home plan."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.offers.models import LegalBasis, Operator
from hjemvej.offers.services import do_register_bought_offer
from hjemvej.stays import services
from hjemvej.stays.models import PlanStatus
from hjemvej.stays.services import do_register_external_stay
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START = TODAY - datetime.timedelta(days=40)


@pytest.fixture
def bought(caseworker_ishoj, ishoj):
    return do_register_bought_offer(
        user=caseworker_ishoj,
        municipality=ishoj,
        name="Forsorgshjemmet Vestvolden (fiktivt)",
        operator=Operator.PRIVATE,
        provider="Vestvolden Fond (fiktiv)",
        legal_basis=LegalBasis.SEL_110,
        price_per_night=Decimal("900"),
    )


@pytest.fixture
def shelter(ishoj_shelter_unit):
    return ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])


def stay_at(user, offer, citizen, start=START, price=Decimal("1200")):
    return do_register_external_stay(
        user=user,
        offer=offer,
        citizen=citizen,
        started_on=start,
        notice_received_on=start,
        price_per_night=price,
    )


def test_a_placement_is_tied_to_the_open_stay_and_starts_from_its_date_and_price(
    caseworker_ishoj, bought, ishoj
):
    citizen = CitizenFactory(acting_municipality=ishoj)
    stay = stay_at(caseworker_ishoj, bought, citizen)
    placement = services.do_create_placement(user=caseworker_ishoj, citizen=citizen, offer=bought)
    assert placement.stay == stay
    assert placement.started_on == START
    # The stay's agreed 1,200 kr. a night, not the offer's 900: 1,200 × 365 / 12.
    assert placement.cost_per_month == Decimal("36500.00")
    # A second placement at the same offer is refused (one open placement per citizen and offer).
    with pytest.raises(ValidationError):
        services.do_create_placement(user=caseworker_ishoj, citizen=citizen, offer=bought)


def test_without_a_stay_the_date_is_required_and_the_offers_price_is_used(
    caseworker_ishoj, bought, ishoj
):
    citizen = CitizenFactory(acting_municipality=ishoj)
    with pytest.raises(ValidationError) as exc:
        services.do_create_placement(user=caseworker_ishoj, citizen=citizen, offer=bought)
    assert exc.value.message_dict == {"started_on": ["Skriv datoen."]}
    placement = services.do_create_placement(
        user=caseworker_ishoj, citizen=citizen, offer=bought, started_on=START
    )
    assert placement.stay is None and placement.cost_per_month == Decimal("27375.00")


def test_the_stay_registered_from_the_notice_later_ties_the_open_placement(
    caseworker_ishoj, bought, ishoj
):
    citizen = CitizenFactory(acting_municipality=ishoj)
    placement = services.do_create_placement(
        user=caseworker_ishoj, citizen=citizen, offer=bought, started_on=START
    )
    stay = stay_at(caseworker_ishoj, bought, citizen)
    placement.refresh_from_db()
    assert placement.stay == stay


def test_the_form_starts_from_the_stay_and_the_section_shows_it(
    as_user, caseworker_ishoj, bought, ishoj
):
    citizen = CitizenFactory(acting_municipality=ishoj, first_name="Kaj")
    stay_at(caseworker_ishoj, bought, citizen)
    client = as_user(caseworker_ishoj)
    url = f"/ophold/borger/{citizen.uuid}/anbringelse/"
    form = client.get(url).content.decode()
    assert "Kaj" in form and "knyttes til opholdet" in form
    assert f'value="{START:%d.%m.%Y}"' in form or f'value="{START:%Y-%m-%d}"' in form
    response = client.post(
        url,
        {"offer": bought.pk, "started_on": f"{START:%d.%m.%Y}", "plan_status": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    placement = citizen.placements.get()
    assert placement.stay is not None and placement.cost_per_month == Decimal("36500.00")
    section = client.get(f"/borgere/{citizen.uuid}/afsnit/ophold/").content.decode()
    assert f"Ophold fra {START:%d.%m.%Y}" in section


def test_the_api_ties_the_placement_and_returns_the_stay(as_user, caseworker_ishoj, bought, ishoj):
    citizen = CitizenFactory(acting_municipality=ishoj)
    stay = stay_at(caseworker_ishoj, bought, citizen)
    response = as_user(caseworker_ishoj).post(
        "/api/v1/placements",
        json.dumps({"citizen": str(citizen.uuid), "offer": str(bought.uuid)}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["stay"] == str(stay.uuid) and body["started_on"] == START.isoformat()
    assert body["cost_per_month"] == "36500.00"


def _plan(user, citizen, offer, shelter, target):
    return services.do_create_placement(
        user=user,
        citizen=citizen,
        offer=offer,
        local_offer=shelter,
        plan_status=PlanStatus.PLANNED,
        target_date=target,
    )


def test_the_board_shows_the_bring_home_plan_with_a_link(
    as_user, caseworker_ishoj, caseworker_ballerup, bought, shelter, ishoj
):
    planned = CitizenFactory(acting_municipality=ishoj, first_name="Plan")
    stay_at(caseworker_ishoj, bought, planned)
    _plan(caseworker_ishoj, planned, bought, shelter, TODAY - datetime.timedelta(days=1))
    stay_at(caseworker_ishoj, bought, CitizenFactory(acting_municipality=ishoj))
    page = as_user(caseworker_ishoj).get("/borgere-paa-tilbud/").content.decode()
    assert "Hjemtagningsplan" in page
    assert f'href="/borgere/{planned.uuid}/afsnit/ophold/#anbringelser">Planlagt' in page
    target = TODAY - datetime.timedelta(days=1)
    assert f"Måldato {target:%d.%m.%Y} <strong>(overskredet)</strong>" in page
    assert "Ingen anbringelse registreret" in page
    # Another municipality's caseworker sees neither the citizen nor the plan.
    other = as_user(caseworker_ballerup).get("/borgere-paa-tilbud/").content.decode()
    assert "Plan " not in other and str(planned.uuid) not in other


def test_the_boards_queries_do_not_grow_with_plans(
    as_user, caseworker_ishoj, bought, shelter, ishoj
):
    client = as_user(caseworker_ishoj)

    def add(n):
        for _ in range(n):
            citizen = CitizenFactory(acting_municipality=ishoj)
            stay_at(caseworker_ishoj, bought, citizen)
            _plan(caseworker_ishoj, citizen, bought, shelter, TODAY + datetime.timedelta(days=30))

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/borgere-paa-tilbud/").status_code == 200
    add(8)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/borgere-paa-tilbud/").content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count("#anbringelser") == 10
