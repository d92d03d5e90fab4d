"""What every mutation shares: the parsed call, the apply context, refusals.

A mutation is applied in three steps: parse (args against its fields),
check (rights now, record state), then change. Only parse and check may
refuse, so a refused mutation has changed nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import bindparam, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from core.authorship import by_the_participant, written_by
from core.models import Device, Participant, Team, User, mark_records
from core.spec.fields import EVERYONE, WORKERS

from ..bulk import Record, insert_new, load, new_row, stamp_new, update_changed
from ..devices import PushDevice
from ..fields import Field
from ..scope import can_write

__all__ = ["EVERYONE", "WORKERS", "ApplyContext", "Call", "MutationSpec", "Outcome", "Refused"]


class Refused(Exception):
    """A mutation that can never apply: recorded, shown to its device, never retried.

    `message` is English (logs, docs); `detail` ({field, problem, params}) lets the
    app say what was wrong in the user's own language (core.spec.words)."""

    def __init__(self, code: str, message: str, detail: dict[str, Any] | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.detail = detail


class Call(NamedTuple):
    """One parsed mutation. (Tuples: a batch makes a hundred of these and of Outcome.)"""

    id: int
    name: str
    args: dict[str, Any]
    base_version: int | None
    changed: tuple[str, ...]
    base_values: dict[str, Any]
    # Written on a worker's phone in participant mode: that participant's uuid.
    mode: str | None = None


class Outcome(NamedTuple):
    entity_uuid: str
    participant_id: int | None
    conflicts: tuple[str, ...] = ()


@dataclass(frozen=True)
class MutationSpec:
    name: str
    entity: str
    fields: dict[str, Field]
    apply: Callable[[ApplyContext, Call], Outcome]
    merged: bool = False
    # Argument name -> model, for loading every referenced row of a batch at once.
    refs: dict[str, Any] = field(default_factory=dict)
    # Arguments that must be given (the others may be left out).
    required: tuple[str, ...] = ("uuid",)
    # The roles that may make this change (a participant: only in their own plan).
    writers: frozenset[str] = WORKERS


@dataclass
class ApplyContext:
    """What a batch's mutations share: who, when, the rights read for the batch, and
    the rows read and created so far (sync.bulk Records, written by `write`)."""

    session: Session
    user: User
    device: Device | PushDevice
    now: datetime
    scope: frozenset[int]
    version: int = 0
    # (model, uuid) -> the row, or None when there is no such row.
    rows: dict[tuple[Any, str], Record | None] = field(default_factory=dict)
    plans: dict[int, Record] = field(default_factory=dict)
    plans_read: set[int] = field(default_factory=set)  # participants whose plan was read
    pending: dict[Any, list[Record]] = field(default_factory=dict)
    mutation_id: int = 0
    # The field_versions of new rows, one map per model (sync.bulk.new_row).
    _stamps: dict[Any, dict[str, Any]] = field(default_factory=dict)
    # Read once from the ORM objects: the batch uses them for every row.
    user_id: int = field(init=False)
    device_id: int = field(init=False)
    client_id: str = field(init=False)
    writer: bool = field(init=False)
    role: str = field(init=False)
    conn: Connection = field(init=False)
    # The roles the mutation being applied allows, and its call (set per mutation).
    writers: frozenset[str] = WORKERS
    call: Call | None = None
    # Rows the batch reads but never writes (teams, people, devices): each read once.
    _once: dict[Any, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.user_id = self.user.id
        self.device_id = self.device.id
        self.client_id = self.device.client_id
        self.writer = can_write(self.user)
        self.role = self.user.role
        self.conn = self.session.connection()  # savepoints run on the same connection

    def preload(self, model: Any, uuids: set[str]) -> None:
        missing = [u for u in uuids if (model, u) not in self.rows]
        if not missing:
            return
        found = load(self.conn, model, missing)
        for u in missing:
            self.rows[(model, u)] = found.get(u)

    def get(self, model: Any, uuid: str) -> Any:
        if (model, uuid) not in self.rows:
            self.preload(model, {uuid})
        return self.rows[(model, uuid)]

    def live(self, model: Any, uuid: str) -> Any:
        """The row, or Refused("not_found") when it does not exist or is deleted."""
        row = self.get(model, uuid)
        if row is None or row.deleted_at is not None:
            raise Refused("not_found", f"{model.__name__} {uuid} does not exist.")
        return row

    def create(self, model: Any, **values: Any) -> Any:
        """A new row of `model`, inserted by `write`."""
        stamps = self._stamps.get(model)
        if stamps is None:
            stamps = self._stamps[model] = stamp_new(model, self.version, self.client_id)
        row = new_row(model, values, self.version, self.client_id, self.now, stamps)
        self.pending.setdefault(model, []).append(row)
        self.rows[(model, row.uuid)] = row
        return row

    def write(self) -> None:
        """Insert the created rows and write the changed ones (sync.bulk), and raise the
        record marks of their participants (core.models.marks) in the same savepoint."""
        conn = self.conn
        created = [row for rows in self.pending.values() for row in rows]
        insert_new(conn, self.pending)
        self.pending.clear()
        changed = update_changed(conn, (r for r in self.rows.values() if r is not None),
                                 self.version, self.client_id, self.now)
        mark_records(conn, {_participant_id(r) for r in (*created, *changed)}, self.version)
        _expire_orm_copies(self.session, changed)

    def reset(self) -> None:
        """Forget cached rows (after a rollback)."""
        self.rows.clear()
        self.plans.clear()
        self.plans_read.clear()
        self.pending.clear()

    def require_writer(self) -> None:
        if not self.writer or self.role not in self.writers:
            raise Refused("not_allowed", "Your role may not make this change.")

    def require_scope(self, participant_id: int | None) -> None:
        self.require_writer()
        if participant_id is None or participant_id not in self.scope:
            raise Refused("not_in_caseload", "The participant is not in your caseload.")
        mode = self.call.mode if self.call is not None else None
        if mode is not None:
            held = self.get(Participant, mode)
            if held is None or held.id != participant_id:
                raise Refused("not_allowed", "In participant mode the phone writes only "
                                             "for the participant who holds it.")

    # --- authorship (core.authorship): set here, never taken from the client ----------

    @property
    def participant_mode(self) -> bool:
        return self.call is not None and self.call.mode is not None

    def written_by(self) -> str:
        return written_by(self.role, self.participant_mode)

    def by_the_participant(self) -> bool:
        return by_the_participant(self.role, self.participant_mode)

    def person(self, participant_id: int) -> Any:
        """(status, team_id, deleted_at) of a participant known by id, read once."""
        return self.once(("person", participant_id), lambda: self.conn.execute(
            _PERSON, {"pid": participant_id}).first())

    def team(self, team_id: int) -> Any:
        """The team row (its settings), read once per batch."""
        return self.once(("team", team_id), lambda: self.conn.execute(
            _TEAM, {"team_id": team_id}).first())

    def once(self, key: Any, read: Callable[[], Any]) -> Any:
        """`read()`'s answer, read once per batch: for rows the batch never writes."""
        if key not in self._once:
            self._once[key] = read()
        return self._once[key]


# Built once: constructing a statement costs more than running it.
_PERSON = select(Participant.status, Participant.team_id, Participant.deleted_at).where(
    Participant.id == bindparam("pid"))
_TEAM = select(Team.review_interval_months).where(Team.id == bindparam("team_id"))


def _participant_id(row: Record) -> int | None:
    pid = getattr(row, "participant_id", None)
    return pid.id if isinstance(pid, Record) else pid


def _expire_orm_copies(session: Session, rows: list[Record]) -> None:
    """ORM objects of rows written here hold old values: expire them (rarely any)."""
    if not rows or not session.identity_map:
        return
    for row in rows:
        key = inspect(row.model).identity_key_from_primary_key([row.id])
        obj = session.identity_map.get(key)
        if obj is not None:
            session.expire(obj)
