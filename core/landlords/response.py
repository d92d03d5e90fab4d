"""How fast the team answers a landlord's report, against the action plan's commitment.

A commitment is "first contact with the tenant within N hours, a visit within
N days", counted in working time (core.worktime: weekdays 08-17, not Swedish
holidays) or, when the plan says so, in clock time. Moments are the team's
wall clock, kept as "YYYY-MM-DDTHH:MM" text (core.spec kind "moment").

- First contact is due N working hours after the report came in (a report
  after hours starts counting when working hours begin); in clock time, N
  hours after it came in.
- The visit is due at 17:00 on the N-th working day after the working day
  the report is counted from (N = 0: the same day); in clock time, N × 24
  hours after it came in.
- A commitment is *about to be missed* once half of its time has passed
  (counted the same way) with nothing recorded: from then on the app warns
  and a follow-up is raised (core.landlords.followups).

static/js/worktime.js holds the same rules for the phone.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .. import worktime

WORKING, CLOCK = "working", "clock"
# What a commitment is, for one report: met | late | open | soon | missed | not_needed.
MET, LATE, OPEN, SOON, MISSED, NOT_NEEDED = "met", "late", "open", "soon", "missed", "not_needed"


def moment(text: str | None) -> datetime | None:
    """A stored moment ("2026-03-06T14:05") as a naive wall-clock datetime."""
    return None if not text else datetime.fromisoformat(text)


def moment_text(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")


@dataclass(frozen=True)
class Commitment:
    contact_hours: int
    visit_days: int
    counting: str = WORKING

    def contact_due(self, received: datetime) -> datetime:
        hours = timedelta(hours=self.contact_hours)
        if self.counting == CLOCK:
            return received + hours
        return worktime.add_working(received, hours)

    def visit_due(self, received: datetime) -> datetime:
        if self.counting == CLOCK:
            return received + timedelta(days=self.visit_days)
        return worktime.end_of_working_day(received, self.visit_days)

    def warn_at(self, received: datetime, due: datetime) -> datetime:
        """Halfway between the report and the deadline, counted as the commitment is."""
        if self.counting == CLOCK:
            return received + (due - received) / 2
        half = worktime.working_between(received, due) / 2
        return worktime.add_working(received, half)


@dataclass(frozen=True)
class Progress:
    """One commitment of one report: when it is due, when the app warns, what happened."""

    due: datetime
    warn: datetime
    done: datetime | None
    state: str
    elapsed: timedelta | None  # clock time from the report to what was done

    @property
    def counted(self) -> bool:
        """Whether it counts in the figures (decided: met, late or missed)."""
        return self.state in (MET, LATE, MISSED)


def progress(received: datetime, done: datetime | None, closed: datetime | None,
             due: datetime, warn: datetime, now: datetime) -> Progress:
    if done is not None:
        state = MET if done <= due else LATE
        return Progress(due, warn, done, state, done - received)
    if closed is not None:
        return Progress(due, warn, None, NOT_NEEDED if closed <= due else MISSED, None)
    if now > due:
        state = MISSED
    elif now >= warn:
        state = SOON
    else:
        state = OPEN
    return Progress(due, warn, None, state, None)


@dataclass(frozen=True)
class ReportTimes:
    contact: Progress
    visit: Progress


def commitment_of(report: object) -> Commitment | None:
    """The commitment a report was logged under (copied from its action plan), or None."""
    hours = getattr(report, "commit_contact_hours", None)
    days = getattr(report, "commit_visit_days", None)
    if hours is None or days is None:
        return None
    return Commitment(int(hours), int(days), getattr(report, "commit_counting", None) or WORKING)


def report_times(report: object, now: datetime) -> ReportTimes | None:
    """Both commitments of a report (any object with the report's columns), or None
    when it has no commitment."""
    commitment = commitment_of(report)
    received = moment(getattr(report, "received_at", None))
    if commitment is None or received is None:
        return None
    closed = moment(getattr(report, "closed_at", None))
    contact_due = commitment.contact_due(received)
    visit_due = commitment.visit_due(received)
    return ReportTimes(
        contact=progress(received, moment(getattr(report, "first_contact_at", None)), closed,
                         contact_due, commitment.warn_at(received, contact_due), now),
        visit=progress(received, moment(getattr(report, "visit_at", None)), closed,
                       visit_due, commitment.warn_at(received, visit_due), now),
    )
