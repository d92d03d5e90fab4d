"""Whose records a user may sync: the rules of webapp.access as id sets."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.access import participant_ids_query
from webapp.models import Participant, User

WORKER_ROLES = ("case_manager", "team_lead")


def scope_ids(session: Session, user: User) -> frozenset[int]:
    """Ids of the live participants this user may see (access.participant_ids_query)."""
    if not user.active:
        return frozenset()
    query = select(Participant.id).where(
        Participant.id.in_(participant_ids_query(user)), Participant.deleted_at.is_(None)
    )
    return frozenset(session.execute(query).scalars())


def can_write(user: User) -> bool:
    """Only workers write through sync (access.can_work_with)."""
    return user.active and user.role in WORKER_ROLES
