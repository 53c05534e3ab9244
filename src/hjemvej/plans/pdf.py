"""The plan as a PDF in plain Danish for the citizen, with the progression chart.

reportlab with Debian's DejaVu fonts (fonts-dejavu-core), so æ, ø and å come out right."""

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from hjemvej.plans import charts, rules, selectors

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=10.5, leading=14, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=12),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=BOLD, fontSize=18, leading=22, spaceAfter=6
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=BOLD,
            fontSize=13.5,
            leading=17,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "h3": ParagraphStyle(
            "h3", parent=base, fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=6
        ),
    }


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


def _date(d) -> str:
    return d.strftime("%d.%m.%Y") if d else "–"


def chart_drawing(layout: charts.Layout, width: float) -> Drawing:
    """The same layout as the web chart, drawn with reportlab (its y axis points up)."""
    scale = width / layout.width
    drawing = Drawing(width, layout.height * scale)

    def X(x):
        return x * scale

    def Y(y):
        return (layout.height - y) * scale

    right = layout.left + layout.plot_width
    for y, label in layout.y_ticks:
        drawing.add(Line(X(layout.left), Y(y), X(right), Y(y), strokeColor=colors.lightgrey))
        drawing.add(
            String(
                X(layout.left - 8), Y(y) - 3, label, fontName=FONT, fontSize=7.5, textAnchor="end"
            )
        )
    bottom = layout.top + layout.plot_height
    for x, label in layout.x_ticks:
        drawing.add(Line(X(x), Y(bottom), X(x), Y(bottom + 5)))
        drawing.add(
            String(X(x), Y(bottom + 18), label, fontName=FONT, fontSize=7.5, textAnchor="middle")
        )

    def marker(kind, x, y, colour):
        c = colors.HexColor(colour)
        if kind == "square":
            return Rect(x - 3.5, y - 3.5, 7, 7, fillColor=c, strokeColor=c)
        if kind == "triangle":
            return Polygon([x, y + 4, x - 4, y - 3.5, x + 4, y - 3.5], fillColor=c, strokeColor=c)
        if kind == "diamond":
            return Polygon(
                [x, y + 5, x + 5, y, x, y - 5, x - 5, y],
                fillColor=colors.white,
                strokeColor=c,
                strokeWidth=1.5,
            )
        if kind == "cross":
            return PolyLine(
                [x - 4, y - 4, x + 4, y + 4, x, y, x - 4, y + 4, x + 4, y - 4],
                strokeColor=c,
                strokeWidth=2,
            )
        return Circle(x, y, 3.5, fillColor=c, strokeColor=c)

    for s in layout.series:
        colour = colors.HexColor(s.colour)
        dash = [float(v) * scale for v in s.dash.split()] if s.dash else None
        if len(s.points) > 1:
            pts = [v for p in s.points for v in (X(p.x), Y(p.y))]
            drawing.add(PolyLine(pts, strokeColor=colour, strokeWidth=1.5, strokeDashArray=dash))
        for p in s.points:
            drawing.add(marker(s.marker, X(p.x), Y(p.y), s.colour))
            drawing.add(String(X(p.x) + 6, Y(p.y) + 5, str(p.value), fontName=BOLD, fontSize=8))
    for i, s in enumerate(layout.series):
        y = layout.legend_top + i * 22
        dash = [float(v) * scale for v in s.dash.split()] if s.dash else None
        drawing.add(
            Line(
                X(20),
                Y(y),
                X(60),
                Y(y),
                strokeColor=colors.HexColor(s.colour),
                strokeWidth=1.5,
                strokeDashArray=dash,
            )
        )
        drawing.add(marker(s.marker, X(40), Y(y), s.colour))
        drawing.add(String(X(70), Y(y) - 3, s.label[:110], fontName=FONT, fontSize=7.5))
    return drawing


TABLE_STYLE = [
    ("FONT", (0, 0), (-1, -1), FONT, 9),
    ("FONT", (0, 0), (-1, 0), BOLD, 9),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
]


def render_plan_pdf(*, citizen, plan, context: dict) -> bytes:
    """The plan as the citizen gets it on paper: one function per part, in the page's order."""
    _register_fonts()
    st = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{plan.get_kind_display()} for {citizen.full_name}",
        author=plan.unit.name,
    )
    width = doc.width
    story: list = [
        *_intro(st, citizen=citizen, plan=plan),
        *_goals(st, width, "Dine egne mål", context["citizen_goals"]),
        *_goals(st, width, "Mål for indsatsen", context["professional_goals"]),
        *_progress(st, width, plan),
        *_follow_up(st, context["dues"]),
        *_sign_offs(st, context),
        *_scale(st),
    ]
    doc.build(story)
    return buffer.getvalue()


