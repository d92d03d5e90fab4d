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
"""
from __future__ import annotations

import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from core.models import current_version, new_epoch

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


def restore_from(source: Path) -> None:
    url = _url()
    live = _live_version()
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
    _new_epoch(live)


def _new_epoch(live_version: int) -> None:
    """The restored database, migrated, in a sync epoch of its own."""
    from flask_migrate import upgrade

    upgrade()
    new_epoch(db.session(), version_floor=live_version)
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
