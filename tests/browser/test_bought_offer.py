"""Issue 16, item 1 in the browser: Ishøj's caseworker registers a private shelter the
municipality buys places at, records a citizen's stay there from the shelter's §110 stk. 6
notice, and finds the citizen on the board of citizens at offers – axe on every page."""

import datetime

import pytest
from playwright.sync_api import expect

from hjemvej.stays.models import Stay
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_register_a_bought_shelter_and_a_stay_from_the_notice(page, caseworker_ishoj, ishoj):
    today = datetime.date.today()
    citizen = CitizenFactory(acting_municipality=ishoj, first_name="Kaj", last_name="Vestergaard")

    log_in(page, "sagsbehandler.ishoj")
    page.goto("/tilbud/")
    page.get_by_role("link", name="Købte tilbud").first.click()
    expect(page.get_by_role("heading", name="Købte tilbud")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Registrér købt tilbud").click()

    # Missing answers are named next to their fields; what was typed stays.
    page.get_by_label("Tilbuddets navn").fill("Forsorgshjemmet Vestvolden (fiktivt)")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Vælg hvem der driver tilbuddet.").first).to_be_visible()
    expect(page.get_by_label("Tilbuddets navn")).to_have_value(
        "Forsorgshjemmet Vestvolden (fiktivt)"
    )
    assert_accessible(page)
    page.get_by_label("Privat eller selvejende tilbud").check()
    page.get_by_label("Leverandør", exact=True).fill("Vestvolden Fond (fiktiv)")
    page.get_by_label("Lovgrundlag").select_option("sel110")
    page.get_by_label("Pris pr. døgn (kr.)").fill("1150")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("er registreret som købt tilbud")).to_be_visible()
    expect(page.get_by_text("Leverandøren har ingen adgang til Hjemvej").first).to_be_visible()
    assert_accessible(page)

    # The stay from the notice: the date the notice came, the admission, the own payment.
    page.get_by_role("link", name="Registrér ophold fra underretning").click()
    expect(page.get_by_role("heading", name="Registrér ophold på")).to_be_visible()
    page.get_by_label("Borgerens CPR-nummer").fill(citizen.cpr)
    page.get_by_label("Indflytningsdato").fill(str(today - datetime.timedelta(days=5)))
    page.get_by_role("button", name="Registrér opholdet").click()
    expect(page.get_by_text("Skriv datoen, underretningen blev modtaget.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Underretning modtaget").fill(str(today - datetime.timedelta(days=3)))
    page.get_by_label("Egenbetaling pr. nat (kr.)").fill("95")
    page.get_by_role("button", name="Registrér opholdet").click()
    expect(page.get_by_text("Kaj Vestergaards ophold på")).to_be_visible()
    expect(page.get_by_text("Købt hos Vestvolden Fond (fiktiv)").first).to_be_visible()
    assert_accessible(page)
    stay = Stay.objects.get(citizen=citizen)
    assert stay.price_per_night == 1150 and stay.own_payment_per_night == 95

    # The board of the municipality's citizens wherever they stay.
    page.goto("/borgere-paa-tilbud/")
    row = page.get_by_role("row").filter(has_text="Kaj Vestergaard")
    expect(row.get_by_text("Vestvolden Fond (fiktiv)")).to_be_visible()
    expect(row.get_by_text("5.750")).to_be_visible()  # 5 nights × 1,150 kr.
    assert_accessible(page)
    screenshot(page, "bought-offer-board")
