"""Server-side login sessions.

The cookie (Flask's signed session) holds a random session id; the
database holds its SHA-256. Logging in issues a new id (so the id changes
at login), logging out or deactivating a user revokes the row, and every
request checks it.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, request
from sqlalchemy import bindparam, select, update

from core.models import User, UserSession, utcnow, write_after_read

from ..extensions import db


def _hash(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def start_session(user: User) -> str:
    sid = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            sid_hash=_hash(sid),
            user_id=user.id,
            user_agent=(request.user_agent.string or "")[:255],
        )
    )
    user.current_sid = sid
    return sid


# Built once: constructing the statement costs more than running it.
_USER_OF_SESSION = (
    select(User, UserSession.id, UserSession.last_seen, UserSession.revoked_at)
    .join(UserSession, UserSession.user_id == User.id)
    .where(UserSession.sid_hash == bindparam("sid_hash"))
)


def load_user(sid: str) -> User | None:
    """The user of a live session: one query for the session and its user, on every
    request."""
    found = db.session.execute(_USER_OF_SESSION, {"sid_hash": _hash(sid)}).one_or_none()
    if found is None:
        return None
    user, session_id, last_seen, revoked_at = found
    if revoked_at is not None:
        return None
    idle = timedelta(days=current_app.config["SESSION_IDLE_DAYS"])
    now = utcnow()
    if now - last_seen > idle:
        return None
    if not user.active:
        return None
    if now - last_seen > timedelta(minutes=5):
        # Committed with the request, if at all; after it, when the request only reads.
        write_after_read(db.session(), update(UserSession).where(
            UserSession.id == session_id).values(last_seen=now), {})
    user.current_sid = sid
    return user


def is_fresh(user: User) -> bool:
    """The password was entered within KEY_GRANT_SECONDS and this login has not had
    its device key yet: an online login, not a session cookie kept on the device
    (which a lost phone has too), and not a reload minutes after the login."""
    if not user.current_sid:
        return False
    row = db.session.execute(select(UserSession.created_at, UserSession.key_granted_at).where(
        UserSession.sid_hash == _hash(user.current_sid), UserSession.revoked_at.is_(None))).first()
    limit = timedelta(seconds=current_app.config["KEY_GRANT_SECONDS"])
    return row is not None and row[1] is None and utcnow() - row[0] <= limit


def mark_key_granted(user: User) -> None:
    mine = UserSession.sid_hash == _hash(user.current_sid or "")
    db.session.execute(update(UserSession).where(mine).values(key_granted_at=utcnow()))


def end_sessions_after_revoke(owner: User, asking: User) -> None:
    """A revoked device is usually a lost phone, and a thief's browser never runs our
    wipe. Sessions are not tied to devices, so every session of the owner ends except
    the one asking (when the owner revokes from another browser)."""
    query = update(UserSession).where(UserSession.user_id == owner.id,
                                      UserSession.revoked_at.is_(None))
    if asking.id == owner.id and asking.current_sid:
        query = query.where(UserSession.sid_hash != _hash(asking.current_sid))
    db.session.execute(query.values(revoked_at=utcnow()))


def end_session(sid: str | None) -> None:
    if not sid:
        return
    db.session.execute(
        update(UserSession)
        .where(UserSession.sid_hash == _hash(sid), UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def end_all_sessions(user: User) -> None:
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
