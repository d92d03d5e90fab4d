"""Record marks: the high-water mark of each participant's record.

`record_mark.version` is at least the version of every synced row of one
participant's record (every row with that `participant_id`), written in the
same transaction as the rows. A pull reads the marks of its scope with the
scope itself (one query) and asks the entity tables only about participants
whose mark is newer than its cookie: an empty incremental pull reads no
entity table at all, and one with changes probes only the participants that
changed (sync.pull), whatever the caseload holds.

Two paths write synced rows, and both keep the mark: the ORM (a flush marks
the participants of the rows `before_flush` stamped, base._stamp_versions)
and the sync push, which writes past the ORM (sync.mutations.base.ApplyContext
calls `mark_records`). A participant row's own version counts as its mark
too (sync.scope.scope_marks), so a change to the participant row needs no
mark. A missing mark counts as 0. A participant that joins a scope is sent
in full, marks or not; anything that writes rows around both paths (a raw
bulk load, as bench/bench_sync.py does) must write the marks too.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ForeignKey, Integer, case, event, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import STAMPED, Base, SyncMixin


class RecordMark(Base):
    """The highest version written to any row of one participant's record."""

    __tablename__ = "record_mark"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


def _upsert(dialect: str) -> Any:
    table = RecordMark.__table__
    module: Any = postgresql if dialect == "postgresql" else sqlite
    stmt = module.insert(table)
    newer = case((stmt.excluded.version > table.c.version, stmt.excluded.version),
                 else_=table.c.version)
    return stmt.on_conflict_do_update(index_elements=[table.c.participant_id],
                                      set_={"version": newer})


_UPSERTS: dict[str, Any] = {}


def mark_records(conn: Connection, participant_ids: Iterable[int | None], version: int) -> None:
    """Raise the marks of these participants to `version` (in the writing transaction)."""
    ids = sorted({int(p) for p in participant_ids if p is not None})
    if not ids:
        return
    dialect = conn.dialect.name
    stmt = _UPSERTS.get(dialect)
    if stmt is None:
        stmt = _UPSERTS[dialect] = _upsert(dialect)
    conn.execute(stmt, [{"participant_id": p, "version": version} for p in ids])


@event.listens_for(Session, "after_flush")
def _mark_flushed(session: Session, flush_context: Any) -> None:
    rows = session.info.pop(STAMPED, None)
    if not rows:
        return
    by_version: dict[int, set[int]] = {}
    for obj, version in rows:
        pid = getattr(obj, "participant_id", None) if isinstance(obj, SyncMixin) else None
        if pid is not None:
            by_version.setdefault(version, set()).add(pid)
    conn = session.connection()
    for version, pids in by_version.items():
        mark_records(conn, pids, version)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction: Any) -> None:
    session.info.pop(STAMPED, None)


def unmarked(session: Session) -> list[tuple[str, int, int]]:
    """(table, participant id, version) of every row newer than its participant's mark
    and the participant row's own version: empty whenever every write kept the marks
    (the tests check it after each test that writes)."""
    from .participants import Participant

    p, m = Participant.__table__, RecordMark.__table__
    found: list[tuple[str, int, int]] = []
    for table in Base.metadata.sorted_tables:
        if "participant_id" not in table.c or "uuid" not in table.c:
            continue
        newest = (select(table.c.participant_id, func.max(table.c.version).label("v"))
                  .group_by(table.c.participant_id).subquery())
        query = (select(newest.c.participant_id, newest.c.v)
                 .join(p, p.c.id == newest.c.participant_id)
                 .outerjoin(m, m.c.participant_id == newest.c.participant_id)
                 .where(newest.c.v > p.c.version,
                        or_(m.c.version.is_(None), newest.c.v > m.c.version)))
        found += [(table.name, pid, v) for pid, v in session.execute(query)]
    return found
