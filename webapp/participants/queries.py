"""Read models for the caseload and the participant page."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select

from core import access, due
from core.models import FollowUp, Goal, Participant, Plan, Step, Tenancy, User, VisitNote

from ..extensions import db

RECENT_NOTES = 10


@dataclass
class CaseloadRow:
    participant: Participant
    next_followup: FollowUp | None
    last_visit: date | None
    today: date

    @property
    def overdue(self) -> bool:
        return self.next_followup is not None and due.is_overdue(self.next_followup.due_on,
                                                                 self.today)

    @property
    def due_today(self) -> bool:
        return self.next_followup is not None and self.next_followup.due_on == self.today

    @property
    def days_since_visit(self) -> int | None:
        return None if self.last_visit is None else (self.today - self.last_visit).days

    def sort_key(self) -> tuple[Any, ...]:
        # Overdue first (the earliest due date is the most overdue); people
        # not seen for long before others; those who left the programme last.
        due = self.next_followup.due_on if self.next_followup else date.max
        days = self.days_since_visit
        return (self.participant.status == "left", due, -(days if days is not None else 10**6),
                self.participant.preferred_name.casefold())


def caseload(user: User, today: date) -> list[CaseloadRow]:
    people = db.session.execute(
        select(Participant).where(
            Participant.id.in_(access.participant_ids_query(user)),
            Participant.deleted_at.is_(None),
        )
    ).scalars().all()
    ids = [p.id for p in people]
    nexts = _next_followups(ids)
    visits = _last_visits(user, ids)
    rows = [CaseloadRow(p, nexts.get(p.id), visits.get(p.id), today) for p in people]
    return sorted(rows, key=CaseloadRow.sort_key)


def _next_followups(ids: list[int]) -> dict[int, FollowUp]:
    """The earliest due follow-up per participant (none for those who left)."""
    found: dict[int, FollowUp] = {}
    for f, _participant in db.session.execute(due.due_followups(ids)).all():
        found.setdefault(f.participant_id, f)
    return found


def _last_visits(user: User, ids: list[int]) -> dict[int, date]:
    rows = db.session.execute(
        select(VisitNote.participant_id, func.max(VisitNote.visit_date))
        .where(VisitNote.participant_id.in_(ids), VisitNote.deleted_at.is_(None),
               *access.visible_notes_filter(user))
        .group_by(VisitNote.participant_id)
    ).all()
    return {pid: last for pid, last in rows}


@dataclass
class ParticipantRecord:
    participant: Participant
    current_tenancy: Tenancy | None
    past_tenancies: list[Tenancy]
    plan: Plan | None
    goals: list[Goal]
    steps: dict[int, list[Step]]
    notes: list[VisitNote]
    open_followups: list[FollowUp]
    done_followups: list[FollowUp]
    goal_by_id: dict[int, Goal] = field(default_factory=dict)


def participant_record(user: User, p: Participant) -> ParticipantRecord:
    current, past = tenancies_of(p)
    plan = db.session.execute(
        select(Plan).where(Plan.participant_id == p.id, Plan.deleted_at.is_(None))
        .order_by(Plan.id)
    ).scalars().first()
    goals = _live(select(Goal).where(Goal.participant_id == p.id).order_by(Goal.id), Goal)
    steps: dict[int, list[Step]] = {}
    for s in _live(select(Step).where(Step.participant_id == p.id).order_by(Step.id), Step):
        steps.setdefault(s.goal_id, []).append(s)
    followups = _live(select(FollowUp).where(
        FollowUp.participant_id == p.id,
        *access.followup_visibility(FollowUp, access.audience(user)))
        .order_by(FollowUp.due_on, FollowUp.id), FollowUp)
    return ParticipantRecord(
        participant=p, current_tenancy=current, past_tenancies=past, plan=plan, goals=goals,
        steps=steps, notes=recent_notes(user, p),
        open_followups=[f for f in followups if f.done_on is None],
        done_followups=sorted((f for f in followups if f.done_on is not None),
                              key=lambda f: f.done_on or date.min, reverse=True),
        goal_by_id={g.id: g for g in goals},
    )


def _live(stmt: Any, model: Any) -> list[Any]:
    return list(db.session.execute(stmt.where(model.deleted_at.is_(None))).scalars())


def tenancies_of(p: Participant) -> tuple[Tenancy | None, list[Tenancy]]:
    rows = _live(select(Tenancy).where(Tenancy.participant_id == p.id)
                 .order_by(Tenancy.start_date.desc(), Tenancy.id.desc()), Tenancy)
    current = next((t for t in rows if t.end_date is None), None)
    return current, [t for t in rows if t is not current]


def recent_notes(user: User, p: Participant, limit: int = RECENT_NOTES) -> list[VisitNote]:
    return list(db.session.execute(
        select(VisitNote)
        .where(VisitNote.participant_id == p.id, VisitNote.deleted_at.is_(None),
               *access.visible_notes_filter(user))
        .order_by(VisitNote.visit_date.desc(), VisitNote.id.desc())
        .limit(limit)
    ).scalars())


def participant_goals(p: Participant) -> list[Goal]:
    return _live(select(Goal).where(Goal.participant_id == p.id).order_by(Goal.id), Goal)
