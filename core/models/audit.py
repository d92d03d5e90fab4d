"""Append-only audit log: who read or changed what, when, from which device.

Never holds note text or other free text about a participant.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(30), default="")
    entity_uuid: Mapped[str] = mapped_column(String(36), default="")
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id"), index=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))
    count: Mapped[int] = mapped_column(Integer, default=1)


def audit_row(action: str, *, user_id: int | None, at: datetime | None = None,
              entity: str = "", entity_uuid: str = "", participant_id: int | None = None,
              device_id: int | None = None, count: int = 1) -> dict[str, Any]:
    """The one builder of an audit row (ids and action names only, never free text):
    the ORM (`AuditEvent(**audit_row(...))`) and the push's executemany both use it."""
    return {"at": at or utcnow(), "user_id": user_id, "action": action, "entity": entity,
            "entity_uuid": entity_uuid, "participant_id": participant_id,
            "device_id": device_id, "count": count}


class AuditLogIsAppendOnly(Exception):
    pass


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_change(mapper: Any, connection: Any, target: AuditEvent) -> None:
    raise AuditLogIsAppendOnly("audit events are never changed or deleted")
