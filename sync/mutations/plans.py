"""goal.create, goal.update, goal.set_status, step.create, step.update.

Goals and steps are co-written and merged field by field (sync.merge). Their
arguments are the entity spec's fields (core.spec.entities): one definition.
"""
from __future__ import annotations

from typing import Any

from core.models import Goal, Participant, Plan, Step
from core.spec.entities import GOAL, PARTICIPANT_REF, STEP, UUID

from ..bulk import load_one
from ..fields import Field
from ..merge import merge_fields
from .base import ApplyContext, Call, MutationSpec, Outcome, Refused
from .notes import participant_id

GOAL_FIELDS = GOAL.pick("lifeArea", "ownWords", "whyItMatters", "writtenBy")
STATUS_FIELDS = GOAL.pick("status", "statusComment")
STEP_FIELDS = STEP.pick("what", "who", "dueOn", "doneOn")
GOAL_CREATE = {"uuid": UUID, "participant": PARTICIPANT_REF, **GOAL_FIELDS}
STEP_CREATE = {"uuid": UUID, **STEP.pick("goal", "what", "who", "dueOn")}


def columns(fields: dict[str, Field], args: dict[str, Any]) -> dict[str, Any]:
    """The stored values of the plain (not ref) fields given."""
    return {fields[k].column: v for k, v in args.items()
            if k in fields and fields[k].column and fields[k].kind != "ref"}


def changes(fields: dict[str, Field], call: Call) -> dict[str, tuple[str, Any]]:
    return {wire: (fields[wire].column, call.args[wire]) for wire in call.changed}


def parent(name: str, row: Any) -> dict[str, Any]:
    """The foreign key to `row`; a new row's id is filled in when the batch is inserted."""
    return {f"{name}_id": row.id if row.id is not None else row}


def plan_for(ctx: ApplyContext, pid: int) -> Any:
    """The participant's plan, created when they have none."""
    if pid not in ctx.plans:
        plan = load_one(ctx.conn, Plan, (Plan.participant_id == pid) & Plan.deleted_at.is_(None),
                        Plan.id.desc())
        ctx.plans[pid] = plan or ctx.create(Plan, participant_id=pid)
    return ctx.plans[pid]


def already_there(ctx: ApplyContext, model: Any, uuid: str, pid: int) -> Outcome | None:
    """A create for a uuid that exists for the same participant changes nothing."""
    row = ctx.get(model, uuid)
    if row is None:
        return None
    ctx.require_scope(row.participant_id)
    if row.participant_id != pid or row.deleted_at is not None:
        raise Refused("duplicate_uuid", "Another record already uses this uuid.")
    return Outcome(uuid, pid)


def goal_create(ctx: ApplyContext, call: Call) -> Outcome:
    pid = participant_id(ctx, call.args["participant"])
    again = already_there(ctx, Goal, call.args["uuid"], pid)
    if again:
        return again
    goal = ctx.create(Goal, uuid=call.args["uuid"], participant_id=pid,
                      created_by_id=ctx.user_id, **parent("plan", plan_for(ctx, pid)),
                      **columns(GOAL_FIELDS, call.args))
    return Outcome(goal.uuid, pid)


def live_in_scope(ctx: ApplyContext, model: Any, uuid: str) -> Any:
    row = ctx.live(model, uuid)
    ctx.require_scope(row.participant_id)
    return row


def merged(model: Any, entity: str, fields: dict[str, Field]) -> Any:
    def apply(ctx: ApplyContext, call: Call) -> Outcome:
        row = live_in_scope(ctx, model, call.args["uuid"])
        conflicts = merge_fields(ctx, call, entity, row, changes(fields, call))
        return Outcome(row.uuid, row.participant_id, conflicts)
    return apply


def step_create(ctx: ApplyContext, call: Call) -> Outcome:
    goal = live_in_scope(ctx, Goal, call.args["goal"])
    again = already_there(ctx, Step, call.args["uuid"], goal.participant_id)
    if again:
        return again
    step = ctx.create(Step, uuid=call.args["uuid"], participant_id=goal.participant_id,
                      **parent("goal", goal), **columns(STEP_CREATE, call.args))
    return Outcome(step.uuid, goal.participant_id)


SPECS = [
    MutationSpec("goal.create", "goal", GOAL_CREATE, goal_create,
                 refs={"uuid": Goal, "participant": Participant},
                 required=("uuid", "participant", *GOAL.needed_on_create(GOAL_FIELDS))),
    MutationSpec("goal.update", "goal", {"uuid": UUID, **GOAL_FIELDS},
                 merged(Goal, "goal", GOAL_FIELDS), merged=True, refs={"uuid": Goal}),
    MutationSpec("goal.set_status", "goal", {"uuid": UUID, **STATUS_FIELDS},
                 merged(Goal, "goal", STATUS_FIELDS), merged=True, refs={"uuid": Goal},
                 required=("uuid", "status")),
    MutationSpec("step.create", "step", STEP_CREATE, step_create,
                 refs={"uuid": Step, "goal": Goal},
                 required=("uuid", *STEP.needed_on_create(STEP_CREATE))),
    MutationSpec("step.update", "step", {"uuid": UUID, **STEP_FIELDS},
                 merged(Step, "step", STEP_FIELDS), merged=True, refs={"uuid": Step}),
]
