""" "Hent fra CPR" on the create-citizen form and POST /api/v1/citizens/cpr-lookup, with the
local backend's fictitious persons: the form is filled and nothing saved, a protected address
reaches only caseworkers of the acting municipality, every look-up is audited with the number
masked, and a number Hjemvej knows is answered as creating it would be (no oracle)."""

import json

import pytest

from hjemvej.audit.models import Action, AuditEntry
from hjemvej.people.models import Citizen

pytestmark = pytest.mark.django_db

FREJA = "0101901112"  # fictitious, in people/data/cpr_fictitious.json
SOFIE = "2207781234"  # fictitious, protected address


def _form(municipality, cpr, **overrides):
    data = {
        "cpr": cpr,
        "first_name": "",
        "last_name": "",
        "gender": "",
        "acting_municipality": municipality.pk,
        "phone": "",
        "email": "",
        "address": "",
        "postal_code": "",
        "city": "",
        "hent_cpr": "1",
    }
    data.update(overrides)
    return data


def _lookups():
    return list(AuditEntry.objects.filter(action=Action.SEARCH).order_by("seq"))


def test_create_form_has_the_button(as_user, caseworker_ishoj):
    html = as_user(caseworker_ishoj).get("/borgere/ny/").content.decode()
    assert 'name="hent_cpr"' in html and "Hent fra CPR" in html
    assert 'hx-post="/borgere/ny/"' in html


