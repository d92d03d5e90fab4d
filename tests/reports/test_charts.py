"""The trend chart's x axis: by calendar when every point has a date, else evenly."""
from __future__ import annotations

from datetime import date

import pytest

from webapp.reports.charts import Point, TrendChart


def _chart(*points: Point) -> TrendChart:
    return TrendChart("t", "title", "summary", tuple(points), 1, 4)


def test_dated_points_sit_where_their_dates_are():
    chart = _chart(Point("a", 2.0, date(2025, 1, 1)), Point("b", 2.5, date(2025, 2, 1)),
                   Point("c", 3.0, date(2026, 1, 1)))
    assert chart.x(0) == 5 and chart.x(2) == 95
    assert chart.x(1) == pytest.approx(5 + 90 * 31 / 365)  # a month into a year: near the start


def test_points_without_dates_or_on_one_day_are_spread_evenly():
    assert _chart(Point("a", 2.0), Point("b", 3.0), Point("c", 1.0)).x(1) == 50
    same_day = _chart(Point("a", 2.0, date(2025, 1, 1)), Point("b", 3.0, date(2025, 1, 1)))
    assert (same_day.x(0), same_day.x(1)) == (5, 95)
    assert _chart(Point("a", 2.0, date(2025, 1, 1))).x(0) == 50
