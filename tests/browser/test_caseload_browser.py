"""Proves the browser harness: real Chromium logs in as sara and sees her caseload."""
from __future__ import annotations

import pytest

from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def test_sara_logs_in_and_sees_her_caseload(page, live_server):
    page.goto(f"{live_server.url}/")  # anonymous: sent to the login page
    assert "/login" in page.url
    browser_login(page, live_server, "sara")
    page.goto(f"{live_server.url}/")
    assert page.locator("h1").first.inner_text() == "Mina deltagare"
    body = page.locator("main").inner_text()
    for name in ("Kim", "Ali", "Birgitta"):
        assert name in body
    for name in ("Fatima", "Göran"):  # omar's participants
        assert name not in body
