"""What the server says no to: a refused change on its record, a revoked device, an old app."""
from __future__ import annotations

import json

import pytest

from tests.browser.pwa_support import (
    goto_hash,
    in_app,
    wait_rendered,
    wait_synced,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def app_page(browser, demo_app):
    with in_app(browser, demo_app) as (_ctx, page):
        yield page


def test_a_refused_change_is_shown_on_its_record_with_the_reason(app_page):
    page = app_page
    note = page.evaluate("""async () => {
        const db = await import('/static/js/db.js');
        const actions = await import('/static/js/actions.js');
        const signed = (await db.getAll('note')).find((n) => n.status === 'signed');
        await actions.saveNote({...signed, status: 'draft', body: 'En ändring av en signerad anteckning'});
        return signed;
    }""")
    page.wait_for_function("() => document.body.dataset.errors === '1'", timeout=20000)
    assert "1 ändring nekades" in page.inner_text("#sync-chip")
    goto_hash(page, f"#/p/{note['participant']}", "participant")
    box = page.locator(".refused-box")
    assert "Servern tog inte emot en ändring" in box.inner_text()
    assert len(box.inner_text()) > 60  # the server's reason is there, not just a code
    box.locator("a", has_text="Skicka igen, kopiera eller släng").first.click()
    wait_rendered(page, "refused")
    assert "En ändring av en signerad anteckning" in page.inner_text("main")  # the text is kept
    page.click("#refused-discard")
    page.locator("dialog.ask button", has_text="Släng").click()
    page.wait_for_function("() => document.body.dataset.errors === '0'")
    # Discarded: the record is the server's again (signed), fetched anew.
    page.wait_for_function("""async (uuid) => {
        const db = await import('/static/js/db.js');
        const n = await db.get('note', uuid);
        return n && n.status === 'signed' && n.body !== 'En ändring av en signerad anteckning';
    }""", arg=note["uuid"], timeout=20000)


def test_a_revoked_device_is_wiped_at_its_next_contact(app_page):
    page = app_page
    page.evaluate("""async () => {
        const db = await import('/static/js/db.js');
        const session = await (await fetch('/api/session')).json();
        await fetch(`/api/devices/${await db.getMeta('clientID')}/revoke`,
                    {method: 'POST', headers: {'X-CSRFToken': session.csrfToken}});
    }""")
    with page.expect_navigation(url="**/login?revoked=1"):
        page.evaluate("import('/static/js/sync-client.js').then((m) => m.requestSync('test'))")
    page.wait_for_function("() => document.documentElement.dataset.wiped === 'yes'")
    assert "bokvar" not in page.evaluate("indexedDB.databases().then((d) => d.map((x) => x.name))")


def test_an_app_older_than_the_server_says_update_and_keeps_its_outbox(app_page):
    page = app_page
    body = {"error": "schema_mismatch", "message": "old", "serverProtocol": 1, "serverSchema": 2}
    page.route("**/api/sync/push", lambda route: route.fulfill(
        status=409, content_type="application/json", body=json.dumps(body)))
    page.evaluate("""async () => {
        const db = await import('/static/js/db.js');
        const actions = await import('/static/js/actions.js');
        const p = (await db.getAll('participant'))[0];
        await actions.createFollowup(p.uuid, {kind: 'visit', title: 'Hembesök', dueOn: '2026-12-01'});
    }""")
    page.wait_for_function("() => document.body.dataset.syncState === 'error'", timeout=20000)
    assert "Uppdatera appen" in page.inner_text("#banners")
    assert page.evaluate("document.body.dataset.pending") == "1"
    page.unroute("**/api/sync/push")
    page.evaluate("import('/static/js/sync-client.js').then((m) => m.requestSync('test'))")
    wait_synced(page)


def test_a_full_disk_is_shown_never_swallowed(app_page):
    page = app_page
    kim = page.evaluate("""async () => (await (await import('/static/js/db.js')).getAll('participant'))
        .find((p) => p.preferredName === 'Kim').uuid""")
    goto_hash(page, f"#/note/new/{kim}", "note-editor")
    # The browser refuses the write as a full disk would.
    page.evaluate("""() => {
        const put = IDBObjectStore.prototype.put;
        IDBObjectStore.prototype.put = function (...args) {
            if (this.name === 'note') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
            return put.apply(this, args);
        };
    }""")
    page.fill("textarea[name=body]", "Det här får inte plats")
    page.wait_for_function("() => document.getElementById('note-form').dataset.saveState === 'error'")
    assert "sparades INTE" in page.locator("#banners [role=alert]").inner_text()
    assert page.evaluate("document.body.dataset.pending") == "0"  # nothing half-written
