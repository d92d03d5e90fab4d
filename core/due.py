"""One rule per number: who is in the programme, what is due, what is overdue.

Every page (caseload, participant page, team page, follow-up overview,
figures, admin's teams) and the PWA's `static/js/due.js` count with these
rules, so the same question gets the same number everywhere:

- A participant is *in the programme* unless they left it (`status ==
  "left"`) or the record was deleted. Support paused by the participant's
  choice is still in the programme. "Active participants" counts these.
- A follow-up is *due* while it is open (not done, not deleted) and its
  participant is in the programme: participants who left drop out of every
  due list, whatever was still open for them.
- A due follow-up is *overdue* when its date has passed (before today), and
  *due soon* from today up to DUE_SOON_DAYS days ahead ("this week").
- Dates that fall due by rule: the first-hand lease 18 months (548 days)
  after moving in on a second-hand lease; the plan review is overdue when
  its date has passed, for a participant in the programme.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from .models import FollowUp, Participant

DUE_SOON_DAYS = 7
LEFT = "left"
# What counts as a home visit (days since the last one: the team page, the figures):
# meetings in the participant's home; a phone call or a meeting elsewhere is not one.
HOME_VISIT_KINDS = ("home_visit", "joint_move_in")
# Second-hand lease from move-in, convertible to first-hand after 18 months.
FIRST_HAND_AFTER = timedelta(days=548)


class _Dated(Protocol):
    due_on: date
    done_on: date | None
    deleted_at: Any


def in_programme(status: str | None, deleted: Any = None) -> bool:
    return deleted is None and status != LEFT


def days_until(day: date, today: date) -> int:
    return (day - today).days


def is_overdue(day: date, today: date) -> bool:
    return day < today


def is_due_soon(day: date, today: date) -> bool:
    """Due today or within the coming DUE_SOON_DAYS days."""
    return 0 <= days_until(day, today) <= DUE_SOON_DAYS


def is_due(followup: _Dated, participant: Participant) -> bool:
    """Open, and its participant is in the programme."""
    return (followup.done_on is None and followup.deleted_at is None
            and in_programme(participant.status, participant.deleted_at))


def overdue(followups: Iterable[_Dated], participant: Participant, today: date) -> list[Any]:
    return [f for f in followups if is_due(f, participant) and is_overdue(f.due_on, today)]


def first_hand_eligible_on(start: date) -> date:
    """The day a second-hand lease that started on `start` may become first-hand."""
    return start + FIRST_HAND_AFTER


def plan_review_overdue(next_review_due: date | None, participant: Participant,
                        today: date) -> bool:
    return (next_review_due is not None and in_programme(participant.status,
                                                         participant.deleted_at)
            and is_overdue(next_review_due, today))


# --- the same rules as SQL ---------------------------------------------------

def in_programme_clauses() -> list[ColumnElement[bool]]:
    return [Participant.deleted_at.is_(None), Participant.status != LEFT]


def active_participant_count(session: Session, team_id: int) -> int:
    """Participants of the team in the programme (the one 'active participants' count)."""
    return int(session.execute(
        select(func.count(Participant.id))
        .where(Participant.team_id == team_id, *in_programme_clauses())
    ).scalar_one())


def due_followups(participant_ids: Any,
                  until: date | None = None) -> Select[FollowUp, Participant]:
    """SELECT (FollowUp, Participant) of the due follow-ups of these participants
    (an id list or a SELECT of ids), due on or before `until` when given, the
    earliest first."""
    query = (
        select(FollowUp, Participant)
        .join(Participant, Participant.id == FollowUp.participant_id)
        .where(FollowUp.participant_id.in_(participant_ids), FollowUp.done_on.is_(None),
               FollowUp.deleted_at.is_(None), *in_programme_clauses())
        .order_by(FollowUp.due_on, FollowUp.id)
    )
    if until is not None:
        query = query.where(FollowUp.due_on <= until)
    return query


def overdue_count(session: Session, participant_ids: Any, today: date) -> int:
    """The number of overdue follow-ups of these participants (the one 'overdue' count)."""
    sub = due_followups(participant_ids, today - timedelta(days=1)).subquery()
    return int(session.execute(select(func.count()).select_from(sub)).scalar_one())
