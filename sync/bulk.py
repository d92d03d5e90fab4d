"""The rows a push batch reads and writes, without the ORM.

The ORM costs far more per row than SQLite does (identity map, attribute
history, the unit of work, the before_flush hook), and so does Core's
per-statement and per-row parameter handling; a batch of a hundred
mutations reads and writes a few hundred rows. So a push works on
`Record`s, one small class per model with a slot per column, read and
changed by the mutations like ORM objects:

- `load` reads the rows of one model by uuid with one SELECT.
- `new_row` stands for a row the batch creates.
- `insert_new` inserts the created rows per table with one executemany,
  parents first, filling in the ids of parents created in the same batch;
  `update_changed` writes the changed loaded rows with one executemany
  UPDATE per table and set of changed columns.

Statements are built with SQLAlchemy and compiled once per engine (the SQL
text, parameter order, and the types' bind and result processors), then run
on the DBAPI cursor of the session's connection, inside its transaction. A
driver error is raised as SQLAlchemy's (IntegrityError and so on), as
Connection.execute would.

Rows are inserted parents first, in the order of the models' metadata; the
ids of new parents are read back only when a new child in the batch refers
to one. A Record of a model that is not ours raises.

The stamping is the same as core.models.base's before_flush hook does:
the transaction's version and updated_at on every new or changed row; for
mergeable rows `field_versions` holds every tracked column for a new row,
and for a changed row its stored map with the changed tracked columns
stamped (tests/sync/test_bulk.py checks that both agree with the hook).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import cache, partial
from keyword import iskeyword
from operator import attrgetter, itemgetter
from typing import Any, ClassVar, NamedTuple, cast
from weakref import WeakKeyDictionary

from sqlalchemy import Table, bindparam, insert, inspect, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from core.models import Base, FieldVersionsMixin, Participant

CHUNK = 500  # uuids per SELECT ... IN
UNTRACKED = FieldVersionsMixin._untracked


class Record:
    """A row of one model (the subclass made by `record_class`): a slot per column.

    `id` is None until a new row is inserted. `_stored` holds the column values
    (in `keys` order) as the database has them, or None while the row is new; the
    write compares against it, as the ORM's attribute history would."""

    __slots__ = ("_stored", "id")
    id: int | None
    _stored: tuple[Any, ...] | None
    model: ClassVar[Any]
    keys: ClassVar[tuple[str, ...]]  # every column but id
    _get: ClassVar[Any]  # attrgetter of `keys`

    @property
    def is_new(self) -> bool:
        return self._stored is None

    @property
    def values(self) -> dict[str, Any]:
        return dict(zip(self.keys, self._get(self), strict=True))

    def changed(self) -> list[str]:
        """Columns whose value differs from the stored one (what the ORM would write)."""
        stored = self._stored
        if stored is None:
            return []
        current = self._get(self)
        if current == stored:
            return []
        return [k for k, new, old in zip(self.keys, current, stored, strict=True) if new != old]

    def _saved(self, row_id: int | None = None) -> None:
        if row_id is not None:
            self.id = row_id
        self._stored = self._get(self)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} id={self.id} uuid={getattr(self, 'uuid', None)}>"


# --- per-model metadata, built once ---------------------------------------------------

@cache
def _columns(model: Any) -> tuple[tuple[str, Any], ...]:
    """(attribute key, Column) of every mapped column, the primary key `id` first.
    Records and statements use one name for both (the models never rename a column)."""
    pairs = [(a.key, a.columns[0]) for a in inspect(model).column_attrs]
    for key, col in pairs:
        if key != col.key:
            raise TypeError(f"{model.__name__}.{key} is mapped to column {col.key}")
    if "id" not in dict(pairs):
        raise TypeError(f"{model.__name__} has no id column")
    return tuple(sorted(pairs, key=lambda p: p[0] != "id"))


@cache
def record_class(model: Any, only: tuple[str, ...] | None = None) -> type[Record]:
    """The Record class of `model`: every column, or `only` these (rows the batch only
    refers to and never writes)."""
    keys = tuple(key for key, _ in _columns(model)
                 if key != "id" and (only is None or key in only))
    make: Any = type
    name = f"{model.__name__}{'Ref' if only else 'Record'}"
    return cast(type[Record], make(name, (Record,), {
        "__slots__": keys, "model": model, "keys": keys, "_get": _tuple_getter(attrgetter, keys),
        "__init__": _init(keys)}))


