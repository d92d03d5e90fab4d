"""The team's own fidelity self-assessments (metodtrohet): item by item, with comments.

Server-side records of the team, not of a participant: never synced, never
participant data. The items and the scale are in core/spec (choices
"fidelity_item", "fidelity_rating"); core/fidelity.py maps items to the
eight principles.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, new_uuid, utcnow


class FidelityAssessment(Base):
    __tablename__ = "fidelity_assessment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    assessed_on: Mapped[date] = mapped_column(Date)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    created_by = relationship("User")
    ratings: Mapped[list[FidelityRating]] = relationship(
        back_populates="assessment", order_by="FidelityRating.id")


class FidelityRating(Base):
    __tablename__ = "fidelity_rating"
    __table_args__ = (UniqueConstraint("assessment_id", "item"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("fidelity_assessment.id"), index=True)
    item: Mapped[str] = mapped_column(String(40))
    # "1".."4" (core.spec choice "fidelity_rating"); "" when the team left it unrated.
    rating: Mapped[str] = mapped_column(String(2), default="")
    comment: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[FidelityAssessment] = relationship(back_populates="ratings")
