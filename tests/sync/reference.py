"""What a user's device should hold, computed independently of sync/ (ORM + core.access).

Used as the oracle: after a full pull, the client store must hold exactly
these (entity, uuid) keys at these versions.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access import can_see_note, can_see_participant
from core.models import (
    FollowUp,
    Goal,
    Participant,
    Plan,
    PlanEvent,
    SelfRating,
    Step,
    SyncConflict,
    Tenancy,
    User,
    VisitNote,
)

PER_PARTICIPANT = [(Tenancy, "tenancy"), (Plan, "plan"), (Goal, "goal"), (Step, "step"),
                   (FollowUp, "followup"), (SelfRating, "rating"), (PlanEvent, "planEvent")]


def _live(session: Session, model, participant_id: int):
    return session.execute(select(model).where(model.participant_id == participant_id,
                                               model.deleted_at.is_(None))).scalars()


def _notes(session: Session, user: User, p: Participant) -> dict[tuple[str, str], int]:
    view = {}
    for note in _live(session, VisitNote, p.id):
        if not can_see_note(session, user, note):
            continue
        view[("note", note.uuid)] = note.version
        for a in note.addenda:
            if a.deleted_at is None:
                view[("addendum", a.uuid)] = a.version
        for r in note.reviews if user.role != "participant" else []:
            if r.deleted_at is None:
                view[("review", r.uuid)] = r.version
    return view


def server_view(session: Session, user: User) -> dict[tuple[str, str], int]:
    view: dict[tuple[str, str], int] = {}
    for p in session.execute(select(Participant)).scalars():
        if not can_see_participant(session, user, p):
            continue
        view[("participant", p.uuid)] = p.version
        for model, entity in PER_PARTICIPANT:
            view.update({(entity, row.uuid): row.version for row in _live(session, model, p.id)})
        view.update(_notes(session, user, p))
        for c in _live(session, SyncConflict, p.id):
            if c.user_id == user.id:
                view[("conflict", c.uuid)] = c.version
    return view


def versions(store: dict[tuple[str, str], dict]) -> dict[tuple[str, str], int]:
    return {key: value["version"] for key, value in store.items()}