def _tuple_getter(make: Any, names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """attrgetter/itemgetter of `names` that returns a tuple for one name too."""
    if len(names) != 1:
        return cast(Callable[[Any], tuple[Any, ...]], make(*names))
    one = make(names[0])
    return lambda row: (one(row),)


def _init(keys: tuple[str, ...]) -> Callable[..., None]:
    """`__init__(self, id, _stored, <every column>)`, assigning each slot directly
    (as dataclasses do): a batch makes a few hundred Records."""
    for key in keys:
        if not key.isidentifier() or iskeyword(key) or key in ("id", "_stored", "self"):
            raise TypeError(f"column {key!r} cannot be a Record attribute")
    lines = [f"def __init__(self, id, _stored, {', '.join(keys)}):",
             "    self.id = id", "    self._stored = _stored"]
    lines += [f"    self.{key} = {key}" for key in keys]
    namespace: dict[str, Any] = {}
    exec("\n".join(lines), namespace)  # the column names are checked above
    return cast(Callable[..., None], namespace["__init__"])


@cache
def _column_defaults(model: Any) -> tuple[dict[str, Any], tuple[tuple[str, Any], ...]]:
    """(scalar defaults incl. None, callable defaults) of the columns a new row gets
    from its model; version, updated_at and field_versions are stamped instead."""
    scalars: dict[str, Any] = {}
    callables = []
    for key, col in _columns(model):
        if col.primary_key or key in ("version", "updated_at", "field_versions"):
            continue
        if col.default is not None and col.default.is_callable:
            callables.append((key, col.default.arg))
        else:
            scalars[key] = None if col.default is None else col.default.arg
    return scalars, tuple(callables)


@cache
def _tracked(model: Any) -> tuple[str, ...]:
    """The columns field_versions follows, or () for a model that is not merged."""
    if not issubclass(model, FieldVersionsMixin):
        return ()
    return tuple(key for key, _ in _columns(model) if key not in UNTRACKED)


def _select_in(model: Any, size: int, keys: tuple[str, ...], column: str) -> Any:
    table = cast(Table, model.__table__)
    return select(table.c.id, *(table.c[key] for key in keys)).where(
        table.c[column].in_([bindparam(name) for name in _in_names(size)]))


@cache
def _in_names(size: int) -> tuple[str, ...]:
    return tuple(f"u{i}" for i in range(size))


def _insert(model: Any) -> Any:
    return insert(cast(Table, model.__table__))


def _update(model: Any) -> Any:
    table = cast(Table, model.__table__)
    return update(table).where(table.c.id == bindparam("_pk"))


def _insert_returning(model: Any) -> Any:
    table = cast(Table, model.__table__)
    return insert(table).returning(table.c.id)


# --- statements compiled once, run on the DBAPI cursor ----------------------------------

class _Prepared(NamedTuple):
    sql: str
    getter: Callable[[Any], tuple[Any, ...]]  # a row's parameters, in the SQL's order
    names: tuple[str, ...] | None  # for a dialect with named parameters
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]  # (position, bind processor)
    references: tuple[int, ...]  # positions that may hold a new parent's Record
    results: tuple[tuple[int, Callable[[Any], Any]], ...]  # (position, result processor)


# Per dialect, that is per engine, like SQLAlchemy's own statement cache.
_PREPARED: WeakKeyDictionary[Any, dict[tuple[Any, ...], _Prepared]] = WeakKeyDictionary()


def _prepare(dialect: Any, shape: tuple[Any, ...], build: Callable[[], Any],
             keys: tuple[str, ...], records: bool) -> _Prepared:
    """`build()`'s statement compiled for parameters with these keys, taken from
    Records (attributes; the bind `_pk` is the Record's id) or from dicts."""
    cache = _PREPARED.setdefault(dialect, {})
    found = cache.get((shape, keys, records))
    if found is not None:
        return found
    stmt = build()
    is_select = stmt.is_select
    one_by_one = is_select or bool(stmt._returning)  # a result per row
    compiled = stmt.compile(dialect=dialect, column_keys=None if is_select else list(keys),
                            for_executemany=not one_by_one)
    names = tuple(compiled.positiontup or ()) if compiled.positional else tuple(compiled.binds)
    missing = set(names) - set(keys)
    if missing:  # a column default the caller did not fill in
        raise ValueError(f"no value for {sorted(missing)}")
    processors, references = [], []
    for i, name in enumerate(names):
        bind = compiled.binds[name]
        proc = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if proc is not None:
            processors.append((i, proc))
        if records and name in stmt.table.c and stmt.table.c[name].foreign_keys:
            references.append(i)
    results = []
    if is_select:
        for i, col in enumerate(stmt.selected_columns):
            proc = col.type.dialect_impl(dialect).result_processor(dialect, None)
            if proc is not None:
                results.append((i, proc))
    fields = tuple("id" if n == "_pk" else n for n in names) if records else names
    getter = _tuple_getter(attrgetter if records else itemgetter, fields)
    found = cache[(shape, keys, records)] = _Prepared(
        compiled.string, getter, None if compiled.positional else names, tuple(processors),
        tuple(references), tuple(results))
    return found


