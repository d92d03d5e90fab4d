"""Follow-ups: visits, plan reviews, support-decision renewals and more."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, FieldVersionsMixin, SyncMixin


class FollowUp(SyncMixin, FieldVersionsMixin, Base):
    __tablename__ = "follow_up"
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    kind: Mapped[str] = mapped_column(String(30), default="visit")
    title: Mapped[str] = mapped_column(String(255), default="")
    due_on: Mapped[date] = mapped_column(Date, index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goal.id"))
    done_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text, default="")
    # The outcome holds someone else's information: the participant does not read it.
    outcome_hidden: Mapped[bool] = mapped_column(Boolean, default=False)

    participant = relationship("Participant")
    assignee = relationship("User")
    goal = relationship("Goal")
