"""The implementation plan (genomförandeplan): plan, goals, steps, self-ratings, and
the plan's history (PlanEvent: agreement, disagreement, comments, choices).

Authorship is set by the server from who is writing (core.authorship):
"participant" (their own account), "together" (a worker's phone in
participant mode: the participant is the author of the words) or
"worker". Words a participant wrote are never changed by a worker.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, FieldVersionsMixin, SyncMixin, utcnow


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
    # The participant's own name for the area, when none of the list fits.
    own_area: Mapped[str] = mapped_column(String(120), default="")
    # The goal in the participant's own words: stored and shown verbatim.
    own_words: Mapped[str] = mapped_column(Text)
    why_it_matters: Mapped[str] = mapped_column(Text, default="")
    support_wanted: Mapped[str] = mapped_column(Text, default="")
    written_by: Mapped[str] = mapped_column(String(20), default="worker")
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
    # Who "someone else" is, in the participant's words.
    who_name: Mapped[str] = mapped_column(String(120), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    written_by: Mapped[str] = mapped_column(String(20), default="worker")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    goal: Mapped[Goal] = relationship(back_populates="steps")


class SelfRating(SyncMixin, Base):
    """The participant's own rating of a life area on a worded scale of 1-5
    (core.spec.choices "rating_scale"), with a comment: append-only."""

    __tablename__ = "self_rating"
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    life_area: Mapped[str] = mapped_column(String(30))
    own_area: Mapped[str] = mapped_column(String(120), default="")
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    rated_on: Mapped[date] = mapped_column(Date)
    written_by: Mapped[str] = mapped_column(String(20), default="participant")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class PlanEvent(SyncMixin, Base):
    """One entry of the plan's history, appended and never changed: the participant
    agreed with the plan (or an entry), disagreed (their words), a comment beside an
    entry, a goal or step created, changed (field, before, after) or its status
    chosen (paused, resumed, achieved, changed)."""

    __tablename__ = "plan_event"
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goal.id"), index=True)
    step_id: Mapped[int | None] = mapped_column(ForeignKey("step.id"))
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="")
    field: Mapped[str] = mapped_column(String(40), default="")
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    written_by: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    author = relationship("User")
    goal = relationship("Goal")
    step = relationship("Step")
