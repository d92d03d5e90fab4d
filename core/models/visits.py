"""Visit notes, addenda and team-lead reviews."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, SyncMixin, utcnow


class VisitNote(SyncMixin, Base):
    """Author-owned while draft or returned; immutable once signed."""

    __tablename__ = "visit_note"
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    visit_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(30), default="home_visit")
    # What the participant wanted to talk about, in their words.
    participant_topics: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    # Third-party information the participant may not read.
    hidden_from_participant: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    signed_at: Mapped[datetime | None] = mapped_column(DateTime)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    participant = relationship("Participant")
    author = relationship("User", foreign_keys=[author_id])
    signed_by = relationship("User", foreign_keys=[signed_by_id])
    addenda: Mapped[list[NoteAddendum]] = relationship(
        back_populates="note", order_by="NoteAddendum.id"
    )
    reviews: Mapped[list[Review]] = relationship(back_populates="note", order_by="Review.id")


class NoteAddendum(SyncMixin, Base):
    """A correction appended to a signed note; the note itself never changes."""

    __tablename__ = "note_addendum"
    note_id: Mapped[int] = mapped_column(ForeignKey("visit_note.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    note: Mapped[VisitNote] = relationship(back_populates="addenda")
    author = relationship("User")


class Review(SyncMixin, Base):
    """A team lead's decision on a submitted note. Never shown to participants."""

    __tablename__ = "review"
    note_id: Mapped[int] = mapped_column(ForeignKey("visit_note.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    decision: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    note: Mapped[VisitNote] = relationship(back_populates="reviews")
    reviewer = relationship("User")
