"""Server-rendered SVG charts that read at 360 px and on a desktop.

A chart is horizontal bars, one row each: a line of text (label and value)
above its bar, so the words are real text at the page's size at any width
(x positions and widths are percentages of the chart, y positions pixels:
no viewBox scaling shrinks the text). A trend is a line over time drawn the
same way. Every chart has a title and a one-sentence summary as its
accessible name and description, and the page shows the counts behind it in
a table next to it (templates/reports/_charts.html).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import pairwise

ROW = 46  # px per bar: a text line and the bar under it
BAR = 14


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # what the bar's length shows
    text: str  # the value in words ("9 of 10 (90 %)")
    tone: str = "main"  # css: main | warn | muted


@dataclass(frozen=True)
class BarChart:
    key: str  # unique on the page
    title: str
    summary: str
    bars: tuple[Bar, ...]
    scale: float  # the value of a full-width bar

    @property
    def height(self) -> int:
        return ROW * len(self.bars) + 4

    def rows(self) -> list[tuple[Bar, int, float]]:
        """(bar, y of its text line, width in percent)."""
        return [(bar, ROW * i + 16, 100 * bar.value / self.scale if self.scale else 0)
                for i, bar in enumerate(self.bars)]


@dataclass(frozen=True)
class Point:
    label: str  # the date, in words
    value: float | None
    on: date | None = None  # when given for every point, x follows the calendar


@dataclass(frozen=True)
class TrendChart:
    key: str
    title: str
    summary: str
    points: tuple[Point, ...]
    low: float
    high: float
    height: int = 180
    pad: int = 24  # px above and below the plot

    def y(self, value: float) -> float:
        span = (self.high - self.low) or 1
        return self.pad + (self.height - 2 * self.pad) * (self.high - value) / span

    def x(self, i: int) -> float:
        """Percent from the left, between 5 % and 95 %: by date when every point has
        one (two assessments a month apart sit closer than two a year apart), else
        evenly."""
        n = len(self.points)
        if n == 1:
            return 50.0
        dated = [p.on for p in self.points if p.on is not None]
        if len(dated) == n and dated[-1] > dated[0]:
            return 5 + 90 * (dated[i] - dated[0]).days / (dated[-1] - dated[0]).days
        return 5 + 90 * i / (n - 1)

    def segments(self) -> list[tuple[float, float, float, float]]:
        known = [(self.x(i), self.y(p.value)) for i, p in enumerate(self.points)
                 if p.value is not None]
        return [(a[0], a[1], b[0], b[1]) for a, b in pairwise(known)]

    def dots(self) -> list[tuple[float, float, Point]]:
        return [(self.x(i), self.y(p.value), p) for i, p in enumerate(self.points)
                if p.value is not None]

    def gridlines(self) -> list[tuple[float, float]]:
        """(y, value) for each whole number of the scale."""
        return [(self.y(v), v) for v in range(int(self.low), int(self.high) + 1)]
