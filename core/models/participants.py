"""Participants, caseload assignments and tenancies."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, FieldVersionsMixin, SyncMixin


class Participant(SyncMixin, FieldVersionsMixin, Base):
    __tablename__ = "participant"
    preferred_name: Mapped[str] = mapped_column(String(120))
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="active")
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    left_reason: Mapped[str | None] = mapped_column(String(30))
    left_comment: Mapped[str] = mapped_column(Text, default="")
    # The participant's own login, if they have one.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), unique=True)

    team = relationship("Team")
    user = relationship("User")
    assignments: Mapped[list[Assignment]] = relationship(back_populates="participant")
    tenancies: Mapped[list[Tenancy]] = relationship(
        back_populates="participant", order_by="Tenancy.start_date"
    )


class Assignment(SyncMixin, Base):
    """Participant ↔ worker. A tombstoned assignment means unassigned."""

    __tablename__ = "assignment"
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)

    participant: Mapped[Participant] = relationship(back_populates="assignments")
    user = relationship("User")


class Tenancy(SyncMixin, FieldVersionsMixin, Base):
    __tablename__ = "tenancy"
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    address: Mapped[str] = mapped_column(String(255))
    landlord: Mapped[str] = mapped_column(String(120))
    lease_type: Mapped[str] = mapped_column(String(20), default="second_hand")
    start_date: Mapped[date] = mapped_column(Date)
    first_hand_eligible_on: Mapped[date | None] = mapped_column(Date)
    # The day the second-hand lease became first-hand in this same flat (a lease
    # conversion); None while second-hand, or when the lease was first-hand from the start.
    first_hand_on: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(30))
    end_comment: Mapped[str] = mapped_column(Text, default="")

    participant: Mapped[Participant] = relationship(back_populates="tenancies")
