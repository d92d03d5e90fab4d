"""The SQL of a pull: which rows changed for which participants, in (version, uuid) order.

A pull covers three participant segments (see sync.pull): `cont` (in the
client's store and still in scope: rows changed since the cookie), `joined`
(new in scope, or partly sent by an aborted run: every live row, and the
deletes since the cookie) and `left` (gone from scope: every row, as a del). All queries are bounded by the run's target version and are index
range scans on version or participant id, so an empty pull costs a handful
of indexed queries whatever the size of the database.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from webapp.models import Participant, User

from .entities import ENTITIES, Entity

CHUNK = 500


@dataclass(frozen=True)
class Segments:
    since: int
    target: int
    cont: tuple[int, ...]
    joined: tuple[int, ...]
    left: tuple[int, ...]

    def pids(self) -> tuple[int, ...]:
        return self.cont + self.joined + self.left


@dataclass(frozen=True)
class Key:
    version: int
    uuid: str
    entity: Entity


def _segment_clause(entity: Entity, seg: Segments) -> Any:
    m, parts = entity.model, []
    if seg.cont:
        parts.append(and_(entity.pid.in_(seg.cont), m.version > seg.since,
                          m.version <= seg.target))
    if seg.joined:  # every live row, and deletes the client may not have seen
        parts.append(and_(entity.pid.in_(seg.joined), m.version <= seg.target,
                          or_(m.deleted_at.is_(None), m.version > seg.since)))
    if seg.left:
        parts.append(entity.pid.in_(seg.left))
    return or_(*parts) if parts else None


def clauses(entity: Entity, user: User, seg: Segments) -> list[Any] | None:
    """WHERE clauses for this entity's rows in the pull, or None if it sends nothing."""
    rule = entity.visible(user)
    segment = _segment_clause(entity, seg)
    if rule is None or segment is None:
        return None
    return [segment, *rule]


def _after(entity: Entity, pos: tuple[int, str]) -> Any:
    m = entity.model
    return or_(m.version > pos[0], and_(m.version == pos[0], m.uuid > pos[1]))


def _joined(entity: Entity, query: Select[Any], always: bool = True) -> Select[Any]:
    if always or entity.rule_joins:
        for target, on in entity.joins:
            query = query.outerjoin(target, on)
    return query


def page_keys(session: Session, user: User, seg: Segments, pos: tuple[int, str] | None,
              limit: int) -> list[Key]:
    """The next `limit` row keys after `pos`, across all entities, in (version, uuid) order."""
    keys: list[Key] = []
    for entity in ENTITIES:
        where = clauses(entity, user, seg)
        if where is None:
            continue
        m = entity.model
        query = _joined(entity, select(m.version, m.uuid).select_from(m), always=False)
        query = query.where(*where, *([_after(entity, pos)] if pos else []))
        rows = session.execute(query.order_by(m.version, m.uuid).limit(limit))
        keys += [Key(v, u, entity) for v, u in rows]
    keys.sort(key=lambda k: (k.version, k.uuid))
    return keys[:limit]


def count(session: Session, user: User, seg: Segments) -> int:
    total = 0
    for entity in ENTITIES:
        where = clauses(entity, user, seg)
        if where is not None:
            m = entity.model
            query = _joined(entity, select(func.count()).select_from(m), always=False)
            total += int(session.execute(query.where(*where)).scalar() or 0)
    return total


def full_rows(session: Session, entity: Entity, uuids: list[str]) -> list[Any]:
    m = entity.model
    cols = [col.label(wire) for wire, col in entity.columns]
    cols += [entity.pid.label("_pid"), m.deleted_at.label("_deleted")]
    rows: list[Any] = []
    for start in range(0, len(uuids), CHUNK):
        query = _joined(entity, select(*cols).select_from(m))
        rows += session.execute(query.where(m.uuid.in_(uuids[start:start + CHUNK]))).all()
    return rows


def participant_uuids(session: Session, ids: set[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start:start + CHUNK]
        query = select(Participant.id, Participant.uuid).where(Participant.id.in_(chunk))
        found.update({pid: uuid for pid, uuid in session.execute(query)})
    return found
