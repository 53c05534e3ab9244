"""A caseworker in Ishøj logs in, searches, opens a citizen and tries a bad CPR number."""

import pytest
from playwright.sync_api import expect

from hjemvej.people.models import Citizen
from tests.browser.conftest import assert_accessible, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_caseworker_searches_opens_citizen_and_sees_danish_cpr_error(
    page, caseworker_ishoj, citizen_ishoj, citizen_ballerup
):
    page.goto("/log-ind/")
    assert_accessible(page)
    log_in(page, "sagsbehandler.ishoj")
    expect(page.get_by_role("heading", name="Goddag, Mette")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Borgere").first.click()
    page.get_by_label("Søg på navn eller CPR-nummer").fill("Østergaard")
    page.get_by_role("button", name="Søg").click()
    expect(page.get_by_role("link", name="Jørgen Østergaard")).to_be_visible()
    assert page.get_by_text("Freja Bøgh").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Jørgen Østergaard").click()
    expect(page.get_by_role("heading", name="Jørgen Østergaard", level=1)).to_be_visible()
    expect(page.get_by_text(citizen_ishoj.cpr_masked)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "borgeroverblik")

    page.goto("/borgere/ny/")
    page.get_by_label("CPR-nummer").fill("3113991234")
    page.get_by_label("Fornavn(e)").fill("Test")
    page.get_by_label("Efternavn").fill("Person")
    page.get_by_role("button", name="Gem").click()
    error = page.locator(".form-error-message").first
    assert "gyldig fødselsdato" in error.inner_text()
    assert_accessible(page)
    assert not Citizen.objects.filter(first_name="Test").exists()
