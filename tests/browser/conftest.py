"""Fixtures the PWA's browser tests share: the app on a counting loopback server,
and a phone-sized browser context (tests/browser/pwa_support.py)."""
from __future__ import annotations

import pytest

from tests.browser.pwa_support import CountingServer, new_context


@pytest.fixture
def server(demo_app):
    srv = CountingServer(demo_app).start()
    yield srv
    srv.stop()


@pytest.fixture
def ctx(browser):
    context = new_context(browser)
    yield context
    context.close()
