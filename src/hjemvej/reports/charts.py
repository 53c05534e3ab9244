"""Horizontal bar charts as plain geometry, drawn as inline SVG in the pages and with reportlab
in the PDF. Readable without colour: every bar carries its label and value as text, bars
alternate fill patterns, and benchmark lines are drawn dashed with their own text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH = 720
LABEL_W = 310
BAR_H = 22
GAP = 8
TOP = 10
PATTERNS = ["stripes", "dots", "solid", "cross"]


@dataclass
class Bar:
    label: str
    text: str  # the value as shown, e.g. "12", "45,5 %", "<5"
    y: float
    width: float
    pattern: str

    @property
    def text_x(self) -> float:
        return LABEL_W + self.width + 6

    @property
    def mid_y(self) -> float:
        return self.y + BAR_H / 2 + 4


@dataclass
class Mark:
    label: str
    x: float


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    marks: list[Mark]
    height: float
    width: float = WIDTH
    label_w: float = LABEL_W
    bar_h: float = BAR_H


def _n(value: Decimal | float) -> float:
    return round(float(value), 1)


def bar_chart(
    title: str,
    items: Sequence[tuple[str, Decimal | int | None, str]],
    *,
    maximum: Decimal | int | None = None,
    marks: Sequence[tuple[str, Decimal]] = (),
) -> Chart:
    """items: (label, value or None when suppressed, text shown). The scale runs to `maximum`
    (100 for shares) or to the largest value."""
    values = [Decimal(v) for _, v, _ in items if v is not None]
    top = Decimal(maximum) if maximum is not None else max(values, default=Decimal(0))
    span = WIDTH - LABEL_W - 70
    scale = (Decimal(span) / top) if top else Decimal(0)
    bars = [
        Bar(
            label=label,
            text=text,
            y=TOP + i * (BAR_H + GAP),
            width=_n(Decimal(value) * scale) if value is not None else 0.0,
            pattern=PATTERNS[i % len(PATTERNS)],
        )
        for i, (label, value, text) in enumerate(items)
    ]
    height = TOP + len(items) * (BAR_H + GAP) + (24 if marks else 6)
    return Chart(
        title=title,
        bars=bars,
        marks=[Mark(label, _n(LABEL_W + value * scale)) for label, value in marks],
        height=height,
    )
