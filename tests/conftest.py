"""Fixtures like flaskr's: app, client, auth; a fresh database per test.

The schema comes from the real Alembic migrations, built once per session
into a template database and copied for each test (tests/databases.py: a
SQLite file copy is a few ms, a PostgreSQL CREATE DATABASE ... TEMPLATE well
under a second; running the migrations each time would dominate the suite).
DATABASE_URL=postgresql+psycopg://... runs the suite on PostgreSQL; tests
marked sqlite_only are then skipped with their reason.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

# Argon2id at a low cost for the suite (same algorithm and code path); set
# before webapp is imported. test_passwords_production_parameters checks the
# real parameters.
os.environ.setdefault("BOKVAR_FAST_PASSWORD_HASH", "1")

from webapp import create_app

from .databases import ON_POSTGRES, copy_of, drop, new_database, url_of

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
DEMO_PASSWORD = "bokvar-demo"


def make_app(db: str | Path, **extra):
    """The app on `db`: a database URL, or a SQLite file path."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url_of(db),
    }
    config.update(extra)
    return create_app(config)


def close(app) -> None:
    from webapp.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _build_template(url: str, demo: bool) -> str:
    from flask_migrate import upgrade

    app = make_app(url)
    with app.app_context():
        upgrade()
        if demo:
            from webapp.demo import seed
            from webapp.extensions import db

            seed(db.session)
    close(app)
    return url


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    """URL of a migrated, empty database to copy from (copy_of)."""
    url = _build_template(new_database(tmp_path_factory.mktemp("tpl"), "empty"), demo=False)
    yield url
    drop(url)


@pytest.fixture(scope="session")
def demo_template_db(tmp_path_factory):
    """URL of a migrated database holding the demo team, to copy from."""
    url = _build_template(new_database(tmp_path_factory.mktemp("tpl"), "demo"), demo=True)
    yield url
    drop(url)


def _app_from(template: str, tmp_path: Path, **extra):
    url = copy_of(template, tmp_path)
    app = make_app(url, **extra)
    yield app
    _check_marks(app)
    close(app)
    drop(url)


def _check_marks(app) -> None:
    """Every write the test made kept its participant's record mark (core.models.marks):
    a pull skips a participant whose mark is older than its cookie."""
    from core.models import unmarked
    from webapp.extensions import db

    with app.app_context():
        assert unmarked(db.session) == [], "a write left its participant's record mark behind"
        db.session.remove()


@pytest.fixture
def app(template_db, tmp_path):
    """An app on a freshly migrated, empty database file."""
    yield from _app_from(template_db, tmp_path)


@pytest.fixture
def demo_app(demo_template_db, tmp_path):
    """An app on a database holding the demo team."""
    yield from _app_from(demo_template_db, tmp_path)


@pytest.fixture
def client(demo_app):
    return demo_app.test_client()


@pytest.fixture
def csrf_app(demo_template_db, tmp_path):
    """Demo app with CSRF on (the default in TESTING is also on; kept explicit)."""
    yield from _app_from(demo_template_db, tmp_path, WTF_CSRF_ENABLED=True)


class AuthActions:
    """Log in through the real form, CSRF token included."""

    def __init__(self, client):
        self._client = client

    def csrf_token(self, path: str = "/login") -> str:
        import re

        html = self._client.get(path).get_data(as_text=True)
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
            r'name="csrf_token" value="([^"]+)"', html)
        assert match, f"no csrf token on {path}"
        return match.group(1)

    def login(self, username: str, password: str = DEMO_PASSWORD):
        token = self.csrf_token("/login")
        return self._client.post(
            "/login", data={"username": username, "password": password, "csrf_token": token}
        )

    def api_token(self) -> str:
        """A fresh CSRF token for a logged-in client, as the PWA gets it."""
        return self._client.get("/api/session").get_json()["csrfToken"]

    def logout(self):
        return self._client.post("/logout", data={"csrf_token": self.api_token()})


@pytest.fixture
def auth(client):
    return AuthActions(client)


# --- browser -----------------------------------------------------------------

class LiveServer:
    """The app (or `wsgi`, a middleware around it) on a free loopback port, in a thread."""

    def __init__(self, app, wsgi=None):
        self.app = app
        self._server = make_server("127.0.0.1", 0, wsgi or app, threaded=True)
        self.port = self._server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def live_server(demo_app):
    server = LiveServer(demo_app).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: browser tests never skip")
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, locale="sv-SE")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


def browser_login(page, server, username: str, password: str = DEMO_PASSWORD):
    page.goto(f"{server.url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    # The PWA keeps a sync timer running, so "networkidle" may never come.
    page.wait_for_load_state("load")
    assert "/login" not in page.url, f"login as {username} failed"


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL, SQLite-only tests say so (skipped with a reason, never silently)."""
    if not ON_POSTGRES:
        return
    skip = pytest.mark.skip(reason="SQLite-only (locks, files or pragmas of SQLite itself)")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)
