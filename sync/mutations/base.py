"""What every mutation shares: the parsed call, the apply context, refusals.

A mutation is applied in three steps: parse (args against its fields),
check (rights now, record state), then change. Only parse and check may
refuse, so a refused mutation has changed nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.models import Device, Plan, User

from ..bulk import NewRow, new_row
from ..fields import Field
from ..scope import can_write

CHUNK = 500


class Refused(Exception):
    """A mutation that can never apply: recorded, shown to its device, never retried."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Call:
    """One parsed mutation."""

    id: int
    name: str
    args: dict[str, Any]
    base_version: int | None
    changed: tuple[str, ...]
    base_values: dict[str, Any]


@dataclass(frozen=True)
class Outcome:
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


@dataclass
class ApplyContext:
    session: Session
    user: User
    device: Device
    now: datetime
    scope: frozenset[int]
    version: int = 0
    # bulk: created rows are NewRows inserted at the end of the batch (sync.bulk);
    # otherwise ORM objects flushed at once (the per-mutation SAVEPOINT mode).
    bulk: bool = True
    rows: dict[tuple[Any, str], Any] = field(default_factory=dict)
    plans: dict[int, Plan | NewRow] = field(default_factory=dict)
    pending: dict[Any, list[NewRow]] = field(default_factory=dict)
    mutation_id: int = 0

    @property
    def client_id(self) -> str:
        return self.device.client_id

    def preload(self, model: Any, uuids: set[str]) -> None:
        missing = sorted(u for u in uuids if (model, u) not in self.rows)
        for start in range(0, len(missing), CHUNK):
            chunk = missing[start:start + CHUNK]
            for u in chunk:
                self.rows[(model, u)] = None
            for row in self.session.execute(select(model).where(model.uuid.in_(chunk))).scalars():
                self.rows[(model, row.uuid)] = row

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
        """A new row of `model`: a NewRow in bulk mode, else a flushed ORM object."""
        row: Any
        if self.bulk:
            row = new_row(model, values, self.version, self.client_id, self.now)
            self.pending.setdefault(model, []).append(row)
        else:
            row = model(**{k: (v.id if isinstance(v, NewRow) else v) for k, v in values.items()})
            self.session.add(row)
            self.session.flush()
        self.rows[(model, row.uuid)] = row
        return row

    def reset(self) -> None:
        """Forget cached rows (after a rollback)."""
        self.rows.clear()
        self.plans.clear()
        self.pending.clear()

    def require_writer(self) -> None:
        if not can_write(self.user):
            raise Refused("not_allowed", "Your role may not make this change.")

    def require_scope(self, participant_id: int | None) -> None:
        self.require_writer()
        if participant_id is None or participant_id not in self.scope:
            raise Refused("not_in_caseload", "The participant is not in your caseload.")
