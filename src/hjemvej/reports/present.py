"""The report as it is shown: each figure's text, with small counts suppressed for analysts, and
the charts. Shared by the page, the Excel file and the PDF so that they say the same."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hjemvej.common import numbers
from hjemvej.common.suppression import SUPPRESSED, is_small
from hjemvej.common.templatetags.hjemvej import kr
from hjemvej.plans.rules import format_change
from hjemvej.reports import charts, outcome


def number(value: Decimal | int, places: int = 1) -> str:
    """12.345,6 the Danish way (a real minus sign)."""
    return numbers.number(value, places, true_minus=True)


@dataclass
class ShownFigure:
    key: str
    label: str
    text: str
    note: str
    suppressed: bool
    records: int  # how many records lie behind it (0: nothing to open)
    count: int | str | None
    total: int | str | None
    share: Decimal | None
    value: Decimal | None
    unit: str


def show(figure: outcome.Figure, *, for_analyst: bool) -> ShownFigure:
    if for_analyst and is_small(figure.basis):
        # A figure resting on fewer than 5 citizens could point one out, whatever its size.
        return ShownFigure(
            key=figure.key,
            label=figure.label,
            text=SUPPRESSED + " borgere – vises ikke",
            note=figure.note,
            suppressed=True,
            records=0,
            count=None,
            total=None,
            share=None,
            value=None,
            unit=figure.unit,
        )
    suppressed = False
    count: int | str | None = figure.count
    total: int | str | None = figure.total
    share = figure.share
    value = figure.value
    if figure.value is not None or figure.unit:
        if value is None:
            text = "–"
        elif figure.unit == "kr":
            text = kr(value)
        elif figure.unit == "point":
            text = format_change(value) + " point"
        else:
            text = f"{number(value)} {figure.unit}"
    else:
        if for_analyst and (is_small(figure.count) or is_small(figure.total)):
            suppressed = True
            if is_small(figure.count):
                count = SUPPRESSED
            if is_small(figure.total):
                total = SUPPRESSED
            share = None
        text = f"{count}"
        if figure.total is not None:
            text += f" af {total}"
            if share is not None:
                text += f" ({number(share)} %)"
    return ShownFigure(
        key=figure.key,
        label=figure.label,
        text=text,
        note=figure.note,
        suppressed=suppressed,
        records=0 if for_analyst else len(figure.rows),
        count=count,
        total=total,
        share=share,
        value=value,
        unit=figure.unit,
    )


@dataclass
class ShownSection:
    title: str
    text: str
    figures: list[ShownFigure]
    chart: charts.Chart | None


def _chart(section: outcome.Section, shown: list[ShownFigure]) -> charts.Chart | None:
    items: list[tuple[str, Decimal | int | None, str]]
    if section.chart == "bars":
        items = [
            (f.label, None if isinstance(f.count, str) else f.count, str(f.count))
            for f in shown
            if f.count is not None and f.unit == ""
        ]
        if not any(v for _, v, _ in items):
            return None
        return charts.bar_chart(section.title, items)
    if section.chart == "shares":
        items = [
            (f.label, f.share, f"{number(f.share)} %" if f.share is not None else "–")
            for f in shown
            if f.total
        ]
        if not any(v is not None for _, v, _ in items):
            return None
        # The benchmarks are drawn beside the own-home shares only.
        marks = outcome.BENCHMARK_MARKS if section.text == outcome.BENCHMARK_TEXT else []
        return charts.bar_chart(section.title, items, maximum=100, marks=marks)
    return None


def present(report: outcome.Report, *, for_analyst: bool) -> list[ShownSection]:
    out = []
    for section in report.sections:
        shown = [show(f, for_analyst=for_analyst) for f in section.figures]
        out.append(ShownSection(section.title, section.text, shown, _chart(section, shown)))
    return out
