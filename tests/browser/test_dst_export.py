"""Issue 18 item 1: the shelter's manager checks a quarter before reporting to Danmarks
Statistik, fixes a stay from the worklist, and downloads the text file; axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from hjemvej.reports.models import ReportJob
from hjemvej.reports.services import run_job
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.stays.test_dst import assert_valid_line, quarter, shelter  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)
expect.set_options(timeout=15000)


def test_manager_checks_fixes_and_downloads_the_quarter(
    page,
    shelter,  # noqa: F811
    quarter,  # noqa: F811
    manager_ishoj,
    tmp_path,
):
    log_in(page, "leder.ishoj")
    page.goto("/rapporter/resultater/")
    page.get_by_role("link", name="Indberetning til Danmarks Statistik").click()
    expect(page.get_by_role("heading", name="Indberetning til Danmarks Statistik")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=shelter.name).click()
    page.get_by_label("Kvartal").select_option("2026-3")
    page.get_by_role("button", name="Vis kvartalet").click()
    expect(page.get_by_role("heading", name=f"{shelter.name}: 3. kvartal 2026")).to_be_visible()
    expect(page.get_by_text("5 forhold")).to_be_visible()
    expect(page.get_by_role("cell", name="Ophørsårsag mangler.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "dst-arbejdsliste")

    page.get_by_role("link", name=re.compile("Ret opholdet for Bent")).first.click()
    expect(page.get_by_role("heading", name="Oplysninger til Danmarks Statistik")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Opholdstype").select_option("1")
    page.get_by_label("Opholdssted før indskrivning").select_option("02")
    page.get_by_label("Hvordan opholdet sluttede").select_option("03")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Oplysningerne til Danmarks Statistik er gemt.")).to_be_visible()
    expect(page.get_by_text("2 forhold")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Hent som tekstfil").click()
    expect(page.get_by_role("progressbar")).to_be_visible()
    job = ReportJob.objects.get(requested_by=manager_ishoj, kind="dst-stays-txt")
    run_job(str(job.uuid))
    link = page.get_by_role("link", name="Hent dst-ophold-12345-2026K3.txt")
    expect(link).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    lines = saved.read_bytes().decode("utf-8").split("\r\n")[1:-1]
    assert len(lines) == 4
    for line in lines:
        assert_valid_line(line)
