"""Production serving (docs/deploy.md): `python -m webapp.serve` migrates and runs
gunicorn on PORT with production defaults; the wheel carries everything it reads."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The production server on a fresh data directory (no DATABASE_URL: SQLite there)."""
    instance = tmp_path_factory.mktemp("instance")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "BOKVAR_"))}
    env.update(PORT=str(port), BOKVAR_INSTANCE=str(instance), BOKVAR_WORKERS="1",
               BOKVAR_BIND="127.0.0.1", BOKVAR_PROXIES="1", BOKVAR_FAST_PASSWORD_HASH="1")
    log = instance / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "webapp.serve"], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"{base}/login", timeout=2)
            break
        except requests.ConnectionError:
            assert proc.poll() is None, log.read_text()
            time.sleep(0.2)
    yield base, instance, log
    proc.terminate()
    proc.wait(20)


def test_serve_migrates_a_fresh_data_directory_and_answers_on_port(served):
    base, instance, _ = served
    assert (instance / "bokvar.sqlite").exists() and (instance / "secret_key").exists()
    page = requests.get(f"{base}/login", timeout=5)
    assert page.status_code == 200 and "Bokvar" in page.text
    assert requests.get(f"{base}/static/css/app.css", timeout=5).status_code == 200


def test_production_defaults_no_banner_hsts_over_https_secure_cookie(served):
    base, _, _ = served
    plain = requests.get(f"{base}/login", timeout=5)
    assert "Server" not in plain.headers
    assert "Strict-Transport-Security" not in plain.headers  # not over plain HTTP
    secure = requests.get(f"{base}/login", headers={"X-Forwarded-Proto": "https"}, timeout=5)
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Secure" in secure.headers["Set-Cookie"] and "HttpOnly" in secure.headers["Set-Cookie"]


def test_one_log_line_per_request_without_personal_data(served):
    base, _, log = served
    uuid = "4f36a1c2-0000-4000-8000-000000000abc"
    requests.get(f"{base}/participants/{uuid}?q=Kim", timeout=5)
    requests.get(f"{base}/login?next=/me", timeout=5)
    time.sleep(0.3)  # the worker's stderr reaches the file
    text = log.read_text()
    lines = [line for line in text.splitlines() if re.search(r" (GET|POST) ", line)]
    assert any("GET /participants/<uuid:uuid> 302" in line for line in lines), text[-2000:]
    assert any("GET /login 200" in line for line in lines)
    assert uuid not in text and "Kim" not in text and "next=" not in text
    assert "127.0.0.1" not in "\n".join(lines)


def test_the_wheel_carries_templates_static_migrations_and_catalogues(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True, cwd=tmp_path,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    [wheel] = tmp_path.glob("bokvar-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("webapp/_bundle/templates/base.html", "webapp/_bundle/static/sw.js",
                   "webapp/_bundle/static/css/app.css", "webapp/_bundle/migrations/env.py",
                   "webapp/translations/sv/LC_MESSAGES/messages.mo", "sync/push.py",
                   "core/models/base.py"):
        assert needed in names, needed
    assert any(n.startswith("webapp/_bundle/migrations/versions/") for n in names)
    # Unpacked on its own (no source tree beside it), the app finds its files.
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    probe = ("from webapp import create_app; from webapp.config import ROOT; "
             "app = create_app({'SQLALCHEMY_DATABASE_URI': 'sqlite://', 'SECRET_KEY': 'x'}); "
             "c = app.test_client(); r = c.get('/login'); "
             "print(ROOT.name, r.status_code, 'Logga in' in r.get_data(as_text=True))")
    env = {**os.environ, "PYTHONPATH": str(unpacked), "BOKVAR_INSTANCE": str(tmp_path / "i")}
    env.pop("DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-c", probe], env=env, cwd=tmp_path, check=True,
                         capture_output=True, text=True).stdout.split()
    assert out == ["_bundle", "200", "True"]
