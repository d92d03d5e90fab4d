"""Read models for the team lead's pages (one query per column, no N+1)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import due
from core.models import Assignment, Device, MutationError, Participant, User, VisitNote

STATUS_ORDER = {"active": 0, "paused": 1, "left": 2}


@dataclass
class ParticipantRow:
    participant: Participant
    today: date
    workers: list[User] = field(default_factory=list)
    next_follow_up: date | None = None
    last_visit: date | None = None

    @property
    def days_since_visit(self) -> int | None:
        return None if self.last_visit is None else (self.today - self.last_visit).days


@dataclass
class WorkerRow:
    user: User
    caseload: int = 0


def team_participants(session: Session, team_id: int, today: date) -> list[ParticipantRow]:
    people = session.execute(
        select(Participant).where(Participant.team_id == team_id, Participant.deleted_at.is_(None))
    ).scalars().all()
    rows = {p.id: ParticipantRow(p, today=today) for p in people}
    for participant_id, user in _live_assignments(session, team_id):
        rows[participant_id].workers.append(user)
    for participant_id, next_due in _next_follow_ups(session, team_id):
        rows[participant_id].next_follow_up = next_due
    for participant_id, visited in _last_visits(session, team_id):
        rows[participant_id].last_visit = visited
    return sorted(rows.values(), key=lambda r: (STATUS_ORDER.get(r.participant.status, 9),
                                                r.participant.preferred_name.lower()))


def _team_ids(team_id: int) -> Any:
    return select(Participant.id).where(Participant.team_id == team_id,
                                        Participant.deleted_at.is_(None))


def _live_assignments(session: Session, team_id: int) -> list[Any]:
    return live_assignments_of(session, _team_ids(team_id))


def live_assignments_of(session: Session, participant_ids: Any) -> list[Any]:
    """(participant id, worker) of the live assignments of these participants (one id,
    a list or a SELECT of ids)."""
    ids = [participant_ids] if isinstance(participant_ids, int) else participant_ids
    return list(session.execute(
        select(Assignment.participant_id, User)
        .join(User, User.id == Assignment.user_id)
        .where(Assignment.participant_id.in_(ids), Assignment.deleted_at.is_(None))
        .order_by(User.display_name)
    ).all())


def _next_follow_ups(session: Session, team_id: int) -> list[Any]:
    """The earliest due date per participant in the programme (core.due)."""
    due_rows = due.due_followups(_team_ids(team_id)).subquery()
    return list(session.execute(
        select(due_rows.c.participant_id, func.min(due_rows.c.due_on))
        .group_by(due_rows.c.participant_id)
    ).all())


def _last_visits(session: Session, team_id: int) -> list[Any]:
    # Only the date is read, never the note: drafts count, a visit happened.
    return list(session.execute(
        select(VisitNote.participant_id, func.max(VisitNote.visit_date))
        .where(VisitNote.participant_id.in_(_team_ids(team_id)),
               VisitNote.kind.in_(due.HOME_VISIT_KINDS), VisitNote.deleted_at.is_(None))
        .group_by(VisitNote.participant_id)
    ).all())


def team_case_managers(session: Session, team_id: int) -> list[WorkerRow]:
    """Case managers of the team (active first) with their live caseload size."""
    caseload = (
        select(func.count(Assignment.id))
        .join(Participant, Participant.id == Assignment.participant_id)
        .where(Assignment.user_id == User.id, Assignment.deleted_at.is_(None),
               *due.in_programme_clauses())
        .scalar_subquery()
    )
    result = session.execute(
        select(User, caseload)
        .where(User.team_id == team_id, User.role == "case_manager")
        .order_by(User.active.desc(), User.display_name)
    ).all()
    return [WorkerRow(user, count) for user, count in result]


def review_queue(session: Session, team_id: int) -> list[VisitNote]:
    """Submitted notes of the team, the longest-waiting first."""
    return list(session.execute(
        select(VisitNote)
        .where(VisitNote.participant_id.in_(_team_ids(team_id)),
               VisitNote.status == "submitted", VisitNote.deleted_at.is_(None))
        .order_by(VisitNote.submitted_at.is_(None), VisitNote.submitted_at,
                  VisitNote.visit_date, VisitNote.id)
    ).scalars().all())


# Refused changes of the last REFUSED_DAYS days are shown to the lead.
REFUSED_DAYS = 30


@dataclass
class Refused:
    worker: User
    count: int
    latest: datetime


def refused_changes(session: Session, team_id: int, today: date) -> list[Refused]:
    """Per worker of the team: changes their phones sent that the server refused (kept on
    the phone with their text; only the count and the date are shown here)."""
    since = datetime.combine(today - timedelta(days=REFUSED_DAYS), time.min)
    rows = session.execute(
        select(User, func.count(MutationError.id), func.max(MutationError.created_at))
        .join(Device, Device.user_id == User.id)
        .join(MutationError, MutationError.device_id == Device.id)
        .where(User.team_id == team_id, MutationError.created_at >= since)
        .group_by(User.id).order_by(User.display_name)
    ).all()
    return [Refused(user, count, latest) for user, count, latest in rows]


def last_sync(session: Session, user_id: int) -> datetime | None:
    """When a phone of this worker last reached the server (None: never)."""
    return session.execute(
        select(func.max(Device.last_seen)).where(Device.user_id == user_id,
                                                 Device.revoked_at.is_(None))
    ).scalar()
