"""The pages and the API for bought offers and the stays there (issue 16)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hjemvej.offers.models import LegalBasis, Offer, Operator
from hjemvej.offers.services import do_register_bought_offer
from hjemvej.stays.models import Stay
from tests.factories import CitizenFactory
from tests.foundation.test_api import token_for

TODAY = datetime.date.today()


@pytest.fixture
def bought(caseworker_ishoj, ishoj):
    return do_register_bought_offer(
        user=caseworker_ishoj,
        municipality=ishoj,
        name="Forsorgshjemmet Vestvolden (fiktivt)",
        operator=Operator.PRIVATE,
        provider="Vestvolden Fond (fiktiv)",
        legal_basis=LegalBasis.SEL_110,
        price_per_night=Decimal("1200"),
    )


def api_client(username: str) -> Client:
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(client, username)}"
    return client


def test_register_a_bought_offer_in_the_form(as_user, caseworker_ishoj):
    client = as_user(caseworker_ishoj)
    page = client.get("/tilbud/koebte/nyt/")
    assert page.status_code == 200
    bad = client.post("/tilbud/koebte/nyt/", {"name": "Roskilde", "legal_basis": "sel110"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "Vælg hvem der driver tilbuddet." in text
    assert "Skriv hvem der driver tilbuddet." in text
    assert 'value="Roskilde"' in text  # no lost input
    ok = client.post(
        "/tilbud/koebte/nyt/",
        {
            "name": "Roskilde Forsorgshjem (fiktivt)",
            "operator": "municipality",
            "provider": "Roskilde Kommune",
            "legal_basis": "sel110",
            "residential": "on",
            "price_per_night": "1150,50",
        },
    )
    assert ok.status_code == 302
    offer = Offer.objects.get(unit__name="Roskilde Forsorgshjem (fiktivt)")
    assert offer.price_per_night == Decimal("1150.50") and offer.is_external


def test_the_list_of_bought_offers_is_paged_and_does_not_grow_in_queries(
    as_user, caseworker_ishoj, ishoj, caseworker_ballerup, ballerup
):
    def add(n):
        for i in range(n):
            do_register_bought_offer(
                user=caseworker_ishoj,
                municipality=ishoj,
                name=f"Tilbud {Offer.objects.count()}-{i}",
                operator=Operator.PRIVATE,
                provider="P",
                legal_basis=LegalBasis.SEL_110,
            )

    client = as_user(caseworker_ishoj)
    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/tilbud/koebte/").status_code == 200
    add(53)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/tilbud/koebte/")
    assert len(many.captured_queries) <= len(few.captured_queries)
    assert "Viser 1–50 af 55 købte tilbud" in page.content.decode()
    # Another municipality does not see Ishøj's bought offers.
    other = as_user(caseworker_ballerup).get("/tilbud/koebte/").content.decode()
    assert "Tilbud 0-0" not in other


def test_record_a_stay_from_the_notice_and_end_it(as_user, caseworker_ishoj, bought, ishoj):
    citizen = CitizenFactory(acting_municipality=ishoj)
    client = as_user(caseworker_ishoj)
    url = f"/ophold/koebt/{bought.uuid}/"
    assert client.get(url).status_code == 200
    unknown = client.post(
        url,
        {
            "cpr": "0101011234",
            "notice_received_on": str(TODAY),
            "started_on": str(TODAY),
        },
    )
    assert "Borgeren er ikke kendt i Hjemvej" in unknown.content.decode()
    start = TODAY - datetime.timedelta(days=5)
    response = client.post(
        url,
        {
            "cpr": citizen.cpr,
            "notice_received_on": str(TODAY - datetime.timedelta(days=3)),
            "started_on": str(start),
            "own_payment_per_night": "100",
        },
    )
    assert response.status_code == 302, response.content.decode()
    stay = Stay.objects.get(citizen=citizen)
    assert stay.price_per_night == Decimal("1200") and stay.own_payment_per_night == 100
    section = client.get(f"/borgere/{citizen.uuid}/afsnit/ophold/").content.decode()
    assert "Købt hos Vestvolden Fond (fiktiv)" in section
    assert "aftalt pris" in section
    ended = client.post(
        f"/ophold/{stay.uuid}/udskriv/",
        {"ended_on": str(TODAY), "destination": "own_home_support"},
    )
    assert ended.status_code == 302
    stay.refresh_from_db()
    assert stay.ended_on == TODAY


def test_record_from_the_citizen_page(as_user, caseworker_ishoj, bought, citizen_ishoj):
    client = as_user(caseworker_ishoj)
    url = f"/ophold/koebt/borger/{citizen_ishoj.uuid}/"
    assert bought.name in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "offer": bought.pk,
            "notice_received_on": str(TODAY),
            "started_on": str(TODAY),
            "price_per_night": "999",
        },
    )
    assert response.status_code == 302
    stay = Stay.objects.get(citizen=citizen_ishoj)
    assert stay.price_per_night == Decimal("999")
    price = client.post(
        f"/ophold/{stay.uuid}/aftalt-pris/",
        {"price_per_night": "1000", "own_payment_per_night": "2000"},
    )
    assert "Egenbetalingen kan ikke være større end prisen." in price.content.decode()


def test_other_municipality_gets_404(
    as_user, caseworker_ballerup, bought, caseworker_ishoj, citizen_ishoj
):
    client = as_user(caseworker_ballerup)
    assert client.get(f"/ophold/koebt/{bought.uuid}/").status_code == 404
    assert client.get(f"/tilbud/{bought.uuid}/rediger-koebt/").status_code == 404
    assert client.get(f"/ophold/koebt/borger/{citizen_ishoj.uuid}/").status_code == 404


def test_shelter_staff_do_not_record_bought_stays(as_user, shelter_worker_ishoj, bought):
    assert as_user(shelter_worker_ishoj).get(f"/ophold/koebt/{bought.uuid}/").status_code == 404


def test_the_api_registers_bought_offers_and_stays(
    caseworker_ishoj, caseworker_ballerup, citizen_ishoj
):
    client = api_client("sagsbehandler.ishoj")
    created = client.post(
        "/api/v1/offers/bought",
        {
            "name": "Roskilde Forsorgshjem (fiktivt)",
            "operator": "municipality",
            "provider": "Roskilde Kommune",
            "legal_basis": "sel110",
            "price_per_night": "1100.00",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    offer = created.json()
    assert offer["operator"] == "municipality" and offer["provider"] == "Roskilde Kommune"
    listed = client.get("/api/v1/offers/bought").json()
    assert listed["count"] == 1
    bad = client.post(
        "/api/v1/offers/bought",
        {"name": "X", "operator": "own", "provider": "", "legal_basis": "sel110"},
        content_type="application/json",
    )
    assert bad.status_code in (400, 422)
    patched = client.post(
        f"/api/v1/offers/{offer['id']}/bought",
        {"price_per_night": "1150.00"},
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["price_per_night"] == "1150.00"
    stay = client.post(
        "/api/v1/stays/external",
        {
            "offer": offer["id"],
            "citizen": str(citizen_ishoj.uuid),
            "notice_received_on": str(TODAY),
            "started_on": str(TODAY - datetime.timedelta(days=1)),
            "own_payment_per_night": "50",
        },
        content_type="application/json",
    )
    assert stay.status_code == 201, stay.content
    body = stay.json()
    assert body["price_per_night"] == "1150.00" and body["notice_received_on"] == str(TODAY)
    price = client.post(
        f"/api/v1/stays/{body['id']}/agreed-price",
        {"price_per_night": "1200", "own_payment_per_night": "60"},
        content_type="application/json",
    )
    assert price.status_code == 200 and price.json()["own_payment_per_night"] == "60.00"
    ended = client.post(
        f"/api/v1/stays/{body['id']}/discharge",
        {"ended_on": str(TODAY), "destination": "other_shelter"},
        content_type="application/json",
    )
    assert ended.status_code == 200 and ended.json()["count_category"] == "shelter"
    # Another municipality: the offer and the stay are not found.
    other = api_client("sagsbehandler.ballerup")
    assert other.get(f"/api/v1/offers/{offer['id']}").status_code == 404
    assert other.get(f"/api/v1/stays/{body['id']}").status_code == 404
    assert (
        other.post(
            f"/api/v1/offers/{offer['id']}/bought",
            {"price_per_night": "1"},
            content_type="application/json",
        ).status_code
        == 404
    )
