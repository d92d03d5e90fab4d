"""The booked dates of a tenancy with the landlord: the joint move-in visit and the
check-ins (avstämningar), and the follow-ups made for them.

A plan's schedule is "a check-in every month for the first M months, then one
every E months" counted from the move-in date (E = 0: none after the first M
months). The n-th check-in is due n months after moving in while n <= M, then
M + (n - M) * E months after it. Number 0 is the joint move-in visit, on the
plan's date for it.

Follow-ups are made (`ensure`) for the booked dates from the plan's
`schedule_from` (the day it was made or its schedule last changed) up to
HORIZON_DAYS ahead, and always for the next one, so a worker sees what is
coming and never a backlog of dates from before the plan. When the tenancy
ends, the booked dates after it are dropped and every open follow-up of the
schedule is taken away (it stays counted in the figures as not held if its
date had passed). Run by the plan's pages, the tenancy's end and the daily
job (`flask landlords tick`).
"""
from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ActionPlan, Assignment, FollowUp, ScheduledCheckin, Tenancy, User, utcnow

HORIZON_DAYS = 35
# A check-in is held on time within this many days after its booked date.
ON_TIME_DAYS = 7
JOINT_MOVE_IN, CHECKIN = "joint_move_in", "landlord_checkin"
MAX_CHECKINS = 600  # fifty years of monthly check-ins: the loop always ends


def add_months(day: date, months: int) -> date:
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Booked:
    number: int
    kind: str
    due_on: date


def checkins(start: date, monthly_months: int, every_months: int) -> Iterator[Booked]:
    """The check-ins after a move-in on `start`, in order (an endless schedule is cut
    off by the caller)."""
    for n in range(1, MAX_CHECKINS + 1):
        if n <= monthly_months:
            months = n
        elif every_months > 0:
            months = monthly_months + (n - monthly_months) * every_months
        else:
            return
        try:
            yield Booked(n, CHECKIN, add_months(start, months))
        except ValueError:  # past year 9999
            return


def booked(plan: ActionPlan, tenancy: Tenancy, until: date) -> list[Booked]:
    """Every booked date of the tenancy up to `until` (and the first one after it), and
    never after the tenancy ended."""
    out = []
    if plan.joint_visit_on is not None:
        out.append(Booked(0, JOINT_MOVE_IN, plan.joint_visit_on))
    for item in checkins(tenancy.start_date, plan.checkin_monthly_months,
                         plan.checkin_every_months):
        if tenancy.end_date is not None and item.due_on > tenancy.end_date:
            break
        out.append(item)
        if item.due_on > until:
            break
    return [b for b in out if tenancy.end_date is None or b.due_on <= tenancy.end_date]


def upcoming(plan: ActionPlan, tenancy: Tenancy, day: date, count: int) -> list[Booked]:
    """The next `count` booked dates from `day` on (for the pages and the printout)."""
    out = []
    if plan.joint_visit_on is not None and plan.joint_visit_on >= day:
        out.append(Booked(0, JOINT_MOVE_IN, plan.joint_visit_on))
    for item in checkins(tenancy.start_date, plan.checkin_monthly_months,
                         plan.checkin_every_months):
        if len(out) >= count or (tenancy.end_date is not None
                                 and item.due_on > tenancy.end_date):
            break
        if item.due_on >= day:
            out.append(item)
    return sorted(out, key=lambda b: b.due_on)[:count]


def assignee_of(session: Session, participant_id: int) -> int | None:
    """Who gets a follow-up nobody asked for: the participant's first assigned worker."""
    return session.execute(
        select(Assignment.user_id).join(User, User.id == Assignment.user_id)
        .where(Assignment.participant_id == participant_id, Assignment.deleted_at.is_(None),
               User.active.is_(True))
        .order_by(Assignment.id)
    ).scalars().first()


def _items(session: Session, tenancy_id: int) -> dict[int, ScheduledCheckin]:
    rows = session.execute(select(ScheduledCheckin).where(
        ScheduledCheckin.tenancy_id == tenancy_id)).scalars()
    return {row.number: row for row in rows}


def _open(item: ScheduledCheckin) -> FollowUp | None:
    f = item.followup
    return f if f is not None and f.deleted_at is None and f.done_on is None else None


def _done(item: ScheduledCheckin) -> bool:
    f = item.followup
    return f is not None and f.deleted_at is None and f.done_on is not None


def _cancel(item: ScheduledCheckin, today: date) -> None:
    f = _open(item)
    if f is not None:
        f.deleted_at = utcnow()
    item.cancelled_on = today


def ensure(session: Session, plan: ActionPlan, today: date) -> None:
    """Bring the tenancy's booked follow-ups in line with its plan and its end."""
    tenancy = plan.tenancy
    items = _items(session, tenancy.id)
    ended = tenancy.end_date is not None or tenancy.deleted_at is not None
    wanted = {} if ended else {b.number: b for b in booked(
        plan, tenancy, today + timedelta(days=HORIZON_DAYS))}
    start = plan.schedule_from or today
    assignee = None
    for number, b in wanted.items():
        item = items.get(number)
        if item is None:
            if b.due_on < start:
                continue
            if assignee is None:
                assignee = assignee_of(session, plan.participant_id)
            _book(session, plan, b, assignee)
        elif item.cancelled_on is None and item.due_on != b.due_on:
            _move(item, b.due_on)
    for number, item in items.items():
        if item.cancelled_on is None and number not in wanted and not _done(item):
            _cancel(item, today)


def _book(session: Session, plan: ActionPlan, b: Booked, assignee: int | None) -> None:
    followup = FollowUp(participant_id=plan.participant_id, kind=b.kind, title="",
                        due_on=b.due_on, assignee_id=assignee)
    session.add(followup)
    session.flush()
    session.add(ScheduledCheckin(tenancy_id=plan.tenancy_id, number=b.number, kind=b.kind,
                                 due_on=b.due_on, followup_id=followup.id))


def _move(item: ScheduledCheckin, due_on: date) -> None:
    """The schedule changed: an open follow-up moves with its booked date."""
    f = _open(item)
    if f is not None and f.due_on == item.due_on:
        f.due_on = due_on
    item.due_on = due_on


def ensure_all(session: Session, today: date) -> int:
    """The daily job, over every plan (an ended tenancy's plan has nothing left to do)."""
    plans = session.execute(select(ActionPlan).where(ActionPlan.deleted_at.is_(None))).scalars()
    count = 0
    for plan in plans:
        ensure(session, plan, today)
        count += 1
    return count


# --- the figures --------------------------------------------------------------------

HELD_ON_TIME, HELD_LATE, NOT_HELD = "on_time", "late", "not_held"


def held(item: ScheduledCheckin, today: date) -> str | None:
    """How a booked date went, once it has come: on time (done within ON_TIME_DAYS of
    its date), late, or not held; None while it has not come or when it was called
    off before its date."""
    f = item.followup
    done = f.done_on if f is not None and f.deleted_at is None else None
    if done is not None:
        return HELD_ON_TIME if done <= item.due_on + timedelta(days=ON_TIME_DAYS) else HELD_LATE
    if item.cancelled_on is not None and item.cancelled_on <= item.due_on:
        return None
    if item.due_on + timedelta(days=ON_TIME_DAYS) < today:
        return NOT_HELD
    return None
