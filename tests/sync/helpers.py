"""Calling the pure package the way the adapter does, without an app."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.models import AuditEvent, MutationError, SyncConflict
from sync import apply_push, build_pull
from sync.protocol import MutationIn

from .world import SECRET, World


def push(world: World, device: str, *mutations: dict[str, Any], first_id: int | None = None):
    dev = world.devices[device]
    start = dev.last_mutation_id + 1 if first_id is None else first_id
    entries = []
    for i, m in enumerate(mutations):
        entry = {"id": start + i, "args": {}, **m}
        entries.append(MutationIn(entry["id"], entry))
    result = apply_push(world.session, dev.user, dev, entries)
    world.session.commit()
    return result


def pull(world: World, device: str, cookie: str | None = None, page_size: int = 500, **kw):
    dev = world.devices[device]
    result = build_pull(world.session, dev.user, dev, cookie, secret=SECRET,
                        page_size=page_size, **kw)
    world.session.commit()
    return result


def pull_all(world: World, device: str, cookie: str | None = None, page_size: int = 500):
    """Every page; returns (patch ops, last result)."""
    ops: list[dict[str, Any]] = []
    while True:
        result = pull(world, device, cookie, page_size)
        ops += result.patch
        cookie = result.cookie
        if not result.more:
            return ops, result


def store(ops: list[dict[str, Any]], start: dict | None = None) -> dict[tuple[str, str], dict]:
    """A client store after applying `ops`."""
    out = dict(start or {})
    for op in ops:
        if op["op"] == "clear":
            out.clear()
        elif op["op"] == "put":
            out[(op["entity"], op["key"])] = op["value"]
        else:
            out.pop((op["entity"], op["key"]), None)
    return out


def errors(world: World, device: str) -> dict[int, str]:
    dev = world.devices[device]
    rows = world.session.execute(select(MutationError).where(MutationError.device_id == dev.id))
    return {e.mutation_id: e.code for e in rows.scalars()}


def conflicts(world: World) -> list[SyncConflict]:
    return list(world.session.execute(select(SyncConflict).order_by(SyncConflict.id)).scalars())


def audit_actions(world: World) -> list[str]:
    return [a.action for a in world.session.execute(select(AuditEvent).order_by(AuditEvent.id))
            .scalars()]


def note_create(uuid: str, participant: str, **extra: Any) -> dict[str, Any]:
    return {"name": "note.create", "args": {"uuid": uuid, "participant": participant,
                                            "visitDate": "2024-05-02", "body": "Hej", **extra}}
