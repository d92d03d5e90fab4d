"""The implementation plan (genomförandeplan): plan, goals, steps, self-ratings."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, FieldVersionsMixin, SyncMixin


class Plan(SyncMixin, FieldVersionsMixin, Base):
    __tablename__ = "plan"
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    agreed_on: Mapped[date | None] = mapped_column(Date)
    participant_agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    participant_comment: Mapped[str] = mapped_column(Text, default="")
    next_review_due: Mapped[date | None] = mapped_column(Date)

    participant = relationship("Participant")
    goals: Mapped[list[Goal]] = relationship(back_populates="plan", order_by="Goal.id")


class Goal(SyncMixin, FieldVersionsMixin, Base):
    __tablename__ = "goal"
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    life_area: Mapped[str] = mapped_column(String(30))
    # The goal in the participant's own words: stored and shown verbatim.
    own_words: Mapped[str] = mapped_column(Text)
    why_it_matters: Mapped[str] = mapped_column(Text, default="")
    written_by: Mapped[str] = mapped_column(String(20), default="participant")
    status: Mapped[str] = mapped_column(String(20), default="active")
    status_comment: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    plan: Mapped[Plan] = relationship(back_populates="goals")
    participant = relationship("Participant")
    steps: Mapped[list[Step]] = relationship(back_populates="goal", order_by="Step.id")


class Step(SyncMixin, FieldVersionsMixin, Base):
    __tablename__ = "step"
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    what: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(20), default="participant")
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)

    goal: Mapped[Goal] = relationship(back_populates="steps")


class SelfRating(SyncMixin, Base):
    """The participant's own rating of a life area (1–10), with a comment."""

    __tablename__ = "self_rating"
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    life_area: Mapped[str] = mapped_column(String(30))
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    rated_on: Mapped[date] = mapped_column(Date)
