"""Lookups or 404: records by their public uuid with the object-level checks applied.

A record the user may not see answers 404, never 403, so the answer does
not reveal that it exists (a malformed uuid too). A record they may see but
not change in this way answers 403: nothing leaks, they already see it.
A lookup particular to one feature (a note, a team's note, a user for the
admin) sits beside that feature and is built from these.
"""
from __future__ import annotations

from typing import Any, TypeVar, cast
from uuid import UUID

from flask import abort
from sqlalchemy import select

from core import access
from core.models import Participant

from ..extensions import db
from .user import dbs, me

T = TypeVar("T")


def found(row: T | None, visible: bool = True) -> T:
    """`row`, or a 404 when there is none or the user may not see it."""
    if row is None or not visible:
        abort(404)
    return row


def allowed(condition: bool) -> None:
    """A 403 unless `condition`: for what the user sees but may not do."""
    if not condition:
        abort(403)


def by_uuid(model: type[T], uuid: UUID | str | None, *, live: bool = True) -> T | None:
    """The row of `model` with this uuid (a live one unless live=False), or None."""
    m = cast(Any, model)
    query = select(model).where(m.uuid == str(uuid or ""))
    if live:
        query = query.where(m.deleted_at.is_(None))
    return db.session.execute(query).scalar_one_or_none()


def check_participant(participant: Participant | None, *, work: bool = False) -> Participant:
    """404 unless the user may see the participant; with work=True, 403 unless they
    may also write their records (notes, goals, steps, follow-ups)."""
    user = me()
    seen = found(participant, participant is not None
                 and access.can_see_participant(dbs(), user, participant))
    allowed(not work or access.can_work_with(dbs(), user, seen))
    return seen


def participant_or_404(uuid: UUID | str, *, work: bool = False) -> Participant:
    return check_participant(by_uuid(Participant, uuid), work=work)


def owned_or_404(model: type[T], uuid: UUID | str, *, work: bool = False) -> tuple[T, Participant]:
    """A participant-owned row (tenancy, goal, step, follow-up, note) and its participant."""
    row = found(by_uuid(model, uuid))
    participant = db.session.get(Participant, cast(Any, row).participant_id)
    return row, check_participant(participant, work=work)


def team_participant_or_404(uuid: UUID | str | None) -> Participant:
    """A participant of the team the user leads (team-lead pages), else 404."""
    participant = by_uuid(Participant, uuid)
    return found(participant, participant is not None
                 and access.can_manage_team(me(), participant.team_id))
