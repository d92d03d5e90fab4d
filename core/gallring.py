"""Gallring: records removed when the law no longer lets us keep them (SoL/OSL).

- A participant whose case closed (`left_on`) more than `years` ago (default 5):
  every row of their record is deleted — every table with a `participant_id`
  (derived from the metadata, children first), but the audit log, which has its
  own retention. The participant row itself stays as a stub with every personal
  field emptied and a tombstone, so the audit rows keep their reference and phones
  that still hold the person get a `del`.
- Tombstones (rows with `deleted_at`) older than the tombstone retention, and no
  longer referenced by another row, are deleted for good (participant stubs stay).
One audit row per removal (`gallring.participant` with the number of rows,
`gallring.tombstone` per row), ids only. A dry run lists and changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, delete, exists, func, insert, select, update
from sqlalchemy.orm import Session

from .models import AuditEvent, Base, Participant, RecordMark, audit_row
from .models.base import next_version

KEEP_YEARS = 5


@dataclass(frozen=True)
class Removal:
    kind: str  # participant | tombstone
    table: str
    uuid: str
    rows: int


def _participant_tables() -> list[Table]:
    """Tables that hold a participant's record, children before parents (not the audit
    log, nor the record's sync mark: a version number, nothing about the person)."""
    return [t for t in reversed(Base.metadata.sorted_tables)
            if "participant_id" in t.c
            and t.name not in (AuditEvent.__tablename__, RecordMark.__tablename__)]


def closed_cases(session: Session, today: date, years: int = KEEP_YEARS) -> list[Any]:
    cutoff = today.replace(year=today.year - years)
    p = Participant
    return list(session.execute(select(p.id, p.uuid).where(
        p.left_on.is_not(None), p.left_on < cutoff, p.preferred_name != "")).all())


def _remove_participant(session: Session, pid: int, uuid: str, now: datetime) -> int:
    rows = 0
    scoped = {t.name for t in _participant_tables()}
    for table in reversed(Base.metadata.sorted_tables):  # children first
        if table.name == AuditEvent.__tablename__:
            continue
        if table.name in scoped:
            rows += _count(session, table, pid)
            session.execute(delete(table).where(table.c.participant_id == pid))
            continue
        for fk in table.foreign_keys:  # rows that hang on the record without participant_id
            parent = fk.column.table
            if parent.name in scoped:
                owned = select(parent.c.id).where(parent.c.participant_id == pid)
                session.execute(delete(table).where(fk.parent.in_(owned)))
    # The stub: nothing personal left; the tombstone makes phones drop the person.
    session.execute(update(Participant).where(Participant.id == pid).values(
        preferred_name="", left_reason=None, left_comment="", user_id=None,
        field_versions={}, deleted_at=now, version=next_version(session), updated_at=now))
    return rows


def _unreferenced(table: Table) -> list[Any]:
    """NOT EXISTS for every foreign key that points at `table`."""
    clauses = []
    for other in Base.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is table:
                clauses.append(~exists().where(fk.parent == fk.column))
    return clauses


def _purge_tombstones(session: Session, now: datetime, retention_days: int) -> list[Removal]:
    """Children first, table by table: a tombstoned goal goes once its tombstoned steps
    have gone; a row something live still points at stays."""
    cutoff = now - timedelta(days=retention_days)
    removed = []
    for table in reversed(Base.metadata.sorted_tables):
        if "deleted_at" not in table.c or table.name == Participant.__tablename__:
            continue
        query = select(table.c.uuid).where(table.c.deleted_at.is_not(None),
                                           table.c.deleted_at < cutoff, *_unreferenced(table))
        for uuid in session.execute(query).scalars().all():
            session.execute(delete(table).where(table.c.uuid == uuid))
            _audit(session, "gallring.tombstone", table.name, uuid, None, 1, now)
            removed.append(Removal("tombstone", table.name, uuid, 1))
    return removed


def run(session: Session, *, today: date, now: datetime, years: int = KEEP_YEARS,
        retention_days: int = 90, dry_run: bool = False) -> list[Removal]:
    """What is removed; the caller commits. A dry run does the same inside a savepoint
    and rolls it back, so it lists exactly what a run would remove."""
    if dry_run:
        with session.begin_nested() as savepoint:
            removals = _run(session, today, now, years, retention_days)
            savepoint.rollback()
        return removals
    return _run(session, today, now, years, retention_days)


def _run(session: Session, today: date, now: datetime, years: int,
         retention_days: int) -> list[Removal]:
    removals: list[Removal] = []
    for pid, uuid in closed_cases(session, today, years):
        rows = _remove_participant(session, pid, uuid, now)
        _audit(session, "gallring.participant", "participant", uuid, pid, rows, now)
        removals.append(Removal("participant", "participant", uuid, rows))
    return removals + _purge_tombstones(session, now, retention_days)


def _count(session: Session, table: Table, pid: int) -> int:
    query = select(func.count()).select_from(table).where(table.c.participant_id == pid)
    return int(session.execute(query).scalar() or 0)


def _audit(session: Session, action: str, entity: str, uuid: str, pid: int | None,
           rows: int, now: datetime) -> None:
    session.execute(insert(AuditEvent), audit_row(
        action, user_id=None, at=now, entity=entity[:30], entity_uuid=uuid,
        participant_id=pid, count=rows))
