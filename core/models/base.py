"""Declarative base, the sync mixin and the global version counter.

Pure SQLAlchemy: no Flask import, so `sync/` can use the models directly.

Every syncable row carries a public `uuid`, a server `version` taken from a
single global counter *inside the write transaction*, `updated_at` and a
tombstone `deleted_at`. A `before_flush` hook stamps the version on every
new or changed syncable row, so no code path can forget it. Within one
transaction all rows share one version (one counter bump per transaction);
pulls order by (version, uuid), so ties are harmless.

Mergeable rows also keep `field_versions`: {field: [version, client_id]},
the version at which each field last changed and which device changed it
(None for a change made on a server page; the sync push writes past the
ORM and stamps its own rows with the device, sync.bulk).
The sync merge uses it to decide, field by field, whether a client's edit
was made against a stale value (a conflict) or not.
"""
from __future__ import annotations

import uuid as uuid_lib
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Integer, MetaData, String, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, declared_attr, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_uuid() -> str:
    return str(uuid_lib.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class VersionCounter(Base):
    """A single row holding the last version handed out, and the database's sync
    epoch: a restore from a backup sets a new one (webapp/backup.py), so a pull
    cookie from the history the restore undid starts over (sync/pull.py)."""

    __tablename__ = "sync_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    epoch: Mapped[str] = mapped_column(String(32), nullable=False, default="",
                                       server_default="")


class SyncMixin:
    """Columns every synced record has.

    A row of one participant's record (it has `participant_id`) is indexed by
    (participant_id, version): a pull reads the rows of its participants changed
    since its cookie as one index range per participant, so its cost follows what
    changed, not how much the caseload holds (an index on participant_id alone
    made the planner read every row of the caseload). The same index serves
    lookups by participant_id alone.
    """

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, index=True, default=new_uuid)
    version: Mapped[int] = mapped_column(Integer, index=True, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        if "participant_id" not in cls.__dict__:
            return ()
        name = f"ix_{cls.__dict__['__tablename__']}_participant_version"
        return (Index(name, "participant_id", "version"),)


class FieldVersionsMixin:
    """Per-field change tracking for records merged field by field."""

    field_versions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Columns that are never merged field by field (bookkeeping).
    _untracked = frozenset({"id", "uuid", "version", "updated_at", "field_versions"})


_BUMP_VERSION = text("UPDATE sync_version SET value = value + 1 WHERE id = 1 RETURNING value")
_CURRENT_VERSION = text("SELECT value FROM sync_version WHERE id = 1")
_CURRENT_EPOCH = text("SELECT value, epoch FROM sync_version WHERE id = 1")
_NEW_EPOCH = text("UPDATE sync_version SET epoch = :epoch, "
                  "value = CASE WHEN value < :floor THEN :floor ELSE value END WHERE id = 1")


def next_version(session: Session) -> int:
    """One version per transaction, taken from the counter row.

    The UPDATE takes the row's write lock until commit (PostgreSQL) or runs
    inside a BEGIN IMMEDIATE transaction (SQLite), so versions become
    visible in the order they were handed out.
    """
    cached = session.info.get("tx_version")
    if cached is not None:
        return int(cached)
    value = session.execute(_BUMP_VERSION).scalar()
    if value is None:
        session.execute(text("INSERT INTO sync_version (id, value) VALUES (1, 1)"))
        value = 1
    session.info["tx_version"] = int(value)
    return int(value)


def current_version(session: Session) -> int:
    value = session.execute(_CURRENT_VERSION).scalar()
    return int(value or 0)


def current_epoch(session: Session) -> tuple[int, str]:
    """(current version, sync epoch) in one read; ("" until the first restore)."""
    row = session.execute(_CURRENT_EPOCH).first()
    return (int(row[0] or 0), str(row[1] or "")) if row else (0, "")


def new_epoch(session: Session, version_floor: int = 0) -> str:
    """Start a new sync epoch (after a restore), the version counter lifted to at
    least `version_floor` (what the replaced database had reached); the caller commits."""
    epoch = uuid_lib.uuid4().hex
    session.execute(_NEW_EPOCH, {"epoch": epoch, "floor": version_floor})
    return epoch


def _changed_columns(obj: Any) -> list[str]:
    state = inspect(obj)
    names = []
    for attr in state.mapper.column_attrs:
        if state.attrs[attr.key].history.has_changes():
            names.append(attr.key)
    return names


STAMPED = "bokvar_stamped"  # session.info: (row, version) of this flush, for marks.py


@event.listens_for(Session, "before_flush")
def _stamp_versions(session: Session, flush_context: Any, instances: Any) -> None:
    targets = [o for o in list(session.new) + list(session.dirty) if isinstance(o, SyncMixin)]
    if not targets:
        return
    now = utcnow()
    for obj in targets:
        is_new = obj in session.new
        changed = _changed_columns(obj)
        if not is_new and not changed:
            continue
        version = next_version(session)
        obj.version = version
        obj.updated_at = now
        session.info.setdefault(STAMPED, []).append((obj, version))  # marks.py
        if isinstance(obj, FieldVersionsMixin):
            fields = dict(obj.field_versions or {})
            tracked = changed if not is_new else [
                a.key for a in inspect(obj).mapper.column_attrs
            ]
            for name in tracked:
                if name not in FieldVersionsMixin._untracked:
                    fields[name] = [version, None]  # None: not from a device
            obj.field_versions = fields


@event.listens_for(Session, "after_transaction_end")
def _forget_version(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop("tx_version", None)
        session.info.pop(READ_ONLY, None)


READ_ONLY = "bokvar_read_only"  # session.info / execution option: see transactions.py


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """Production pragmas for every SQLite connection.

    Autocommit at the driver level lets us emit BEGIN ourselves (see
    core.models.transactions): BEGIN IMMEDIATE for a transaction that may
    write, so one that reads before it writes never fails with
    SQLITE_BUSY_SNAPSHOT under concurrent writers; a plain BEGIN for a read.
    """
    module = type(dbapi_connection).__module__
    if "sqlite" not in module:
        return
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()
