"""Object-level access: who may see and change which participant's records.

Every handler and every sync mutation goes through these functions, so the
rules live in one place:
- case manager: participants assigned to them (a live Assignment);
- team lead: participants of their own team;
- participant: only their own record, never hidden notes or reviews;
- admin: no participant data at all.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Select, false, select
from sqlalchemy.orm import Session

from .models import Assignment, Participant, User, VisitNote


def participant_ids_query(user: User) -> Select[Any]:
    """SELECT of participant ids in the user's scope (for IN clauses)."""
    if user.role == "case_manager":
        return select(Assignment.participant_id).where(
            Assignment.user_id == user.id, Assignment.deleted_at.is_(None)
        )
    if user.role == "team_lead":
        return select(Participant.id).where(Participant.team_id == user.team_id)
    if user.role == "participant":
        return select(Participant.id).where(Participant.user_id == user.id)
    return select(Participant.id).where(false())


def can_see_participant(session: Session, user: User, participant: Participant) -> bool:
    if not user.active or participant.deleted_at is not None:
        return False
    if user.role == "case_manager":
        return session.execute(
            select(Assignment.id).where(
                Assignment.user_id == user.id,
                Assignment.participant_id == participant.id,
                Assignment.deleted_at.is_(None),
            )
        ).first() is not None
    if user.role == "team_lead":
        return participant.team_id == user.team_id
    if user.role == "participant":
        return participant.user_id == user.id
    return False


def can_work_with(session: Session, user: User, participant: Participant) -> bool:
    """May write visit notes, goals, steps and follow-ups for this participant."""
    return user.role in ("case_manager", "team_lead") and can_see_participant(
        session, user, participant
    )


def can_manage_team(user: User, team_id: int | None) -> bool:
    return user.role == "team_lead" and user.team_id is not None and user.team_id == team_id


def can_see_note(session: Session, user: User, note: VisitNote) -> bool:
    if not can_see_participant(session, user, note.participant):
        return False
    if user.role == "participant":
        return note.status == "signed" and not note.hidden_from_participant
    if note.status == "draft":
        return note.author_id == user.id
    return True


def can_edit_note(user: User, note: VisitNote) -> bool:
    return note.author_id == user.id and note.status in ("draft", "returned")


def visible_notes_filter(user: User) -> list[Any]:
    """WHERE clauses limiting VisitNote rows to what this user may read."""
    clauses: list[Any] = [VisitNote.participant_id.in_(participant_ids_query(user))]
    if user.role == "participant":
        clauses += [VisitNote.status == "signed", VisitNote.hidden_from_participant.is_(False)]
    else:
        clauses.append((VisitNote.status != "draft") | (VisitNote.author_id == user.id))
    return clauses