def _intro(st, *, citizen, plan) -> list:
    return [
        _p(f"{plan.get_kind_display()} for {citizen.full_name}", st["h1"]),
        _p(
            f"Fra {plan.unit.name}. Planen gælder fra {_date(plan.starts_on)}. Version {plan.version}.",
            st["body"],
        ),
        _p("Hvorfor har du en plan?", st["h2"]),
        _p(plan.purpose, st["body"]),
        _p("Dine ønsker og drømme – med dine egne ord", st["h2"]),
        _p(plan.citizen_wishes or "Ikke skrevet endnu.", st["body"]),
    ]


def _goals(st, width: float, heading: str, goals) -> list:
    part: list = [_p(heading, st["h2"])]
    for g in goals or []:
        part += _goal(st, width, g)
    if not goals:
        part.append(_p("Ingen endnu.", st["body"]))
    return part


def _goal(st, width: float, g) -> list:
    goal = g["goal"]
    block = [_p(goal.title, st["h3"])]
    if goal.kind == "professional":
        for label, value in (
            ("Hvad skal du nå", goal.specific),
            ("Sådan kan vi se det", goal.measurable),
            ("Derfor er det vigtigt for dig", goal.attractive),
            ("Det gør det muligt", goal.realistic),
            ("Nås senest", _date(goal.deadline)),
        ):
            block.append(_p(f"{label}: {value}", st["body"]))
    rows = [["Delmål", "Hvem", "Næste opfølgning", "Score"]]
    for s in g["sub_goals"]:
        score = "Ikke scoret"
        if s.baseline:
            score = f"{s.baseline.value}" + (
                f" → {s.latest.value}" if s.latest is not s.baseline else ""
            )
        rows.append(
            [
                _p(s.sub_goal.text, st["small"]),
                _p(s.sub_goal.responsible or "–", st["small"]),
                _date(s.sub_goal.follow_up_on),
                score,
            ]
        )
    if len(rows) > 1:
        table = Table(rows, colWidths=[width * 0.42, width * 0.2, width * 0.24, width * 0.14])
        table.setStyle(TableStyle([*TABLE_STYLE, ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        block += [Spacer(1, 4), table]
    return [KeepTogether(block), Spacer(1, 6)]


def _progress(st, width: float, plan) -> list:
    part: list = [_p("Sådan går det", st["h2"])]
    layout, rows = selectors.sub_goal_chart([plan])
    if layout.empty:
        part.append(_p("Ingen delmål er scoret endnu.", st["body"]))
        return part
    part.append(
        _p(
            "Skalaen går fra 0 (intet problem) til 4 (fuldstændigt problem). Den første "
            "score er udgangspunktet. Et fald betyder fremgang.",
            st["body"],
        )
    )
    part.append(chart_drawing(layout, width))
    data = [["Delmål", "Dato", "Score"]] + [
        [_p(r["sub_goal"], st["small"]), _date(r["on"]), f"{r['value']} – {r['label']}"]
        for r in rows
        if r["who"] == "Medarbejder"
    ]
    table = Table(data, colWidths=[width * 0.5, width * 0.18, width * 0.32])
    table.setStyle(TableStyle(TABLE_STYLE))
    return [*part, Spacer(1, 6), table]


def _follow_up(st, dues) -> list:
    part: list = [_p("Hvornår følger vi op?", st["h2"])]
    for d in dues:
        flag = " (overskredet)" if d["overdue"] else ""
        part.append(_p(f"{_date(d['due'].due_on)}: {d['due'].what}{flag}", st["body"]))
    return part


def _sign_offs(st, context: dict) -> list:
    part: list = [_p("Godkendt", st["h2"])]
    for s in context["current_sign_offs"].values():
        part.append(_p(f"{s.get_party_display()}: {s.name}, {_date(s.signed_on)}", st["body"]))
    for label in context["missing_parties"]:
        part.append(_p(f"{label}: ikke godkendt endnu", st["body"]))
    return part


def _scale(st) -> list:
    return [
        Spacer(1, 8),
        _p(
            "Skala: " + ", ".join(f"{v} = {t.lower()}" for v, t in rules.SCALE.items()) + ".",
            st["small"],
        ),
    ]
