"""A real server process killed with SIGKILL in the middle of a push of 500 mutations.

After a restart on the same database file, the client retries its queue as
the PWA would (a pull says what was confirmed, everything else is resent):
all 500 notes exist exactly once and the device's lastMutationID is 500.
"""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid as uuidlib
from pathlib import Path

import pytest
import requests

from sync.protocol import SCHEMA_VERSION

from ..conftest import DEMO_PASSWORD
from ..databases import copy_of, sqlite_path

ROOT = Path(__file__).resolve().parents[2]
TOTAL, BATCH = 500, 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`flask run` in its own process on a copy of the demo database."""

    def __init__(self, db_path: Path, log: Path) -> None:
        self.db_path, self.log, self.port = db_path, log, _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> Server:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{self.db_path}",
               "BOKVAR_SECRET_KEY": "kill-test-secret", "BOKVAR_ENV": "development"}
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "webapp", "run", "--port",
                 str(self.port), "--no-reload", "--no-debugger"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                requests.get(f"{self.url}/login", timeout=1)
                return self
            except requests.ConnectionError:
                assert self.proc.poll() is None, self.log.read_text()
                time.sleep(0.05)
        raise AssertionError("server did not start")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


class Client:
    """The PWA's side: outbox of note.create entries with ids 1..500, confirmed by pulls."""

    def __init__(self, server: Server) -> None:
        self.server, self.http = server, requests.Session()
        self.client_id = str(uuidlib.uuid4())
        self.outbox: list[dict] = []
        self.cookie: str | None = None

    def login(self, username: str) -> None:
        html = self.http.get(f"{self.server.url}/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        resp = self.http.post(f"{self.server.url}/login", allow_redirects=False, data={
            "username": username, "password": DEMO_PASSWORD, "csrf_token": token})
        assert resp.status_code == 302

    def post(self, path: str, **body) -> requests.Response:
        token = self.http.get(f"{self.server.url}/api/session").json()["csrfToken"]
        return self.http.post(f"{self.server.url}{path}", headers={"X-CSRFToken": token},
                              json={"protocol": 1, "schema": SCHEMA_VERSION, "clientID": self.client_id,
                                    **body}, timeout=30)

    def pull(self) -> dict:
        while True:
            page = self.post("/api/sync/pull", cookie=self.cookie)
            assert page.status_code == 200, page.text
            body = page.json()
            self.cookie = body["cookie"]
            confirmed = body["lastMutationID"]
            self.outbox = [m for m in self.outbox if m["id"] > confirmed]
            if not body["more"]:
                return body

    def push_all(self) -> None:
        while self.outbox:
            resp = self.post("/api/sync/push", mutations=self.outbox[:BATCH])
            assert resp.status_code == 200, resp.text
            self.outbox = [m for m in self.outbox if m["id"] > resp.json()["lastMutationID"]]


def _rows(db_path: Path, sql: str, *args) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_sigkill_mid_push_then_retry_applies_all_500_exactly_once(demo_template_db, tmp_path):
    db_path = sqlite_path(copy_of(demo_template_db, tmp_path))
    server = Server(db_path, tmp_path / "server.log").start()
    try:
        client = Client(server)
        client.login("sara")
        participant = next(op["key"] for op in client.post("/api/sync/pull").json()["patch"]
                           if op.get("entity") == "participant")
        uuids = [str(uuidlib.uuid4()) for _ in range(TOTAL)]
        client.outbox = [{"id": i + 1, "name": "note.create", "args": {
            "uuid": u, "participant": participant, "visitDate": "2024-05-02",
            "body": f"KILL-{i}"}} for i, u in enumerate(uuids)]
        failure = _push_until_killed(client, server)
        # Killed before the answer (connection refused/reset) or in the middle of
        # sending it (a committed batch whose response is cut: a dropped response).
        assert isinstance(failure, (requests.ConnectionError,
                                    requests.exceptions.ChunkedEncodingError)), failure
        server = Server(db_path, tmp_path / "server.log").start()
        client.server = server
        kept = client.pull()["lastMutationID"]   # what did the server keep?
        # All of batches 1-4, and each later batch all or none (a fast server may have
        # finished the 5th and begun the 6th before the signal landed).
        assert 4 * BATCH <= kept < TOTAL and kept % BATCH == 0, kept
        client.push_all()
        last = client.pull()
        assert client.outbox == [] and last["lastMutationID"] == TOTAL
    finally:
        server.stop()
    found = _rows(db_path, "SELECT uuid, COUNT(*) FROM visit_note WHERE body LIKE 'KILL-%' "
                           "GROUP BY uuid")
    assert sorted(u for u, _ in found) == sorted(uuids) and {n for _, n in found} == {1}
    assert _rows(db_path, "SELECT last_mutation_id FROM device WHERE client_id = ?",
                 client.client_id) == [(TOTAL,)]
    assert _rows(db_path, "PRAGMA integrity_check") == [("ok",)]


def _push_until_killed(client: Client, server: Server) -> Exception | None:
    """Push batch after batch in a thread; SIGKILL the server while the 5th is in flight."""
    in_flight = threading.Event()
    outcome: dict[str, Exception | None] = {"error": None}

    def slowly(body: bytes):
        """The 5th batch's body in two halves, the kill landing between them: the server
        is in the middle of that push whatever the machine's load (a plain post of 50
        mutations could be answered before a 10 ms sleep ended)."""
        yield body[:len(body) // 2]
        in_flight.set()
        time.sleep(0.5)
        yield body[len(body) // 2:]

    def run() -> None:
        batches = [client.outbox[i:i + BATCH] for i in range(0, TOTAL, BATCH)]
        try:
            for n, batch in enumerate(batches):
                token = client.http.get(f"{server.url}/api/session").json()["csrfToken"]
                body = json.dumps({"protocol": 1, "schema": SCHEMA_VERSION, "clientID": client.client_id,
                                   "mutations": batch}).encode()
                client.http.post(f"{server.url}/api/sync/push",
                                 headers={"X-CSRFToken": token,
                                          "Content-Type": "application/json"},
                                 data=slowly(body) if n == 4 else body,
                                 timeout=30).raise_for_status()
        except requests.RequestException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    assert in_flight.wait(timeout=60)
    time.sleep(0.01)  # the 5th request is on its way or being applied
    server.kill()
    thread.join(timeout=60)
    return outcome["error"]
