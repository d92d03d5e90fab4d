"""Configuration from the environment (BOKVAR_* and DATABASE_URL)."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from core.clock import TEAM_TIMEZONE

ROOT = Path(__file__).resolve().parent.parent

# Every request body, for the whole app (docs/sync-protocol.md, "Limits"): a push of
# 500 typical entries is about 1.3 MB; one mutation is at most about 0.4 MB in the
# worst JSON encoding of its longest texts; a form at most about 0.8 MB. A larger
# body is answered 413 before anything reads it; the PWA then halves its batch.
MAX_BODY_BYTES = 4 * 1024 * 1024


def _secret_key(instance_path: Path) -> str:
    """Use BOKVAR_SECRET_KEY, else a random key persisted in instance/."""
    env = os.environ.get("BOKVAR_SECRET_KEY")
    if env:
        return env
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def from_environment(instance_path: Path) -> dict:
    db_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'bokvar.sqlite'}"
    production = os.environ.get("BOKVAR_ENV", "development") == "production"
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "MAX_CONTENT_LENGTH": int(os.environ.get("BOKVAR_MAX_BODY_BYTES", MAX_BODY_BYTES)),
        "SQLALCHEMY_DATABASE_URI": db_url,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_NAME": "bokvar_session",
        # A worker may be offline for days; the server-side session decides.
        "PERMANENT_SESSION_LIFETIME": timedelta(days=7),
        "WTF_CSRF_TIME_LIMIT": 3600,
        "BABEL_DEFAULT_LOCALE": "sv",
        "BABEL_DEFAULT_TIMEZONE": TEAM_TIMEZONE,
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "webapp" / "translations"),
        "LANGUAGES": ["sv", "en"],
        "LOGIN_FAIL_LIMIT": 5,
        "LOGIN_FAIL_WINDOW_SECONDS": 60,
        "SESSION_IDLE_DAYS": 7,
        # A device's key is handed out only this long after a password login.
        "KEY_GRANT_SECONDS": int(os.environ.get("BOKVAR_KEY_GRANT_SECONDS", "600")),
        "TOMBSTONE_RETENTION_DAYS": int(os.environ.get("BOKVAR_TOMBSTONE_DAYS", "90")),
        "SYNC_PULL_PAGE_SIZE": int(os.environ.get("BOKVAR_PULL_PAGE_SIZE", "500")),
    }
