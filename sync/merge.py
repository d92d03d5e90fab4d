"""Field-level merge and conflict records.

Mergeable rows keep `field_versions = {column: [version, client_id]}`. The
client sends the fields it changed and the record version it started from
(`baseVersion`). For each field: if another writer changed it after
`baseVersion`, the server value stays and a SyncConflict keeps both values
(CouchDB's "keep the losing version"); otherwise the client value is
applied. A field last written by the same device never conflicts with
itself, and both sides agreeing on the value is no conflict.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select

from core.models import Device, SyncConflict

from .mutations.base import ApplyContext, Call
from .serialize import to_wire


def changed_after(row: Any, column: str, base_version: int | None, client_id: str) -> bool:
    """True when `column` was written after `base_version` by another writer."""
    if base_version is None:
        return False
    stamp: list[Any] = (row.field_versions or {}).get(column) or []
    return bool(stamp) and stamp[0] > base_version and stamp[1] != client_id


def merge_fields(ctx: ApplyContext, call: Call, entity: str, row: Any,
                 changes: dict[str, tuple[str, Any]]) -> tuple[str, ...]:
    """Apply {wire: (column, value)} field by field; return the wires that conflicted."""
    conflicts = []
    for wire, (column, value) in changes.items():
        server = getattr(row, column)
        if server == value:
            continue
        if changed_after(row, column, call.base_version, ctx.client_id):
            record_conflict(ctx, call, entity, row, wire, server, value, column)
            conflicts.append(wire)
        else:
            setattr(row, column, value)
    return tuple(conflicts)


_WRITER = select(Device.id, Device.user_id).where(Device.client_id == bindparam("client_id"))


def record_conflict(ctx: ApplyContext, call: Call, entity: str, row: Any, wire: str,
                    server: Any, client: Any, column: str | None = None) -> Any:
    return ctx.create(
        SyncConflict, entity=entity, entity_uuid=row.uuid, participant_id=row.participant_id,
        field=wire,
        base_version=call.base_version or 0, base_value=to_wire(call.base_values.get(wire)),
        server_value=to_wire(server), client_value=to_wire(client), user_id=ctx.user_id,
        device_id=ctx.device_id, mutation_id=call.id, created_at=ctx.now,
        **server_side(ctx, row, column),
    )


def server_side(ctx: ApplyContext, row: Any, column: str | None) -> dict[str, Any]:
    """Who wrote the server's value: the device its field stamp names, and when (the
    row's updated_at, if that write is the row's last). Read only when a conflict
    happens."""
    stamp: list[Any] = (getattr(row, "field_versions", None) or {}).get(column or "") or []
    if len(stamp) < 2 or not stamp[1]:
        return {}
    found = ctx.once(("writer", stamp[1]), lambda: ctx.conn.execute(
        _WRITER, {"client_id": stamp[1]}).first())
    if found is None:
        return {}
    when = row.updated_at if getattr(row, "version", None) == stamp[0] else None
    return {"server_device_id": found[0], "server_user_id": found[1], "server_changed_at": when}
