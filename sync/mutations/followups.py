"""followup.create, followup.complete, followup.reschedule (merged field by field)."""
from __future__ import annotations

from core.models import FollowUp, Goal, Participant
from core.spec.entities import FOLLOWUP, PARTICIPANT_REF, UUID

from .base import ApplyContext, Call, MutationSpec, Outcome, Refused
from .notes import participant_id
from .plans import already_there, live_in_scope, merged, parent

FOLLOWUP_FIELDS = FOLLOWUP.pick("kind", "title", "dueOn", "doneOn", "outcome")
CREATE_FIELDS = {"uuid": UUID, "participant": PARTICIPANT_REF,
                 **FOLLOWUP.pick("kind", "title", "dueOn", "goal")}
COMPLETE_FIELDS = FOLLOWUP.pick("doneOn", "outcome")
RESCHEDULE_FIELDS = FOLLOWUP.pick("dueOn")


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
    values = {FOLLOWUP_FIELDS[k].column: args[k] for k in ("kind", "title", "dueOn") if k in args}
    row = ctx.create(FollowUp, uuid=args["uuid"], participant_id=pid, assignee_id=ctx.user_id,
                     **values, **_goal_link(ctx, args.get("goal"), pid))
    return Outcome(row.uuid, pid)


SPECS = [
    MutationSpec("followup.create", "followup", CREATE_FIELDS, create,
                 refs={"uuid": FollowUp, "participant": Participant, "goal": Goal},
                 required=("uuid", *FOLLOWUP.needed_on_create(CREATE_FIELDS))),
    MutationSpec("followup.complete", "followup", {"uuid": UUID, **COMPLETE_FIELDS},
                 merged(FollowUp, "followup", COMPLETE_FIELDS), merged=True,
                 refs={"uuid": FollowUp}, required=("uuid", "doneOn")),
    MutationSpec("followup.reschedule", "followup", {"uuid": UUID, **RESCHEDULE_FIELDS},
                 merged(FollowUp, "followup", RESCHEDULE_FIELDS), merged=True,
                 refs={"uuid": FollowUp}, required=("uuid", "dueOn")),
]
