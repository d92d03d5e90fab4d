"""Lookups and read models of the landlord pages.

A landlord or contact of another team answers 404, as a record out of scope
does; tenancies, plans, items and reports go through the participant scope
(pages.owned_or_404), so only the participant's own team reaches them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from core import access
from core.landlords import schedule
from core.landlords.response import ReportTimes, report_times
from core.models import (
    ActionPlan,
    ActionPlanItem,
    Landlord,
    LandlordContact,
    LandlordReport,
    Participant,
    ScheduledCheckin,
    Tenancy,
)

from .. import pages
from ..extensions import db


def landlord_or_404(uuid: Any) -> Landlord:
    row = pages.by_uuid(Landlord, uuid)
    return pages.found(row, row is not None and row.team_id == pages.me().team_id)


def contact_or_404(uuid: Any) -> LandlordContact:
    row = pages.by_uuid(LandlordContact, uuid)
    return pages.found(row, row is not None and row.landlord.deleted_at is None
                       and row.landlord.team_id == pages.me().team_id)


def team_landlords(team_id: int) -> list[Landlord]:
    return list(db.session.execute(
        select(Landlord).where(Landlord.team_id == team_id, Landlord.deleted_at.is_(None))
        .order_by(func.lower(Landlord.name))).scalars())


def live_contacts(landlord: Landlord) -> list[LandlordContact]:
    return [c for c in landlord.contacts if c.deleted_at is None]


def tenancy_counts(team_id: int) -> dict[int, int]:
    """Current tenancies per registered landlord, over the whole team (a count only)."""
    rows = db.session.execute(
        select(Tenancy.landlord_id, func.count(Tenancy.id))
        .join(Participant, Participant.id == Tenancy.participant_id)
        .where(Participant.team_id == team_id, Participant.deleted_at.is_(None),
               Tenancy.deleted_at.is_(None), Tenancy.end_date.is_(None),
               Tenancy.landlord_id.is_not(None))
        .group_by(Tenancy.landlord_id)).all()
    return {landlord_id: n for landlord_id, n in rows if landlord_id is not None}


def visible_tenancies(landlord: Landlord) -> list[tuple[Tenancy, Participant]]:
    """The landlord's current tenancies of participants this user may see."""
    return list(db.session.execute(
        select(Tenancy, Participant).join(Participant, Participant.id == Tenancy.participant_id)
        .where(Tenancy.landlord_id == landlord.id, Tenancy.deleted_at.is_(None),
               Tenancy.end_date.is_(None),
               Participant.id.in_(access.participant_ids_query(pages.me())),
               Participant.deleted_at.is_(None))
        .order_by(Tenancy.address)).all())


def plan_of(tenancy: Tenancy) -> ActionPlan | None:
    return db.session.execute(
        select(ActionPlan).where(ActionPlan.tenancy_id == tenancy.id,
                                 ActionPlan.deleted_at.is_(None))
        .order_by(ActionPlan.id)).scalars().first()


def items_of(plan: ActionPlan | None) -> list[ActionPlanItem]:
    if plan is None:
        return []
    return [i for i in plan.items if i.deleted_at is None]


def reports_of(tenancy: Tenancy) -> list[LandlordReport]:
    return list(db.session.execute(
        select(LandlordReport).where(LandlordReport.tenancy_id == tenancy.id,
                                     LandlordReport.deleted_at.is_(None))
        .order_by(LandlordReport.received_at.desc(), LandlordReport.id.desc())).scalars())


@dataclass
class BookedRow:
    number: int
    kind: str
    due_on: date
    done_on: date | None
    state: str | None  # schedule.held(): on_time | late | not_held | None
    cancelled: bool


def booked_of(tenancy: Tenancy, today: date) -> list[BookedRow]:
    items = db.session.execute(
        select(ScheduledCheckin).where(ScheduledCheckin.tenancy_id == tenancy.id)
        .order_by(ScheduledCheckin.due_on, ScheduledCheckin.number)).scalars()
    out = []
    for item in items:
        f = item.followup
        done = f.done_on if f is not None and f.deleted_at is None else None
        out.append(BookedRow(item.number, item.kind, item.due_on, done,
                             schedule.held(item, today), item.cancelled_on is not None))
    return out


@dataclass
class ReportRow:
    report: LandlordReport
    times: ReportTimes | None


def with_times(reports: list[LandlordReport], now: datetime) -> list[ReportRow]:
    return [ReportRow(r, report_times(r, now)) for r in reports]


def shared_with_participant(participant: Participant) -> dict[str, Any]:
    """What a participant's own page shows of the landlord work: only what is shared."""
    tenancies = db.session.execute(select(Tenancy.id).where(
        Tenancy.participant_id == participant.id, Tenancy.deleted_at.is_(None))).scalars().all()
    plans = list(db.session.execute(select(ActionPlan).where(
        ActionPlan.tenancy_id.in_(tenancies), ActionPlan.deleted_at.is_(None),
        ActionPlan.shared_with_participant.is_(True)).order_by(ActionPlan.id)).scalars())
    reports = list(db.session.execute(select(LandlordReport).where(
        LandlordReport.participant_id == participant.id, LandlordReport.deleted_at.is_(None),
        LandlordReport.shared_with_participant.is_(True))
        .order_by(LandlordReport.received_at.desc())).scalars())
    return {"plans": [(p, items_of(p)) for p in plans], "reports": reports}
