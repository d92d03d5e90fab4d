"""Whose records a user may sync: the rules of core.access as id sets."""
from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access import WORKER_ROLES, participant_ids_query
from core.models import Participant, RecordMark, User


def scope_ids(session: Session, user: User) -> frozenset[int]:
    """Ids of the live participants this user may see (access.participant_ids_query)."""
    if not user.active:
        return frozenset()
    query = _scope_query(user.role, user.id, user.team_id)
    return frozenset(session.execute(query).scalars())


def scope_marks(session: Session, user: User) -> dict[int, int]:
    """The scope as {participant id: mark}, the highest version written to the
    participant's row or any row of their record (core.models.marks): one query,
    with the scope itself."""
    if not user.active:
        return {}
    query = _marks_query(user.role, user.id, user.team_id)
    return {pid: max(version, mark or 0) for pid, version, mark in session.execute(query)}


@lru_cache(maxsize=1024)
def _marks_query(role: str, user_id: int, team_id: int | None) -> Any:
    who = cast(User, SimpleNamespace(role=role, id=user_id, team_id=team_id))
    return select(Participant.id, Participant.version, RecordMark.version).outerjoin(
        RecordMark, RecordMark.participant_id == Participant.id).where(
        Participant.id.in_(participant_ids_query(who)), Participant.deleted_at.is_(None))


@lru_cache(maxsize=1024)
def _scope_query(role: str, user_id: int, team_id: int | None) -> Any:
    """The statement for one user's rights, built once: building it costs more than
    running it, and a push and a pull each need it. The rights are read from the
    database each time; only the SQL is kept."""
    who = cast(User, SimpleNamespace(role=role, id=user_id, team_id=team_id))
    return select(Participant.id).where(
        Participant.id.in_(participant_ids_query(who)), Participant.deleted_at.is_(None)
    )


def can_write(user: User) -> bool:
    """Workers write through sync; a participant writes their own plan (each mutation
    names the roles it allows: sync.mutations.base.MutationSpec.writers)."""
    return user.active and user.role in (*WORKER_ROLES, "participant")
