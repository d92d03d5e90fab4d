"""The SQL of a pull: which rows changed for which participants, in (version, uuid) order.

A pull covers three participant segments (see sync.pull): `cont` (in the
client's store and still in scope: rows changed since the cookie), `joined`
(new in scope, or partly sent by an aborted run: every live row, and the
deletes since the cookie) and `left` (gone from scope: every row, as a del).
All queries are bounded by the run's target version and are index range
scans on version or participant id, so an empty pull costs a handful of
indexed queries whatever the size of the database.

Statements are built once per (entity, shape) with bound parameters
(expanding IN lists), so a pull only binds values to cached, compiled SQL.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    String,
    and_,
    bindparam,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from core.models import Participant, User

from .entities import ENTITIES, Entity, audience

CHUNK = 500
BY_NAME = {e.name: e for e in ENTITIES}


@dataclass(frozen=True)
class Segments:
    since: int
    target: int
    cont: tuple[int, ...]
    joined: tuple[int, ...]
    left: tuple[int, ...]


@dataclass(frozen=True)
class Key:
    version: int
    uuid: str
    entity: Entity


@dataclass(frozen=True)
class Shape:
    """What a statement must cover; one cached statement per entity and shape."""

    cont: bool
    joined: bool
    left: bool
    pos: bool
    audience: str

    @staticmethod
    def of(seg: Segments, user: User, pos: bool) -> Shape:
        return Shape(bool(seg.cont), bool(seg.joined), bool(seg.left), pos, audience(user))


def _in(name: str) -> Any:
    return bindparam(name, expanding=True, type_=Integer)


def _segment_clause(entity: Entity, shape: Shape) -> Any:
    m, parts = entity.model, []
    since, target = bindparam("since", type_=Integer), bindparam("target", type_=Integer)
    if shape.cont:
        parts.append(and_(entity.pid.in_(_in("cont")), m.version > since, m.version <= target))
    if shape.joined:  # every live row, and deletes the client may not have seen
        parts.append(and_(entity.pid.in_(_in("joined")), m.version <= target,
                          or_(m.deleted_at.is_(None), m.version > since)))
    if shape.left:
        parts.append(entity.pid.in_(_in("left")))
    return or_(*parts) if parts else None


def _where(entity: Entity, shape: Shape) -> list[Any] | None:
    rule = entity.visible(shape.audience)
    segment = _segment_clause(entity, shape)
    if rule is None or segment is None:
        return None
    clauses = [segment, *rule]
    if shape.pos:
        m = entity.model
        pv, pu = bindparam("pv", type_=Integer), bindparam("pu", type_=String)
        clauses.append(or_(m.version > pv, and_(m.version == pv, m.uuid > pu)))
    return clauses


def _joined(entity: Entity, query: Select[Any], always: bool = True) -> Select[Any]:
    if always or entity.rule_joins:
        for target, on in entity.joins:
            query = query.outerjoin(target, on)
    return query


@cache
def _keys_stmt(name: str, shape: Shape) -> Select[Any] | None:
    entity = BY_NAME[name]
    where = _where(entity, shape)
    if where is None:
        return None
    m = entity.model
    query = _joined(entity, select(m.version, m.uuid).select_from(m), always=False)
    return query.where(*where).order_by(m.version, m.uuid).limit(bindparam("lim", type_=Integer))


@cache
def _count_stmt(name: str, shape: Shape) -> Select[Any] | None:
    entity = BY_NAME[name]
    where = _where(entity, shape)
    if where is None:
        return None
    query = _joined(entity, select(func.count()).select_from(entity.model), always=False)
    return query.where(*where)


@cache
def _rows_stmt(name: str) -> Select[Any]:
    entity = BY_NAME[name]
    m = entity.model
    cols = [col.label(wire) for wire, col in entity.columns]
    cols += [entity.pid.label("_pid"), m.deleted_at.label("_deleted")]
    query = _joined(entity, select(*cols).select_from(m))
    return query.where(m.uuid.in_(bindparam("uuids", expanding=True, type_=String)))


def _params(seg: Segments, user: User, pos: tuple[int, str] | None) -> dict[str, Any]:
    params = {"since": seg.since, "target": seg.target, "cont": list(seg.cont),
              "joined": list(seg.joined), "left": list(seg.left), "me": user.id}
    if pos is not None:
        params.update(pv=pos[0], pu=pos[1])
    return params


@cache
def _page_stmt(shape: Shape) -> Select[Any] | None:
    """Every entity's key query (each its own index range, ordered and limited) as one
    UNION ALL, so a page is one statement however many entities there are; `e` is the
    entity's index in ENTITIES."""
    parts = []
    for i, entity in enumerate(ENTITIES):
        stmt = _keys_stmt(entity.name, shape)
        if stmt is not None:
            sub = stmt.add_columns(literal(i, Integer).label("e")).subquery()
            parts.append(select(sub.c.version, sub.c.uuid, sub.c.e))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else union_all(*parts)  # type: ignore[return-value]


def page_keys(session: Session, user: User, seg: Segments, pos: tuple[int, str] | None,
              limit: int) -> list[Key]:
    """The next `limit` row keys after `pos`, across all entities, in (version, uuid) order."""
    stmt = _page_stmt(Shape.of(seg, user, pos is not None))
    if stmt is None:
        return []
    params = {**_params(seg, user, pos), "lim": limit}
    keys = [Key(v, u, ENTITIES[e]) for v, u, e in session.execute(stmt, params)]
    keys.sort(key=lambda k: (k.version, k.uuid))
    return keys[:limit]


def count(session: Session, user: User, seg: Segments) -> int:
    shape = Shape.of(seg, user, False)
    params = _params(seg, user, None)
    total = 0
    for entity in ENTITIES:
        stmt = _count_stmt(entity.name, shape)
        if stmt is not None:
            total += int(session.execute(stmt, params).scalar() or 0)
    return total


def full_rows(session: Session, entity: Entity, uuids: list[str]) -> list[Any]:
    rows: list[Any] = []
    for start in range(0, len(uuids), CHUNK):
        chunk = uuids[start:start + CHUNK]
        rows += session.execute(_rows_stmt(entity.name), {"uuids": chunk}).all()
    return rows


def participant_uuids(session: Session, ids: set[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start:start + CHUNK]
        found.update({pid: uuid for pid, uuid in session.execute(_uuids_stmt(), {"ids": chunk})})
    return found


@cache
def _uuids_stmt() -> Any:
    return select(Participant.id, Participant.uuid).where(
        Participant.id.in_(bindparam("ids", expanding=True, type_=Integer)))
