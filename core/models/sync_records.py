"""Sync bookkeeping: conflicts and refused mutations."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, SyncMixin, utcnow


class SyncConflict(SyncMixin, Base):
    """A field changed on both sides: the server value stays, both are kept."""

    __tablename__ = "sync_conflict"
    entity: Mapped[str] = mapped_column(String(30))
    entity_uuid: Mapped[str] = mapped_column(String(36), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    field: Mapped[str] = mapped_column(String(60))
    base_version: Mapped[int] = mapped_column(BigInteger)
    base_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    server_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    client_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))
    mutation_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    resolution: Mapped[str | None] = mapped_column(String(20))
    resolved_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    # Who made the server's side of the conflict, on which device, and when (the
    # field's stamp names the device; the time is known when no later change
    # followed it). None: a server page, or a device since deleted.
    server_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    server_device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))
    server_changed_at: Mapped[datetime | None] = mapped_column(DateTime)

    user = relationship("User", foreign_keys=[user_id])


# A pull's open conflicts are one index range of the user's unresolved ones, not every
# conflict they ever had (sync.pull.open_conflicts).
Index("ix_sync_conflict_user_open", SyncConflict.user_id, SyncConflict.resolved_at)


class MutationError(Base):
    """A mutation that can never apply: processed, kept, shown to its device."""

    __tablename__ = "mutation_error"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"))
    mutation_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(60))
    entity_uuid: Mapped[str | None] = mapped_column(String(36))
    code: Mapped[str] = mapped_column(String(60))
    message: Mapped[str] = mapped_column(Text, default="")
    # What was wrong, for the user's own language: {field, problem, params}.
    detail: Mapped[Any] = mapped_column(JSON, nullable=True)
    version: Mapped[int] = mapped_column(Integer, index=True, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# A pull reads its device's refusals since its cookie: one index range, however many
# the device has had (sync.pull._errors).
Index("ix_mutation_error_device_version", MutationError.device_id, MutationError.version)
