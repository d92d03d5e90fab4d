"""Configuration from the environment (BOKVAR_* and DATABASE_URL)."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from core.clock import TEAM_TIMEZONE

_PACKAGE = Path(__file__).resolve().parent
# A wheel carries static/, templates/ and migrations/ in webapp/_bundle (setup.py);
# in the source tree they sit beside the packages.
ROOT = _PACKAGE / "_bundle" if (_PACKAGE / "_bundle").is_dir() else _PACKAGE.parent
TRANSLATIONS = _PACKAGE / "translations"  # compiled catalogues: package data in a wheel


def instance_path() -> Path:
    """The data directory (the SQLite file, the generated secret key): BOKVAR_INSTANCE,
    else instance/ of the source tree, else ./instance where an installed app runs.
    Put it on a volume: a redeploy must not lose the database or log everyone out."""
    if os.environ.get("BOKVAR_INSTANCE"):
        return Path(os.environ["BOKVAR_INSTANCE"]).resolve()
    if ROOT.name == "_bundle":
        return Path.cwd() / "instance"
    return ROOT / "instance"


def engine_options(db_url: str) -> dict:
    """Connection pool per worker process (docs/deploy.md, "Pool sizes"). A sync worker
    serves one request at a time and a request uses one connection at a time, so
    BOKVAR_DB_POOL (2) covers it; no overflow, so servers × workers × pool stays under
    PostgreSQL's max_connections. Dead connections are noticed before use."""
    if db_url.startswith("sqlite"):
        return {}
    return {"pool_size": int(os.environ.get("BOKVAR_DB_POOL", "2")), "max_overflow": 0,
            "pool_pre_ping": True, "pool_recycle": 1800,
            "connect_args": {"options": "-c statement_timeout=20000"}}

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
        "BOKVAR_PROXIES": int(os.environ.get("BOKVAR_PROXIES", "0")),
        "REQUEST_LOG": os.environ.get("BOKVAR_REQUEST_LOG", "0") == "1",
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
        "BABEL_TRANSLATION_DIRECTORIES": str(TRANSLATIONS),
        "LANGUAGES": ["sv", "en"],
        "LOGIN_FAIL_LIMIT": 5,
        "LOGIN_FAIL_WINDOW_SECONDS": 60,
        "SESSION_IDLE_DAYS": 7,
        # A device's key is handed out only this long after a password login.
        "KEY_GRANT_SECONDS": int(os.environ.get("BOKVAR_KEY_GRANT_SECONDS", "600")),
        "TOMBSTONE_RETENTION_DAYS": int(os.environ.get("BOKVAR_TOMBSTONE_DAYS", "90")),
        "GALLRING_YEARS": int(os.environ.get("BOKVAR_GALLRING_YEARS", "5")),
        "SYNC_PULL_PAGE_SIZE": int(os.environ.get("BOKVAR_PULL_PAGE_SIZE", "500")),
    }
