"""Issue 16 item 4: Ishøj's caseworker opens "Samarbejde" from the menu, registers a partner
(meeting the field error first), adds a contact person to the ad hoc meeting forum and records a
forum meeting; axe checks each page, the forms with their errors included."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
expect.set_options(timeout=15000)


def test_caseworker_records_a_partner_a_contact_and_a_forum_meeting(
    page, caseworker_ishoj, ishoj, ishoj_authority
):
    log_in(page, "sagsbehandler.ishoj")
    menu = page.get_by_role("navigation", name="Hovedmenu")
    menu.get_by_text("Mere").click()
    menu.get_by_role("link", name="Samarbejde").click()
    expect(page.get_by_role("heading", name="Samarbejde i Ishøj", level=1)).to_be_visible()
    expect(page.get_by_text("Der er ingen samarbejdspartnere endnu.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ny samarbejdspartner").click()
    page.get_by_label("Type").select_option(label="Jobcenter og ydelseskontor")
    page.get_by_role("button", name="Opret").click()
    expect(page.get_by_text("Skriv samarbejdspartnerens navn.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Navn").fill("Jobcenter Ishøj")
    page.get_by_label("Samarbejdsaftale").fill("Kontakt til borgeren inden for to hverdage")
    page.get_by_role("button", name="Opret").click()
    expect(page.get_by_role("heading", name="Jobcenter Ishøj", level=1)).to_be_visible()
    assert_accessible(page)

    contact = page.locator("form", has=page.locator('input[name="action"][value="contact"]'))
    contact.get_by_label("Navn").fill("Bo Berg")
    contact.get_by_label("E-mail").fill("ikke-en-adresse")
    contact.get_by_role("button", name="Tilføj").click()
    expect(page.get_by_text("Skriv en gyldig e-mailadresse.").first).to_be_visible()
    assert_accessible(page)
    contact = page.locator("form", has=page.locator('input[name="action"][value="contact"]'))
    expect(contact.get_by_label("Navn")).to_have_value("Bo Berg")  # no lost input
    contact.get_by_label("E-mail").fill("bo.berg@ishoj.example")
    contact.get_by_label("Rolle").fill("Virksomhedskonsulent")
    contact.get_by_label("Medlem af ad hoc-mødeforummet").check()
    contact.get_by_role("button", name="Tilføj").click()
    expect(page.get_by_role("cell", name="Bo Berg", exact=True)).to_be_visible()

    page.get_by_role("link", name="Tilbage til samarbejde").click()
    page.get_by_role("link", name="Registrér møde").click()
    page.get_by_label("Dato").fill("2026-04-01")
    page.get_by_role("button", name="Gem mødet").click()
    expect(page.get_by_text("Skriv mødets emne.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Emne").fill("Boliger til unge")
    page.get_by_label("Bo Berg").check()
    page.get_by_role("button", name="Gem mødet").click()
    expect(page.get_by_role("heading", name="Samarbejde i Ishøj", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name="Boliger til unge")).to_be_visible()
    expect(page.get_by_text("Bo Berg, Virksomhedskonsulent – Jobcenter Ishøj")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "samarbejde")
