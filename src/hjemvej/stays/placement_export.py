"""The bring-home report as an Excel file (issue 16): one row per open placement in a bought
offer with its cost and the saving at the local offer's rate, and a sheet with the totals. The
figures are the report's own (`selectors.bring_home_report`, `placement_rows`)."""

from __future__ import annotations

import io

from hjemvej.stays.selectors import BringHomeTotals, PlacementRow

COLUMNS = [
    "Borger",
    "Tilbud",
    "Udbyder",
    "Anbragt siden",
    "Udgift pr. måned (kr.)",
    "Udgift pr. år (kr.)",
    "Lokalt tilbud",
    "Lokal takst pr. døgn (kr.)",
    "Besparelse pr. måned (kr.)",
    "Besparelse pr. år (kr.)",
    "Hjemtagningsplan",
    "Måldato",
    "Måldato overskredet",
    "Ansvarlig",
]


def _row(r: PlacementRow) -> list:
    p, m = r.placement, r.money
    responsible = p.responsible.get_full_name() or p.responsible.username if p.responsible else ""
    return [
        p.citizen.full_name,
        p.offer.name,
        p.offer.provider or "",
        p.started_on,
        m.cost_per_month,
        m.cost_per_year,
        p.local_offer.name if p.local_offer else "",
        m.local_rate.rate if m.local_rate else None,
        m.saving_per_month,
        m.saving_per_year,
        p.get_plan_status_display() if p.plan_status else "Ingen plan",
        p.target_date,
        "Ja" if r.overdue else "Nej",
        responsible,
    ]


def workbook(title: str, totals: BringHomeTotals, rows: list[PlacementRow]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from hjemvej.common.spreadsheet import safe_row

    wb = Workbook()
    ws = wb.active
    ws.title = "Anbringelser"
    ws.append(COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append(safe_row(_row(r)))
        for cell in ws[ws.max_row]:
            if hasattr(cell.value, "year"):
                cell.number_format = "DD-MM-YYYY"
    summary = wb.create_sheet("I alt")
    for label, value in [
        ("Rapport", title),
        ("Borgere anbragt i købte tilbud", totals.citizens),
        ("Anbringelser", totals.placements),
        ("Udgift pr. måned (kr.)", totals.cost_per_month),
        ("Udgift pr. år (kr.)", totals.cost_per_year),
        ("Besparelse pr. måned ved hjemtagning (kr.)", totals.saving_per_month),
        ("Besparelse pr. år ved hjemtagning (kr.)", totals.saving_per_year),
        ("Anbringelser uden lokalt tilbud med takstblad", totals.unpriced),
        ("Hjemtagningsplaner med overskredet måldato", totals.overdue),
        ("Anbringelser uden hjemtagningsplan", totals.without_plan),
        ("Kilde", "Hjemvej: kommunens åbne anbringelser i købte tilbud"),
    ]:
        summary.append(safe_row([label, value]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
