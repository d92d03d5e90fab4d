"""The landlord work that runs on a clock: `flask landlords tick` (docs/landlords.md).

Run it every 15 minutes (cron or a systemd timer). It raises the follow-ups of
commitments about to be missed and books the coming check-ins; both are also
done at once whenever a report or a plan is saved, so the job only catches
what time alone changes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from . import followups, schedule


@dataclass(frozen=True)
class TickResult:
    report_changes: int
    plans: int


def tick(session: Session, now: datetime) -> TickResult:
    """`now` is the team's wall clock (core.clock.team_now)."""
    changed = followups.raise_due(session, now)
    plans = schedule.ensure_all(session, now.date())
    return TickResult(changed, plans)
