"""Writes audit events. Never pass free text here: ids and action names only."""
from __future__ import annotations

from flask_login import current_user
from sqlalchemy import insert

from core.models import AuditEvent, audit_row, in_read, write_after_read

from .extensions import db


def record(
    action: str,
    *,
    entity: str = "",
    entity_uuid: str = "",
    participant_id: int | None = None,
    device_id: int | None = None,
    count: int = 1,
    user_id: int | None = None,
) -> None:
    if user_id is None and current_user and current_user.is_authenticated:
        user_id = current_user.id
    row = audit_row(action, user_id=user_id, entity=entity, entity_uuid=entity_uuid,
                    participant_id=participant_id, device_id=device_id, count=count)
    if in_read(db.session()):  # a page view: written once the read has ended
        write_after_read(db.session(), insert(AuditEvent), row)
    else:
        db.session.add(AuditEvent(**row))
