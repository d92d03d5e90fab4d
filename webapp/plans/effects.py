"""What a change to the plan brings, written through the ORM on the server pages.

The same rules as the sync push (sync/mutations/plans.py, plan_events.py,
followups.py): authorship from who writes (core.authorship), every change
appended to the plan's history (PlanEvent), follow-ups that schedule
themselves (core.schedule), none for a participant who left.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from core.authorship import written_by
from core.due import in_programme
from core.models import FollowUp, Goal, Participant, Plan, PlanEvent, Step, Team, utcnow
from core.schedule import first_support_decision, next_after_done, review_after_agreement

from .. import pages
from ..extensions import db


def plan_of(participant: Participant) -> Plan:
    plan = db.session.execute(
        select(Plan).where(Plan.participant_id == participant.id, Plan.deleted_at.is_(None))
        .order_by(Plan.id)).scalars().first()
    if plan is None:
        plan = pages.added("plan.create", Plan(participant_id=participant.id))
    return plan


def authorship() -> str:
    """A server page is its user's: a worker's page writes as the worker, the
    participant's own pages as the participant (participant mode is the phone's)."""
    return written_by(pages.me().role, False)


def event(participant: Participant, kind: str, *, goal: Goal | None = None,
          step: Step | None = None, **values: Any) -> PlanEvent:
    """Append one entry to the plan's history, written by the page's user."""
    row = PlanEvent(participant_id=participant.id, plan_id=plan_of(participant).id,
                    goal_id=goal.id if goal is not None else (step.goal_id if step else None),
                    step_id=step.id if step is not None else None, kind=kind,
                    written_by=authorship(), author_id=pages.me().id, created_at=utcnow(),
                    **values)
    return pages.added(f"plan.{kind}", row, entity="planEvent")


def changed(participant: Participant, row: Goal | Step, field: str, before: Any,
            after: Any) -> None:
    owner = {"goal": row} if isinstance(row, Goal) else {"step": row}
    event(participant, "changed", field=field, before=_wire(before), after=_wire(after),
          **owner)


def _wire(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _interval(participant: Participant) -> int:
    team = db.session.get(Team, participant.team_id)
    return team.review_interval_months if team is not None else 3


def agree(participant: Participant, comment: str, today: date,
          uuid: str | None = None) -> PlanEvent:
    """The participant marks the plan as theirs; the review is planned."""
    plan = plan_of(participant)
    plan.agreed_on, plan.participant_agreed = today, True
    if comment:
        plan.participant_comment = comment
    extra: dict[str, Any] = {"uuid": uuid} if uuid else {}
    entry = event(participant, "agreed", text=comment, **extra)
    planned = review_after_agreement(today, _interval(participant), participant.status,
                                     participant.deleted_at)
    if planned is not None:
        plan.next_review_due = planned.due_on
        if not _open(participant, "plan_review"):
            plan_followup(participant, planned.kind, planned.due_on, None)
    return entry


def _open(participant: Participant, kind: str) -> bool:
    return db.session.execute(select(FollowUp.id).where(
        FollowUp.participant_id == participant.id, FollowUp.kind == kind,
        FollowUp.done_on.is_(None), FollowUp.deleted_at.is_(None)).limit(1)).first() is not None


def plan_followup(participant: Participant, kind: str, due_on: date,
                  assignee_id: int | None) -> FollowUp | None:
    """A follow-up the rules plan; none for a participant who left the programme."""
    if not in_programme(participant.status, participant.deleted_at):
        return None
    return pages.added("followup.create", FollowUp(
        participant_id=participant.id, kind=kind, due_on=due_on, assignee_id=assignee_id))


def after_completion(followup: FollowUp, participant: Participant) -> FollowUp | None:
    """The next review or renewal a completed follow-up brings (core.schedule)."""
    planned = next_after_done(followup.kind, followup.done_on or date.min,
                              _interval(participant), participant.status,
                              participant.deleted_at)
    if planned is None:
        return None
    if planned.kind == "plan_review":
        plan_of(participant).next_review_due = planned.due_on
    return plan_followup(participant, planned.kind, planned.due_on, followup.assignee_id)


def on_joining(participant: Participant) -> None:
    """A new participant: the yearly support decision is planned from joining."""
    planned = first_support_decision(participant.joined_on)
    plan_followup(participant, planned.kind, planned.due_on, pages.me().id)
