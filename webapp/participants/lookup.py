"""Load records by their public uuid with the object-level checks applied.

A record the user may not see answers 404, never 403, so the answer does
not reveal that it exists. A record they may see but not change answers
403 (nothing leaks: they already see it).
"""
from __future__ import annotations

from datetime import date
from typing import Any, TypeVar, cast
from uuid import UUID

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import access
from core.models import Participant, User

from ..dates import local_today
from ..extensions import db

T = TypeVar("T")


def me() -> User:
    return cast(User, current_user._get_current_object())  # type: ignore[attr-defined]


def session() -> Session:
    """The request's real Session (the access rules take a plain Session)."""
    return db.session()


def today() -> date:
    return local_today()


def _by_uuid(model: type[T], uuid: UUID | str) -> T | None:
    m = cast(Any, model)
    return db.session.execute(
        select(model).where(m.uuid == str(uuid), m.deleted_at.is_(None))
    ).scalar_one_or_none()


def check_participant(participant: Participant | None, *, work: bool = False) -> Participant:
    user = me()
    if participant is None or not access.can_see_participant(session(), user, participant):
        abort(404)
    if work and not access.can_work_with(session(), user, participant):
        abort(403)
    return participant


def participant_or_404(uuid: UUID | str, *, work: bool = False) -> Participant:
    return check_participant(_by_uuid(Participant, uuid), work=work)


def owned_or_404(model: type[T], uuid: UUID | str, *, work: bool = False) -> tuple[T, Participant]:
    """A participant-owned row (tenancy, goal, step, follow-up, note) and its participant."""
    row = _by_uuid(model, uuid)
    if row is None:
        abort(404)
    participant = db.session.get(Participant, cast(Any, row).participant_id)
    return row, check_participant(participant, work=work)
