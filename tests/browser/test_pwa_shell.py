"""The installable shell: manifest, icons, worker, catalogue; the update flow in Chromium."""
from __future__ import annotations

import json
import re
import struct

import pytest

from tests.browser.pwa_support import CountingServer, login, wait_controlled


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def _body(client, url: str) -> tuple[int, bytes]:
    resp = client.get(url)
    try:
        return resp.status_code, resp.get_data()
    finally:
        resp.close()


def test_manifest_is_installable(client):
    resp = client.get("/manifest.webmanifest")
    assert resp.status_code == 200
    assert resp.mimetype == "application/manifest+json"
    m = json.loads(resp.data)
    assert (m["name"], m["short_name"], m["start_url"], m["scope"], m["display"]) == (
        "Bokvar", "Bokvar", "/app/", "/", "standalone")
    assert m["theme_color"] == "#1f5f5b" and m["background_color"]
    purposes = {(i["sizes"], i["purpose"]) for i in m["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes
    for icon in m["icons"]:
        data = _body(client, icon["src"])[1]
        assert "x".join(map(str, _png_size(data))) == icon["sizes"]


def test_service_worker_is_versioned_and_precaches_only_the_shell(client):
    resp = client.get("/sw.js")
    assert resp.status_code == 200 and resp.mimetype == "application/javascript"
    text = resp.get_data(as_text=True)
    version = re.search(r'const VERSION = "([0-9a-f]{16})";', text).group(1)
    urls = json.loads(re.search(r"const PRECACHE = (\[.*\]);", text).group(1))
    assert "/app/" in urls and "/i18n/sv.json" in urls and "/i18n/en.json" in urls
    assert "/static/js/db.js" in urls and "/static/css/field.css" in urls
    assert not any(u.startswith("/api/") for u in urls)
    for url in urls:  # every precached URL answers without a login
        assert _body(client, url)[0] == 200, url
    assert client.get("/sw.js").get_data(as_text=True) == text  # stable version
    assert version


def test_app_shell_holds_no_user_data(client, auth):
    anonymous = client.get("/app/").get_data(as_text=True)
    auth.login("sara")
    logged_in = client.get("/app/").get_data(as_text=True)
    assert anonymous == logged_in
    assert "Kim" not in logged_in and "<script>" not in logged_in


def test_js_catalogue_has_every_js_string_in_swedish(client):
    from webapp.pwa.routes import js_msgids

    sv = json.loads(client.get("/i18n/sv.json").data)["messages"]
    assert sv["A new version is ready — reload"] == "Ny version finns — ladda om"
    assert sv["{n} change waits to sync"] == ["{n} ändring väntar på synk",
                                              "{n} ändringar väntar på synk"]
    assert js_msgids() <= set(sv)
    assert client.get("/i18n/de.json").status_code == 404


@pytest.mark.browser
def test_update_waits_for_the_user_then_reloads(browser, demo_app):
    server = CountingServer(demo_app).start()
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, locale="sv-SE")
    try:
        page = ctx.new_page()
        login(page, server.url, "sara")
        wait_controlled(page)
        first = page.evaluate("navigator.serviceWorker.controller.scriptURL")
        old_cache = page.evaluate("caches.keys()")
        demo_app.config["PWA_VERSION_SALT"] = "v2"  # "deploy" a new version
        page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
        banner = page.locator("#reload-update")
        banner.wait_for(timeout=20000)
        assert "Ny version finns — ladda om" in page.inner_text("#banners")
        # Nothing was swapped silently: the old worker still controls the page.
        assert page.evaluate("caches.keys()") != [] and old_cache
        with page.expect_navigation():
            banner.click()
        wait_controlled(page)
        assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == first
        keys = page.evaluate("caches.keys()")
        assert len(keys) == 1 and keys != old_cache  # the old cache was deleted on activate
    finally:
        ctx.close()
        server.stop()