def _params(prepared: _Prepared, rows: Iterable[Any]) -> list[Any]:
    """The parameters of each row, processed column by column."""
    params = list(map(prepared.getter, rows))
    if params and (prepared.processors or prepared.references):
        columns: list[Any] = list(zip(*params, strict=True))
        for i in prepared.references:
            columns[i] = tuple(v.id if isinstance(v, Record) else v for v in columns[i])
        for i, proc in prepared.processors:
            columns[i] = _processed_column(columns[i], proc)
        params = list(zip(*columns, strict=True))
    if prepared.names is not None:
        names = prepared.names
        return [dict(zip(names, values, strict=True)) for values in params]
    return params


def _processed_column(values: tuple[Any, ...], proc: Callable[[Any], Any]) -> list[Any]:
    # Most datetimes of a batch are the same object (its `now`), and many values are
    # None: a value repeated from the row before is processed once.
    out = []
    last: Any = _NOTHING
    done: Any = None
    for value in values:
        if value is not last:
            last, done = value, proc(value)
        out.append(done)
    return out


_NOTHING = object()


def _cursor_run(conn: Connection, sql: str, params: Any, many: bool) -> Any:
    cursor = conn.connection.cursor()
    dbapi = conn.dialect.loaded_dbapi
    try:
        if many:
            cursor.executemany(sql, params)
        else:
            cursor.execute(sql, params)
    except dbapi.Error as exc:
        raise DBAPIError.instance(sql, params, exc, dbapi.Error, dialect=conn.dialect,
                                  ismulti=many) from exc
    return cursor


def executemany(conn: Connection, shape: tuple[Any, ...], build: Callable[[], Any],
                rows: list[Any], keys: tuple[str, ...] | None = None) -> None:
    """Run `build()`'s INSERT or UPDATE once per row: dicts with the same keys, or
    Records (then `keys` names the columns to write)."""
    records = keys is not None
    prepared = _prepare(conn.dialect, shape, build, keys if keys is not None
                        else tuple(rows[0]), records)
    _cursor_run(conn, prepared.sql, _params(prepared, rows), True).close()


# --- reading ----------------------------------------------------------------------------

def _bucket(n: int) -> int:
    """IN lists are padded to a power of two: a few statement shapes, not one per size."""
    size = 1
    while size < n:
        size *= 2
    return size


# Rows the mutations only refer to, never change: the columns they read.
REFERENCED_ONLY = {Participant: ("uuid", "deleted_at", "status", "team_id")}


def _records(cls: Any, rows: Iterable[Any]) -> list[Record]:
    out = []
    for row in rows:
        stored = tuple(row[1:])
        out.append(cls(row[0], stored, *stored))
    return out


def load(conn: Connection, model: Any, uuids: Iterable[str]) -> dict[str, Record]:
    """The rows of `model` with these uuids (deleted ones included), by uuid."""
    return {record.uuid: record  # type: ignore[attr-defined]
            for record in load_by(conn, model, "uuid", uuids)}


def load_by(conn: Connection, model: Any, column: str, values: Iterable[Any]) -> list[Record]:
    """The rows of `model` whose `column` holds one of `values` (deleted ones included),
    in no particular order."""
    cls = record_class(model, REFERENCED_ONLY.get(model))
    wanted = list(values)
    found: list[Record] = []
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        size = _bucket(len(chunk))
        chunk += [chunk[-1]] * (size - len(chunk))
        names = _in_names(size)
        prepared = _prepare(conn.dialect, ("select", cls, column, size),
                            partial(_select_in, model, size, cls.keys, column), names, False)
        params = _params(prepared, [dict(zip(names, chunk, strict=True))])[0]
        cursor = _cursor_run(conn, prepared.sql, params, False)
        rows = cursor.fetchall()
        cursor.close()
        if prepared.results:
            rows = [_processed(row, prepared.results) for row in rows]
        found += _records(cls, rows)
    return found


def _processed(row: Any, results: tuple[tuple[int, Callable[[Any], Any]], ...]) -> list[Any]:
    values = list(row)
    for i, proc in results:
        values[i] = proc(values[i])
    return values


def load_one(conn: Connection, model: Any, where: Any, order_by: Any) -> Record | None:
    """The first row of `model` matching `where` in `order_by`, or None."""
    stmt = select(*(col for _, col in _columns(model))).where(where).order_by(order_by).limit(1)
    row = conn.execute(stmt).first()
    return None if row is None else _records(record_class(model), [row])[0]


# --- creating ---------------------------------------------------------------------------

