"""A server-rendered line chart of cumulative net cost for the two futures of a forecast.
Readable without colour: the lines differ in dash pattern and marker shape and are labelled
directly at their ends; the page has the same numbers as a table."""

from dataclasses import dataclass
from decimal import Decimal

from hjemvej.common.numbers import kroner
from hjemvej.economics.forecast import Forecast
from hjemvej.economics.money import whole_kroner

MONTHS_DA = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
WIDTH, HEIGHT = 900, 360
LEFT, RIGHT, TOP, BOTTOM = 110, 230, 20, 50


@dataclass
class Series:
    label: str
    points: list[tuple[float, float]]
    end_label: str
    css: str

    @property
    def path(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)

    @property
    def end(self) -> tuple[float, float]:
        return self.points[-1]

    @property
    def markers(self) -> list[dict[str, str]]:
        """Marker positions as SVG attribute strings (centre, and top-left of a square)."""
        return [{"x": _n(x), "y": _n(y), "x0": _n(x - 4), "y0": _n(y - 4)} for x, y in self.points]


def _n(value: float) -> str:
    return f"{value:.1f}"


def _kr(value: Decimal) -> str:
    return kroner(whole_kroner(value))


def forecast_chart(result: Forecast) -> dict:
    a = result.stay_as_is.cumulative_net()
    b = result.move_out.cumulative_net()
    top = max([Decimal(1), *a, *b])
    bottom = min([Decimal(0), *a, *b])
    span = top - bottom
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    n = len(result.month_starts)

    def x(i: int) -> float:
        return LEFT + plot_w * i / n

    def y(v: Decimal) -> float:
        return TOP + plot_h * float((top - v) / span)

    def series(values, label, css) -> Series:
        pts = [(x(0), y(Decimal(0)))] + [(x(i + 1), y(v)) for i, v in enumerate(values)]
        return Series(label, pts, f"{label}: {_kr(values[-1])}" if values else label, css)

    ticks = []
    for k in range(5):
        v = bottom + span * k / 4
        ticks.append({"y": _n(y(v)), "label": _kr(v)})
    months = [
        {"x": _n(x(i + 1)), "label": f"{MONTHS_DA[m.month - 1]} {m:%y}"}
        for i, m in enumerate(result.month_starts)
    ]
    lines = [
        series(a, "Ingen flytter", "hjemvej-line-stay"),
        series(b, f"Flytning efter {result.move_after_nights} nætter", "hjemvej-line-move"),
    ]
    # Keep the two end labels apart when the lines end close together.
    ya, yb = lines[0].end[1], lines[1].end[1]
    label_y = [ya, yb]
    if abs(ya - yb) < 18:
        label_y = (
            [min(ya, yb) - 9, max(ya, yb) + 9] if ya <= yb else [max(ya, yb) + 9, min(ya, yb) - 9]
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "tick_x": LEFT - 8,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "month_y": HEIGHT - BOTTOM + 20,
        "zero_y": _n(y(Decimal(0))),
        "ticks": ticks,
        "months": months,
        "lines": [
            {"series": s, "label_y": _n(ly + 4), "label_x": _n(s.end[0] + 10)}
            for s, ly in zip(lines, label_y, strict=True)
        ],
    }
