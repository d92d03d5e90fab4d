"""Helpers for the PWA browser tests: a request-counting live server, a
killable server subprocess, login into the app and waits on the app's own
state attributes (never fixed sleeps)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from tests.conftest import DEMO_PASSWORD, LiveServer

ROOT = Path(__file__).resolve().parents[2]
SYNC_TIMEOUT_MS = 20000
PIN = "246810"  # the app PIN every test phone chooses at its first login


class CountingApp:
    """WSGI middleware that records every request path reaching the server."""

    def __init__(self, app):
        self.app = app
        self.paths: list[str] = []
        self.browser_probes: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        # Chromium's own service-worker update probe (header "Service-Worker: script")
        # is scheduled by the browser after a navigation and ignores offline emulation.
        probe = environ.get("HTTP_SERVICE_WORKER") == "script"
        with self._lock:
            (self.browser_probes if probe else self.paths).append(environ.get("PATH_INFO", ""))
        return self.app(environ, start_response)

    def reset(self) -> None:
        with self._lock:
            self.paths.clear()
            self.browser_probes.clear()


class CountingServer(LiveServer):
    def __init__(self, app):
        self.counter = CountingApp(app)
        super().__init__(app, wsgi=self.counter)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """The app in a subprocess on a fixed port, so a test can kill and restart it."""

    def __init__(self, db_path: Path, port: int | None = None):
        self.db_path = db_path
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log = db_path.parent / "server.log"

    def start(self) -> ServerProcess:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("serve_app.py")), str(self.db_path),
                 str(self.port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(self.log.read_text()) from None
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def requests_seen(self, path: str) -> int:
        return self.log.read_text(errors="replace").count(path) if self.log.exists() else 0


def login(page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base_url}/login?next=/app/")
    if not page.locator("input[name=username]").count():
        raise AssertionError(f"no login form at {page.url}: {page.inner_text('body')[:300]}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit].primary")
    # Match the path: the glob "**/app/**" already matched "/login?next=/app/" itself,
    # so this returned before the login POST had landed in the app.
    page.wait_for_url(lambda url: urlsplit(url).path.startswith("/app/"))


def wait_controlled(page) -> None:
    """The service worker is activated and controls the page (TESTING-NOTES).

    The predicate must be synchronous: Playwright's wait_for_function takes a
    returned Promise as a truthy result and stops polling, so an async check
    ran once and returned false while clients.claim() was still pending."""
    page.wait_for_function("""() => {
        const controller = navigator.serviceWorker.controller;
        return controller !== null && controller.state === 'activated';
    }""", timeout=SYNC_TIMEOUT_MS)


def wait_state(page, state: str, timeout: int = SYNC_TIMEOUT_MS) -> None:
    page.wait_for_function(f"() => document.body.dataset.syncState === {state!r}", timeout=timeout)


def wait_synced(page, timeout: int = SYNC_TIMEOUT_MS) -> None:
    page.wait_for_function(
        "() => document.body.dataset.syncState === 'synced' && document.body.dataset.pending === '0'",
        timeout=timeout)


def wait_rendered(page, view: str) -> None:
    page.wait_for_function(f"() => document.getElementById('main').dataset.rendered === {view!r}",
                           timeout=SYNC_TIMEOUT_MS)


def rendered(page) -> str:
    return page.evaluate("document.getElementById('main').dataset.rendered || ''")


def choose_pin(page, pin: str = PIN) -> None:
    """The first login on a phone asks for a PIN (the store is already open)."""
    wait_rendered(page, "pin-setup")
    page.fill("#pin-setup input[name=pin]", pin)
    page.fill("#pin-setup input[name=again]", pin)
    page.click("#pin-save")


def unlock(page, pin: str = PIN, view: str = "today") -> None:
    """The lock screen (a start, a reload, idle or background): enter the PIN."""
    wait_rendered(page, "lock-unlock")
    page.fill("#unlock-form input[name=pin]", pin)
    page.click("#unlock-button")
    wait_rendered(page, view)


def open_app(page, base_url: str, username: str, pin: str = PIN) -> None:
    """Log in, land in the app (choosing the PIN on a new phone), wait for the
    worker and the first sync."""
    login(page, base_url, username)
    page.wait_for_function("() => ['pin-setup', 'today'].includes(document.getElementById('main')"
                           ".dataset.rendered)", timeout=SYNC_TIMEOUT_MS)
    if rendered(page) == "pin-setup":
        choose_pin(page, pin)
    wait_controlled(page)
    wait_synced(page)
    wait_rendered(page, "today")
    page.wait_for_function("() => document.querySelectorAll('[data-participant]').length > 0")


def goto_hash(page, hash_: str, view: str) -> None:
    """Route inside the app and wait for THAT view (not the one still on screen)."""
    page.evaluate("(h) => { delete document.getElementById('main').dataset.rendered; location.hash = h; }",
                  hash_)
    wait_rendered(page, view)


def write_note(page, participant_uuid: str, body: str) -> str:
    """Write a draft through the editor; returns the note's uuid once saved locally."""
    goto_hash(page, f"#/note/new/{participant_uuid}", "note-editor")
    page.fill("textarea[name=body]", body)
    page.wait_for_function("() => document.getElementById('note-form').dataset.saveState === 'saved'")
    page.wait_for_function("() => location.hash.startsWith('#/note/') && !location.hash.includes('/new/')")
    return page.evaluate("location.hash.split('/').pop()")


def shots_dir(tmp_path: Path) -> Path:
    """docs/screenshots when BOKVAR_SCREENSHOTS=1 (to refresh the docs), else a temp dir."""
    if os.environ.get("BOKVAR_SCREENSHOTS") == "1":
        return ROOT / "docs" / "screenshots"
    return tmp_path


def db_path_of(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")


def server_rows(app, sql: str, *params):
    import sqlite3

    with sqlite3.connect(db_path_of(app)) as con:
        return con.execute(sql, params).fetchall()


def first_participant(page, name: str | None = None) -> str:
    """uuid of a participant in the local store (by name, or the first on today)."""
    if name:
        return page.evaluate("""async (name) => {
            const db = await import('/static/js/db.js');
            return (await db.getAll('participant')).find((p) => p.preferredName === name).uuid;
        }""", name)
    return page.evaluate("document.querySelector('[data-participant]').dataset.participant")


def new_context(browser, **kw):
    return browser.new_context(viewport={"width": 360, "height": 740}, locale="sv-SE", **kw)


@contextmanager
def in_app(browser, demo_app, username: str = "sara") -> Iterator[tuple]:
    """A phone-sized context logged in to the field app on its own counting server."""
    server = CountingServer(demo_app).start()
    ctx = new_context(browser)
    page = ctx.new_page()
    try:
        open_app(page, server.url, username)
        yield ctx, page
    finally:
        ctx.close()
        server.stop()
