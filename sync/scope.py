"""Whose records a user may sync: the rules of core.access as id sets."""
from __future__ import annotations

from functools import cache
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Integer, bindparam, select
from sqlalchemy.orm import Session

from core.access import WORKER_ROLES, participant_ids_query
from core.models import Participant, RecordMark, User


def scope_ids(session: Session, user: User) -> frozenset[int]:
    """Ids of the live participants this user may see (access.participant_ids_query)."""
    if not user.active:
        return frozenset()
    return frozenset(session.execute(_scope_query(user.role), _rights(user)).scalars())


def scope_marks(session: Session, user: User) -> dict[int, int]:
    """The scope as {participant id: mark}, the highest version written to the
    participant's row or any row of their record (core.models.marks): one query,
    with the scope itself."""
    if not user.active:
        return {}
    rows = session.execute(_marks_query(user.role), _rights(user))
    return {pid: max(version, mark or 0) for pid, version, mark in rows}


def _rights(user: User) -> dict[str, Any]:
    return {"scope_user": user.id, "scope_team": user.team_id}


def _who(role: str) -> User:
    """A user of `role` whose id and team are bound parameters (_rights): the statements
    below are built once per role, not once per user (building one costs more than
    running it, and a server has more users than any per-user cache should hold). The
    rights are read from the database each time; only the SQL is kept."""
    return cast(User, SimpleNamespace(role=role, id=bindparam("scope_user", type_=Integer),
                                      team_id=bindparam("scope_team", type_=Integer)))


@cache
def _marks_query(role: str) -> Any:
    return select(Participant.id, Participant.version, RecordMark.version).outerjoin(
        RecordMark, RecordMark.participant_id == Participant.id).where(
        Participant.id.in_(participant_ids_query(_who(role))), Participant.deleted_at.is_(None))


@cache
def _scope_query(role: str) -> Any:
    return select(Participant.id).where(
        Participant.id.in_(participant_ids_query(_who(role))), Participant.deleted_at.is_(None))


def can_write(user: User) -> bool:
    """Workers write through sync; a participant writes their own plan (each mutation
    names the roles it allows: sync.mutations.base.MutationSpec.writers)."""
    return user.active and user.role in (*WORKER_ROLES, "participant")
