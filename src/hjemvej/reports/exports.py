"""The reports as files: the outcome report as Excel (with charts) and PDF (with charts), the
national count as CSV and Excel in a plain layout (one row per municipality and situation)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.core.exceptions import ValidationError
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Font
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from hjemvej.common.numbers import parse_number
from hjemvej.common.spreadsheet import safe_cell, safe_row
from hjemvej.reports import charts, count
from hjemvej.reports.present import ShownSection, count_row

# The same DejaVu fonts as the plan PDF (fonts-dejavu-core), so æ, ø and å come out right.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
BLUE = colors.HexColor("#0059b3")


# ---------------------------------------------------------------- outcome report: Excel


def outcome_workbook(title: str, sections: list[ShownSection]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Resultater"
    ws.append([safe_cell(title)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(["Afsnit", "Tal", "Resultat", "Antal", "Ud af", "Andel (%)", "Værdi", "Enhed"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for section in sections:
        for f in section.figures:
            ws.append(
                safe_row(
                    [
                        section.title,
                        f.label,
                        f.text,
                        f.count,
                        f.total,
                        float(f.share) if f.share is not None else None,
                        float(f.value) if f.value is not None else None,
                        f.unit,
                    ]
                )
            )
    for column, width in zip("ABCDEFGH", (34, 48, 30, 10, 10, 10, 14, 10), strict=True):
        ws.column_dimensions[column].width = width

    charts_ws = wb.create_sheet("Diagrammer")
    row = 1
    for section in sections:
        if section.chart is None:
            continue
        charts_ws.cell(row=row, column=1, value=safe_cell(section.title)).font = Font(bold=True)
        charts_ws.cell(row=row, column=2, value="Værdi")
        first = row + 1
        for bar in section.chart.bars:
            row += 1
            charts_ws.cell(row=row, column=1, value=safe_cell(bar.label))
            value = _bar_value(bar.text)
            charts_ws.cell(row=row, column=2, value=value)
        chart = BarChart()
        chart.type = "bar"
        chart.title = section.title
        chart.legend = None
        chart.height = max(5.0, 0.8 * len(section.chart.bars) + 2)
        chart.width = 16
        data = Reference(charts_ws, min_col=2, min_row=first, max_row=row)
        cats = Reference(charts_ws, min_col=1, min_row=first, max_row=row)
        chart.add_data(data, titles_from_data=False)
        chart.set_categories(cats)
        chart.dataLabels = DataLabelList()
        chart.dataLabels.showVal = True  # the value is written on each bar: no colour needed
        charts_ws.add_chart(chart, f"D{first - 1}")
        row += max(3, int(chart.height * 2) - len(section.chart.bars)) + 2
    charts_ws.column_dimensions["A"].width = 40
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _bar_value(text: str) -> float | None:
    """The number of a bar's text ("45,5 %", "12"); None when suppressed ("<5")."""
    try:
        return float(parse_number(text))
    except ValidationError:
        return None


# ---------------------------------------------------------------- outcome report: PDF


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))


def _pattern(drawing: Drawing, kind: str, x: float, y: float, w: float, h: float) -> None:
    """A bar filled so that neighbouring bars differ without colour: solid, vertical stripes,
    dots or a grid."""
    if kind == "solid":
        drawing.add(Rect(x, y, w, h, fillColor=BLUE, strokeColor=colors.black, strokeWidth=0.6))
        return
    drawing.add(Rect(x, y, w, h, fillColor=colors.white, strokeColor=colors.black, strokeWidth=0.6))
    step = 4.0
    if kind in ("stripes", "cross"):
        px = x + step / 2
        while px < x + w:
            drawing.add(Line(px, y, px, y + h, strokeColor=BLUE, strokeWidth=1.4))
            px += step
    if kind == "cross":
        py = y + step / 2
        while py < y + h:
            drawing.add(Line(x, py, x + w, py, strokeColor=BLUE, strokeWidth=0.8))
            py += step
    if kind == "dots":
        py = y + step / 2
        while py < y + h:
            px = x + step / 2
            while px < x + w:
                drawing.add(Circle(px, py, 0.9, fillColor=BLUE, strokeColor=None))
                px += step
            py += step


