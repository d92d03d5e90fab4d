"""Loggkontroll: the checks over the audit log, as pure functions over plain rows.

- *Outside the caseload*: a case manager's read of a participant who was not on
  their caseload at that moment. Caseload periods are rebuilt from the
  assignment rows and the audit events that created, removed and restored them
  (an assignment without such events counts from the start). Team leads read the
  whole team by their role and are not checked here; the other two checks and
  each participant's log cover them.
- *Outside working hours*: a read before 07:00 or from 18:00, or on a day that
  is not a working day (Saturdays, Sundays and the Swedish public holidays of
  core.worktime, the same days the landlord commitments skip), in the team's
  time zone. Evening visits happen; the list is for a look, not a verdict.
- *Bulk reads*: one person reading the records of at least BULK_PEOPLE
  different participants within BULK_MINUTES minutes. A phone's sync pull
  downloads its caseload and is logged per device, not per participant, so it
  is not a bulk read here.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from core import worktime
from core.clock import wall_clock

WORK_START, WORK_END = 7, 18  # hours, team time
BULK_PEOPLE, BULK_MINUTES = 10, 60
# Reads of a participant's record (page, note, export). Reading the access log is
# logged too but is not a read of the record.
RECORD_READS = frozenset({"participant.view", "note.view", "note.review_view",
                          "participant.export"})
NEVER = datetime.min
FOREVER = datetime.max


@dataclass(frozen=True)
class Event:
    id: int
    at: datetime  # UTC, naive (as stored)
    user_id: int | None
    role: str
    action: str
    entity: str
    participant_id: int | None
    device_id: int | None

    @property
    def is_read(self) -> bool:
        return self.action in RECORD_READS

    @property
    def local(self) -> datetime:
        return wall_clock(self.at)


@dataclass(frozen=True)
class AssignmentRow:
    uuid: str
    user_id: int
    participant_id: int
    deleted_at: datetime | None


def caseload_periods(assignments: Iterable[AssignmentRow],
                     changes: Iterable[tuple[datetime, str, str]]
                     ) -> dict[tuple[int, int], list[tuple[datetime, datetime]]]:
    """(worker, participant) → the periods they were on the caseload, from the rows and
    the audit events (at, action, assignment uuid) that created, removed and restored
    them."""
    by_uuid: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
    for at, action, uuid in changes:
        by_uuid[uuid].append((at, action))
    periods: dict[tuple[int, int], list[tuple[datetime, datetime]]] = defaultdict(list)
    for row in assignments:
        events = sorted(by_uuid.get(row.uuid, []))
        key = (row.user_id, row.participant_id)
        if not events:
            periods[key].append((NEVER, row.deleted_at or FOREVER))
            continue
        start: datetime | None = NEVER if events[0][1] == "assignment.delete" else None
        for at, action in events:
            if action == "assignment.delete":
                if start is not None:
                    periods[key].append((start, at))
                start = None
            elif start is None:
                start = at
        if start is not None:
            periods[key].append((start, FOREVER if row.deleted_at is None else
                                 max(row.deleted_at, start)))
    return periods


def outside_caseload(events: Iterable[Event],
                     periods: dict[tuple[int, int], list[tuple[datetime, datetime]]]
                     ) -> list[Event]:
    found = []
    for e in events:
        if not e.is_read or e.role != "case_manager" or e.user_id is None \
                or e.participant_id is None:
            continue
        spans = periods.get((e.user_id, e.participant_id), [])
        if not any(start <= e.at <= end for start, end in spans):
            found.append(e)
    return found


def outside_hours(events: Iterable[Event]) -> list[Event]:
    return [e for e in events if e.is_read and e.participant_id is not None
            and (not worktime.is_working_day(e.local.date())
                 or not WORK_START <= e.local.hour < WORK_END)]


@dataclass(frozen=True)
class Burst:
    user_id: int
    start: datetime
    end: datetime
    participants: frozenset[int]
    events: tuple[Event, ...]


def bulk_reads(events: Iterable[Event]) -> list[Burst]:
    """Windows of BULK_MINUTES in which one person read BULK_PEOPLE or more different
    participants; overlapping windows of the same person are merged."""
    window = timedelta(minutes=BULK_MINUTES)
    by_user: dict[int, list[Event]] = defaultdict(list)
    for e in events:
        if e.is_read and e.user_id is not None and e.participant_id is not None:
            by_user[e.user_id].append(e)
    bursts: list[Burst] = []
    for user_id, reads in by_user.items():
        reads.sort(key=lambda e: (e.at, e.id))
        current: list[Event] = []
        lo = 0
        for hi, e in enumerate(reads):
            while reads[lo].at < e.at - window:
                lo += 1
            span = reads[lo:hi + 1]
            if len({r.participant_id for r in span}) >= BULK_PEOPLE:
                if current and span[0].at <= current[-1].at + window:
                    current = sorted({*current, *span}, key=lambda r: (r.at, r.id))
                else:
                    if current:
                        bursts.append(_burst(user_id, current))
                    current = list(span)
        if current:
            bursts.append(_burst(user_id, current))
    return sorted(bursts, key=lambda b: b.start)


def _burst(user_id: int, reads: list[Event]) -> Burst:
    return Burst(user_id, reads[0].at, reads[-1].at,
                 frozenset(r.participant_id for r in reads if r.participant_id is not None),
                 tuple(reads))
