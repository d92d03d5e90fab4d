"""How server pages write a participant's records: add, audit; never commit
(the request's commit point does that, webapp.pages.transaction)."""
from __future__ import annotations

from typing import Any, TypeVar

from core.models import Participant

from .. import audit
from ..extensions import db

T = TypeVar("T")


def audited(action: str, row: Any, *, entity: str | None = None) -> None:
    """An audit event for `row` (entity: the action's first word unless given)."""
    participant_id = row.id if isinstance(row, Participant) else row.participant_id
    audit.record(action, entity=entity or action.partition(".")[0], entity_uuid=row.uuid,
                 participant_id=participant_id)


def added(action: str, row: T, *, entity: str | None = None) -> T:
    """Add a new row, flush it (for its id and uuid) and audit its creation."""
    db.session.add(row)
    db.session.flush()
    audited(action, row, entity=entity)
    return row