def test_fetch_fills_name_and_address_and_saves_nothing(as_user, caseworker_ishoj, ishoj):
    client = as_user(caseworker_ishoj)
    response = client.post("/borgere/ny/", _form(ishoj, "010190-1112", phone="12345678"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Navn og adresse er hentet fra CPR-registret" in html
    assert 'value="Freja Marie"' in html and 'value="Kildegaard"' in html
    assert 'value="Vejlebrovej 12, 2. tv."' in html and 'value="2635"' in html
    assert 'value="12345678"' in html  # what the user typed stays
    assert "Skriv borgerens fornavn" not in html  # no complaints about the not-yet-filled form
    assert not Citizen.objects.exists()
    [entry] = _lookups()
    assert entry.summary == "Opslag på CPR 010190-xxxx: fundet i CPR-registret"
    assert entry.citizen_uuid is None
    assert FREJA not in entry.summary + json.dumps(entry.detail)
    # The filled form is then saved as usual.
    data = _form(ishoj, FREJA, first_name="Freja Marie", last_name="Kildegaard")
    del data["hent_cpr"]
    client.post("/borgere/ny/", data)
    assert Citizen.objects.get(cpr=FREJA).last_name == "Kildegaard"


def test_htmx_request_gets_the_same_page_to_swap(as_user, caseworker_ishoj, ishoj):
    response = as_user(caseworker_ishoj).post(
        "/borgere/ny/", _form(ishoj, FREJA), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'id="citizen-form-area"' in html and 'value="Kildegaard"' in html


def test_unknown_number_and_bad_number_are_told_by_the_field(as_user, caseworker_ishoj, ishoj):
    client = as_user(caseworker_ishoj)
    html = client.post("/borgere/ny/", _form(ishoj, "0101900000")).content.decode()
    assert "CPR-registret kender ikke nummeret" in html
    html = client.post("/borgere/ny/", _form(ishoj, "3113991234")).content.decode()
    assert "gyldig fødselsdato" in html
    [entry] = _lookups()  # a number that is not a CPR number is not looked up
    assert entry.summary == "Opslag på CPR 010190-xxxx: ikke fundet i CPR-registret"


def test_register_down_is_told_and_audited(as_user, caseworker_ishoj, ishoj, settings):
    settings.CPR_BACKEND = "hjemvej.people.cprregister.ServiceplatformenCprBackend"
    settings.CPR_SERVICE_URL = ""
    html = as_user(caseworker_ishoj).post("/borgere/ny/", _form(ishoj, FREJA)).content.decode()
    assert "CPR-registret kunne ikke svare lige nu" in html
    [entry] = _lookups()
    assert entry.summary.startswith("Opslag på CPR 010190-xxxx: CPR-registret svarede ikke")


def test_protected_address_shown_to_caseworker_of_acting_municipality(
    as_user, caseworker_ishoj, ishoj
):
    html = as_user(caseworker_ishoj).post("/borgere/ny/", _form(ishoj, SOFIE)).content.decode()
    assert 'value="Birkevej 4"' in html and 'value="Lindhardt"' in html
    assert 'name="protected_address" id="id_protected_address" checked' in html


def test_protected_address_hidden_from_offer_staff(as_user, shelter_worker_ishoj, ishoj):
    html = as_user(shelter_worker_ishoj).post("/borgere/ny/", _form(ishoj, SOFIE)).content.decode()
    assert 'value="Lindhardt"' in html
    assert "Birkevej" not in html and "7400" not in html and "Herning" not in html
    assert "adressen vises kun for sagsbehandlere i handlekommunen" in html
    assert 'name="protected_address" id="id_protected_address" checked' in html
    [entry] = _lookups()
    assert entry.summary.endswith("navne- og adressebeskyttet – adressen ikke vist")


def test_known_number_is_no_oracle_and_not_sent_to_the_register(
    as_user, caseworker_ballerup, ballerup, citizen_ishoj, settings
):
    # Were the register asked, this backend would fail loudly.
    settings.CPR_BACKEND = "hjemvej.people.cprregister.ServiceplatformenCprBackend"
    html = (
        as_user(caseworker_ballerup)
        .post("/borgere/ny/", _form(ballerup, citizen_ishoj.cpr))
        .content.decode()
    )
    assert "Borgeren kan ikke oprettes her" in html
    assert citizen_ishoj.first_name not in html and "Ishøj" not in html
    assert "Anmod handlekommunen om adgang" in html
    entry = AuditEntry.objects.get(action=Action.SEARCH, citizen_uuid=citizen_ishoj.uuid)
    assert (
        entry.summary == f"Opslag på CPR {citizen_ishoj.cpr[:6]}-xxxx: kendt – ikke slået op i CPR"
    )


def test_analyst_may_not_look_up(as_user, analyst_ishoj, ishoj):
    assert as_user(analyst_ishoj).post("/borgere/ny/", _form(ishoj, FREJA)).status_code == 404
    response = as_user(analyst_ishoj).post(
        "/api/v1/citizens/cpr-lookup", {"cpr": FREJA}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not _lookups()


def _api(client, body):
    return client.post("/api/v1/citizens/cpr-lookup", body, content_type="application/json")


def test_api_lookup(as_user, caseworker_ishoj, shelter_worker_ishoj, ishoj, citizen_ishoj):
    body = _api(as_user(caseworker_ishoj), {"cpr": FREJA, "acting_municipality": 183}).json()
    assert body == {
        "cpr": FREJA,
        "first_name": "Freja Marie",
        "last_name": "Kildegaard",
        "address": "Vejlebrovej 12, 2. tv.",
        "postal_code": "2635",
        "city": "Ishøj",
        "protected_address": False,
    }
    protected = _api(as_user(caseworker_ishoj), {"cpr": SOFIE, "acting_municipality": 183})
    assert protected.json()["address"] == "Birkevej 4"
    hidden = _api(as_user(shelter_worker_ishoj), {"cpr": SOFIE, "acting_municipality": 183}).json()
    assert hidden["protected_address"] is True
    assert hidden["address"] is None and hidden["postal_code"] is None and hidden["city"] is None
    assert hidden["last_name"] == "Lindhardt"
    unknown = _api(as_user(caseworker_ishoj), {"cpr": "0101900000"})
    assert unknown.status_code == 422
    known = _api(as_user(caseworker_ishoj), {"cpr": citizen_ishoj.cpr})
    assert known.status_code == 422 and "kan ikke oprettes her" in known.content.decode()
    assert len(_lookups()) == 5
    for entry in _lookups():
        assert not any(c in entry.summary for c in (FREJA, SOFIE, citizen_ishoj.cpr))