def chart_drawing(chart: charts.Chart, width: float) -> Drawing:
    """The same chart as the page's SVG (SVG's y grows downwards, the PDF's upwards)."""
    k = width / chart.width
    drawing = Drawing(width, chart.height * k)

    def y(v: float) -> float:
        return (chart.height - v) * k

    for bar in chart.bars:
        drawing.add(
            String(
                (chart.label_w - 8) * k,
                y(bar.mid_y),
                bar.label,
                fontName=FONT,
                fontSize=8,
                textAnchor="end",
            )
        )
        if bar.width:
            _pattern(
                drawing,
                bar.pattern,
                chart.label_w * k,
                y(bar.y + chart.bar_h),
                bar.width * k,
                chart.bar_h * k,
            )
        drawing.add(String(bar.text_x * k, y(bar.mid_y), bar.text, fontName=BOLD, fontSize=8))
    for i, mark in enumerate(chart.marks):
        drawing.add(
            Line(
                mark.x * k,
                y(4),
                mark.x * k,
                y(chart.height - 18),
                strokeColor=colors.black,
                strokeWidth=1,
                strokeDashArray=[3, 2],
            )
        )
        drawing.add(
            String(
                mark.x * k,
                y(chart.height - 4),
                mark.label,
                fontName=FONT,
                fontSize=7.5,
                textAnchor="start" if i == 0 else "end",
            )
        )
    return drawing


def outcome_pdf(title: str, subtitle: str, sections: list[ShownSection]) -> bytes:
    _register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=13)
    h1 = ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=17, leading=21, spaceAfter=4)
    h2 = ParagraphStyle(
        "h2", parent=base, fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=4
    )
    small = ParagraphStyle("small", parent=base, fontSize=8.5, leading=11)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title,
        author="Hjemvej",
    )
    story: list = [Paragraph(escape(title), h1), Paragraph(escape(subtitle), base)]
    for section in sections:
        block: list = [Paragraph(escape(section.title), h2)]
        if section.text:
            block.append(Paragraph(escape(section.text), small))
        if section.chart is not None:
            block += [chart_drawing(section.chart, doc.width), Spacer(1, 4)]
        rows = [
            [
                Paragraph(escape(f.label) + (f"<br/>{escape(f.note)}" if f.note else ""), small),
                Paragraph(escape(f.text), base),
            ]
            for f in section.figures
        ]
        table = Table(rows, colWidths=[doc.width * 0.62, doc.width * 0.38])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.grey),
                ]
            )
        )
        # The heading stays with its chart and the first rows; a long table may run on.
        story.append(KeepTogether([*block, table]) if len(rows) <= 6 else KeepTogether(block))
        if len(rows) > 6:
            story.append(table)
    doc.build(story)
    return out.getvalue()


# ---------------------------------------------------------------- the national count

COUNT_HEADER = (
    ["Kommune", "Situation", "I alt"]
    + [label for _, label in count.GENDERS]
    + [label for label, _, _ in count.AGE_GROUPS]
)


def count_rows(rows: list[count.CountRow], *, for_analyst: bool) -> list[list]:
    shown = [count_row(r, for_analyst=for_analyst) for r in rows]
    return [safe_row([s.municipality, s.label, s.total, *s.genders, *s.ages]) for s in shown]


def count_csv(rows: list[count.CountRow], *, for_analyst: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(COUNT_HEADER)
    writer.writerows(count_rows(rows, for_analyst=for_analyst))
    return out.getvalue().encode("utf-8-sig")  # Excel opens UTF-8 with a BOM the Danish way


def count_workbook(rows: list[count.CountRow], week: str, *, for_analyst: bool) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Hjemløsetælling"
    ws.append(COUNT_HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in count_rows(rows, for_analyst=for_analyst):
        ws.append(row)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 60
    info = wb.create_sheet("Om tællingen")
    info.append(safe_row(["Uge", week]))
    info.append(["Kilde", "Hjemvej: ophold, udskrivninger og tilbagefald registreret i ugen"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
