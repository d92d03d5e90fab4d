"""Transactions that lock only when they write (docs/architecture.md, "Transactions").

A transaction is a write unless it was begun with `begin_read`:
- write: SQLite `BEGIN IMMEDIATE` (the write lock at once, so a read-then-write
  transaction queues on the busy timeout instead of failing); PostgreSQL's default.
- read: SQLite a plain `BEGIN` (no lock: a WAL snapshot that writers never wait
  for) with `query_only`, so a stray write raises instead of taking the lock;
  PostgreSQL `REPEATABLE READ, READ ONLY` (one snapshot for every statement, as
  SQLite's). A pull and a page view read in one. A password check reads first
and ends its read with `end_read` before it writes (webapp/boundary.py,
READ_FIRST_ENDPOINTS).

What a read entails writing (the audit row of what was read, last-seen times)
is queued with `write_after_read` and written by `finish` once the read has
ended, in one short write transaction: only reads that have something to record
take the write lock, and only for those rows. An empty pull writes nothing.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .base import READ_ONLY

AFTER_READ = "bokvar_after_read"


def begin_read(session: Session) -> None:
    """Begin the session's transaction as a read. Call before its first statement."""
    if session.in_transaction():
        raise RuntimeError("begin_read: the session already has a transaction")
    options: dict[str, Any] = {READ_ONLY: True}
    if session.get_bind().dialect.name == "postgresql":
        options.update(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    session.connection(execution_options=options)
    session.info[READ_ONLY] = True


def in_read(session: Session) -> bool:
    return bool(session.info.get(READ_ONLY)) and session.in_transaction()


def write_after_read(session: Session, statement: Any, params: dict[str, Any]) -> None:
    """Run `statement` now, or after the read when the session is in one."""
    if in_read(session):
        session.info.setdefault(AFTER_READ, []).append((statement, params))
    else:
        session.execute(statement, params)


def finish(session: Session) -> None:
    """Commit; a read ends first, then what it queued is written in one transaction."""
    if not session.in_transaction():
        return
    if not in_read(session):
        session.commit()
        return
    queued = session.info.pop(AFTER_READ, [])
    session.commit()  # a read: nothing to write, no fsync
    for statement, params in queued:
        session.execute(statement, params)
    if queued:
        session.commit()


def end_read(session: Session) -> None:
    """A request that reads first and writes after a slow step (a password check:
    Argon2 takes a good part of a second by design) ends its read here, so the
    write lock is taken only for the writes that follow, in a write transaction
    of their own that the request's commit point commits. A no-op outside a read."""
    if in_read(session):
        finish(session)


def discard(session: Session) -> None:
    """Roll back; writes a read had queued are dropped with it."""
    session.info.pop(AFTER_READ, None)
    session.rollback()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn: Any) -> None:
    if conn.dialect.name != "sqlite":
        return
    read = bool(conn.get_execution_options().get(READ_ONLY))
    if conn.info.get("query_only", False) != read:  # a pragma per change, not per transaction
        conn.exec_driver_sql(f"PRAGMA query_only={int(read)}")  # before BEGIN IMMEDIATE
        conn.info["query_only"] = read
    conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")
