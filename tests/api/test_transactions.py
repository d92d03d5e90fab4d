"""Transactions that lock only when they write (docs/architecture.md, "Transactions").

Reads (a page view, the session lookup, a pull) take no write lock; a push takes
it once; an empty pull writes nothing at all. SQLite-only: BEGIN IMMEDIATE, the
WAL file and a second raw connection holding the lock are SQLite's.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from core.models import AuditEvent
from tests.conftest import DEMO_PASSWORD
from webapp.extensions import db

pytestmark = pytest.mark.sqlite_only


@contextmanager
def begins(app):
    """The BEGIN statements the app's engine sends while the block runs."""
    seen: list[str] = []

    def before(conn, cursor, statement, params, context, executemany):
        if statement.startswith("BEGIN"):
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _files(app) -> str:
    path = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    digest = hashlib.sha256()
    for part in (path, path.with_name(path.name + "-wal")):
        digest.update(part.read_bytes() if part.exists() else b"")
    return digest.hexdigest()


def _audit_rows(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(AuditEvent)).scalar()


@contextmanager
def write_lock_held(app):
    """Another connection holds SQLite's write lock while the block runs."""
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_an_empty_pull_takes_no_lock_and_writes_nothing(api, demo_app):
    _, last = api.pull_all()
    cookie = last["cookie"]
    before_files, before_audit = _files(demo_app), _audit_rows(demo_app)
    with begins(demo_app) as seen:
        page = api.pull(cookie).get_json()
    assert page["patch"] == [] and not page["more"]
    assert seen == ["BEGIN"]  # one read, no BEGIN IMMEDIATE
    assert _files(demo_app) == before_files  # not a byte written: nothing to fsync
    assert _audit_rows(demo_app) == before_audit


def test_a_pull_that_sends_records_audits_them_after_its_read(api, demo_app):
    with begins(demo_app) as seen:
        ops, _ = api.pull_all()
    assert seen[0] == "BEGIN" and seen.count("BEGIN IMMEDIATE") <= 2  # device, audit
    with demo_app.app_context():
        counts = db.session.execute(select(AuditEvent.count).where(
            AuditEvent.action == "sync.pull")).scalars().all()
    assert sum(counts) == sum(1 for op in ops if op["op"] == "put")


def test_reads_answer_while_another_connection_holds_the_write_lock(api, demo_app):
    _, last = api.pull_all()
    page = api.http.get("/")
    assert page.status_code in (200, 302)
    with write_lock_held(demo_app):
        assert api.session()["user"]["username"] == "sara"
        assert api.pull(last["cookie"]).status_code == 200
        assert api.http.get("/api/devices").status_code == 200
        assert api.http.get("/").status_code in (200, 302)


def test_a_push_takes_the_write_lock_once(api, demo_app):
    ops, _ = api.pull_all()
    participant = next(o["key"] for o in ops if o.get("entity") == "participant")
    notes = [{"name": "note.create", "args": {
        "uuid": f"00000000-0000-4000-8000-{i:012d}", "participant": participant,
        "visitDate": "2024-05-02", "body": "Hembesök"}} for i in range(20)]
    with begins(demo_app) as seen:
        resp = api.push(*notes)
    assert resp.status_code == 200
    assert seen == ["BEGIN IMMEDIATE"]


def test_a_page_view_is_audited_after_its_read(client, auth, demo_app):
    auth.login("sara")
    page = client.get("/")
    link = re.search(r'href="/participants/([0-9a-f-]{36})"', page.get_data(as_text=True))[1]
    before = _audit_rows(demo_app)
    with begins(demo_app) as seen:
        assert client.get(f"/participants/{link}").status_code == 200
    assert _audit_rows(demo_app) == before + 1, seen
    assert seen == ["BEGIN", "BEGIN IMMEDIATE"]


def _lock_free_during_password_checks(app, monkeypatch, module) -> list[bool]:
    """Whether another connection could take the write lock while each password
    check (Argon2: a good part of a second) ran."""
    import webapp.api.routes
    import webapp.auth.routes

    real = module.verify_password
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    free: list[bool] = []

    def observed(stored, password):
        other = sqlite3.connect(path, isolation_level=None, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            free.append(True)
        except sqlite3.OperationalError:  # database is locked: the request holds it
            free.append(False)
        finally:
            other.close()
        return real(stored, password)

    assert module in (webapp.auth.routes, webapp.api.routes)
    monkeypatch.setattr(module, "verify_password", observed)
    return free


def test_a_login_checks_the_password_holding_no_lock_and_then_writes_once(
        client, auth, demo_app, monkeypatch):
    import webapp.auth.routes

    free = _lock_free_during_password_checks(demo_app, monkeypatch, webapp.auth.routes)
    token = auth.csrf_token("/login")
    with begins(demo_app) as seen:
        resp = client.post("/login", data={"username": "sara", "password": "fel",
                                           "csrf_token": token})
        assert resp.status_code == 200  # wrong password: the form again
        resp = client.post("/login", data={"username": "sara", "password": DEMO_PASSWORD,
                                           "csrf_token": token})
        assert resp.status_code == 302
    assert free == [True, True]
    # each login: a read (the password checked in it), then one write (attempt, session)
    assert seen[:2] == ["BEGIN", "BEGIN IMMEDIATE"] and seen.count("BEGIN IMMEDIATE") == 2


def test_taking_the_phone_back_checks_the_password_holding_no_lock(api, demo_app, monkeypatch):
    import webapp.api.routes

    free = _lock_free_during_password_checks(demo_app, monkeypatch, webapp.api.routes)
    resp = api.post("/api/session/verify", {"password": "fel"})
    assert resp.status_code == 403
    resp = api.post("/api/session/verify", {"password": DEMO_PASSWORD})
    assert resp.status_code == 200
    assert free == [True, True]
