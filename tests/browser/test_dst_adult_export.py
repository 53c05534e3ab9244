"""Issue 18 item 1: the authority's manager checks a quarter's §101 treatment and adult
decisions before reporting to Danmarks Statistik, follows a worklist link to the grant without
its paragraph and sets it, and downloads the treatment file; axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from hjemvej.reports.models import ReportJob
from hjemvej.reports.services import run_job
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.stays.test_dst_adult import (  # noqa: F401  (fixtures)
    assert_valid_treatment_line,
    authority_manager,
    decisions,
    group82,
    housing107,
    pitstop,
    team,
    treatments,
)

pytestmark = pytest.mark.django_db(transaction=True)
expect.set_options(timeout=15000)


def test_authority_manager_checks_fixes_and_downloads(
    page,
    ishoj_authority,
    treatments,  # noqa: F811
    decisions,  # noqa: F811
    authority_manager,  # noqa: F811
    tmp_path,
):
    log_in(page, "leder.myndighed")
    page.goto("/rapporter/dst/")
    expect(page.get_by_role("heading", name="Myndighedens indberetninger")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Afgørelser og indsatser for voksne")).click()
    page.get_by_label("Kvartal").select_option("2026-3")
    page.get_by_role("button", name="Vis kvartalet").click()
    expect(page.get_by_text("2 forhold")).to_be_visible()
    expect(page.get_by_role("cell", name="Afgørelsen siger ikke §82a eller §82b.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "dst-afgoerelser-arbejdsliste")

    page.get_by_role("link", name=re.compile("Ret afgørelsen for Bent")).click()
    expect(page.get_by_role("heading", name="Bevilget efter")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Bevilges efter").select_option("82b")
    page.get_by_role("button", name="Gem paragraf").click()
    expect(page.get_by_text("Serviceloven §82b")).to_be_visible()
    assert (
        decisions["no_paragraph"].__class__.objects.get(pk=decisions["no_paragraph"].pk).paragraph
        == "82b"
    )

    page.goto(f"/rapporter/dst/myndighed/{ishoj_authority.uuid}/behandling/?kvartal=2026-3")
    expect(page.get_by_text("4 forhold")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("garantien er 14 dage"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Hent som tekstfil").click()
    expect(page.get_by_role("progressbar")).to_be_visible()
    job = ReportJob.objects.get(requested_by=authority_manager, kind="dst-treatment-txt")
    run_job(str(job.uuid))
    link = page.get_by_role("link", name="Hent dst-behandling-ishoj-myndighed-2026K3.txt")
    expect(link).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        link.click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    lines = saved.read_bytes().decode("utf-8").split("\r\n")[1:-1]
    assert len(lines) == 4
    for line in lines:
        assert_valid_treatment_line(line)
