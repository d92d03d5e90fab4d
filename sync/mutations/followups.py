"""followup.create, followup.complete, followup.reschedule (merged field by field).

Completing a plan review or a yearly support-decision renewal plans the next
one (core.schedule); a participant who left the programme gets no new
follow-ups.
"""
from __future__ import annotations

from core.due import in_programme
from core.models import FollowUp, Goal, Participant
from core.schedule import next_after_done
from core.spec.entities import FOLLOWUP, PARTICIPANT_REF, UUID

from .base import ApplyContext, Call, MutationSpec, Outcome, Refused
from .notes import participant_id
from .plans import already_there, live_in_scope, merged, parent, plan_for

FOLLOWUP_FIELDS = FOLLOWUP.pick("kind", "title", "dueOn", "doneOn", "outcome", "outcomeHidden")
CREATE_FIELDS = {"uuid": UUID, "participant": PARTICIPANT_REF,
                 **FOLLOWUP.pick("kind", "title", "dueOn", "goal")}
COMPLETE_FIELDS = FOLLOWUP.pick("doneOn", "outcome", "outcomeHidden")
RESCHEDULE_FIELDS = FOLLOWUP.pick("dueOn")
LEFT = "The participant has left the programme, so no new follow-ups are planned."


def _goal_link(ctx: ApplyContext, uuid: str | None, pid: int) -> dict[str, object]:
    if uuid is None:
        return {}
    goal = live_in_scope(ctx, Goal, uuid)
    if goal.participant_id != pid:
        raise Refused("bad_args", "goal: belongs to another participant",
                      {"field": "goal", "problem": "not_uuid", "params": {}})
    return parent("goal", goal)


def create(ctx: ApplyContext, call: Call) -> Outcome:
    args = call.args
    pid = participant_id(ctx, args["participant"])
    again = already_there(ctx, FollowUp, args["uuid"], pid)
    if again:
        return again
    person = ctx.get(Participant, args["participant"])
    if not in_programme(person.status, person.deleted_at):
        raise Refused("participant_left", LEFT)
    values = {FOLLOWUP_FIELDS[k].column: args[k] for k in ("kind", "title", "dueOn") if k in args}
    row = ctx.create(FollowUp, uuid=args["uuid"], participant_id=pid, assignee_id=ctx.user_id,
                     **values, **_goal_link(ctx, args.get("goal"), pid))
    return Outcome(row.uuid, pid)


_merge_complete = merged(FollowUp, "followup", COMPLETE_FIELDS)


def complete(ctx: ApplyContext, call: Call) -> Outcome:
    row = live_in_scope(ctx, FollowUp, call.args["uuid"])
    was_open = row.done_on is None
    outcome = _merge_complete(ctx, call)
    if was_open and row.done_on is not None:
        plan_next(ctx, row)
    return outcome


def plan_next(ctx: ApplyContext, done: object) -> None:
    """The follow-up a completed one brings (the next review, next year's renewal)."""
    pid = done.participant_id  # type: ignore[attr-defined]
    person = ctx.person(pid)
    interval = ctx.team(person.team_id).review_interval_months
    planned = next_after_done(done.kind, done.done_on, interval,  # type: ignore[attr-defined]
                              person.status, person.deleted_at)
    if planned is None:
        return
    ctx.create(FollowUp, participant_id=pid, kind=planned.kind, due_on=planned.due_on,
               assignee_id=done.assignee_id)  # type: ignore[attr-defined]
    if planned.kind == "plan_review":
        plan_for(ctx, pid).next_review_due = planned.due_on


SPECS = [
    MutationSpec("followup.create", "followup", CREATE_FIELDS, create,
                 refs={"uuid": FollowUp, "participant": Participant, "goal": Goal},
                 required=("uuid", *FOLLOWUP.needed_on_create(CREATE_FIELDS))),
    MutationSpec("followup.complete", "followup", {"uuid": UUID, **COMPLETE_FIELDS}, complete,
                 merged=True, refs={"uuid": FollowUp}, required=("uuid", "doneOn")),
    MutationSpec("followup.reschedule", "followup", {"uuid": UUID, **RESCHEDULE_FIELDS},
                 merged(FollowUp, "followup", RESCHEDULE_FIELDS), merged=True,
                 refs={"uuid": FollowUp}, required=("uuid", "dueOn")),
]
