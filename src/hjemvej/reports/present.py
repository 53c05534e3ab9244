"""The report as it is shown: each figure's text, with small counts suppressed for analysts, and
the charts. Shared by the page, the Excel file and the PDF so that they say the same."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hjemvej.common import numbers
from hjemvej.common.suppression import SUPPRESSED, is_small, suppress, suppress_parts
from hjemvej.common.templatetags.hjemvej import kr
from hjemvej.plans.rules import format_change
from hjemvej.reports import charts, count, outcome


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
    if (
        for_analyst
        and figure.count is not None
        and figure.total is not None
        and is_small(figure.total - figure.count)
        and not is_small(figure.total)
        and not is_small(figure.count)
    ):
        # The rest of the total (total minus the figure) rests on fewer than 5 citizens: the
        # figure and its total together would give it back (secondary suppression).
        return _withheld(figure, "vises ikke – resten bygger på færre end 5 borgere")
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


def _withheld(figure: outcome.Figure, text: str) -> ShownFigure:
    return ShownFigure(
        key=figure.key,
        label=figure.label,
        text=text,
        note=figure.note,
        suppressed=True,
        records=0,
        count=None,
        total=None,
        share=None,
        value=None,
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
        if for_analyst and section.chart == "bars":
            shown = _hide_complement(section, shown)
        out.append(ShownSection(section.title, section.text, shown, _chart(section, shown)))
    return out


def _hide_complement(section: outcome.Section, shown: list[ShownFigure]) -> list[ShownFigure]:
    """The bars of a section are the parts of one total (lengths of stay, destinations): when
    one part is hidden, the next smallest is hidden too, so that the total minus the shown
    parts does not give it back (common/suppression.py)."""
    counts = {f.key: f.count or 0 for f in section.figures if f.count is not None}
    hidden = suppress_parts(counts, for_analyst=True)
    out = []
    for figure, s in zip(section.figures, shown, strict=True):
        if hidden.get(figure.key) == SUPPRESSED and not s.suppressed:
            s = _withheld(figure, "vises ikke – ville afsløre et tal under 5")
        out.append(s)
    return out


@dataclass
class ShownCountRow:
    municipality: str
    label: str
    total: int | str
    genders: list[int | str]
    ages: list[int | str]


def count_row(row: count.CountRow, *, for_analyst: bool) -> ShownCountRow:
    """A row of the national count as the page, the CSV and the Excel file show it: for
    analysts each figure under 5 is "<5", and the genders and the age groups are each parts of
    the total, so one hidden part hides the next smallest too (common/suppression.py)."""
    if for_analyst and is_small(row.total):
        return ShownCountRow(
            row.municipality,
            row.label,
            SUPPRESSED,
            [SUPPRESSED for _ in count.GENDERS],
            [SUPPRESSED for _ in count.AGE_GROUPS],
        )
    genders = suppress_parts(row.genders, for_analyst=for_analyst)
    ages = suppress_parts(row.ages, for_analyst=for_analyst)
    return ShownCountRow(
        row.municipality,
        row.label,
        suppress(row.total, for_analyst=for_analyst),  # type: ignore[arg-type]
        [genders[g] for g, _ in count.GENDERS],
        [ages[a] for a, _, _ in count.AGE_GROUPS],
    )
