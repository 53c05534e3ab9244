"""Line charts of scores over time, laid out once and drawn as inline SVG (web) or into the
PDF. Each series has its own marker shape and dash pattern and every point carries its value as
text, so the chart reads without colour; pages show a table beside it as well."""

import datetime
from dataclasses import dataclass, field

from django.utils.html import escape

MARKERS = ["circle", "square", "triangle", "diamond", "cross"]
DASHES = ["", "8 4", "2 4", "12 4 2 4", "4 4"]
COLOURS = ["#1a4b8c", "#8c1a3c", "#2e6b1f", "#6b4a00", "#4b2a7a"]


@dataclass
class Series:
    label: str
    points: list[tuple[datetime.date, int]]


@dataclass
class PlacedPoint:
    x: float
    y: float
    value: int
    on: datetime.date


@dataclass
class PlacedSeries:
    label: str
    marker: str
    dash: str
    colour: str
    points: list[PlacedPoint]


@dataclass
class Layout:
    title: str
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    series: list[PlacedSeries] = field(default_factory=list)
    legend_top: int = 0

    @property
    def empty(self) -> bool:
        return not any(s.points for s in self.series)


def layout(
    title: str,
    series: list[Series],
    *,
    y_labels: dict[int, str],
    width: int = 680,
    plot_height: int = 200,
) -> Layout:
    """Value 0 at the top, so that progress (a falling score) points upwards."""
    longest = max((len(f"{v} {label}") for v, label in y_labels.items()), default=10)
    left, top, right = min(260, int(20 + 6.8 * longest)), 16, 30
    plot_width = width - left - right
    legend_rows = len(series)
    height = top + plot_height + 40 + legend_rows * 22 + 10
    out = Layout(title, width, height, left, top, plot_width, plot_height)
    out.legend_top = top + plot_height + 44
    y_max = max(y_labels, default=4) or 4

    def y_of(value: int) -> float:
        return top + plot_height * value / y_max

    out.y_ticks = [(y_of(v), f"{v} {label}") for v, label in sorted(y_labels.items())]
    dates = sorted({d for s in series for d, _ in s.points})
    if dates:
        first, last = dates[0], dates[-1]
        span = (last - first).days

        def x_of(day: datetime.date) -> float:
            if span == 0:
                return left + plot_width / 2
            return left + 10 + (plot_width - 20) * (day - first).days / span

        shown: list[float] = []
        for d in dates:
            x = x_of(d)
            if all(abs(x - s) > 70 for s in shown):
                shown.append(x)
                out.x_ticks.append((x, d.strftime("%d.%m.%Y")))
    for i, s in enumerate(series):
        pts = sorted(s.points)
        out.series.append(
            PlacedSeries(
                label=s.label,
                # Marker and dash shift at different paces, so no two of 25 series look alike.
                marker=MARKERS[i % len(MARKERS)],
                dash=DASHES[(i + i // len(MARKERS)) % len(DASHES)],
                colour=COLOURS[i % len(COLOURS)],
                points=[PlacedPoint(x_of(d), y_of(v), v, d) for d, v in pts] if dates else [],
            )
        )
    return out


def _marker_svg(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"/>'
    if kind == "triangle":
        return f'<polygon points="{x:.1f},{y - 6:.1f} {x - 6:.1f},{y + 5:.1f} {x + 6:.1f},{y + 5:.1f}" fill="{colour}"/>'
    if kind == "diamond":
        return f'<polygon points="{x:.1f},{y - 7:.1f} {x + 7:.1f},{y:.1f} {x:.1f},{y + 7:.1f} {x - 7:.1f},{y:.1f}" fill="#fff" stroke="{colour}" stroke-width="2"/>'
    if kind == "cross":
        return f'<path d="M{x - 5:.1f},{y - 5:.1f} L{x + 5:.1f},{y + 5:.1f} M{x - 5:.1f},{y + 5:.1f} L{x + 5:.1f},{y - 5:.1f}" stroke="{colour}" stroke-width="3"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>'


def svg(chart: Layout, *, description: str) -> str:
    """The chart as inline SVG; text is escaped. `description` is read by screen readers."""
    title_id = f"chart-{abs(hash((chart.title, description))) % 10**8}"
    parts = [
        f'<svg class="plans-chart" viewBox="0 0 {chart.width} {chart.height}" role="img" '
        f'aria-labelledby="{title_id}-t {title_id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}-t">{escape(chart.title)}</title>',
        f'<desc id="{title_id}-d">{escape(description)}</desc>',
    ]
    right = chart.left + chart.plot_width
    for y, label in chart.y_ticks:
        parts.append(
            f'<line x1="{chart.left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#bbb" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{chart.left - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12">{escape(label)}</text>'
        )
    bottom = chart.top + chart.plot_height
    for x, label in chart.x_ticks:
        parts.append(
            f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 5}" stroke="#333"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + 20}" text-anchor="middle" font-size="12">{label}</text>'
        )
    for s in chart.series:
        if len(s.points) > 1:
            coords = " ".join(f"{p.x:.1f},{p.y:.1f}" for p in s.points)
            dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{s.colour}" stroke-width="2"{dash}/>'
            )
        for p in s.points:
            parts.append(_marker_svg(s.marker, p.x, p.y, s.colour))
            parts.append(
                f'<text x="{p.x + 8:.1f}" y="{p.y - 8:.1f}" font-size="12" font-weight="bold">{p.value}</text>'
            )
    for i, s in enumerate(chart.series):
        y = chart.legend_top + i * 22
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        parts.append(
            f'<line x1="20" y1="{y}" x2="60" y2="{y}" stroke="{s.colour}" stroke-width="2"{dash}/>'
        )
        parts.append(_marker_svg(s.marker, 40, y, s.colour))
        parts.append(f'<text x="70" y="{y + 4}" font-size="12">{escape(s.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
