"""An offer carries its Tilbudsportalen id: edited in the catalogue, validated, shown on the
offer's page and in the API, unique when given (also in the database)."""

import pytest
from django.db import IntegrityError, transaction

from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.offers.models import Offer
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

FORM = {
    "legal_basis": "sel110",
    "target_group": "Voksne hjemløse",
    "residential": "on",
    "places": "9",
    "support_hours_per_week": "11.51",
    "opening_hours": "",
    "contact": "",
    "daily_rate_reference": "",
    "criteria": "[]",
}


@pytest.fixture
def shelter(ishoj_shelter_unit):
    return ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])


def test_manager_sets_the_id_and_it_is_shown(as_user, manager_ishoj, caseworker_ishoj, shelter):
    client = as_user(manager_ishoj)
    url = f"/tilbud/{shelter.uuid}/rediger/"
    assert "Tilbudsportalen-id" in client.get(url).content.decode()
    response = client.post(url, {**FORM, "tilbudsportalen_id": "12a45"})
    assert "Tilbudsportalen-id består af cifre" in response.content.decode()
    shelter.refresh_from_db()
    assert shelter.tilbudsportalen_id == ""
    response = client.post(url, {**FORM, "tilbudsportalen_id": " 123456 "}, follow=True)
    assert "Tilbuddet er gemt." in response.content.decode()
    shelter.refresh_from_db()
    assert shelter.tilbudsportalen_id == "123456"
    html = as_user(caseworker_ishoj).get(f"/tilbud/{shelter.uuid}/").content.decode()
    assert "<dt>Tilbudsportalen-id</dt><dd>123456</dd>" in html


def test_an_offer_without_id_says_so(as_user, caseworker_ishoj, shelter):
    html = as_user(caseworker_ishoj).get(f"/tilbud/{shelter.uuid}/").content.decode()
    assert "<dt>Tilbudsportalen-id</dt><dd>Ikke oplyst</dd>" in html


def test_two_offers_cannot_share_an_id(as_user, manager_ishoj, shelter, ishoj):
    other_unit = UnitFactory(municipality=ishoj, kind="offer", name="Andet tilbud")
    Offer.objects.create(unit=other_unit, legal_basis="sel107", tilbudsportalen_id="777")
    response = as_user(manager_ishoj).post(
        f"/tilbud/{shelter.uuid}/rediger/", {**FORM, "tilbudsportalen_id": "777"}
    )
    assert "allerede dette Tilbudsportalen-id" in response.content.decode()
    shelter.refresh_from_db()
    assert shelter.tilbudsportalen_id == ""
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.filter(pk=shelter.pk).update(tilbudsportalen_id="777")
    # Empty ids are not "the same id".
    Offer.objects.filter(pk=other_unit.offer.pk).update(tilbudsportalen_id="")
    assert Offer.objects.filter(tilbudsportalen_id="").count() == 2


def test_api_lists_and_shows_the_id(as_user, caseworker_ishoj, caseworker_ballerup, shelter):
    Offer.objects.filter(pk=shelter.pk).update(tilbudsportalen_id="4242")
    client = as_user(caseworker_ishoj)
    page = client.get("/api/v1/offers").json()
    assert page["count"] == 1
    assert page["results"][0]["tilbudsportalen_id"] == "4242"
    one = client.get(f"/api/v1/offers/{shelter.uuid}").json()
    assert one["tilbudsportalen_id"] == "4242" and one["legal_basis"] == "sel110"
    # Another municipality's staff do not see the offer.
    other = as_user(caseworker_ballerup)
    assert other.get(f"/api/v1/offers/{shelter.uuid}").status_code == 404
    assert other.get("/api/v1/offers").json()["count"] == 0


def test_the_catalogue_api_refuses_parameters_it_does_not_know(as_user, caseworker_ishoj, shelter):
    """Found by the fuzzer: `?=false` was answered 200 as if nothing was asked."""
    client = as_user(caseworker_ishoj)
    refused = client.get("/api/v1/offers?=false")
    assert refused.status_code == 422
    assert "Ukendt parameter i forespørgslen" in refused.json()["errors"]["query"][0]
    assert client.get("/api/v1/offers?kommune=183").status_code == 422
    assert client.get("/api/v1/offers?page=1").status_code == 200
