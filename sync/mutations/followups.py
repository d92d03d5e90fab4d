"""followup.create, followup.complete, followup.reschedule (merged field by field)."""
from __future__ import annotations

from core.models import FOLLOWUP_KINDS, FollowUp, Goal, Participant

from ..fields import Field
from .base import ApplyContext, Call, MutationSpec, Outcome, Refused
from .notes import participant_id
from .plans import UUID, already_there, live_in_scope, merged, parent

FOLLOWUP_FIELDS = {
    "kind": Field("enum", column="kind", choices=FOLLOWUP_KINDS),
    "title": Field("str", column="title", max_len=255),
    "dueOn": Field("date", column="due_on"),
    "doneOn": Field("date", column="done_on"),
    "outcome": Field("str", column="outcome"),
}
CREATE_FIELDS = {
    "uuid": UUID,
    "participant": Field("uuid", required=True),
    "kind": Field("enum", column="kind", choices=FOLLOWUP_KINDS, required=True),
    "title": FOLLOWUP_FIELDS["title"],
    "dueOn": Field("date", column="due_on", required=True),
    "goal": Field("uuid", nullable=True),
}
COMPLETE_FIELDS = {
    "doneOn": Field("date", column="done_on", required=True),
    "outcome": FOLLOWUP_FIELDS["outcome"],
}
RESCHEDULE_FIELDS = {"dueOn": Field("date", column="due_on", required=True)}


def _goal_link(ctx: ApplyContext, uuid: str | None, pid: int) -> dict[str, object]:
    if uuid is None:
        return {}
    goal = live_in_scope(ctx, Goal, uuid)
    if goal.participant_id != pid:
        raise Refused("bad_args", "goal: belongs to another participant")
    return parent("goal", goal)


def create(ctx: ApplyContext, call: Call) -> Outcome:
    args = call.args
    pid = participant_id(ctx, args["participant"])
    again = already_there(ctx, FollowUp, args["uuid"], pid)
    if again:
        return again
    row = ctx.create(FollowUp, uuid=args["uuid"], participant_id=pid, kind=args["kind"],
                     title=args.get("title", ""), due_on=args["dueOn"], assignee_id=ctx.user_id,
                     **_goal_link(ctx, args.get("goal"), pid))
    return Outcome(row.uuid, pid)


SPECS = [
    MutationSpec("followup.create", "followup", CREATE_FIELDS, create,
                 refs={"uuid": FollowUp, "participant": Participant, "goal": Goal}),
    MutationSpec("followup.complete", "followup", {"uuid": UUID, **COMPLETE_FIELDS},
                 merged(FollowUp, "followup", COMPLETE_FIELDS), merged=True,
                 refs={"uuid": FollowUp}),
    MutationSpec("followup.reschedule", "followup", {"uuid": UUID, **RESCHEDULE_FIELDS},
                 merged(FollowUp, "followup", RESCHEDULE_FIELDS), merged=True,
                 refs={"uuid": FollowUp}),
]
