"""Phones held by the production server: devices_held_p95_150ms.

The production server (`python -m webapp.serve`, gunicorn, 4 sync workers, SQLite)
on loopback, and a bounded load generator in this process: simulated case-manager
phones, each its own user with a caseload of 10 participants, that pull every 10 s
and push 5 new notes every third cycle (before that cycle's pull), with random
phases. Levels of phones are tried in turn; a level is held when p95 over all its
requests is under 150 ms with no error. Printed:
- devices_held_p95_150ms: the most phones held (goal >= 1,000 on two cores);
- load_<endpoint>_p50/p95/p99_ms at that level (pull, push);
- load_static_p95_ms: the baseline, the same server answering a static file at the
  same request rate, through the same generator;
- lost_writes, duplicated_writes: notes a push confirmed that are missing, or stored
  more than once, counted in the database at the end (must be 0).
Logins use a fast Argon2 setting (BOKVAR_FAST_PASSWORD_HASH): they are not measured.
The generator shares the two cores with the server, so the figure is a lower bound.
"""
from __future__ import annotations

import heapq
import http.client
import json
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid as uuidlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sync.protocol import PROTOCOL_VERSION, SCHEMA_VERSION

from . import bench_sync as base

ROOT = Path(__file__).resolve().parent.parent
CYCLE_S = 10.0
LEVEL_S = float(os.environ.get("BOKVAR_LOAD_LEVEL_S", "30"))
LEVELS = [int(n) for n in os.environ.get("BOKVAR_LOAD_LEVELS", "250,500,750,1000,1250").split(",")]
GOAL_MS = 150.0
THREADS = 24


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database(tmp: Path, phones: int) -> Path:
    """The demo database plus `phones` case managers with 10 participants each."""
    template = base._template(tmp)
    conn = base._connect(template)
    team = base._team(conn, "Lasteamet")
    from webapp.auth.passwords import make_hasher

    pw = make_hasher(fast=True).hash(base.PASSWORD)  # the setup's logins are not measured
    base.insert_rows(conn, "user", [{"uuid": base._uuid(), "username": f"phone{i}",
                                     "display_name": f"Telefon {i}", "password_hash": pw,
                                     "role": "case_manager", "team_id": team}
                                    for i in range(phones)])
    users = dict(conn.execute("SELECT username, id FROM user WHERE username LIKE 'phone%'"))
    for i in range(phones):
        pids = base._participants(conn, team, 10, 10)
        base._caseload_rows(conn, pids, users[f"phone{i}"], notes=3, goals=1, followups=1,
                            version=10)
        base._assign(conn, pids, users[f"phone{i}"], 10)
    base._bump_version(conn, 100)
    conn.close()
    return template


