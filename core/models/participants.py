"""Participants, caseload assignments and tenancies."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, FieldVersionsMixin, SyncMixin, utcnow


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
    # The end comment holds someone else's information: the participant does not read it.
    comment_hidden: Mapped[bool] = mapped_column(Boolean, default=False)

    # The landlord in the team's register and the contact person for this flat
    # (core/models/landlords.py); `landlord` above keeps the name either way.
    landlord_id: Mapped[int | None] = mapped_column(ForeignKey("landlord.id"), index=True)
    landlord_contact_id: Mapped[int | None] = mapped_column(ForeignKey("landlord_contact.id"))

    participant: Mapped[Participant] = relationship(back_populates="tenancies")
    registered_landlord = relationship("Landlord")
    landlord_contact = relationship("LandlordContact")


class ParticipantInvite(Base):
    """A one-time code a case manager gives a participant to make their own account.

    Only the code's SHA-256 is stored; a code expires, is used once, and a new
    invite for the same participant replaces the open one (also to set a
    forgotten passphrase again)."""

    __tablename__ = "participant_invite"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    participant: Mapped[Participant] = relationship()
