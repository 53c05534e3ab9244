"""Issue 20 in the browser: a citizen on a phone (390×844) asks for everything held about them
and for a correction on Mine sider; the caseworker makes the export (PDF and JSON) and answers
the correction. axe checks every page."""

import pytest
from playwright.sync_api import expect

from hjemvej.portal.models import DemoLogin
from hjemvej.rights.models import CorrectionRequest, InsightRequest
from tests.browser.conftest import assert_accessible, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_citizen_asks_on_a_phone_and_the_caseworker_exports(
    page, phone_page, caseworker_ishoj, citizen_ishoj
):
    account = DemoLogin(citizen=citizen_ishoj, username="borger1")
    account.set_password("hjemvej-test-kode")
    account.save()

    phone = phone_page
    phone.goto("/mine-sider/log-ind/")
    phone.get_by_label("Brugernavn").fill("borger1")
    phone.get_by_label("Adgangskode").fill("hjemvej-test-kode")
    phone.get_by_role("button", name="Log ind").click()
    expect(phone.get_by_role("heading", name="Hej Jørgen")).to_be_visible()

    tile = phone.get_by_role("link", name="Se alt, vi har om dig")
    box = tile.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    tile.click()
    expect(phone.get_by_role("heading", name="Se alt, vi har om dig")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label("Indsigt efter databeskyttelsesforordningen").check()
    phone.get_by_role("button", name="Bed om dine oplysninger").click()
    expect(phone.get_by_text("Vi har fået din anmodning")).to_be_visible()
    assert_accessible(phone)
    screenshot(phone, "mine-sider-indsigt")

    phone.goto("/mine-sider/rettelse/")
    phone.get_by_role("button", name="Send anmodningen").click()
    expect(
        phone.get_by_text("Skriv, hvad der er forkert, og hvad der skal stå.").first
    ).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label("Hvad er forkert, og hvad skal der stå?").fill(
        "Mit telefonnummer er 11 22 33 44."
    )
    phone.get_by_role("button", name="Send anmodningen").click()
    expect(phone.get_by_text("Vi har fået din anmodning om rettelse.")).to_be_visible()
    assert InsightRequest.objects.filter(citizen=citizen_ishoj, basis="gdpr").exists()

    # The caseworker finds the requests from the citizen's overview.
    log_in(page, "sagsbehandler.ishoj")
    page.goto(f"/borgere/{citizen_ishoj.uuid}/")
    page.get_by_role("link", name="Indsigt og opbevaring").click()  # the tab
    page.get_by_role("link", name="Indsigt, rettelse og tilbageholdelse").click()
    expect(page.get_by_role("heading", name="Indsigt, rettelse og tilbageholdelse")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Lav udtrækket").click()
    assert_accessible(page)
    page.get_by_role("button", name="Lav udtrækket").click()
    expect(page.get_by_text("Udtrækket er lavet")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF").click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    with page.expect_download() as data:
        page.get_by_role("link", name="JSON").click()
    assert data.value.suggested_filename.endswith(".json")
    screenshot(page, "rettigheder-udtraek")

    page.get_by_role("link", name="Besvar").click()
    assert_accessible(page)
    page.get_by_label("Ret oplysningerne").check()
    page.get_by_label("Telefon").fill("11223344")
    page.get_by_role("button", name="Send svaret").click()
    expect(page.get_by_text("Anmodningen er besvaret.")).to_be_visible()
    assert CorrectionRequest.objects.get(citizen=citizen_ishoj).status == "accepted"


def test_retention_rules_deletions_and_records_pages_are_accessible(
    page, browser, live_server, admin_user, manager_ishoj, citizen_ishoj
):
    from hjemvej.rights.models import Disposal

    Disposal.objects.create(category="case", citizen=citizen_ishoj, due_on=citizen_ishoj.birth_date)
    log_in(page, "admin")
    page.goto("/rettigheder/opbevaring/")
    expect(page.get_by_role("heading", name="Opbevaringsregler")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Gem reglen").click()
    expect(page.get_by_text("Skriv begrundelsen for ændringen.").first).to_be_visible()
    assert_accessible(page)

    context = browser.new_context(
        base_url=live_server.url,
        locale="da-DK",
        viewport={"width": 1280, "height": 900},
        bypass_csp=True,
    )
    manager = context.new_page()
    log_in(manager, "leder.ishoj")
    manager.goto("/rettigheder/sletning/")
    expect(manager.get_by_role("button", name="Bekræft sletning nr. 1")).to_be_visible()
    assert_accessible(manager)
    manager.goto("/rettigheder/fortegnelse/")
    expect(
        manager.get_by_role("heading", name="Fortegnelse over behandlingsaktiviteter")
    ).to_be_visible()
    assert_accessible(manager)
    screenshot(manager, "rettigheder-fortegnelse")
    context.close()
