"""flask backup / flask restore (README, docs/deploy.md "Backups").

SQLite: the online backup API (a consistent copy while the server runs, page by
page, never a half-written file). PostgreSQL: pg_dump's custom format and
pg_restore. A backup file holds everything of every participant: it is written
with mode 0600, and belongs on encrypted storage.

Restore puts the database back as it was when the backup was taken: stop the
server first. It then brings the schema up to date (a backup of an older
release) and starts a new sync epoch, so every pull cookie issued before the
restore is refused with `clear` and a full resync, even one whose version the
restored server has since reached again. Versions never go back: the counter
continues from the highest version the replaced database had reached (when it
can still be read), so a change a phone re-sends, made against a version of
the undone history, is compared with newer stamps of every change made after
the restore (a conflict, not a silent overwrite). Phones re-send the confirmed
writes the restored server lacks from their journal (docs/architecture.md,
"Sync after a restore"; docs/deploy.md).

Devices are carried over from the replaced database too (when it can be read):
a revocation made after the backup stays (a lost phone is not let back in by a
restore), and a device registered after it keeps its name and its key, so an
online login still unlocks the store that key wraps. Their last mutation ids
are not carried: the restored server's lower id is how the phone learns to
re-send its journal.
"""
from __future__ import annotations

import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, aliased

from core.models import Device, User, current_version, new_epoch

from .extensions import db


def _url() -> str:
    return str(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _libpq(url: str) -> str:
    """The URL for pg_dump/pg_restore (no +psycopg driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_file(url: str) -> Path:
    path = make_url(url).database
    if not path or path == ":memory:":
        raise click.ClickException("an in-memory SQLite database has nothing to back up")
    return Path(path)


def backup_to(out: Path) -> Path:
    url = _url()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.touch(mode=0o600)
    out.chmod(0o600)
    if url.startswith("sqlite"):
        src = sqlite3.connect(_sqlite_file(url))
        dst = sqlite3.connect(out)
        try:
            src.backup(dst)  # online: a consistent copy while writers go on
        finally:
            dst.close()
            src.close()
    else:
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={out}",
                        _libpq(url)], check=True)
    return out


def _live_version() -> int:
    """The version the database about to be replaced reached (phones may have seen
    it), or 0 when it cannot be read (lost, broken, never created)."""
    try:
        with db.engine.connect() as conn:
            return current_version(Session(bind=conn))
    except SQLAlchemyError:
        return 0


@dataclass(frozen=True)
class _LiveDevice:
    """A device row of the database about to be replaced, its users by uuid."""
    client_id: str
    user_uuid: str
    label: str
    user_agent: str
    key_secret: str | None
    created_at: datetime
    last_seen: datetime
    last_sync_at: datetime | None
    revoked_at: datetime | None
    revoked_by_uuid: str | None


def _live_devices() -> list[_LiveDevice]:
    """The devices of the database about to be replaced ([] when it cannot be read)."""
    owner, revoker = aliased(User), aliased(User)
    query = (select(Device.client_id, owner.uuid.label("user_uuid"), Device.label,
                    Device.user_agent, Device.key_secret, Device.created_at, Device.last_seen,
                    Device.last_sync_at, Device.revoked_at, revoker.uuid.label("revoked_by_uuid"))
             .join(owner, Device.user_id == owner.id)
             .outerjoin(revoker, Device.revoked_by_id == revoker.id))
    try:
        with db.engine.connect() as conn:
            return [_LiveDevice(**row._asdict()) for row in conn.execute(query)]
    except SQLAlchemyError:
        return []


def _carry_devices(session: Session, live: list[_LiveDevice]) -> None:
    """Revocations stay revoked; devices of users the backup knows keep name and key."""
    users: dict[str, int] = {uuid: id_ for uuid, id_ in session.execute(select(User.uuid, User.id))}
    restored = {d.client_id: d for d in session.execute(select(Device)).scalars()}
    for kept in live:
        user_id = users.get(kept.user_uuid)
        if user_id is None:
            continue  # a user created after the backup is gone with it, and so are their devices
        device = restored.get(kept.client_id)
        if device is None:
            device = Device(client_id=kept.client_id, user_id=user_id, last_mutation_id=0,
                            created_at=kept.created_at, last_seen=kept.last_seen)
            session.add(device)
        if device.user_id != user_id:
            continue  # not the same device (a client id is random: never expected)
        device.label, device.user_agent = kept.label, kept.user_agent
        device.key_secret = kept.key_secret or device.key_secret
        device.last_seen = max(device.last_seen, kept.last_seen)
        device.last_sync_at = kept.last_sync_at or device.last_sync_at
        if kept.revoked_at is not None and device.revoked_at is None:
            device.revoked_at = kept.revoked_at
            device.revoked_by_id = users.get(kept.revoked_by_uuid or "")


def restore_from(source: Path) -> None:
    url = _url()
    live = _live_version()
    devices = _live_devices()
    db.session.remove()
    db.engine.dispose()
    if url.startswith("sqlite"):
        target = _sqlite_file(url)
        src = sqlite3.connect(source)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    else:
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner",
                        "--single-transaction", f"--dbname={_libpq(url)}", str(source)],
                       check=True)
    _new_epoch(live, devices)


def _new_epoch(live_version: int, devices: list[_LiveDevice]) -> None:
    """The restored database, migrated, in a sync epoch of its own, with the
    replaced database's devices carried over."""
    from flask_migrate import upgrade

    upgrade()
    new_epoch(db.session(), version_floor=live_version)
    _carry_devices(db.session(), devices)
    db.session.commit()
    db.session.remove()


@click.command("backup")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: backups/bokvar-<time>.<ext> in the data directory).")
@with_appcontext
def backup_command(output: Path | None) -> None:
    """Copy the whole database to a file (mode 0600), while the server runs."""
    if output is None:
        ext = "sqlite" if _url().startswith("sqlite") else "pgdump"
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        output = Path(current_app.instance_path) / "backups" / f"bokvar-{stamp}.{ext}"
    click.echo(f"backup written: {backup_to(output)}")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask: the database is replaced.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace the database with a backup. Stop the server first."""
    if not yes:
        click.confirm(f"Replace the database with {source}? Everything written since is lost "
                      "on the server (phones keep and re-send what they hold)", abort=True)
    restore_from(source)
    click.echo(f"restored from {source}")


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
