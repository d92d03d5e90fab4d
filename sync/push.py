"""apply_push: one batch of mutations from one device, in one transaction.

Replicache's rules: a mutation id at or below the device's lastMutationID is
a resend and skipped; a gap stops processing; each processed mutation bumps
lastMutationID in the same transaction as its effects. A replay after the
server was restored from a backup (the phone's `confirmedThrough` is above
lastMutationID) may have gaps up to confirmedThrough: ids the phone's journal
no longer holds, or that were refused; lastMutationID then reaches at least
confirmedThrough (docs/architecture.md, "Sync after a restore"). A mutation
that can never apply is processed anyway, with its error recorded
(MutationError), so it never blocks the queue.

Mutations are checked before they change anything (sync.mutations.base), so
the batch normally writes once, at its end: the rows it read and created
are sync.bulk Records, written with one executemany per table and shape,
and the audit rows and errors likewise. If that write still fails on a
constraint, the batch is replayed with a SAVEPOINT per mutation so only the
failing mutation is rolled back and recorded as an error.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from core.models import AuditEvent, Device, MutationError, User, audit_row, utcnow
from core.models.base import next_version

from .bulk import executemany
from .devices import PushDevice
from .fields import UUID_RE
from .mutations import ApplyContext, Call, MutationSpec, Outcome, Refused, parse_call
from .protocol import MutationIn
from .scope import scope_ids
from .serialize import safe_text


class MutationResult(NamedTuple):
    id: int
    status: str  # applied | conflict | error | skipped
    code: str | None = None
    message: str | None = None
    conflicts: tuple[str, ...] = ()
    detail: dict[str, Any] | None = None  # {field, problem, params} of a refusal
    entity: str | None = None


@dataclass(frozen=True)
class PushResult:
    last_mutation_id: int
    results: list[MutationResult]


@dataclass(slots=True)
class _Item:
    """One mutation on its way through the batch."""

    raw: MutationIn
    spec: MutationSpec | None = None
    call: Call | None = None
    outcome: Outcome | None = None
    refused: Refused | None = None


def apply_push(session: Session, user: User, device: Device | PushDevice,
               mutations: list[MutationIn], now: datetime | None = None,
               confirmed_through: int = 0) -> PushResult:
    """Apply the batch in the session's transaction (the caller commits)."""
    now = now or utcnow()
    if session.new or session.dirty or session.deleted:
        session.flush()  # the batch reads and writes with Core, past the ORM
    skipped, todo = _select(device.last_mutation_id, mutations, confirmed_through)
    items = [_parse(m, user.role) for m in todo]
    last = max(device.last_mutation_id, confirmed_through)
    if items:
        # Taken outside any savepoint, so a rollback there cannot undo the counter.
        version = next_version(session)
        ctx = ApplyContext(session, user, device, now, scope_ids(session, user), version)
        _run(ctx, items)
        _record(ctx, items)
        last = max(last, todo[-1].id)
    _seen(session, device, last, now)
    results = skipped + [_result(item) for item in items]
    return PushResult(last, sorted(results, key=lambda r: r.id))


_DEVICES = cast(Table, Device.__table__)
_DEVICE_SEEN = update(_DEVICES).where(_DEVICES.c.id == bindparam("_pk"))


def _seen(session: Session, device: Device | PushDevice, last_mutation_id: int,
          now: datetime) -> None:
    """Bump lastMutationID and last_seen; the device object shows the stored values."""
    session.connection().execute(_DEVICE_SEEN, {"_pk": device.id, "last_seen": now,
                                                "last_mutation_id": last_mutation_id})
    if isinstance(device, PushDevice):
        device.last_mutation_id = last_mutation_id
    else:
        set_committed_value(device, "last_mutation_id", last_mutation_id)
        set_committed_value(device, "last_seen", now)


def _select(last: int, mutations: list[MutationIn],
            through: int = 0) -> tuple[list[MutationResult], list[MutationIn]]:
    """Resends are skipped; processing runs from last + 1 and stops at the first gap,
    except at or below `through` (a replay: those ids may be missing for good)."""
    skipped, todo = [], []
    expected = last + 1
    for m in sorted(mutations, key=lambda m: m.id):
        if m.id > through:
            expected = max(expected, through + 1)
        if m.id < expected:
            skipped.append(MutationResult(m.id, "skipped"))
        elif m.id == expected or m.id <= through:
            todo.append(m)
            expected = m.id + 1
        else:
            break
    return skipped, todo


