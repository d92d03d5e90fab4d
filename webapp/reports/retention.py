"""Housing retention (kvarboende), computed from tenancies. Pure: no Flask, no database.

For each participant who has moved in, day 0 is the start of their first
tenancy. At N months after it, they count as housed if a tenancy covers
that day, or if they are between two flats of a move within the programme
(a tenancy ended `moved_within_programme` and a later one exists). Only
participants whose first move-in is at least N months ago are counted for
N months. A participant whose last tenancy before that day ended because
they died is reported apart and left out of the share: a death is not a
lost home.
"""
from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

HORIZONS = (6, 12, 24)
WITHIN_PROGRAMME = "moved_within_programme"


@dataclass(frozen=True)
class Stay:
    start: date
    end: date | None = None
    end_reason: str | None = None


@dataclass(frozen=True)
class RetentionRow:
    months: int
    counted: int  # moved in at least `months` ago, deaths left out
    housed: int
    deceased: int

    @property
    def share(self) -> float | None:
        return self.housed / self.counted if self.counted else None


def add_months(day: date, months: int) -> date:
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _horizon(first: date, months: int) -> date:
    """The day to look at; past year 9999 (a typo kept by sync) it never comes."""
    try:
        return add_months(first, months)
    except ValueError:
        return date.max


def outcome_on(stays: Sequence[Stay], day: date) -> str:
    """'housed', 'deceased' or 'not_housed' on `day`."""
    ordered = sorted(stays, key=lambda s: s.start)
    for i, stay in enumerate(ordered):
        if stay.start <= day and (stay.end is None or day <= stay.end):
            return "housed"
        later = ordered[i + 1:]
        if stay.end is not None and stay.end < day and stay.end_reason == WITHIN_PROGRAMME \
                and later and later[0].start > day:
            return "housed"  # between the two flats of a move within the programme
    ended = [s for s in ordered if s.end is not None and s.end < day]
    if ended and ended[-1].end_reason == "deceased":
        return "deceased"
    return "not_housed"


def retention(histories: Iterable[Sequence[Stay]], today: date,
              horizons: Sequence[int] = HORIZONS, since: date | None = None) -> list[RetentionRow]:
    """One row per horizon over the participants' tenancy histories.

    `today` is the last day looked at; with `since`, only participants whose
    N-month day falls from `since` to `today` are counted for N months (the
    figures of a period: who reached 12 months during 2026, and were they housed).
    """
    moved_in = [(min(s.start for s in h), list(h)) for h in histories if h]
    rows = []
    for months in horizons:
        days = [(h, _horizon(first, months)) for first, h in moved_in]
        outcomes = [outcome_on(h, day) for h, day in days
                    if day <= today and (since is None or since <= day)]
        rows.append(RetentionRow(months=months,
                                 counted=sum(1 for o in outcomes if o != "deceased"),
                                 housed=outcomes.count("housed"),
                                 deceased=outcomes.count("deceased")))
    return rows
