"""The outcome report as PDF (with its charts, read back by pdftotext, first page kept as PNG)
and Excel (with charts), the national count as CSV and Excel; each download is audited."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hjemvej.audit.models import Action, AuditEntry
from hjemvej.reports.models import ReportJob
from hjemvej.reports.services import run_job
from tests.reports.year import YEAR, build_year

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def year(ishoj, ishoj_shelter_unit):
    return build_year(ishoj, ishoj_shelter_unit)


def order_and_fetch(client, user, **post):
    response = client.post("/rapporter/bestil/", post)
    assert response.status_code == 302
    job = ReportJob.objects.filter(requested_by=user).first()
    assert response["Location"] == f"/rapporter/koersel/{job.uuid}/"
    assert client.get(response["Location"]).status_code == 200
    job = run_job(str(job.uuid))
    assert job.status == ReportJob.Status.DONE, job.error
    download = client.get(f"/rapporter/koersel/{job.uuid}/hent/")
    assert download.status_code == 200
    assert AuditEntry.objects.filter(action=Action.EXPORT, object_id=str(job.uuid)).exists()
    return job, download


def test_pdf_reads_back_with_figures_and_charts(year, manager_ishoj, as_user, tmp_path):
    if not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        pytest.fail("poppler-utils mangler: kør 'make setup'.")
    client = as_user(manager_ishoj)
    job, download = order_and_fetch(
        client, manager_ishoj, kind="outcome-pdf", kommune="183", aar=str(YEAR)
    )
    assert download["Content-Type"] == "application/pdf"
    assert job.filename == f"resultater-{YEAR}-183.pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(download.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert f"Resultatopgørelse {YEAR}: Ishøj Kommune" in text
    assert "4 af 7 (57,1 %)" in text
    assert "Egen bolig uden støtte" in text
    assert "484.000 kr." in text and "144.000 kr." in text
    # The charts: bar labels, values written on the bars, and the benchmark lines.
    assert "Under 1 måned" in text and "12–18 måneder" in text
    assert "57,1 %" in text and "CTI 88 %" in text and "Housing First 80–85 %" in text
    assert "Gaden" in text and "Hospital eller behandling" in text
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(ARTIFACTS / "resultatopgoerelse-pdf-side-1"),
        ],
        check=True,
    )
    assert (ARTIFACTS / "resultatopgoerelse-pdf-side-1.png").stat().st_size > 10_000


def test_analyst_pdf_has_small_counts_suppressed(year, analyst_ishoj, as_user, tmp_path):
    client = as_user(analyst_ishoj)
    _, download = order_and_fetch(
        client, analyst_ishoj, kind="outcome-pdf", kommune="183", aar=str(YEAR)
    )
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(download.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "<5 af 7" in text and "tal under 5 vises som <5" in text
    assert "Testesen" not in text


def test_excel_has_the_figures_and_charts(year, manager_ishoj, as_user, ishoj_shelter_unit):
    client = as_user(manager_ishoj)
    job, download = order_and_fetch(
        client,
        manager_ishoj,
        kind="outcome-xlsx",
        tilbud=str(ishoj_shelter_unit.uuid),
        aar=str(YEAR),
    )
    assert job.filename == f"resultater-{YEAR}-ishoj-herberg.xlsx"
    wb = load_workbook(io.BytesIO(download.content))
    rows = {r[1]: r for r in wb["Resultater"].iter_rows(min_row=4, values_only=True)}
    assert rows["Borgere i tilbuddet i året"][3] == 5
    assert rows["Egen bolig i alt"][2:6] == ("2 af 4 (50,0 %)", 2, 4, 50.0)
    assert rows["Statsrefusion (§110)"][6] == 144000.0
    assert len(wb["Diagrammer"]._charts) >= 3


def test_only_users_with_reports_may_order(year, shelter_worker_ishoj, as_user, ishoj_shelter_unit):
    response = as_user(shelter_worker_ishoj).post(
        "/rapporter/bestil/", {"kind": "outcome-pdf", "tilbud": str(ishoj_shelter_unit.uuid)}
    )
    assert response.status_code == 404
    assert not ReportJob.objects.exists()
