"""Landlords and their contact people, the joint action plan per tenancy, landlord
reports (disturbances and other contacts) and the booked check-ins.

Landlords and contacts are the team's register (server pages only). The action
plan, its items and the reports belong to a participant's tenancy and sync to
the phones of the participant's workers; a participant's own account gets a
plan or a report only when it is marked as shared with them.

Moments a person reports (when the landlord called, when the team reached the
tenant) are the team's wall clock, kept as "YYYY-MM-DDTHH:MM" text: the
response rules count working hours on that clock (core.landlords.response).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, FieldVersionsMixin, SyncMixin, new_uuid, utcnow

MOMENT = 16  # "YYYY-MM-DDTHH:MM"


class Landlord(Base):
    """A housing company the team works with (not synced: the team's register)."""

    __tablename__ = "landlord"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)

    contacts: Mapped[list[LandlordContact]] = relationship(
        back_populates="landlord", order_by="LandlordContact.name")


class LandlordContact(Base):
    """A person at the landlord: name, role (bovärd, förvaltare), phone."""

    __tablename__ = "landlord_contact"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    landlord_id: Mapped[int] = mapped_column(ForeignKey("landlord.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)

    landlord: Mapped[Landlord] = relationship(back_populates="contacts")


class ActionPlan(SyncMixin, Base):
    """The joint action plan of one tenancy, agreed at move-in by the participant, the
    landlord and the team: what the landlord does on a complaint, what the team
    commits to, the check-in schedule, and (items) what the participant wants the
    landlord to know or not to know."""

    __tablename__ = "action_plan"
    # One plan per tenancy: the pages make one only when there is none (the first counts).
    tenancy_id: Mapped[int] = mapped_column(ForeignKey("tenancy.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    agreed_on: Mapped[date | None] = mapped_column(Date)
    # The participant agreed to the plan and to giving the landlord its shared parts.
    participant_agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    landlord_agreed_by: Mapped[str] = mapped_column(String(120), default="")
    # The landlord's part, on a complaint: whom to call, when, what else they do.
    landlord_calls: Mapped[str] = mapped_column(Text, default="")
    call_hours: Mapped[str] = mapped_column(Text, default="")
    landlord_steps: Mapped[str] = mapped_column(Text, default="")
    # The team's commitment.
    first_contact_hours: Mapped[int] = mapped_column(Integer, default=4)
    visit_days: Mapped[int] = mapped_column(Integer, default=2)
    counting: Mapped[str] = mapped_column(String(20), default="working")
    team_steps: Mapped[str] = mapped_column(Text, default="")
    # The joint move-in visit and the booked check-ins.
    joint_visit_on: Mapped[date | None] = mapped_column(Date)
    checkin_monthly_months: Mapped[int] = mapped_column(Integer, default=6)
    checkin_every_months: Mapped[int] = mapped_column(Integer, default=3)
    # Scheduled follow-ups are made for dates from this day on (the day the
    # plan was made, or its schedule last changed): never a backlog of old dates.
    schedule_from: Mapped[date | None] = mapped_column(Date)
    shared_with_participant: Mapped[bool] = mapped_column(Boolean, default=False)

    tenancy = relationship("Tenancy")
    participant = relationship("Participant")
    items: Mapped[list[ActionPlanItem]] = relationship(
        back_populates="plan", order_by="ActionPlanItem.id")


class ActionPlanItem(SyncMixin, Base):
    """Something the participant wants the landlord to know, or not to know, in their
    own words, with their answer to "may the landlord know this?"."""

    __tablename__ = "action_plan_item"
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    written_by: Mapped[str] = mapped_column(String(20), default="participant")
    sharing: Mapped[str] = mapped_column(String(20))
    # The day the participant gave this answer (set when it is saved or changed).
    answered_on: Mapped[date | None] = mapped_column(Date)

    plan: Mapped[ActionPlan] = relationship(back_populates="items")


class LandlordReport(SyncMixin, FieldVersionsMixin, Base):
    """A landlord's call or e-mail about a tenancy (a disturbance or another matter),
    and what the team did: first contact with the tenant, the visit, what was agreed,
    when it was closed. Written offline on the phone, merged field by field."""

    __tablename__ = "landlord_report"
    tenancy_id: Mapped[int] = mapped_column(ForeignKey("tenancy.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="disturbance")
    channel: Mapped[str] = mapped_column(String(20), default="phone")
    received_at: Mapped[str] = mapped_column(String(MOMENT))
    reported_by: Mapped[str] = mapped_column(String(120), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    first_contact_at: Mapped[str | None] = mapped_column(String(MOMENT))
    visit_at: Mapped[str | None] = mapped_column(String(MOMENT))
    agreed: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[str | None] = mapped_column(String(MOMENT))
    outcome: Mapped[str] = mapped_column(Text, default="")
    shared_with_participant: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # The commitment of the tenancy's action plan when the report came in (a later
    # change of the plan does not change how this report is judged); None: no plan.
    commit_contact_hours: Mapped[int | None] = mapped_column(Integer)
    commit_visit_days: Mapped[int | None] = mapped_column(Integer)
    commit_counting: Mapped[str | None] = mapped_column(String(20))
    # The follow-ups raised when a commitment was about to be missed (their uuids).
    contact_followup: Mapped[str | None] = mapped_column(String(36))
    visit_followup: Mapped[str | None] = mapped_column(String(36))

    tenancy = relationship("Tenancy")
    participant = relationship("Participant")


class ScheduledCheckin(Base):
    """One booked date of a tenancy's schedule (number 0: the joint move-in visit,
    1...: check-ins with the landlord) and the follow-up made for it."""

    __tablename__ = "scheduled_checkin"
    __table_args__ = (UniqueConstraint("tenancy_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenancy_id: Mapped[int] = mapped_column(ForeignKey("tenancy.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    due_on: Mapped[date] = mapped_column(Date)
    followup_id: Mapped[int | None] = mapped_column(ForeignKey("follow_up.id"))
    cancelled_on: Mapped[date | None] = mapped_column(Date)

    followup = relationship("FollowUp")
