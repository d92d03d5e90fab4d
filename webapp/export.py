"""`flask export participant UUID`: everything held about one participant (right of access).

The export is the full record — hidden notes, drafts, reviews, conflicts,
tombstoned rows and the audit events about the participant included — as
one JSON document. Rows are read with sqlite-utils when the database is a
SQLite file (the operations tool the design names for exports) and with
SQLAlchemy Core otherwise; values are normalised by the model's column
types, so both give the same JSON.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup
from sqlalchemy import JSON, Boolean, text
from sqlalchemy.engine import Engine

from core.models import Base

export_cli = AppGroup("export", help="Export data.")

FORMAT = "bokvar-participant-export/1"
# Output key -> table; every table has a participant_id column.
TABLES = {
    "assignments": "assignment",
    "tenancies": "tenancy",
    "plans": "plan",
    "goals": "goal",
    "steps": "step",
    "self_ratings": "self_rating",
    "visit_notes": "visit_note",
    "note_addenda": "note_addendum",
    "reviews": "review",
    "follow_ups": "follow_up",
    "conflicts": "sync_conflict",
    "audit_events": "audit_event",
}
USER_COLUMNS = ("id", "uuid", "username", "display_name", "role")
USER_REFERENCES = ("user_id", "author_id", "reviewer_id", "assignee_id", "created_by_id",
                   "signed_by_id", "resolved_by_id")

Reader = Callable[[str, dict[str, Any]], list[dict[str, Any]]]


class ExportError(click.ClickException):
    """A clear message and exit code 1."""


@contextmanager
def row_reader(engine: Engine, prefer_sqlite_utils: bool = True) -> Iterator[Reader]:
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if prefer_sqlite_utils and path and path != ":memory:":
        import sqlite_utils

        database = sqlite_utils.Database(path)
        try:
            yield lambda sql, params: list(database.query(sql, params))
        finally:
            database.close()
        return
    with engine.connect() as conn:
        yield lambda sql, params: [dict(r) for r in conn.execute(text(sql), params).mappings()]


def _normalise(table: str, row: dict[str, Any]) -> dict[str, Any]:
    columns = Base.metadata.tables[table].c
    out = {}
    for name, value in row.items():
        kind = columns[name].type if name in columns else None
        if isinstance(kind, Boolean) and value is not None:
            value = bool(value)
        elif isinstance(kind, JSON) and isinstance(value, str):
            value = json.loads(value)
        elif isinstance(value, (date, datetime)):
            value = value.isoformat()
        out[name] = value
    return out


def _columns(table: str) -> str:
    """Every column; JSON ones as their text, which PostgreSQL's driver would otherwise
    hand back decoded (a stored JSON string would then be read as JSON again)."""
    cols = Base.metadata.tables[table].c
    return ", ".join(f'CAST("{c.name}" AS TEXT) AS "{c.name}"' if isinstance(c.type, JSON)
                     else f'"{c.name}"' for c in cols)


def _rows(read: Reader, table: str, where: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    sql = f'SELECT {_columns(table)} FROM "{table}" WHERE {where} ORDER BY id'
    return [_normalise(table, r) for r in read(sql, params)]


def collect(read: Reader, uuid: str) -> dict[str, Any]:
    found = _rows(read, "participant", "uuid = :uuid", {"uuid": uuid})
    if not found:
        raise ExportError(f"No participant with uuid {uuid}.")
    participant = found[0]
    if participant["deleted_at"] is not None:
        raise ExportError(f"Participant {uuid} was deleted; there is nothing to export.")
    data: dict[str, Any] = {"format": FORMAT, "participant": participant}
    for key, table in TABLES.items():
        data[key] = _rows(read, table, "participant_id = :pid", {"pid": participant["id"]})
    data["people"] = _people(read, data)
    return data


def _people(read: Reader, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The users the record refers to (names only, never credentials)."""
    ids: set[Any] = {row.get(ref) for key in ("participant", *TABLES) for row in _as_list(data[key])
           for ref in USER_REFERENCES}
    ids.discard(None)
    if not ids:
        return []
    marks = ", ".join(f":u{i}" for i in range(len(ids)))
    params = {f"u{i}": uid for i, uid in enumerate(sorted(ids))}
    sql = f'SELECT {", ".join(USER_COLUMNS)} FROM "user" WHERE id IN ({marks}) ORDER BY id'
    return read(sql, params)


def _as_list(value: Any) -> list[dict[str, Any]]:
    return value if isinstance(value, list) else [value]


def _exporter(username: str, team_id: int | None) -> int:
    """The id of the person answering for the export: an active admin, or an active
    team lead of the participant's team. The audit row names them."""
    from sqlalchemy import select

    from core.models import User

    from .extensions import db

    user = db.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None or not user.active:
        raise ExportError(f"--by: no active user {username!r}.")
    if user.role == "admin" or (user.role == "team_lead" and user.team_id is not None
                                and user.team_id == team_id):
        return int(user.id)
    raise ExportError(f"--by: {username} may not export this participant (an admin or a "
                      "team lead of the participant's team answers for an export).")


@export_cli.command("participant")
@click.argument("uuid")
@click.option("--by", "by", required=True, metavar="USERNAME",
              help="Who answers for the export (an admin, or a team lead of the participant's "
                   "team); recorded in the audit log.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the JSON to this file instead of standard output.")
def export_participant(uuid: str, by: str, output: Path | None) -> None:
    """Everything held about one participant, as JSON (right of access)."""
    from . import audit
    from .extensions import db

    with row_reader(db.engine) as read:
        data = collect(read, uuid.strip().lower())
    participant = data["participant"]
    exporter = _exporter(by.strip(), participant["team_id"])
    audit.record("participant.export", entity="participant", entity_uuid=participant["uuid"],
                 participant_id=participant["id"], user_id=exporter)
    db.session.commit()
    document = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if output is None:
        click.echo(document)
        return
    _write_private(output, document + "\n")
    click.echo(f"Wrote {output}", err=True)


def _write_private(path: Path, text: str) -> None:
    """Only the owner may read it: the export holds health and social-services data."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its old mode otherwise
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
