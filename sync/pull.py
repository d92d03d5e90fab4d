"""build_pull: the changes a device has not seen, scoped, paged, in (version, uuid) order.

A pull *run* brings the client from its cookie's version up to a target
version read when the run starts (with the device's lastMutationID, in the
same transaction). Pages continue the run; the last page's cookie holds the
target. The participant scope is compared with the scope the client's store
covers (kept in the cookie): participants that joined get every live row as
puts, participants that left get every row as dels, whatever caused the
change (assignment, team, role, a deleted participant). If the scope
changes while a run is paged, the run starts again from the cookie's
version; participants the aborted run had begun to send are sent in full
again or deleted, so nothing is missed and nothing stays.

A cookie that is null, not ours, from another user, newer than the
database, from another sync epoch (issued before the database was restored
from a backup: its version may name changes the restore undid, and the
versions after the backup point are handed out again), or older than
tombstone retention gets `clear` and a full resync:
tombstones younger than the retention period are kept, so a cookie issued
within it always finds every delete it has not seen.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import cache
from typing import Any

from sqlalchemy import Integer, bindparam, insert, select, update
from sqlalchemy.orm import Session

from core.models import (
    AuditEvent,
    Device,
    MutationError,
    SyncConflict,
    User,
    audit_row,
    current_epoch,
    utcnow,
    write_after_read,
)

from . import cookie as cookies
from .cookie import Cookie, Run
from .entities import ENTITIES, Entity, audience, conflict_columns
from .pull_queries import Key, Segments, count, full_rows, page_keys, participant_uuids
from .scope import scope_marks

DAY = 86400


@dataclass(frozen=True)
class ErrorOut:
    mutation_id: int
    name: str
    entity_uuid: str | None
    code: str
    message: str
    detail: dict[str, Any] | None = None


@dataclass
class PullResult:
    cookie: str
    last_mutation_id: int
    more: bool
    patch: list[dict[str, Any]]
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    errors: list[ErrorOut] = field(default_factory=list)
    sent: int = 0
    total: int = 0

    @property
    def puts(self) -> int:
        return sum(1 for op in self.patch if op["op"] == "put")


def build_pull(session: Session, user: User, device: Device, cookie_text: str | None, *,
               secret: bytes, page_size: int = 500, retention_days: int = 90,
               now: float | None = None) -> PullResult:
    now_s = int(now if now is not None else time.time())
    latest, epoch = current_epoch(session)
    state = _state(cookie_text, secret, user, latest, epoch, now_s, retention_days)
    clear = state is None
    state = state or Cookie(user.id, 0, (), now_s, epoch=epoch)
    marks = scope_marks(session, user)
    state, run = _run(state, device, tuple(sorted(marks)), latest, now_s)
    seg = _segments(state, run, marks)
    keys = page_keys(session, user, seg, run.pos, page_size + 1)
    more, keys = len(keys) > page_size, keys[:page_size]
    patch = ([{"op": "clear"}] if clear else []) + _patch(session, seg, keys, audience(user))
    result = _finish(session, user, device, state, run, seg, keys, more, patch, secret)
    _audit(session, user, device, result.puts)
    return result


def _state(text: str | None, secret: bytes, user: User, latest: int, epoch: str, now_s: int,
           retention_days: int) -> Cookie | None:
    """The client's cookie if it can be continued from; None means clear and resync."""
    if text is None:
        return None
    state = cookies.decode(text, secret)
    if state is None or state.user_id != user.id or state.version > latest:
        return None
    if state.epoch != epoch:
        return None
    if state.run is not None and state.run.target > latest:
        return None
    if now_s - state.issued > retention_days * DAY:
        return None
    return state


def _run(state: Cookie, device: Device, scope: tuple[int, ...], latest: int,
         now_s: int) -> tuple[Cookie, Run]:
    """Continue the cookie's run, or start one. When the scope changed mid-run, the new
    run starts again from the cookie's version; participants the aborted run was
    sending in full or deleting may be partly on the client, so they are `held`:
    sent in full again if still in scope, deleted if not."""
    run = state.run
    if run is not None and run.scope == scope:
        return state, run
    held: tuple[int, ...] = ()
    if run is not None:
        held = tuple(sorted(set(run.held) | (set(run.scope) ^ set(state.scope))))
    return replace(state, run=None), Run(latest, device.last_mutation_id, scope, now_s,
                                         held=held)


def _segments(state: Cookie, run: Run, marks: dict[int, int]) -> Segments:
    """`cont` holds only the participants whose record mark is newer than the cookie
    (core.models.marks): the others have no row to send, so an empty pull asks no
    entity table and a pull with changes probes only the participants that changed."""
    before, now, held = set(state.scope), set(run.scope), set(run.held)
    known = before - held  # exactly as of the cookie's version on the client
    changed = {p for p in known & now if marks.get(p, 0) > state.version}
    return Segments(state.version, run.target, tuple(sorted(changed)),
                    tuple(sorted(now - known)), tuple(sorted((before | held) - now)))


