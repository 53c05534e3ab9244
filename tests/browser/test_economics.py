"""A manager in Ballerup opens the youth-housing cost sheet, downloads it as Excel, and uses the
forecast, the reimbursement calculator and the investment cases."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.economics.conftest import (  # noqa: F401  (fixtures)
    ballerup_youth_housing,
    law_rules,
    manager_ballerup,
    youth_sheet,
)

# The reimbursement rules come from a data migration, and transactional tests flush the tables
# between tests: the `law_rules` fixture puts them back.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("law_rules")]
expect.set_options(timeout=15000)


def test_manager_opens_youth_housing_sheet_and_downloads_excel(
    page,
    manager_ballerup,  # noqa: F811
    youth_sheet,  # noqa: F811
    tmp_path,
):
    log_in(page, "leder.ballerup")
    menu = page.get_by_role("navigation", name="Hovedmenu")
    menu.get_by_text("Mere").click()  # Økonomi is under "Mere" for a manager
    menu.get_by_role("link", name="Økonomi").click()
    expect(page.get_by_role("heading", name="Økonomi", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ungebolig og træning").click()
    expect(page.get_by_role("heading", name="Takstblad 2022: Ungebolig og træning")).to_be_visible()
    figures = page.locator(".hjemvej-key-figures")
    expect(figures).to_contain_text("3.916.263 kr.")
    expect(figures).to_contain_text("1.788 kr.")
    expect(page.get_by_role("row", name="Omkostninger i alt")).to_contain_text("3.916.263 kr.")
    assert_accessible(page)
    screenshot(page, "takstblad-ungebolig")

    with page.expect_download() as info:
        page.get_by_role("link", name="Hent som Excel").click()
    download = info.value
    assert download.suggested_filename == "takstblad-ballerup-ungebolig-2022.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    ws = load_workbook(saved).active
    rows = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert rows["Omkostninger i alt"] == 3916263
    assert rows["Takst pr. plads pr. dag"] == 1788

    page.get_by_role("link", name="Ret takstbladet").click()
    expect(page.get_by_label("Lønninger", exact=True)).to_have_value("2.832.500")
    assert_accessible(page)

    page.goto("/okonomi/budget/")
    page.get_by_label("Takstblad").select_option(label="Ungebolig og træning – 2022")
    page.get_by_label("Opgjort til og med dagen før").fill("2022-07-01")
    page.get_by_label("Ophold").fill("A; 1.1.2022; ; 1788; 0\nB; 1.3.2022; 1.5.2022; 1788; 0")
    page.get_by_role("button", name="Sammenlign").click()
    expect(page.get_by_text("Budget for året")).to_be_visible()
    assert_accessible(page)


def test_manager_compares_staying_with_moving_out_in_a_forecast(
    page,
    manager_ballerup,  # noqa: F811
):
    log_in(page, "leder.ballerup")
    page.goto("/okonomi/prognose/")
    page.get_by_label("Prognosen starter").fill("2026-06-01")
    page.get_by_label("Flytning i egen bolig efter antal nætter").fill("30")
    page.get_by_label("Pris for §85a-bostøtte pr. dag").fill("400")
    page.get_by_label("Ophold").fill("A; 1.6.2026; ; 1000; 100\nB; 1.3.2026; ; 1000; 100")
    page.get_by_role("button", name="Beregn prognose").click()
    expect(page.get_by_role("img", name="Samlet nettoudgift måned for måned")).to_be_visible()
    expect(page.get_by_text("sparer kommunen")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "prognose")

    page.goto("/okonomi/refusion/")
    page.get_by_label("Ophold").fill(
        "A; 110; 1.11.2023; 1.2.2024; 1000; 100\nA; 110; 1.3.2024; 1.5.2024; 1000; 100"
    )
    page.get_by_role("button", name="Beregn refusion").click()
    expect(page.get_by_text("120 af 153")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "refusionsberegner")

    page.goto("/okonomi/investering/")
    page.get_by_label("Navn på casen").fill("Housing First-gruppen")
    page.get_by_label("Omkostninger, indsatsen tilfører – Kommune").fill("60.000")
    page.get_by_label("Pr. år (ganges med tidshorisonten)").check()
    page.get_by_label("Offentlige udgifter, der falder bort ved succes – Kommune").fill("40.000")
    page.get_by_role("button", name="Beregn og gem casen").click()
    page.get_by_label("Housing First-gruppen").check()
    page.get_by_role("button", name="Sammenlign side om side").click()
    expect(page.get_by_role("row", name="Nettoresultat i alt").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "investeringscases")
