"""The loggkontroll checks as pure functions: caseload periods from the log, reads outside
them, outside working hours, and bulk reads."""
from __future__ import annotations

from datetime import datetime, timedelta

from webapp.auditlog.checks import (
    BULK_PEOPLE,
    NEVER,
    AssignmentRow,
    Event,
    bulk_reads,
    caseload_periods,
    outside_caseload,
    outside_hours,
)

T = datetime(2026, 3, 10, 9, 0)  # a Tuesday, 10:00 in Stockholm (UTC+1)


def _read(i, at, user=1, pid=7, role="case_manager", action="participant.view"):
    return Event(i, at, user, role, action, "participant", pid, None)


def test_caseload_periods_follow_create_delete_and_restore():
    row = AssignmentRow("a1", 1, 7, deleted_at=None)
    changes = [(T, "assignment.create", "a1"), (T + timedelta(days=1), "assignment.delete", "a1"),
               (T + timedelta(days=3), "assignment.restore", "a1")]
    periods = caseload_periods([row], changes)
    assert periods[(1, 7)] == [(T, T + timedelta(days=1)), (T + timedelta(days=3), datetime.max)]
    # No events: the row counts from the start, to its tombstone.
    gone = AssignmentRow("a2", 2, 7, deleted_at=T)
    assert caseload_periods([gone], [])[(2, 7)] == [(NEVER, T)]
    # First event a delete: it was there before.
    seeded = AssignmentRow("a3", 3, 7, deleted_at=T)
    assert caseload_periods([seeded], [(T, "assignment.delete", "a3")])[(3, 7)] == [(NEVER, T)]


def test_a_read_outside_the_caseload_period_is_found_and_one_inside_is_not():
    periods = caseload_periods([AssignmentRow("a1", 1, 7, None)],
                               [(T, "assignment.create", "a1"),
                                (T + timedelta(days=1), "assignment.delete", "a1")])
    inside = _read(1, T + timedelta(hours=2))
    after = _read(2, T + timedelta(days=2))
    other = _read(3, T + timedelta(hours=2), pid=8)
    lead = _read(4, T + timedelta(days=2), role="team_lead")
    written = _read(5, T + timedelta(days=2), action="note.create")
    assert outside_caseload([inside, after, other, lead, written], periods) == [after, other]


def test_outside_working_hours_in_the_teams_time_zone():
    early = _read(1, T.replace(hour=5, minute=30))   # 06:30 in Stockholm
    start = _read(2, T.replace(hour=6))              # 07:00
    late = _read(3, T.replace(hour=16, minute=59))   # 17:59
    evening = _read(4, T.replace(hour=17))           # 18:00
    saturday = _read(5, T + timedelta(days=4))       # Saturday 10:00
    assert outside_hours([early, start, late, evening, saturday]) == [early, evening, saturday]


def test_a_public_holiday_is_outside_working_hours_and_the_day_before_is_not():
    thursday = _read(1, datetime(2026, 4, 2, 9, 0))      # skärtorsdagen 11:00 (UTC+2): a working day
    good_friday = _read(2, datetime(2026, 4, 3, 9, 0))   # långfredagen 11:00
    christmas_eve = _read(3, datetime(2026, 12, 24, 9, 0))  # julafton, a Thursday, 10:00
    assert outside_hours([thursday, good_friday, christmas_eve]) == [good_friday, christmas_eve]


def test_bulk_reads_are_many_people_within_an_hour_by_one_reader():
    burst = [_read(i, T + timedelta(minutes=5 * i), pid=100 + i) for i in range(BULK_PEOPLE)]
    day2, day3 = T + timedelta(days=1), T + timedelta(days=2)
    spread = [_read(50 + i, day2 + timedelta(minutes=7 * i), pid=200 + i)  # 63 min: too slow
              for i in range(BULK_PEOPLE)]
    same = [_read(80 + i, day3 + timedelta(minutes=i), pid=300) for i in range(20)]
    other_user = [_read(90 + i, T + timedelta(minutes=i), user=2, pid=400 + i)
                  for i in range(BULK_PEOPLE - 1)]
    found = bulk_reads(burst + spread + same + other_user)
    assert len(found) == 1
    assert found[0].user_id == 1 and len(found[0].participants) == BULK_PEOPLE
    assert found[0].start == T and found[0].end == T + timedelta(minutes=5 * (BULK_PEOPLE - 1))
