"""Fixtures like flaskr's: app, client, auth; a fresh database file per test.

The schema comes from the real Alembic migrations, built once per session
into a template file and copied for each test (a copy is a few ms; running
the migrations each time would dominate the suite).
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

# Argon2id at a low cost for the suite (same algorithm and code path); set
# before webapp is imported. test_passwords_production_parameters checks the
# real parameters.
os.environ.setdefault("BOKVAR_FAST_PASSWORD_HASH", "1")

from webapp import create_app

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
DEMO_PASSWORD = "bokvar-demo"


def make_app(db_path: Path, **extra):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
    }
    config.update(extra)
    return create_app(config)


def _build_template(path: Path, demo: bool) -> Path:
    from flask_migrate import upgrade

    app = make_app(path)
    with app.app_context():
        upgrade()
        if demo:
            from webapp.demo import seed
            from webapp.extensions import db

            seed(db.session)
        from webapp.extensions import db

        db.session.remove()
        db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    return _build_template(tmp_path_factory.mktemp("tpl") / "empty.sqlite", demo=False)


@pytest.fixture(scope="session")
def demo_template_db(tmp_path_factory) -> Path:
    return _build_template(tmp_path_factory.mktemp("tpl") / "demo.sqlite", demo=True)


def _app_from(template: Path, tmp_path: Path, **extra):
    db_path = tmp_path / "bokvar.sqlite"
    shutil.copy(template, db_path)
    app = make_app(db_path, **extra)
    yield app
    from webapp.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


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
