"""The one way a server page reaches the current user and the request's database session."""
from __future__ import annotations

from typing import cast

from flask import Blueprint, abort
from flask_login import current_user
from sqlalchemy.orm import Session

from core.models import Team, User

from ..extensions import db


def me() -> User:
    """The logged-in user as the model object (not Flask-Login's proxy).

    The access rules in core/ take a plain User; every handler calls this
    instead of reaching into `current_user`.
    """
    return cast(User, current_user._get_current_object())  # type: ignore[attr-defined]


def my_team() -> Team:
    """The user's team; a 403 for a user with none (team-lead pages need one)."""
    team = me().team
    if team is None:
        abort(403)
    return team


def dbs() -> Session:
    """The request's real Session (the access rules and sync take a plain Session)."""
    return db.session()


def only_for(bp: Blueprint, *roles: str, team: bool = False) -> None:
    """Close a whole area (a blueprint) to other roles with a 403: its existence is
    no secret. With team=True the user must also belong to a team."""

    @bp.before_request
    def _only_for() -> None:
        user = me()
        if user.role not in roles or (team and user.team_id is None):
            abort(403)
