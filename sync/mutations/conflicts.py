"""conflict.resolve: apply the value the user chose side by side and close the conflict.

"server" keeps the server value, "client" applies the value that lost,
"custom" applies `value`. When the resolve carries a baseVersion and the
field changed again since, the newer server value stays and a new conflict
is written (the same merge rule as every other edit).
"""
from __future__ import annotations

from typing import Any

from core.authorship import may_change_words
from core.models import SyncConflict
from core.spec.entities import CONFLICT, UUID, spec_of

from ..fields import BadArg, Field, Invalid
from ..merge import merge_fields
from ..serialize import to_wire
from .base import EVERYONE, ApplyContext, Call, MutationSpec, Outcome, Refused
from .plans import WORDS_REFUSED, live_in_scope

RESOLVE_FIELDS = {
    "uuid": UUID,
    "resolution": CONFLICT.field("resolution").but(required=True, nullable=False),
    "value": Field("value", "json", nullable=True, writers=EVERYONE),
}


def _open_conflict(ctx: ApplyContext, uuid: str) -> SyncConflict:
    conflict: SyncConflict = ctx.live(SyncConflict, uuid)
    if conflict.user_id != ctx.user_id:
        raise Refused("not_allowed", "Only the person whose change conflicted resolves it.")
    ctx.require_scope(conflict.participant_id)
    return conflict


def _chosen(conflict: SyncConflict, field: Field, args: dict[str, Any]) -> Any:
    if args["resolution"] == "custom" and "value" not in args:
        bad = BadArg("value", Invalid("required"))
        raise Refused("bad_args", bad.english(), bad.detail())
    wire_value = conflict.client_value if args["resolution"] == "client" else args.get("value")
    try:
        return field.parse(wire_value)
    except Invalid as exc:
        bad = BadArg(field.wire, exc)
        raise Refused("bad_args", bad.english(), bad.detail()) from None


def resolve(ctx: ApplyContext, call: Call) -> Outcome:
    conflict = _open_conflict(ctx, call.args["uuid"])
    resolution = call.args["resolution"]
    if conflict.resolved_at is not None:
        if conflict.resolution == resolution:
            return Outcome(conflict.uuid, conflict.participant_id)
        raise Refused("already_resolved", "This conflict was already resolved.")
    entity = spec_of(conflict.entity)
    field = entity.field(conflict.field)
    row = live_in_scope(ctx, entity.model, conflict.entity_uuid)
    again: tuple[str, ...] = ()
    if resolution != "server" and field.words and not may_change_words(
            ctx.role, ctx.participant_mode, getattr(row, "written_by", None)):
        raise Refused("participant_words", WORDS_REFUSED)
    if resolution != "server":
        value = _chosen(conflict, field, call.args)
        change = {conflict.field: (field.column, value)}
        again = merge_fields(ctx, call, conflict.entity, row, change)
    conflict.resolved_at, conflict.resolved_by_id = ctx.now, ctx.user_id
    conflict.resolution = resolution
    conflict.resolved_value = to_wire(getattr(row, field.column))
    return Outcome(conflict.uuid, conflict.participant_id, again)


SPECS = [
    MutationSpec("conflict.resolve", "conflict", RESOLVE_FIELDS, resolve,
                 refs={"uuid": SyncConflict}, required=("uuid", "resolution"), writers=EVERYONE),
]
