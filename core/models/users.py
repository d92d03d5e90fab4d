"""Teams, users, server-side sessions, login attempts and devices."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..limits import LOCK_IDLE_MINUTES_DEFAULT, OFFLINE_DAYS_DEFAULT
from .base import Base, new_uuid, utcnow


class Team(Base):
    __tablename__ = "team"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The field app locks after this many idle minutes, and unlocks without a
    # connection for this many days after the last online login.
    lock_idle_minutes: Mapped[int] = mapped_column(Integer, default=LOCK_IDLE_MINUTES_DEFAULT,
                                                   server_default=str(LOCK_IDLE_MINUTES_DEFAULT))
    offline_days: Mapped[int] = mapped_column(Integer, default=OFFLINE_DAYS_DEFAULT,
                                              server_default=str(OFFLINE_DAYS_DEFAULT))
    # How often the plan is reviewed with the participant (Ale: every third month).
    review_interval_months: Mapped[int] = mapped_column(Integer, default=3)

    users: Mapped[list[User]] = relationship(back_populates="team")


class User(Base):
    __tablename__ = "user"
    __allow_unmapped__ = True  # for the transient `current_sid`
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    locale: Mapped[str] = mapped_column(String(5), default="sv")
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime)

    team: Mapped[Team | None] = relationship(back_populates="users")

    # Flask-Login protocol, without importing Flask here. `current_sid` is
    # set by the session loader: the id Flask-Login keeps is the server-side
    # session id, so ending a session is a database update.
    current_sid: str | None = None

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        return self.current_sid


class UserSession(Base):
    """A login session; the cookie holds the id, the database its hash."""

    __tablename__ = "user_session"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sid_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    # When this login's device key was handed out: once per password login, so a
    # reload minutes later does not unlock the app without its PIN.
    key_granted_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()


class LoginAttempt(Base):
    __tablename__ = "login_attempt"
    __table_args__ = (Index("ix_login_attempt_username_at", "username", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    success: Mapped[bool] = mapped_column(Boolean, default=False)


class Device(Base):
    """One client id per user per device (browser profile).

    `label` is the name the user gives it ("Jobbmobilen"); `user_agent` is
    what the browser said when it registered or last fetched its key (the
    devices page shows browser and system from it). `key_secret` is the key
    the server hands the device at an online login to unwrap its offline
    store; a revoked device is never given it again."""

    __tablename__ = "device"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(36), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    label: Mapped[str] = mapped_column(String(255), default="")
    last_mutation_id: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    user_agent: Mapped[str] = mapped_column(String(255), default="", server_default="")
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime)
    key_secret: Mapped[str | None] = mapped_column(String(64))
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])
