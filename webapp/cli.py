"""flask commands: users, demo seed, export, the landlord job."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from core.models import Team, User
from core.spec import Invalid, values
from core.spec.entities import USER

from .extensions import db

# A participant's own account is made with an invite code from their case manager
# (webapp/participants/invites.py), so it is always linked to exactly one participant.
ROLES = tuple(r for r in values("role") if r != "participant")
LOCALES = values("locale")

users_cli = AppGroup("users", help="Manage user accounts.")
demo_cli = AppGroup("demo", help="Demo data.")


def _long_enough(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """The same minimum as the admin pages."""
    from .admin.forms import MIN_PASSWORD

    if value is not None and len(value) < MIN_PASSWORD:
        raise click.BadParameter(f"use at least {MIN_PASSWORD} characters")
    return value


def _valid_username(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """The same rule as the admin pages (core.spec USER)."""
    username = value.strip().lower()
    try:
        USER.field("username").check(username)
    except Invalid:
        raise click.BadParameter("use 2 to 64 of the characters a-z 0-9 . _ -") from None
    return username


def _fits_120(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Names and team names, as on the admin pages (core.spec USER, TEAM)."""
    limit = USER.field("displayName").max_len
    if value is not None and len(value.strip()) > limit:
        raise click.BadParameter(f"use at most {limit} characters")
    return value.strip() if value is not None else None


@users_cli.command("create")
@click.argument("username", callback=_valid_username)
@click.option("--name", "display_name", default=None, callback=_fits_120, help="Display name.")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--team", "team_name", default=None, callback=_fits_120,
              help="Team name (created if missing).")
@click.option("--locale", type=click.Choice(LOCALES), default="sv")
@click.password_option(callback=_long_enough)
def create_user(username: str, display_name: str | None, role: str, team_name: str | None,
                locale: str, password: str) -> None:
    """Create a user with an Argon2id password hash."""
    from .admin.forms import TEAM_ROLES
    from .auth.passwords import hash_password

    if role in TEAM_ROLES and not team_name:
        raise click.UsageError(f"a {role} needs --team")
    if db.session.execute(select(User).where(User.username == username)).first():
        raise click.ClickException(f"user {username!r} already exists")
    team = None
    if team_name:
        team = db.session.execute(select(Team).where(Team.name == team_name)).scalar_one_or_none()
        if team is None:
            team = Team(name=team_name)
            db.session.add(team)
    db.session.add(User(username=username, display_name=display_name or username, role=role,
                        locale=locale, team=team, password_hash=hash_password(password)))
    db.session.commit()
    click.echo(f"created {role} {username}")


@users_cli.command("list")
def list_users() -> None:
    for user in db.session.execute(select(User).order_by(User.username)).scalars():
        state = "active" if user.active else "deactivated"
        click.echo(f"{user.username}\t{user.role}\t{state}")


@demo_cli.command("seed")
def demo_seed() -> None:
    """Load the demo team once (idempotent)."""
    from .demo import DEMO_LOGINS, DEMO_PASSWORD, seed

    created = seed(db.session())
    click.echo("Demo data loaded." if created else "Demo data already present; nothing added.")
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for username, role in DEMO_LOGINS:
        click.echo(f"  {username:<8} {role}")


landlords_cli = AppGroup("landlords", help="Landlord reports and check-ins.")


@landlords_cli.command("tick")
def landlords_tick() -> None:
    """Raise follow-ups of landlord commitments about to be missed and book the coming
    check-ins (docs/landlords.md). Run it every 15 minutes; safe to run at any time."""
    from core.clock import team_now
    from core.landlords.jobs import tick

    result = tick(db.session(), team_now())
    db.session.commit()
    click.echo(f"report follow-ups changed: {result.report_changes}; "
               f"plans checked: {result.plans}")


def init_app(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    from . import backup, export, gallring

    app.cli.add_command(export.export_cli)
    app.cli.add_command(landlords_cli)
    backup.init_app(app)
    gallring.init_app(app)
