"""The session loader (webapp.auth.sessions.load_user) behind every API request: one
query for the session and its user; idle and revoked sessions end; last_seen is
refreshed at most every five minutes, with the request's own transaction."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from core.models import User, UserSession, utcnow
from webapp.extensions import db

from .conftest import ApiClient


def _session_row(app, username: str) -> UserSession:
    with app.app_context():
        return db.session.execute(
            select(UserSession).join(User).where(User.username == username)
            .order_by(UserSession.id.desc()).limit(1)).scalar_one()


def _set(app, session_id: int, **values) -> None:
    with app.app_context():
        db.session.execute(update(UserSession).where(UserSession.id == session_id)
                           .values(**values))
        db.session.commit()


def test_last_seen_is_refreshed_after_five_minutes_and_idle_sessions_end(demo_app):
    api = ApiClient(demo_app, "sara")
    row = _session_row(demo_app, "sara")
    four_minutes_ago = utcnow() - timedelta(minutes=4)
    _set(demo_app, row.id, last_seen=four_minutes_ago)
    assert api.push().status_code == 200
    assert _session_row(demo_app, "sara").last_seen == four_minutes_ago

    _set(demo_app, row.id, last_seen=utcnow() - timedelta(minutes=6))
    assert api.push().status_code == 200  # a request that commits
    assert utcnow() - _session_row(demo_app, "sara").last_seen < timedelta(minutes=1)

    idle = demo_app.config["SESSION_IDLE_DAYS"]
    _set(demo_app, row.id, last_seen=utcnow() - timedelta(days=idle, minutes=1))
    assert api.session()["user"] is None
    assert api.push().status_code == 401


def test_revoked_sessions_and_deactivated_users_are_logged_out(demo_app):
    api = ApiClient(demo_app, "sara")
    row = _session_row(demo_app, "sara")
    _set(demo_app, row.id, revoked_at=utcnow())
    assert api.push().status_code == 401

    omar = ApiClient(demo_app, "omar")
    with demo_app.app_context():
        db.session.execute(update(User).where(User.username == "omar").values(active=False))
        db.session.commit()
    assert omar.session()["user"] is None