def _parse(raw: MutationIn, role: str) -> _Item:
    item = _Item(raw)
    try:
        item.spec, item.call = parse_call(raw.raw, role)
    except Refused as refused:
        item.refused = refused
    return item


def _preload(ctx: ApplyContext, items: list[_Item]) -> None:
    wanted: dict[Any, set[str]] = {}
    for item in items:
        if item.call is None or item.spec is None:
            continue
        for arg, model in item.spec.refs.items():
            value = item.call.args.get(arg)
            if isinstance(value, str):
                wanted.setdefault(model, set()).add(value)
    for model, uuids in wanted.items():
        ctx.preload(model, uuids)


def _apply(ctx: ApplyContext, item: _Item) -> None:
    if item.call is None or item.spec is None:
        return
    ctx.mutation_id = item.call.id
    ctx.writers, ctx.call = item.spec.writers, item.call
    try:
        item.outcome = item.spec.apply(ctx, item.call)
    except Refused as refused:
        item.refused = refused


@contextmanager
def _savepoint(ctx: ApplyContext) -> Iterator[None]:
    """A SAVEPOINT that is really there. The session emits one only when it next
    procures its connection, and the batch writes past the session on the DBAPI
    cursor: without this, a failed write inside rolled back to nothing. SQLite
    forgave that (a failed statement leaves its transaction usable); PostgreSQL
    aborts the whole transaction, so the replay below failed with
    InFailedSqlTransaction and the push answered 500."""
    with ctx.session.begin_nested():
        ctx.session.connection()  # emits SAVEPOINT now
        yield


def _run(ctx: ApplyContext, items: list[_Item]) -> None:
    try:
        with _savepoint(ctx):
            _preload(ctx, items)
            for item in items:
                _apply(ctx, item)
            ctx.write()
    except IntegrityError:
        _run_isolated(ctx, items)


def _run_isolated(ctx: ApplyContext, items: list[_Item]) -> None:
    for item in items:
        ctx.reset()
        item.outcome = None
        if item.call is not None:
            item.refused = None  # refused by the fast run: decide again
        try:
            with _savepoint(ctx):
                _apply(ctx, item)
                ctx.write()
        except IntegrityError:
            item.outcome = None
            item.refused = Refused("cannot_apply", "The change clashes with stored data.")


def _record(ctx: ApplyContext, items: list[_Item]) -> None:
    conn = ctx.conn
    errors = [_error_row(ctx, item) for item in items if item.refused is not None]
    if errors:
        executemany(conn, ("insert", MutationError), _insert_errors, errors)
    executemany(conn, ("insert", AuditEvent), _insert_audit,
                [_audit_row(ctx, item) for item in items])


def _insert_errors() -> Any:
    return insert(cast(Table, MutationError.__table__))


def _insert_audit() -> Any:
    return insert(cast(Table, AuditEvent.__table__))


def _entity_uuid(item: _Item) -> str | None:
    if item.outcome is not None:
        return item.outcome.entity_uuid
    args = item.raw.raw.get("args")
    value = args.get("uuid") if isinstance(args, dict) else None
    return value if isinstance(value, str) and UUID_RE.match(value) else None


def _error_row(ctx: ApplyContext, item: _Item) -> dict[str, Any]:
    assert item.refused is not None
    name = item.raw.raw.get("name")
    return {
        "device_id": ctx.device_id, "mutation_id": item.raw.id,
        "name": safe_text(name if isinstance(name, str) else "", 60),
        "entity_uuid": _entity_uuid(item), "code": item.refused.code,
        "message": safe_text(item.refused.message, 500), "detail": item.refused.detail,
        "version": ctx.version, "created_at": ctx.now,
    }


def _audit_row(ctx: ApplyContext, item: _Item) -> dict[str, Any]:
    applied = item.outcome is not None and item.spec is not None
    return audit_row(
        f"sync.{item.spec.name}" if applied and item.spec else "sync.refused",
        user_id=ctx.user_id, at=ctx.now, device_id=ctx.device_id,
        entity=item.spec.entity if item.spec else "", entity_uuid=_entity_uuid(item) or "",
        participant_id=item.outcome.participant_id if item.outcome else None)


def _result(item: _Item) -> MutationResult:
    if item.refused is not None:
        return MutationResult(item.raw.id, "error", item.refused.code, item.refused.message,
                              detail=item.refused.detail,
                              entity=item.spec.entity if item.spec else None)
    assert item.outcome is not None
    conflicts = item.outcome.conflicts
    return MutationResult(item.raw.id, "conflict" if conflicts else "applied",
                          conflicts=conflicts)
