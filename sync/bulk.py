"""Rows created by a push batch, inserted with one statement per table.

The ORM's unit of work costs far more per row than the database does, and a
batch of a hundred mutations mostly creates rows. A `NewRow` stands in for
a created row while the batch runs (mutations read and change it like an
ORM object); `insert_new` writes them at the end with executemany, parents
first, filling in the ids of parents created in the same batch.

The stamping is the same as webapp.models.base's before_flush hook does
for a new object: the transaction's version, updated_at, and for mergeable
rows `field_versions` = {every tracked column: [version, client_id]}
(tests/sync/test_bulk.py checks the two agree).
"""
from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, insert, inspect
from sqlalchemy.orm import Session

from webapp.models import FieldVersionsMixin, FollowUp, Goal, Plan, Step, SyncConflict, VisitNote

# Parents before children: a child may hold a NewRow of its parent as a foreign key.
INSERT_ORDER = (Plan, Goal, Step, FollowUp, VisitNote, SyncConflict)
PARENTS = (Plan, Goal)  # their new ids are read back (RETURNING) for their children


class NewRow:
    """A row of `model` not yet inserted; attribute access reads and writes its values."""

    __slots__ = ("id", "model", "values")

    def __init__(self, model: Any, values: dict[str, Any]) -> None:
        object.__setattr__(self, "model", model)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "id", None)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "id":
            object.__setattr__(self, name, value)
        elif name in self.values:
            self.values[name] = value
        else:
            raise AttributeError(f"{self.model.__name__} has no column {name}")


@cache
def _column_defaults(model: Any) -> tuple[dict[str, Any], tuple[tuple[str, Any], ...]]:
    """(scalar defaults incl. None, callable defaults) of every non-key column."""
    scalars: dict[str, Any] = {}
    callables = []
    for col in model.__table__.columns:
        if col.primary_key:
            continue
        if col.default is not None and col.default.is_callable:
            callables.append((col.key, col.default.arg))
        else:
            scalars[col.key] = None if col.default is None else col.default.arg
    return scalars, tuple(callables)


@cache
def _tracked(model: Any) -> tuple[str, ...]:
    return tuple(a.key for a in inspect(model).column_attrs
                 if a.key not in FieldVersionsMixin._untracked)


def new_row(model: Any, values: dict[str, Any], version: int, client_id: str | None,
            now: datetime) -> NewRow:
    scalars, callables = _column_defaults(model)
    row = dict(scalars)
    for key, make in callables:
        if key not in values:
            row[key] = make(None)
    row.update(values)
    row["version"], row["updated_at"] = version, now
    if issubclass(model, FieldVersionsMixin):
        row["field_versions"] = {name: [version, client_id] for name in _tracked(model)}
    return NewRow(model, row)


def _resolve(row: NewRow) -> dict[str, Any]:
    return {k: (v.id if isinstance(v, NewRow) else v) for k, v in row.values.items()}


def insert_new(session: Session, pending: dict[Any, list[NewRow]]) -> None:
    for model in INSERT_ORDER:
        rows = pending.get(model)
        if not rows:
            continue
        table = cast(Table, model.__table__)
        if model not in PARENTS:
            session.execute(insert(table), [_resolve(r) for r in rows])
            continue
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        ids = session.execute(stmt, [_resolve(r) for r in rows]).scalars().all()
        for row, row_id in zip(rows, ids, strict=True):
            row.id = row_id
