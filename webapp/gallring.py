"""flask gallring: the scheduled removal of closed cases and old tombstones
(core/gallring.py). Run it daily from cron or a systemd timer; --dry-run lists."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from core import gallring
from core.clock import team_today
from core.models import utcnow

from .extensions import db


@click.command("gallring")
@click.option("--years", type=click.IntRange(1, 100), default=None,
              help="Years after a case closed (default BOKVAR_GALLRING_YEARS, 5).")
@click.option("--dry-run", is_flag=True, help="List what would be removed; change nothing.")
@with_appcontext
def gallring_command(years: int | None, dry_run: bool) -> None:
    """Remove participants' records a set time after their case closed, and tombstones
    past their retention. One audit row per removal."""
    years = years or int(current_app.config["GALLRING_YEARS"])
    removals = gallring.run(
        db.session(), today=team_today(), now=utcnow(), years=years,
        retention_days=int(current_app.config["TOMBSTONE_RETENTION_DAYS"]), dry_run=dry_run)
    if not dry_run:
        db.session.commit()
    verb = "would remove" if dry_run else "removed"
    for r in removals:
        click.echo(f"{verb} {r.kind} {r.table} {r.uuid} ({r.rows} rows)")
    click.echo(f"{len(removals)} {'to remove' if dry_run else 'removed'}")


def init_app(app: Flask) -> None:
    app.cli.add_command(gallring_command)
