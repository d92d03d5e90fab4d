"""The self-rating chart: one small line chart per life area, ratings over time.

Pure geometry, so the server page (templates/plans/_ratings.html) and the
PWA (static/js/chart.js, compared in tests/browser/test_chart_browser.py)
draw the same points. Time runs left to right over the span of all ratings;
the worded scale (1-5) bottom to top. Readable at 360 px: 320 x 140.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

WIDTH, HEIGHT = 320, 140
LEFT, RIGHT, TOP, BOTTOM = 24, 12, 12, 24
LOW, HIGH = 1, 5


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    on: date
    rating: int
    comment: str


@dataclass(frozen=True)
class Series:
    area: str  # the life area's stored value
    own_area: str  # the participant's own name for it, if they gave one
    points: tuple[Point, ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:g},{p.y:g}" for p in self.points)


def tenth(value: float) -> float:
    """To a tenth, halves up: the same in Python and JS (no banker's rounding)."""
    return math.floor(value * 10 + 0.5) / 10


def y_of(rating: int) -> float:
    return tenth(TOP + (HIGH - rating) * (HEIGHT - TOP - BOTTOM) / (HIGH - LOW))


def series(ratings: list[Any]) -> list[Series]:
    """Ratings (life_area, own_area, rating, rated_on, comment) grouped by area, in the
    order each area was first rated; x over the span of all the ratings. Ties are
    ordered by area, then rating: the phone orders them the same way (chart.js)."""
    if not ratings:
        return []
    ordered = sorted(ratings, key=lambda r: (r.rated_on, r.life_area, r.own_area or "",
                                             r.rating))
    first, last = ordered[0].rated_on, ordered[-1].rated_on
    span = (last - first).days
    groups: dict[tuple[str, str], list[Point]] = {}
    for r in ordered:
        x = (LEFT + (WIDTH - LEFT - RIGHT) / 2 if span == 0
             else LEFT + (r.rated_on - first).days * (WIDTH - LEFT - RIGHT) / span)
        key = (r.life_area, r.own_area if r.life_area == "other" else "")
        groups.setdefault(key, []).append(Point(tenth(x), y_of(r.rating), r.rated_on,
                                                r.rating, r.comment))
    return [Series(area, own, tuple(points)) for (area, own), points in groups.items()]


def geometry() -> dict[str, int]:
    """The chart's measures, for the PWA (core.spec.export)."""
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": RIGHT, "top": TOP,
            "bottom": BOTTOM, "low": LOW, "high": HIGH}


def gridlines() -> list[tuple[int, float]]:
    return [(value, y_of(value)) for value in range(LOW, HIGH + 1)]