def _patch(session: Session, seg: Segments, keys: list[Key],
           audience: str) -> list[dict[str, Any]]:
    by_entity: dict[str, list[str]] = {}
    for key in keys:
        by_entity.setdefault(key.entity.name, []).append(key.uuid)
    ops: dict[tuple[str, str], dict[str, Any]] = {}
    rows = [(e, r) for e in ENTITIES if e.name in by_entity
            for r in full_rows(session, e, by_entity[e.name])]
    pids = participant_uuids(session, {r._pid for _, r in rows})
    left = set(seg.left)
    for entity, row in rows:
        ops[(entity.name, row.uuid)] = _op(entity, row, pids, left, audience)
    return [ops[(k.entity.name, k.uuid)] for k in keys if (k.entity.name, k.uuid) in ops]


def _op(entity: Entity, row: Any, pids: dict[int, str], left: set[int],
        audience: str) -> dict[str, Any]:
    if row._deleted is not None or row._pid in left:
        return {"op": "del", "entity": entity.name, "key": row.uuid}
    return {"op": "put", "entity": entity.name, "key": row.uuid,
            "value": value_of(entity, row, pids, audience)}


def value_of(entity: Entity, row: Any, pids: dict[int, str],
             audience: str = "worker") -> dict[str, Any]:
    """The wire value of a row; fields a participant may not see are left out for them."""
    mapping = row._mapping
    value = {wire: (conv(mapping[wire]) if conv else mapping[wire])
             for wire, conv in _CONVERTERS[(entity.name, audience)]}
    for wire, when in _BLANKED[(entity.name, audience)]:
        if mapping[when]:
            value[wire] = ""
    if entity.name != "participant":
        value["participant"] = pids.get(row._pid)
    return value


_AUDIENCES = ("worker", "participant")
_CONVERTERS = {(e.name, a): e.converters(a) for e in ENTITIES for a in _AUDIENCES}
_BLANKED = {(e.name, a): e.blanked_for(a) for e in ENTITIES for a in _AUDIENCES}


def _finish(session: Session, user: User, device: Device, state: Cookie, run: Run,
            seg: Segments, keys: list[Key], more: bool, patch: list[dict[str, Any]],
            secret: bytes) -> PullResult:
    sent = run.sent + len(keys)
    total = run.total if run.total is not None else (
        count(session, user, seg) if more else sent)
    if more:
        pos = (keys[-1].version, keys[-1].uuid)
        next_state = replace(state, run=replace(run, pos=pos, sent=sent, total=total))
        return PullResult(cookies.encode(next_state, secret), run.last_mutation_id, True, patch,
                          sent=sent, total=total)
    done = Cookie(user.id, run.target, run.scope, run.started, epoch=state.epoch)
    return PullResult(cookies.encode(done, secret), run.last_mutation_id, False, patch,
                      open_conflicts(session, user, run.scope), _errors(session, device, seg),
                      sent=sent, total=max(total, sent))


def open_conflicts(session: Session, user: User, scope: tuple[int, ...]) -> list[dict[str, Any]]:
    rows = session.execute(_open_conflicts_stmt(), {"me": user.id, "scope": list(scope)}).all()
    if not rows:
        return []
    pids = participant_uuids(session, {r._pid for r in rows})
    return [value_of(CONFLICT, row, pids, audience(user)) for row in rows]


CONFLICT = next(e for e in ENTITIES if e.name == "conflict")


@cache
def _open_conflicts_stmt() -> Any:
    """Built once (building costs more than running it on an empty result): the user's
    unresolved conflicts in scope, an index range on (user_id, resolved_at)."""
    c = SyncConflict
    cols = [col.label(wire) for wire, col in conflict_columns()] + [c.participant_id.label("_pid")]
    query = select(*cols).select_from(c)
    for alias, on in CONFLICT.joins:
        query = query.outerjoin(alias, on)
    scope = bindparam("scope", expanding=True, type_=Integer)
    return query.where(c.user_id == bindparam("me", type_=Integer), c.resolved_at.is_(None),
                       c.deleted_at.is_(None), c.participant_id.in_(scope)
                       ).order_by(c.version, c.uuid)


def _errors(session: Session, device: Device, seg: Segments) -> list[ErrorOut]:
    params = {"device": device.id, "since": seg.since, "target": seg.target}
    return [ErrorOut(*row) for row in session.execute(_errors_stmt(), params)]


@cache
def _errors_stmt() -> Any:
    """The device's refusals since the cookie: an index range on (device_id, version)."""
    m = MutationError
    return select(m.mutation_id, m.name, m.entity_uuid, m.code, m.message, m.detail).where(
        m.device_id == bindparam("device", type_=Integer),
        m.version > bindparam("since", type_=Integer),
        m.version <= bindparam("target", type_=Integer)).order_by(m.mutation_id)


LAST_SEEN_EVERY = timedelta(minutes=5)  # as a login session's last_seen


def _audit(session: Session, user: User, device: Device, puts: int) -> None:
    """The audit of a read records reads of records: a pull that sent nothing writes
    nothing (a device's last_seen only when it is older than LAST_SEEN_EVERY).
    In a read transaction both wait until the read has ended."""
    now = utcnow()
    if puts:
        write_after_read(session, insert(AuditEvent), audit_row(
            "sync.pull", user_id=user.id, device_id=device.id, count=puts, at=now))
    if device.last_seen is None or now - device.last_seen > LAST_SEEN_EVERY:
        write_after_read(session, update(Device).where(Device.id == device.id)
                         .values(last_seen=now), {})
