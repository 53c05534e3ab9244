""" "Hent fra CPR" in the browser: htmx swaps the filled form in without a page load, the page
stays accessible, and the filled form is then saved."""

import pytest
from playwright.sync_api import expect

from hjemvej.people.models import Citizen
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_caseworker_fetches_name_and_address_from_cpr_and_saves(page, caseworker_ishoj):
    page.goto("/log-ind/")
    log_in(page, "sagsbehandler.ishoj")
    page.goto("/borgere/ny/")
    page.evaluate("window.__notReloaded = true")
    page.get_by_label("CPR-nummer").fill("010190-1112")
    page.get_by_role("button", name="Hent fra CPR").click()
    expect(page.get_by_text("Navn og adresse er hentet fra CPR-registret")).to_be_visible()
    expect(page.get_by_label("Fornavn(e)")).to_have_value("Freja Marie")
    expect(page.get_by_label("Efternavn")).to_have_value("Kildegaard")
    expect(page.get_by_label("Postnummer")).to_have_value("2635")
    assert page.evaluate("window.__notReloaded") is True  # swapped by htmx, not reloaded
    assert_accessible(page)
    page.get_by_label("Telefon").fill("12345678")
    page.get_by_label("Telefon").press("Enter")  # Enter saves; it does not look up again
    expect(page.get_by_role("heading", name="Freja Marie Kildegaard", level=1)).to_be_visible()
    saved = Citizen.objects.get(cpr="0101901112")
    assert (saved.city, saved.phone) == ("Ishøj", "12345678")
