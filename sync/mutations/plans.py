"""goal.create, goal.update, goal.set_status, step.create, step.update.

Goals and steps are co-written and merged field by field (sync.merge). Their
arguments are the entity spec's fields (core.spec.entities): one definition.
Authorship is the server's (core.authorship): `writtenBy` is set from who
writes, never taken from the client; words the participant wrote are
refused to a worker with a reason. Every change is appended to the plan's
history (PlanEvent): created, changed (field, before, after), status chosen.
"""
from __future__ import annotations

from typing import Any

from core.authorship import may_change_words
from core.models import Goal, Participant, Plan, PlanEvent, Step
from core.models.base import new_uuid
from core.spec.entities import GOAL, PARTICIPANT_REF, STEP, UUID

from ..bulk import load_by
from ..fields import Field
from ..merge import merge_fields
from ..serialize import to_wire
from .base import EVERYONE, ApplyContext, Call, MutationSpec, Outcome, Refused
from .notes import participant_id

GOAL_FIELDS = GOAL.pick("lifeArea", "ownArea", "ownWords", "whyItMatters", "supportWanted")
STATUS_FIELDS = GOAL.pick("status", "statusComment")
STEP_FIELDS = STEP.pick("what", "who", "whoName", "dueOn", "doneOn")
GOAL_CREATE = {"uuid": UUID, "participant": PARTICIPANT_REF, **GOAL_FIELDS}
STEP_CREATE = {"uuid": UUID, **STEP.pick("goal", "what", "who", "whoName", "dueOn")}
WORDS_REFUSED = ("These are the participant's own words: a case manager may add a comment "
                 "beside them, not change them.")


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
        if pid not in ctx.plans_read:
            _read_plans(ctx, pid)
        if pid not in ctx.plans:
            ctx.plans[pid] = ctx.create(Plan, participant_id=pid)
    return ctx.plans[pid]


def _read_plans(ctx: ApplyContext, pid: int) -> None:
    """The live plans of `pid` and of every participant the batch has read a row of so
    far, in one read: a batch touches a few records, and most of its plan changes come
    after its rows were loaded. A participant's plan is their newest live one."""
    wanted = {pid}
    for (model, _), row in ctx.rows.items():
        if row is None:
            continue
        owner = row.id if model is Participant else getattr(row, "participant_id", None)
        if isinstance(owner, int):
            wanted.add(owner)
    wanted -= ctx.plans_read
    ctx.plans_read |= wanted
    stored: list[Any] = load_by(ctx.conn, Plan, "participant_id", wanted)
    for plan in sorted(stored, key=_row_id):
        if plan.deleted_at is None:
            # Among the batch's rows, so a change to it (an agreement) is written.
            known = ctx.rows.setdefault((Plan, plan.uuid), plan)
            ctx.plans[plan.participant_id] = known or plan


def _row_id(row: Any) -> int:
    return int(row.id)


def already_there(ctx: ApplyContext, model: Any, uuid: str, pid: int) -> Outcome | None:
    """A create for a uuid that exists for the same participant changes nothing."""
    row = ctx.get(model, uuid)
    if row is None:
        return None
    ctx.require_scope(row.participant_id)
    if row.participant_id != pid or row.deleted_at is not None:
        raise Refused("duplicate_uuid", "Another record already uses this uuid.")
    return Outcome(uuid, pid)


def plan_event(ctx: ApplyContext, pid: int, kind: str, *, goal: Any = None, step: Any = None,
               uuid: str | None = None, **values: Any) -> Any:
    """Append one entry to the participant's plan history, written by whoever writes."""
    links = {**(parent("goal", goal) if goal is not None else {}),
             **(parent("step", step) if step is not None else {})}
    return ctx.create(PlanEvent, uuid=uuid or new_uuid(), participant_id=pid, kind=kind,
                      written_by=ctx.written_by(), author_id=ctx.user_id, created_at=ctx.now,
                      **parent("plan", plan_for(ctx, pid)), **links, **values)


def goal_create(ctx: ApplyContext, call: Call) -> Outcome:
    pid = participant_id(ctx, call.args["participant"])
    again = already_there(ctx, Goal, call.args["uuid"], pid)
    if again:
        return again
    goal = ctx.create(Goal, uuid=call.args["uuid"], participant_id=pid,
                      created_by_id=ctx.user_id, written_by=ctx.written_by(),
                      **parent("plan", plan_for(ctx, pid)), **columns(GOAL_FIELDS, call.args))
    plan_event(ctx, pid, "created", goal=goal)
    return Outcome(goal.uuid, pid)


