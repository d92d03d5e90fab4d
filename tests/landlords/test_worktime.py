"""Working time on the team's clock: Swedish holidays, weekends, nights (core.worktime)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from core import worktime

H = timedelta(hours=1)


@pytest.mark.parametrize(("year", "easter"), [
    (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
    (2027, date(2027, 3, 28)), (2038, date(2038, 4, 25)),
])
def test_easter_sunday_is_right_for_known_years(year, easter):
    assert worktime.easter_sunday(year) == easter


def test_swedish_holidays_of_2026_are_the_known_ones():
    days = sorted(worktime.holidays(2026))
    assert days == [date(2026, 1, 1), date(2026, 1, 6), date(2026, 4, 3), date(2026, 4, 5),
                    date(2026, 4, 6), date(2026, 5, 1), date(2026, 5, 14), date(2026, 5, 24),
                    date(2026, 6, 6), date(2026, 6, 19), date(2026, 6, 20), date(2026, 10, 31),
                    date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26),
                    date(2026, 12, 31)]


@pytest.mark.parametrize(("start", "hours", "due"), [
    # A Tuesday morning: plain hours.
    ("2026-03-03T09:00", 4, "2026-03-03T13:00"),
    # Friday 16:00: one hour on Friday, three on Monday.
    ("2026-03-06T16:00", 4, "2026-03-09T11:00"),
    # Friday night: counting starts on Monday at 08:00.
    ("2026-03-06T20:00", 4, "2026-03-09T12:00"),
    # Saturday: the same.
    ("2026-03-07T10:30", 4, "2026-03-09T12:00"),
    # Before opening on a weekday.
    ("2026-03-03T06:15", 2, "2026-03-03T10:00"),
    # Maundy Thursday 15:00, then Good Friday, Easter weekend, Easter Monday.
    ("2026-04-02T15:00", 4, "2026-04-07T10:00"),
    # The day before Christmas Eve: Christmas, the weekend; back on the 28th.
    ("2026-12-23T16:00", 4, "2026-12-28T11:00"),
    # Exactly at closing time: the hours begin the next working day.
    ("2026-03-03T17:00", 1, "2026-03-04T09:00"),
    # 24 working hours are almost three working days.
    ("2026-03-02T08:00", 24, "2026-03-04T14:00"),
])
def test_working_hours_are_added_over_nights_weekends_and_holidays(start, hours, due):
    got = worktime.add_working(datetime.fromisoformat(start), hours * H)
    assert got == datetime.fromisoformat(due)


def test_working_time_between_two_moments_skips_what_is_not_working_time():
    friday, monday = datetime(2026, 3, 6, 16, 0), datetime(2026, 3, 9, 11, 0)
    assert worktime.working_between(friday, monday) == 4 * H
    assert worktime.working_between(monday, friday) == timedelta(0)


@pytest.mark.parametrize(("start", "days", "due"), [
    ("2026-03-03T10:00", 0, "2026-03-03T17:00"),
    ("2026-03-06T10:00", 1, "2026-03-09T17:00"),  # Friday → Monday
    ("2026-03-06T18:00", 1, "2026-03-10T17:00"),  # Friday evening counts from Monday
    ("2026-03-07T10:00", 2, "2026-03-11T17:00"),  # Saturday → Monday + 2
    ("2026-06-18T12:00", 1, "2026-06-22T17:00"),  # Midsummer Eve (Friday) is no working day
])
def test_a_visit_within_n_working_days_is_due_at_the_end_of_the_nth_working_day(start, days, due):
    got = worktime.end_of_working_day(datetime.fromisoformat(start), days)
    assert got == datetime.fromisoformat(due)
