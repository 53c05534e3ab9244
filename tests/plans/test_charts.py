import datetime

from hjemvej.plans import charts, rules

D = datetime.date


def test_chart_places_zero_on_top_and_labels_every_point():
    layout = charts.layout(
        "Delmål",
        [charts.Series("Delmål: Jeg har en ugeplan", [(D(2026, 1, 1), 3), (D(2026, 2, 1), 1)])],
        y_labels=rules.SCALE,
    )
    (series,) = layout.series
    first, second = series.points
    assert second.y < first.y  # progress points upwards
    assert first.x < second.x
    svg = charts.svg(layout, description="Scorerne står ved punkterne.")
    assert "<title" in svg and "Delmål: Jeg har en ugeplan" in svg
    assert ">3</text>" in svg and ">1</text>" in svg
    assert "01.01.2026" in svg and "01.02.2026" in svg


def test_up_to_25_series_never_share_marker_and_dash():
    series = [charts.Series(f"s{i}", [(D(2026, 1, 1), 1)]) for i in range(25)]
    layout = charts.layout("x", series, y_labels=rules.SCALE)
    assert len({(s.marker, s.dash) for s in layout.series}) == 25


def test_labels_are_escaped_in_the_svg():
    layout = charts.layout(
        "x", [charts.Series("<script>", [(D(2026, 1, 1), 1)])], y_labels=rules.SCALE
    )
    assert "<script>" not in charts.svg(layout, description="d")
