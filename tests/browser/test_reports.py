"""A manager in Ishøj opens the yearly outcome report, follows a figure to the citizens behind
it, orders the Excel file, sees the progress bar while it waits for the worker, and downloads
it; an analyst sees the same report with small counts suppressed and no links to records."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from hjemvej.reports.models import ReportJob
from hjemvej.reports.services import run_job
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.economics.conftest import law_rules  # noqa: F401  (fixture)
from tests.reports.year import YEAR, build_year

# Transactional tests flush the tables; `law_rules` puts the reimbursement rules back.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("law_rules")]
expect.set_options(timeout=15000)


@pytest.fixture
def year(ishoj, ishoj_shelter_unit):
    return build_year(ishoj, ishoj_shelter_unit)


def test_manager_opens_report_follows_a_figure_and_downloads_excel(
    page, year, manager_ishoj, tmp_path
):
    log_in(page, "leder.ishoj")
    menu = page.get_by_role("navigation", name="Hovedmenu")
    menu.get_by_text("Mere").click()  # Rapporter is under "Mere" for a manager
    menu.get_by_role("link", name="Rapporter").click()
    expect(page.get_by_role("heading", name="Rapporter", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=f"Ishøj Kommune {YEAR}").click()
    heading = f"Resultatopgørelse {YEAR}: Ishøj Kommune"
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    expect(
        page.get_by_role("img", name="Diagram: Egen bolig efter ophold eller forløb")
    ).to_be_visible()
    expect(page.get_by_role("row", name="Egen bolig i alt")).to_contain_text("4 af 7 (57,1 %)")
    assert_accessible(page)
    screenshot(page, "resultatopgoerelse-leder")

    page.get_by_role("link", name="se borgerne bag tallet «Gaden»").click()
    expect(page.get_by_role("heading", name="Gaden", level=1)).to_be_visible()
    expect(page.get_by_role("row", name="Birthe Testesen")).to_contain_text("11.02.2025")
    expect(page.get_by_text("Anders Testesen")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name=heading).click()
    page.get_by_role("button", name="Hent som Excel").click()
    expect(page.get_by_role("progressbar")).to_be_visible()
    expect(page.get_by_text("Rapporten venter på at blive lavet")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "resultatopgoerelse-venter")

    job = ReportJob.objects.get(requested_by=manager_ishoj, kind="outcome-xlsx")
    run_job(str(job.uuid))  # what the worker does; the page polls every second
    link = page.get_by_role("link", name=f"Hent resultater-{YEAR}-183.xlsx")
    expect(link).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    rows = {r[1]: r for r in load_workbook(saved)["Resultater"].iter_rows(values_only=True)}
    assert rows["Egen bolig i alt"][2] == "4 af 7 (57,1 %)"


def test_analyst_sees_suppressed_figures_without_records(page, year, analyst_ishoj):
    log_in(page, "analytiker.ishoj")
    page.goto(f"/rapporter/resultater/vis/?kommune=183&aar={YEAR}")
    expect(page.get_by_text("Tal under 5 vises som <5.")).to_be_visible()
    expect(page.get_by_role("row", name="Egen bolig i alt")).to_contain_text("<5 af 7")
    expect(page.get_by_role("link", name="se borgerne bag tallet", exact=False)).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "resultatopgoerelse-analytiker")

    page.goto("/rapporter/optaelling/?uge=2025-W06")
    expect(page.get_by_role("heading", name="Den nationale hjemløsetælling")).to_be_visible()
    assert_accessible(page)
