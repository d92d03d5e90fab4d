"""The follow-ups a landlord report raises when a commitment is about to be missed.

For each of a report's two commitments (first contact with the tenant, the
visit): once it is *about to be missed* (half its time gone, nothing
recorded: core.landlords.response) or missed, and the report is still open,
a follow-up is raised — kind "landlord_first_contact" or "landlord_visit",
due on the deadline's date, for the worker who logged the report (or the
participant's first assigned worker). When the first contact or the visit
is recorded, or the report is closed, that follow-up is marked done on
that day; when the report's time of arrival is corrected, it moves with
the deadline. A report raises each follow-up at most once: its uuid is kept
on the report.

`changes()` decides; `apply()` carries the decision out through a writer,
so the server pages and the daily job (the ORM, `OrmWriter`) and a sync
batch (its Records, sync/mutations/landlords.py) do exactly the same.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from .. import due
from ..access import can_work_with
from ..models import ActionPlan, FollowUp, LandlordReport, Participant, User
from ..models.base import new_uuid
from .response import MISSED, SOON, moment, report_times
from .schedule import assignee_of

CONTACT, VISIT = "contact", "visit"
KIND = {CONTACT: "landlord_first_contact", VISIT: "landlord_visit"}
LINK = {CONTACT: "contact_followup", VISIT: "visit_followup"}
RAISE, CLOSE, MOVE = "raise", "close", "move"


@dataclass(frozen=True)
class Change:
    which: str  # CONTACT or VISIT
    action: str  # RAISE, CLOSE or MOVE
    day: date  # the due date (raise, move) or the day it was done (close)


def changes(report: Any, existing: dict[str, tuple[date, date | None] | None],
            now: datetime) -> list[Change]:
    """What to do with the report's follow-ups; `existing` = {which: (due_on, done_on)}
    of the live follow-ups it raised before."""
    times = report_times(report, now)
    if times is None:
        return []
    closed = moment(report.closed_at)
    out = []
    for which, progress in ((CONTACT, times.contact), (VISIT, times.visit)):
        before = existing.get(which)
        if before is None:
            if closed is None and progress.done is None and progress.state in (SOON, MISSED):
                out.append(Change(which, RAISE, progress.due.date()))
            continue
        due_on, done_on = before
        if done_on is not None:
            continue
        finished = progress.done or closed
        if finished is not None:
            out.append(Change(which, CLOSE, finished.date()))
        elif due_on != progress.due.date():
            out.append(Change(which, MOVE, progress.due.date()))
    return out


class Writer(Protocol):
    def followup(self, uuid: str) -> Any | None: ...
    def new_followup(self, **values: Any) -> Any: ...


def apply(report: Any, now: datetime, writer: Writer, assignee_id: int | None) -> list[Change]:
    existing: dict[str, tuple[date, date | None] | None] = {}
    rows: dict[str, Any] = {}
    for which, link in LINK.items():
        uuid = getattr(report, link)
        row = writer.followup(uuid) if uuid else None
        if row is not None and row.deleted_at is None:
            rows[which] = row
            existing[which] = (row.due_on, row.done_on)
        elif uuid:
            existing[which] = (date.min, date.min)  # raised once and taken away: never again
    done = changes(report, existing, now)
    for change in done:
        if change.action == RAISE:
            row = writer.new_followup(uuid=new_uuid(), participant_id=report.participant_id,
                                      kind=KIND[change.which], title="", due_on=change.day,
                                      assignee_id=assignee_id)
            setattr(report, LINK[change.which], row.uuid)
        elif change.action == CLOSE:
            rows[change.which].done_on = change.day
        else:
            rows[change.which].due_on = change.day
    return done


def commitment_columns(plan: ActionPlan | Any | None) -> dict[str, Any]:
    """The commitment a new report is judged by: its tenancy's plan's, as it is now."""
    if plan is None:
        return {"commit_contact_hours": None, "commit_visit_days": None,
                "commit_counting": None}
    return {"commit_contact_hours": plan.first_contact_hours,
            "commit_visit_days": plan.visit_days, "commit_counting": plan.counting}


class OrmWriter:
    def __init__(self, session: Session) -> None:
        self.session = session

    def followup(self, uuid: str) -> FollowUp | None:
        return self.session.execute(
            select(FollowUp).where(FollowUp.uuid == uuid)).scalar_one_or_none()

    def new_followup(self, **values: Any) -> FollowUp:
        row = FollowUp(**values)
        self.session.add(row)
        return row


def open_reports(session: Session) -> list[LandlordReport]:
    """The job's work: reports still open of participants in the programme, and any
    report whose raised follow-up is still open (closed by a path that did not apply
    the rule, e.g. an import)."""
    raised_open = select(FollowUp.id).where(
        FollowUp.uuid.in_([LandlordReport.contact_followup, LandlordReport.visit_followup]),
        FollowUp.done_on.is_(None), FollowUp.deleted_at.is_(None)).exists()
    return list(session.execute(
        select(LandlordReport).join(Participant, Participant.id == LandlordReport.participant_id)
        .where(or_(LandlordReport.closed_at.is_(None), raised_open),
               LandlordReport.deleted_at.is_(None),
               LandlordReport.commit_contact_hours.is_not(None), *due.in_programme_clauses())
        .order_by(LandlordReport.id)
    ).scalars())


def assignee_for(session: Session, report: LandlordReport) -> int | None:
    """The worker who logged the report while they still work with the participant,
    else the participant's first assigned worker."""
    first = assignee_of(session, report.participant_id)
    if report.created_by_id is None:
        return first
    logger = session.get(User, report.created_by_id)
    participant = session.get(Participant, report.participant_id)
    if logger is not None and participant is not None and can_work_with(session, logger,
                                                                          participant):
        return logger.id
    return first


def raise_due(session: Session, now: datetime) -> int:
    """The job: apply the rule to every open report; the number of changes made."""
    writer = OrmWriter(session)
    count = 0
    for report in open_reports(session):
        count += len(apply(report, now, writer, assignee_for(session, report)))
    return count