def new_row(model: Any, values: dict[str, Any], version: int, client_id: str | None,
            now: datetime, field_versions: dict[str, Any] | None = None) -> Any:
    """A row the batch creates, with defaults filled in and stamped like the hook does.
    An unknown column is a TypeError. `field_versions` may be `stamp_new`'s map shared
    by the batch's new rows of the model: field_versions maps are replaced, never
    changed in place (the ORM would not see an in-place change either), and a shared
    map is serialized once."""
    scalars, callables = _column_defaults(model)
    row = dict(scalars)
    for key, make in callables:
        if key not in values:
            row[key] = make(None)
    row.update(values)
    row["version"], row["updated_at"] = version, now
    if _tracked(model):
        row["field_versions"] = (field_versions if field_versions is not None
                                 else stamp_new(model, version, client_id))
    cls: Any = record_class(model)
    return cls(None, None, **row)


def stamp_new(model: Any, version: int, client_id: str | None) -> dict[str, Any]:
    """field_versions of a new row: every tracked column at this version and device."""
    return {name: [version, client_id] for name in _tracked(model)}


# --- writing ----------------------------------------------------------------------------

def stamp_changed(row: Any, changed: list[str], version: int, client_id: str | None,
                  now: datetime) -> tuple[str, ...]:
    """Stamp a changed stored row like the hook does; returns the columns to write."""
    row.version, row.updated_at = version, now
    keys = [*changed, "version", "updated_at"]
    if _tracked(row.model):
        fields = dict(row.field_versions or {})
        for name in changed:
            if name not in UNTRACKED:
                fields[name] = [version, client_id]
        row.field_versions = fields
        keys.append("field_versions")
    return tuple(dict.fromkeys(keys))


@cache
def _table_rank() -> dict[Any, int]:
    """Tables in dependency order (parents first), from the models' own metadata."""
    return {table: i for i, table in enumerate(Base.metadata.sorted_tables)}


def insertion_order(models: Iterable[Any]) -> list[Any]:
    """`models` parents first. A model that is not one of ours raises: a row the batch
    created must never be dropped unwritten."""
    rank = _table_rank()
    for model in models:
        if getattr(model, "__table__", None) not in rank:
            raise TypeError(f"{model!r} is not a model of core.models: its rows cannot be "
                            f"written")
    return sorted(models, key=lambda m: rank[m.__table__])


@cache
def _referrers(model: Any) -> tuple[tuple[Any, tuple[str, ...]], ...]:
    """(child model, its columns holding a foreign key to `model`), from the metadata."""
    table = model.__table__
    out = []
    for mapper in Base.registry.mappers:
        child: Any = mapper.class_
        cols = tuple(key for key, col in _columns(child)
                     if any(fk.column.table is table for fk in col.foreign_keys))
        if cols:
            out.append((child, cols))
    return tuple(out)


def _ids_needed(model: Any, pending: dict[Any, list[Record]]) -> bool:
    """Whether a row created in this batch refers to a new row of `model`: then the new
    ids are read back (RETURNING) and put into the children before they are inserted."""
    for child, cols in _referrers(model):
        for row in pending.get(child, ()):
            if any(isinstance(getattr(row, col), Record) for col in cols):
                return True
    return False


def insert_new(conn: Connection, pending: dict[Any, list[Record]]) -> None:
    for model in insertion_order([m for m, rows in pending.items() if rows]):
        rows = pending[model]
        if not _ids_needed(model, pending):
            executemany(conn, ("insert", model), partial(_insert, model), rows,
                        keys=record_class(model).keys)
            for row in rows:
                row._saved()
            continue
        # A row at a time, each reading back its id: a batch creates few parents.
        keys = record_class(model).keys
        prepared = _prepare(conn.dialect, ("insert returning", model),
                            partial(_insert_returning, model), keys, True)
        for row, params in zip(rows, _params(prepared, rows), strict=True):
            cursor = _cursor_run(conn, prepared.sql, params, False)
            row_id = cursor.fetchone()[0]
            cursor.close()
            row._saved(row_id)


def update_changed(conn: Connection, rows: Iterable[Record], version: int,
                   client_id: str | None, now: datetime) -> list[Record]:
    """Write every stored row that changed, one executemany per table and column set;
    returns them."""
    groups: dict[tuple[Any, tuple[str, ...]], list[Record]] = {}
    for row in rows:
        changed = row.changed()
        if changed:
            keys = stamp_changed(row, changed, version, client_id, now)
            groups.setdefault((row.model, keys), []).append(row)
    written = []
    for (model, keys), group in groups.items():
        executemany(conn, ("update", model), partial(_update, model), group,
                    keys=(*keys, "_pk"))
        written += group
    for row in written:
        row._saved()
    return written
