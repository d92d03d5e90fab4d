"""Response times against the action plan's commitment, on reports with known answers
(core.landlords.response): nights, weekends, Easter and Christmas, clock time too."""
from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from core.landlords.response import (
    CLOCK,
    LATE,
    MET,
    MISSED,
    NOT_NEEDED,
    OPEN,
    SOON,
    WORKING,
    Commitment,
    report_times,
)

WORK = Commitment(4, 2, WORKING)
FOUR_HOURS_ONE_DAY = Commitment(4, 1, WORKING)


def at(text):
    return datetime.fromisoformat(text)


def report(received, contact=None, visit=None, closed=None, commitment=WORK):
    return SimpleNamespace(received_at=received, first_contact_at=contact, visit_at=visit,
                           closed_at=closed, commit_contact_hours=commitment.contact_hours,
                           commit_visit_days=commitment.visit_days,
                           commit_counting=commitment.counting)


# received, commitment, first contact due, visit due, contact warn, visit warn
KNOWN = [
    # Tuesday 09:00: 4 working hours, 2 working days.
    ("2026-03-03T09:00", WORK, "2026-03-03T13:00", "2026-03-05T17:00",
     "2026-03-03T11:00", "2026-03-04T13:00"),  # 26 working hours to the visit: 13 in
    # Friday 16:30: half an hour on Friday, 3.5 on Monday; the visit by Tuesday.
    ("2026-03-06T16:30", WORK, "2026-03-09T11:30", "2026-03-10T17:00",
     "2026-03-09T09:30", "2026-03-09T16:45"),  # 18.5 working hours: 9.25 in
    # Saturday night 23:40: counted from Monday 08:00.
    ("2026-03-07T23:40", WORK, "2026-03-09T12:00", "2026-03-11T17:00",
     "2026-03-09T10:00", "2026-03-10T12:30"),
    # Maundy Thursday 15:00 before Easter: back on Tuesday.
    ("2026-04-02T15:00", FOUR_HOURS_ONE_DAY, "2026-04-07T10:00", "2026-04-07T17:00",
     "2026-04-02T17:00", "2026-04-07T11:30"),  # 2 + 9 working hours: 5.5 in
    # Clock time: Friday 22:00 + 4 hours is Saturday 02:00; + 1 day is Saturday 22:00.
    ("2026-03-06T22:00", Commitment(4, 1, CLOCK), "2026-03-07T02:00", "2026-03-07T22:00",
     "2026-03-07T00:00", "2026-03-07T10:00"),
]


@pytest.mark.parametrize(("received", "commitment", "contact_due", "visit_due", "contact_warn",
                          "visit_warn"), KNOWN)
def test_deadlines_and_warnings_are_right_across_nights_weekends_and_holidays(
        received, commitment, contact_due, visit_due, contact_warn, visit_warn):
    times = report_times(report(received, commitment=commitment), at(received))
    assert (times.contact.due, times.visit.due) == (at(contact_due), at(visit_due))
    assert (times.contact.warn, times.visit.warn) == (at(contact_warn), at(visit_warn))


def test_a_commitment_is_open_then_about_to_be_missed_at_halfway_then_missed():
    r = report("2026-03-06T16:30")  # first contact due Monday 11:30, warned at 09:30
    assert report_times(r, at("2026-03-08T20:00")).contact.state == OPEN  # Sunday evening
    assert report_times(r, at("2026-03-09T09:29")).contact.state == OPEN
    assert report_times(r, at("2026-03-09T09:30")).contact.state == SOON
    assert report_times(r, at("2026-03-09T11:30")).contact.state == SOON
    assert report_times(r, at("2026-03-09T11:31")).contact.state == MISSED


def test_what_was_done_is_met_or_late_with_the_clock_time_it_took():
    r = report("2026-03-06T16:30", contact="2026-03-09T08:15", visit="2026-03-11T10:00")
    times = report_times(r, at("2026-03-12T12:00"))
    assert times.contact.state == MET
    assert times.contact.elapsed == timedelta(days=2, hours=15, minutes=45)
    assert times.visit.state == LATE  # due Tuesday 17:00
    assert times.visit.elapsed == timedelta(days=4, hours=17, minutes=30)


def test_a_report_closed_before_a_deadline_needs_nothing_more_but_after_it_is_a_miss():
    r = report("2026-03-03T09:00", contact="2026-03-03T10:00", closed="2026-03-04T09:00")
    times = report_times(r, at("2026-03-10T09:00"))
    assert (times.contact.state, times.visit.state) == (MET, NOT_NEEDED)
    late = report("2026-03-03T09:00", contact="2026-03-03T10:00", closed="2026-03-09T09:00")
    assert report_times(late, at("2026-03-10T09:00")).visit.state == MISSED


def test_a_report_without_a_commitment_has_no_times():
    r = SimpleNamespace(received_at="2026-03-03T09:00", first_contact_at=None, visit_at=None,
                        closed_at=None, commit_contact_hours=None, commit_visit_days=None,
                        commit_counting=None)
    assert report_times(r, at("2026-03-03T10:00")) is None