class Server:
    def __init__(self, db: Path, tmp: Path) -> None:
        self.port = _free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("BOKVAR_")}
        env.update(PORT=str(self.port), BOKVAR_BIND="127.0.0.1", BOKVAR_WORKERS="4",
                   DATABASE_URL=f"sqlite:///{db}", BOKVAR_INSTANCE=str(tmp / "instance"),
                   BOKVAR_FAST_PASSWORD_HASH="1", BOKVAR_REQUEST_LOG="0",
                   BOKVAR_SECRET_KEY="bench-load", BOKVAR_ENV="development")
        self.log = (tmp / "server.log").open("wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "webapp.serve"], cwd=ROOT, env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)
        self.log.close()


def _request(port: int, method: str, path: str, body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


class Phone:
    def __init__(self, port: int, username: str) -> None:
        self.port = port
        self.client_id = str(uuidlib.uuid4())
        self.next_id = 1
        self.cookie_value = ""
        self.confirmed: list[str] = []
        self.participants: list[str] = []
        self._login(username)

    def _headers(self, json_body: bool = True) -> dict[str, str]:
        h = {"Cookie": self.cookie_value}
        if json_body:
            h.update({"Content-Type": "application/json", "X-CSRFToken": self.csrf})
        return h

    def _login(self, username: str) -> None:
        status, headers, body = _request(self.port, "GET", "/login")
        self.cookie_value = headers["set-cookie"].split(";")[0]
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', body)
        assert token, "no CSRF token on /login"
        form = f"username={username}&password={base.PASSWORD}&csrf_token={token.group(1).decode()}"
        status, headers, _ = _request(self.port, "POST", "/login", form.encode(), {
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie_value})
        assert status == 302, f"login {username}: {status}"
        self.cookie_value = headers["set-cookie"].split(";")[0]
        _, headers, body = _request(self.port, "GET", "/api/session", None, self._headers(False))
        if "set-cookie" in headers:  # the CSRF token lives in the session
            self.cookie_value = headers["set-cookie"].split(";")[0]
        self.csrf = json.loads(body)["csrfToken"]
        page = self.call("/api/sync/pull", {"cookie": None})[1]
        self.cookie = page["cookie"]
        self.participants = [op["key"] for op in page["patch"]
                             if op.get("entity") == "participant"]
        while page["more"]:
            page = self.call("/api/sync/pull", {"cookie": self.cookie})[1]
            self.cookie = page["cookie"]

    def call(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        envelope = {"protocol": PROTOCOL_VERSION, "schema": SCHEMA_VERSION,
                    "clientID": self.client_id, **body}
        status, _, data = _request(self.port, "POST", path, json.dumps(envelope).encode(),
                                   self._headers())
        return status, json.loads(data) if status == 200 else None

    def push(self) -> int:
        notes = []
        for _ in range(5):
            notes.append({"id": self.next_id, "name": "note.create", "args": {
                "uuid": str(uuidlib.uuid4()), "participant": random.choice(self.participants),
                "visitDate": "2025-03-01", "body": "Hembesök, bra samtal."}})
            self.next_id += 1
        status, answer = self.call("/api/sync/push", {"mutations": notes})
        if status == 200 and answer["lastMutationID"] == notes[-1]["id"]:
            self.confirmed += [n["args"]["uuid"] for n in notes]
        else:
            self.next_id = notes[0]["id"]  # resent next time, as the outbox would
        return status

    def pull(self) -> int:
        status, page = self.call("/api/sync/pull", {"cookie": self.cookie})
        if status == 200:
            self.cookie = page["cookie"]
        return status


def _run_level(phones: list[Phone], seconds: float) -> dict[str, list[float]]:
    """Every phone's cycle for `seconds`: (endpoint -> latencies ms), errors under 'error'."""
    out: dict[str, list[float]] = {"pull": [], "push": [], "error": []}
    lock = threading.Lock()
    start = time.monotonic()
    heap = [(start + random.uniform(0, CYCLE_S), i, random.randrange(3))
            for i in range(len(phones))]
    heapq.heapify(heap)

    def one(phone: Phone, cycle: int) -> None:
        for name, action in ([("push", phone.push)] if cycle % 3 == 0 else []) + [
                ("pull", phone.pull)]:
            t0 = time.perf_counter()
            try:
                status = action()
            except Exception:  # a refused connection, a timeout
                status = -1
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                out[name if status == 200 else "error"].append(elapsed)

    with ThreadPoolExecutor(THREADS) as pool:
        while heap:
            due, i, cycle = heapq.heappop(heap)
            if due > start + seconds:
                break
            time.sleep(max(0.0, due - time.monotonic()))
            pool.submit(one, phones[i], cycle)
            heapq.heappush(heap, (due + CYCLE_S, i, cycle + 1))
    return out


def _static(port: int, rate: float, seconds: float) -> list[float]:
    times: list[float] = []

    def get() -> None:
        t0 = time.perf_counter()
        _request(port, "GET", "/static/css/app.css")
        times.append((time.perf_counter() - t0) * 1000)

    with ThreadPoolExecutor(THREADS) as pool:
        t = time.monotonic()
        for k in range(int(rate * seconds)):
            time.sleep(max(0.0, t + k / rate - time.monotonic()))
            pool.submit(get)
    return times


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 1)


def _stored(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT uuid, COUNT(*) FROM visit_note GROUP BY uuid"))
    finally:
        conn.close()


def run() -> dict[str, float]:
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(dir="/tmp") as name:
        tmp = Path(name)
        db = _database(tmp, max(LEVELS))
        server = Server(db, tmp)
        try:
            phones: list[Phone] = []
            held, at_held = 0, None
            for level in LEVELS:
                while len(phones) < level:
                    phones.append(Phone(server.port, f"phone{len(phones)}"))
                got = _run_level(phones[:level], LEVEL_S)
                every = got["pull"] + got["push"]
                p95 = _pct(every, 95)
                print(f"# load level={level} requests={len(every)} errors={len(got['error'])} "
                      f"p95={p95}ms", flush=True)
                if got["error"] or p95 >= GOAL_MS:
                    break
                held, at_held = level, got
            if at_held is not None:
                for endpoint in ("pull", "push"):
                    for q in (50, 95, 99):
                        results[f"load_{endpoint}_p{q}_ms"] = _pct(at_held[endpoint], q)
                rate = (len(at_held["pull"]) + len(at_held["push"])) / LEVEL_S
                results["load_requests_per_s"] = round(rate, 1)
                results["load_static_p95_ms"] = _pct(_static(server.port, rate, 10), 95)
            results["devices_held_p95_150ms"] = held
        finally:
            server.stop()
        stored = _stored(db)
        confirmed = [u for p in phones for u in p.confirmed]
        results["lost_writes"] = sum(1 for u in confirmed if stored.get(u, 0) == 0)
        results["duplicated_writes"] = sum(1 for u in confirmed if stored.get(u, 0) > 1)
    return results


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}={value}")
