"""Issue 16, item 3 in the browser: the caseworker records Jørgen's cash benefit on the income
tab (a missing amount named next to the field), then records a home offered in Ballerup with a
rent he cannot pay; the housing tab flags both rules – axe on every page."""

import datetime

import pytest
from playwright.sync_api import expect

from hjemvej.housing import services
from tests.browser.conftest import assert_accessible, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_income_tab_and_flagged_home(page, caseworker_ishoj, citizen_ishoj, ballerup):
    today = datetime.date.today()
    services.do_add_application(
        user=caseworker_ishoj, citizen=citizen_ishoj, channel="allocation", applied_on=today
    )
    log_in(page, "sagsbehandler.ishoj")
    page.goto(f"/borgere/{citizen_ishoj.uuid}/afsnit/indkomst/")
    expect(page.get_by_role("heading", name="Indkomst", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Registrér indkomst").click()
    expect(page.get_by_role("heading", name="Registrér indkomst")).to_be_visible()
    page.get_by_label("Hvad lever borgeren af").select_option(label="Kontanthjælp")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Skriv beløbet pr. måned.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Udbetalt pr. måned efter skat (kr.)").fill("11900")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Indkomsten er registreret.")).to_be_visible()
    expect(page.get_by_text("Kontanthjælp, 11.900 kr. pr. måned")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/borgere/{citizen_ishoj.uuid}/afsnit/bolig/")
    page.get_by_role("link", name="Tilbudt bolig").first.click()
    page.get_by_label("Bolig (adresse)").fill("Rugvænget 8, 2750 Ballerup")
    page.get_by_label("Kommune").select_option(label="Ballerup Kommune")
    page.get_by_label("Husleje pr. måned").fill("6500")
    assert_accessible(page)
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Tilbudt bolig: Rugvænget 8, 2750 Ballerup")).to_be_visible()
    expect(page.get_by_text("over grænsen på 40 %").first).to_be_visible()
    expect(page.get_by_text("Borgeren er på kontanthjælp og kan ikke flytte").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "bolig-advarsel-indkomst")
