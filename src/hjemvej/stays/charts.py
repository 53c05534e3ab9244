"""The occupancy chart as inline SVG: numbers written on the bars, so it reads without colour."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 720
HEIGHT = 220
TOP = 24
BOTTOM = 40


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    text_x: float
    text_y: float


def bars(points, capacity: int | None) -> tuple[list[Bar], float | None]:
    """Bars for (day, occupied) points; and the y of the capacity line (None without one)."""
    top_value = max([p.occupied for p in points] + [capacity or 0, 1])
    plot_h = HEIGHT - TOP - BOTTOM
    step = WIDTH / max(len(points), 1)
    out = []
    for i, p in enumerate(points):
        h = plot_h * p.occupied / top_value
        x = i * step + step * 0.15
        w = step * 0.7
        y = TOP + plot_h - h
        out.append(
            Bar(
                x=round(x, 1),
                y=round(y, 1),
                width=round(w, 1),
                height=round(h, 1),
                label=f"{p.day:%d.%m}",
                value=p.occupied,
                text_x=round(x + w / 2, 1),
                text_y=round(y - 6, 1),
            )
        )
    cap_y = round(TOP + plot_h - plot_h * capacity / top_value, 1) if capacity else None
    return out, cap_y
