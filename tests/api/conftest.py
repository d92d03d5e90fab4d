"""An API client as the PWA uses it: logged in through the form, CSRF token from /api/session."""
from __future__ import annotations

import uuid as uuidlib
from typing import Any

import pytest

from sync.protocol import SCHEMA_VERSION

from ..conftest import AuthActions


class ApiClient:
    def __init__(self, app, username: str | None = None):
        self.app = app
        self.http = app.test_client()
        if username:
            resp = AuthActions(self.http).login(username)
            assert resp.status_code == 302, f"login as {username} failed"
        self.csrf = self.session()["csrfToken"]
        self.client_id = str(uuidlib.uuid4())
        self.next_id = 1

    def session(self) -> dict[str, Any]:
        return self.http.get("/api/session").get_json()

    def post(self, path: str, body: Any, **headers: str):
        headers = {"X-CSRFToken": self.csrf, **headers}
        return self.http.post(path, json=body, headers=headers)

    def envelope(self, **extra: Any) -> dict[str, Any]:
        return {"protocol": 1, "schema": SCHEMA_VERSION, "clientID": self.client_id, **extra}

    def push(self, *mutations: dict[str, Any], **envelope: Any):
        entries = []
        for m in mutations:
            entries.append({"id": self.next_id, "args": {}, **m})
            self.next_id += 1
        return self.post("/api/sync/push", self.envelope(mutations=entries, **envelope))

    def pull(self, cookie: str | None = None, **envelope: Any):
        return self.post("/api/sync/pull", self.envelope(cookie=cookie, **envelope))

    def pull_all(self, cookie: str | None = None) -> tuple[list[dict], dict]:
        ops: list[dict] = []
        while True:
            page = self.pull(cookie)
            assert page.status_code == 200, page.get_data(as_text=True)
            body = page.get_json()
            ops += body["patch"]
            cookie = body["cookie"]
            if not body["more"]:
                return ops, body


@pytest.fixture
def api(demo_app):
    """A logged-in case manager (sara) with CSRF token and a fresh client id."""
    return ApiClient(demo_app, "sara")


@pytest.fixture
def make_api(demo_app):
    return lambda username=None: ApiClient(demo_app, username)