def live_in_scope(ctx: ApplyContext, model: Any, uuid: str) -> Any:
    row = ctx.live(model, uuid)
    ctx.require_scope(row.participant_id)
    return row


def _guard_words(ctx: ApplyContext, fields: dict[str, Field], call: Call, row: Any) -> None:
    if any(fields[w].words for w in call.changed) and not may_change_words(
            ctx.role, ctx.participant_mode, row.written_by):
        raise Refused("participant_words", WORDS_REFUSED)


def merged(model: Any, entity: str, fields: dict[str, Field]) -> Any:
    """A field-by-field merge of `fields`, with the words guarded and the history kept."""
    def apply(ctx: ApplyContext, call: Call) -> Outcome:
        row = live_in_scope(ctx, model, call.args["uuid"])
        if hasattr(row, "written_by"):
            _guard_words(ctx, fields, call, row)
        before = {wire: getattr(row, fields[wire].column) for wire in call.changed}
        conflicts = merge_fields(ctx, call, entity, row, changes(fields, call))
        applied = [w for w in call.changed if w not in conflicts
                   and getattr(row, fields[w].column) != before[w]]
        if applied and model in (Goal, Step):
            _history(ctx, row, fields, applied, before)
        return Outcome(row.uuid, row.participant_id, conflicts)
    return apply


def _history(ctx: ApplyContext, row: Any, fields: dict[str, Field], applied: list[str],
             before: dict[str, Any]) -> None:
    owner = {"goal": row} if row.model is Goal else {"step": row, "goal": Ref(row.goal_id)}
    if "status" in applied:
        plan_event(ctx, row.participant_id, "status", status=row.status,
                   text=row.status_comment or "", **owner)
    for wire in applied:
        if wire in ("status", "statusComment"):
            continue
        plan_event(ctx, row.participant_id, "changed", field=wire,
                   before=to_wire(before[wire]), after=to_wire(getattr(row, fields[wire].column)),
                   **owner)
    if any(fields[w].words for w in applied) and ctx.by_the_participant():
        row.written_by = ctx.written_by()  # the words are now the participant's


class Ref:
    """A stored row known only by its id (a foreign key for parent())."""

    def __init__(self, row_id: int) -> None:
        self.id = row_id


def step_create(ctx: ApplyContext, call: Call) -> Outcome:
    goal = live_in_scope(ctx, Goal, call.args["goal"])
    again = already_there(ctx, Step, call.args["uuid"], goal.participant_id)
    if again:
        return again
    step = ctx.create(Step, uuid=call.args["uuid"], participant_id=goal.participant_id,
                      created_by_id=ctx.user_id, written_by=ctx.written_by(),
                      **parent("goal", goal), **columns(STEP_CREATE, call.args))
    plan_event(ctx, goal.participant_id, "created", goal=goal, step=step)
    return Outcome(step.uuid, goal.participant_id)


SPECS = [
    MutationSpec("goal.create", "goal", GOAL_CREATE, goal_create,
                 refs={"uuid": Goal, "participant": Participant},
                 required=("uuid", "participant", *GOAL.needed_on_create(GOAL_FIELDS)),
                 writers=EVERYONE),
    MutationSpec("goal.update", "goal", {"uuid": UUID, **GOAL_FIELDS},
                 merged(Goal, "goal", GOAL_FIELDS), merged=True, refs={"uuid": Goal},
                 writers=EVERYONE),
    MutationSpec("goal.set_status", "goal", {"uuid": UUID, **STATUS_FIELDS},
                 merged(Goal, "goal", STATUS_FIELDS), merged=True, refs={"uuid": Goal},
                 required=("uuid", "status"), writers=EVERYONE),
    MutationSpec("step.create", "step", STEP_CREATE, step_create,
                 refs={"uuid": Step, "goal": Goal},
                 required=("uuid", *STEP.needed_on_create(STEP_CREATE)), writers=EVERYONE),
    MutationSpec("step.update", "step", {"uuid": UUID, **STEP_FIELDS},
                 merged(Step, "step", STEP_FIELDS), merged=True, refs={"uuid": Step},
                 writers=EVERYONE),
]
