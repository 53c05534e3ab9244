"""The cost sheet as an Excel file with the same lines and numbers as the page."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from hjemvej.common.spreadsheet import safe_cell
from hjemvej.economics.models import CostSheet
from hjemvej.economics.rates import RateResult

KRONER_FORMAT = "#,##0"
EXACT_FORMAT = "#,##0.00"


def cost_sheet_workbook(sheet: CostSheet, result: RateResult) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Takstblad"
    ws["A1"] = safe_cell(f"Takstblad {sheet.budget_year}: {sheet.unit.name}")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = safe_cell(f"{sheet.unit.municipality.name} Kommune")
    if sheet.is_demo:
        ws["A3"] = "Demotal – ikke kommunens egne tal."
    ws.append([])
    ws.append(["Linje", "Kroner", "Uafrundet"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for line in result.lines:
        ws.append([safe_cell(line.name), int(line.shown), float(line.amount)])
        row = ws[ws.max_row]
        row[1].number_format = KRONER_FORMAT
        row[2].number_format = EXACT_FORMAT
        if line.is_sum:
            for cell in row:
                cell.font = Font(bold=True)
    ws.append([])
    ws.append(["Antal pladser", result.places])
    ws.append(["Belægning (%)", float(result.occupancy_pct)])
    ws.append(["Takst pr. plads pr. dag", int(result.daily_rate_shown), float(result.daily_rate)])
    row = ws[ws.max_row]
    row[0].font = row[1].font = Font(bold=True)
    row[1].number_format = KRONER_FORMAT
    row[2].number_format = EXACT_FORMAT
    ws.append(["Takst = omkostninger i alt ÷ (pladser × belægning × 365)"])
    ws.column_dimensions["A"].width = 70
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 18
    for row in ws.iter_rows(min_col=2, max_col=3):
        for cell in row:
            cell.alignment = Alignment(horizontal="right")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
