"""Issue 16: Ishøj's caseworker follows a bring-home plan from the home page's count to the
worklist and the bring-home report, then changes the plan on the citizen's page; axe checks each
page, the form with its errors included."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hjemvej.economics.models import CostSheet
from hjemvej.offers.catalogue import OFFERS, ensure_offer
from hjemvej.stays import services
from hjemvej.stays.models import PlanStatus
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.factories import CitizenFactory
from tests.offers.helpers import bought_offer

pytestmark = pytest.mark.django_db(transaction=True)
expect.set_options(timeout=15000)


def test_caseworker_follows_a_bring_home_plan(page, caseworker_ishoj, ishoj, ishoj_shelter_unit):
    today = timezone.localdate()
    shelter = ensure_offer(ishoj_shelter_unit, OFFERS["ishoj-herberg"])
    CostSheet.objects.create(
        unit=ishoj_shelter_unit,
        budget_year=today.year,
        salaries=Decimal("365000"),
        other=Decimal("0"),
        places=1,
        occupancy_pct=Decimal("100"),
    )
    engly = bought_offer(ishoj)
    citizen = CitizenFactory(first_name="Karl", last_name="Engstrøm", acting_municipality=ishoj)
    services.do_create_placement(
        user=caseworker_ishoj,
        citizen=citizen,
        offer=engly,
        started_on=datetime.date(2025, 3, 1),
        local_offer=shelter,
        responsible=caseworker_ishoj,
        plan_status=PlanStatus.IN_PROGRESS,
        target_date=today + datetime.timedelta(days=14),
        plan_steps="Samtale om at flytte hjem",
    )
    services.do_create_placement(
        user=caseworker_ishoj,
        citizen=CitizenFactory(acting_municipality=ishoj),
        offer=engly,
        started_on=datetime.date(2025, 6, 1),
    )

    log_in(page, "sagsbehandler.ishoj")
    page.get_by_role(
        "link", name="Hjemtagningsplaner med måldato inden for 30 dage eller overskredet"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hjemtagningsplaner")
    expect(page.get_by_role("cell", name="Karl Engstrøm")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Hele hjemtagningsrapporten").click()
    expect(page.get_by_role("heading", name="Hjemtagning: borgere i købte tilbud")).to_be_visible()
    totals = page.get_by_role("table", name="Samlede tal for kommunens anbringelser i købte tilbud")
    expect(totals.get_by_role("row", name="Udgift pr. måned")).to_contain_text("137.000,00 kr.")
    expect(totals.get_by_role("row", name="Besparelse pr. måned ved hjemtagning")).to_contain_text(
        "38.083,33 kr."
    )
    assert_accessible(page)
    screenshot(page, "hjemtagningsrapport")

    page.get_by_role("link", name="Karl Engstrøm").click()
    expect(page.get_by_role("heading", name="Anbringelser i købte tilbud")).to_be_visible()
    page.get_by_role("link", name="engly").click()
    expect(page.get_by_role("heading", name="Anbringelse i engly")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("combobox", name="Hjemtagningsplan (valgfrit)", exact=True).select_option(
        label="Ikke muligt"
    )
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Skriv, hvorfor hjemtagning ikke er mulig.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Hvorfor hjemtagning ikke er mulig").fill("Borgeren ønsker at blive")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Anbringelsen og hjemtagningsplanen er gemt.")).to_be_visible()
    expect(page.get_by_text("Borgeren ønsker at blive")).to_be_visible()

    page.goto(f"/tilbud/henvis/{citizen.uuid}/?tilbud={engly.uuid}")
    expect(page.get_by_role("group", name="Lokalt alternativ")).to_be_visible()
    page.get_by_role("button", name="Visitér").click()
    expect(page.get_by_text("Skriv, hvorfor det lokale tilbud ikke passer").first).to_be_visible()
    assert_accessible(page)
