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

from sqlalchemy import Select, false, or_, select
from sqlalchemy.orm import Session

from .models import Assignment, Participant, User, VisitNote
from .spec.rules import EDITABLE_NOTE_STATUSES

WORKER_ROLES = ("case_manager", "team_lead")


def audience(user: User) -> str:
    """Whose eyes a record is shown to: "participant" (their own account) or "worker"."""
    return "participant" if user.role == "participant" else "worker"


def note_visibility(note: Any, audience: str, me: Any) -> list[Any]:
    """THE rule for who reads a visit note, as SQL on `note` (the VisitNote class or an
    alias of it; `me` the reader's user id, a value or a bound parameter), on top of
    the participant scope: a participant reads only signed notes not hidden from them;
    a worker reads every note but other people's drafts. Server pages (below) and
    pulls (sync.entities) both use it."""
    if audience == "participant":
        return [note.status == "signed", note.hidden_from_participant.is_(False)]
    return [or_(note.status != "draft", note.author_id == me)]


# Follow-ups raised by a landlord's report (core.landlords.followups): they tell of the
# report, which a participant's account does not get (docs/landlords.md).
REPORT_FOLLOWUP_KINDS = ("landlord_first_contact", "landlord_visit")


def followup_visibility(followup: Any, audience: str) -> list[Any]:
    """THE rule for who reads a follow-up, as SQL on `followup` (the FollowUp class or
    an alias), on top of the participant scope: a participant's account never gets
    the follow-ups raised by a landlord report; workers get them all."""
    if audience == "participant":
        return [followup.kind.notin_(REPORT_FOLLOWUP_KINDS)]
    return []


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
    return user.role in WORKER_ROLES and can_see_participant(
        session, user, participant
    )


def can_manage_team(user: User, team_id: int | None) -> bool:
    return user.role == "team_lead" and user.team_id is not None and user.team_id == team_id


def can_see_note(session: Session, user: User, note: VisitNote) -> bool:
    if not can_see_participant(session, user, note.participant):
        return False
    query = select(VisitNote.id).where(VisitNote.id == note.id,
                                       *note_visibility(VisitNote, audience(user), user.id))
    return session.execute(query).first() is not None


def can_edit_note(user: User, note: VisitNote) -> bool:
    return note.author_id == user.id and note.status in EDITABLE_NOTE_STATUSES


def visible_notes_filter(user: User) -> list[Any]:
    """WHERE clauses limiting VisitNote rows to what this user may read."""
    return [VisitNote.participant_id.in_(participant_ids_query(user)),
            *note_visibility(VisitNote, audience(user), user.id)]


def other_active_lead(session: Session, user: User) -> bool:
    """Whether the user's team has another active team lead."""
    return session.execute(
        select(User.id).where(User.team_id == user.team_id, User.role == "team_lead",
                              User.active.is_(True), User.id != user.id)
    ).first() is not None


def can_review_note(session: Session, user: User, note: VisitNote) -> bool:
    """Four eyes: a team lead of the note's team decides on it (signs or returns it),
    but not on a note they wrote themselves while the team has another active lead.
    A team's only lead may decide on their own note: it is then self-signed."""
    if not can_manage_team(user, note.participant.team_id):
        return False
    return note.author_id != user.id or not other_active_lead(session, user)


def is_self_signed(note: VisitNote) -> bool:
    return note.signed_by_id is not None and note.signed_by_id == note.author_id
