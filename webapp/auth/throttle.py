"""Login throttling recorded in the database: 5 failures per account per 60 s."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from core.models import LoginAttempt, utcnow

from ..extensions import db


def is_locked(username: str) -> bool:
    window = timedelta(seconds=current_app.config["LOGIN_FAIL_WINDOW_SECONDS"])
    failures = db.session.execute(
        select(func.count(LoginAttempt.id)).where(
            LoginAttempt.username == username,
            LoginAttempt.success.is_(False),
            LoginAttempt.at > utcnow() - window,
        )
    ).scalar_one()
    return failures >= current_app.config["LOGIN_FAIL_LIMIT"]


def record(username: str, success: bool) -> None:
    db.session.add(LoginAttempt(username=username, success=success))
