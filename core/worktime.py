"""Working time on the team's clock: Swedish working days and hours.

A response commitment to a landlord ("first contact within 4 hours, a
visit within 2 days", docs/landlords.md) is counted in working time unless
the action plan agrees clock time. Working time is Monday to Friday, 08:00
to 17:00, on days that are not Swedish public holidays (helgdagar, lag
1989:253) or the three eves that Swedish workplaces keep as holidays
(midsommarafton, julafton, nyårsafton). Times are the team's wall clock
(Europe/Stockholm) as people say them ("the landlord called at 14:05"), so
no working hour ever falls into the night the clocks change.

static/js/worktime.js is the same rules for the phone; a browser test
compares both on the same fixture.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache

DAY_START, DAY_END = time(8, 0), time(17, 0)


def easter_sunday(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _saturday_between(first: date, last: date) -> date:
    day = first
    while day.weekday() != 5:
        day += timedelta(days=1)
    assert day <= last
    return day


@cache
def holidays(year: int) -> frozenset[date]:
    """Swedish public holidays of `year` and the eves kept as holidays."""
    easter = easter_sunday(year)
    midsummer_day = _saturday_between(date(year, 6, 20), date(year, 6, 26))
    return frozenset({
        date(year, 1, 1),                       # nyårsdagen
        date(year, 1, 6),                       # trettondedag jul
        easter - timedelta(days=2),             # långfredagen
        easter,                                 # påskdagen
        easter + timedelta(days=1),             # annandag påsk
        date(year, 5, 1),                       # första maj
        easter + timedelta(days=39),            # Kristi himmelsfärdsdag
        easter + timedelta(days=49),            # pingstdagen
        date(year, 6, 6),                       # Sveriges nationaldag
        midsummer_day - timedelta(days=1),      # midsommarafton
        midsummer_day,                          # midsommardagen
        _saturday_between(date(year, 10, 31), date(year, 11, 6)),  # alla helgons dag
        date(year, 12, 24),                     # julafton
        date(year, 12, 25),                     # juldagen
        date(year, 12, 26),                     # annandag jul
        date(year, 12, 31),                     # nyårsafton
    })


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def next_working_day(day: date) -> date:
    """The first working day after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _open(day: date) -> datetime:
    return datetime.combine(day, DAY_START)


def _close(day: date) -> datetime:
    return datetime.combine(day, DAY_END)


def counting_starts(moment: datetime) -> datetime:
    """The moment itself within working hours, else the start of the next working hours."""
    day = moment.date()
    if is_working_day(day):
        if moment < _open(day):
            return _open(day)
        if moment < _close(day):
            return moment
    return _open(next_working_day(day))


def add_working(moment: datetime, amount: timedelta) -> datetime:
    """The moment `amount` of working time after `moment`."""
    at = counting_starts(moment)
    left = amount
    while left > _close(at.date()) - at:
        left -= _close(at.date()) - at
        at = _open(next_working_day(at.date()))
    return at + left


def working_between(start: datetime, end: datetime) -> timedelta:
    """The working time from `start` to `end` (zero if `end` is not later)."""
    at, total = counting_starts(start), timedelta(0)
    while at < end:
        stop = min(end, _close(at.date()))
        total += stop - at
        at = _open(next_working_day(at.date()))
    return total


def end_of_working_day(moment: datetime, days_after: int) -> datetime:
    """17:00 on the `days_after`-th working day after the working day on which
    `moment` is counted (a moment after hours counts from the next working day)."""
    day = counting_starts(moment).date()
    for _ in range(days_after):
        day = next_working_day(day)
    return _close(day)
