"""The next IndexedDB schema bump, in real Chromium: a phone holding a store
at today's version N (synced caseload, an unsent draft) opens a newer app
whose db.js has one more upgrade step. The step runs from oldVersion N, the
data and the outbox survive, and the draft still syncs exactly once.

The newer db.js is today's file with a version N+1 step appended, served by
Playwright routing (the service worker is blocked in these contexts, so
every module request reaches the route)."""
from __future__ import annotations

import pytest

from tests.browser.pwa_support import (
    CountingServer,
    first_participant,
    login,
    server_rows,
    wait_rendered,
    wait_synced,
)

pytestmark = pytest.mark.browser

ANCHOR = "\n];\nconst DB_VERSION = MIGRATIONS.length;"
# The next version as a real later step would look: a new store and a new index on
# an existing store (the kinds of change that throw when a version-unaware
# upgrade re-creates what exists).
STEP_2 = """
  (db, tx) => {
    db.createObjectStore("probe_v2");
    tx.objectStore("note").createIndex("visitDate", "visitDate");
  },"""


def bumped_db_js(route) -> None:
    body = route.fetch().text()
    assert body.count(ANCHOR) == 1, "db.js no longer ends its MIGRATIONS list as the test expects"
    route.fulfill(status=200, content_type="text/javascript",
                  body=body.replace(ANCHOR, STEP_2 + ANCHOR))


STORE_SHAPE = """async () => {
    const [info] = (await indexedDB.databases()).filter((d) => d.name === 'bokvar');
    const db = await new Promise((res, rej) => {
        const r = indexedDB.open('bokvar');
        r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error);
    });
    const stores = [...db.objectStoreNames];
    const noteIndexes = [...db.transaction('note').objectStore('note').indexNames];
    db.close();
    return {version: info && info.version, stores, noteIndexes};
}"""
TODAY = "() => import('/static/js/db.js').then((m) => m.DATABASE_VERSION)"

CONTENTS = """async () => {
    const db = await import('/static/js/db.js');
    return {participants: (await db.getAll('participant')).length,
            notes: (await db.getAll('note')).length,
            outbox: (await db.getAll('outbox')).map((e) => [e.id, e.name, e.args.body]),
            clientID: await db.getMeta('clientID'), cookie: await db.getMeta('cookie'),
            owner: await db.getMeta('owner')};
}"""


@pytest.fixture
def server(demo_app):
    srv = CountingServer(demo_app).start()
    yield srv
    srv.stop()


@pytest.fixture
def ctx(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="sv-SE",
                                  service_workers="block")
    yield context
    context.close()


def test_a_version_1_store_with_data_and_an_unsent_draft_survives_the_next_schema(ctx, server, demo_app):
    page = ctx.new_page()
    login(page, server.url, "sara")
    wait_synced(page)
    wait_rendered(page, "today")
    today = page.evaluate(TODAY)
    v1 = page.evaluate(STORE_SHAPE)
    assert v1["version"] == today and "probe_v2" not in v1["stores"]
    kim = first_participant(page, "Kim")
    # An unsent draft: pushes fail as if the server were out of reach.
    ctx.route("**/api/sync/push", lambda route: route.abort())
    page.evaluate("""async (participant) => {
        const actions = await import('/static/js/actions.js');
        await actions.saveNote({uuid: crypto.randomUUID(), participant, visitDate: '2026-01-07',
          kind: 'home_visit', participantTopics: '', body: 'UPGRADE-DRAFT vi pratade om flytten',
          nextSteps: '', hiddenFromParticipant: false});
    }""", kim)
    page.wait_for_function("() => document.body.dataset.pending === '1'")
    before = page.evaluate(CONTENTS)
    assert before["participants"] > 0 and len(before["outbox"]) == 1
    page.close()

    ctx.route("**/static/js/db.js", bumped_db_js)
    page = ctx.new_page()
    page.goto(f"{server.url}/app/")
    wait_rendered(page, "today")
    v2 = page.evaluate(STORE_SHAPE)
    assert v2["version"] == today + 1
    assert "probe_v2" in v2["stores"] and "visitDate" in v2["noteIndexes"]
    assert set(v1["stores"]) <= set(v2["stores"]) and "participant" in v2["noteIndexes"]
    assert page.evaluate(CONTENTS) == before  # records, outbox, client id, cookie, owner
    assert "Kim" in page.inner_text("main")

    ctx.unroute("**/api/sync/push")
    page.evaluate("import('/static/js/sync-client.js').then((m) => m.requestSync('test'))")
    wait_synced(page)
    assert server_rows(demo_app, "SELECT count(*) FROM visit_note WHERE body LIKE 'UPGRADE-DRAFT%'") == [(1,)]


def test_a_new_phone_runs_every_step_from_version_0(ctx, server):
    ctx.route("**/static/js/db.js", bumped_db_js)
    page = ctx.new_page()
    login(page, server.url, "sara")
    wait_synced(page)
    wait_rendered(page, "today")
    shape = page.evaluate(STORE_SHAPE)
    # today's steps and the appended one (the route serves the bumped file to this page too)
    assert shape["version"] == page.evaluate(TODAY) and "probe_v2" in shape["stores"]
    assert {"participant", "outbox", "errors", "meta"} <= set(shape["stores"])
    assert page.evaluate(CONTENTS)["participants"] > 0


def test_a_failing_step_leaves_the_store_at_its_version_as_it_was_and_says_so(ctx, server):
    page = ctx.new_page()
    login(page, server.url, "sara")
    wait_synced(page)
    wait_rendered(page, "today")
    today = page.evaluate(TODAY)
    # No sync from here on: a pull would move the cookie (it carries a time).
    ctx.route("**/api/sync/**", lambda route: route.abort())
    before = page.evaluate(CONTENTS)
    page.close()

    def broken(route) -> None:
        body = route.fetch().text()
        route.fulfill(status=200, content_type="text/javascript", body=body.replace(
            ANCHOR, "\n  (db) => { db.createObjectStore('note'); }," + ANCHOR))  # exists: throws

    ctx.route("**/static/js/db.js", broken)
    page = ctx.new_page()
    page.goto(f"{server.url}/app/")
    page.wait_for_function("() => document.querySelector('#main h1')")
    assert "Lagringen på den här enheten gick inte att öppna" in page.inner_text("main")
    assert "Kim" not in page.inner_text("main")
    assert page.evaluate(STORE_SHAPE)["version"] == today  # the versionchange transaction was aborted
    page.close()

    ctx.unroute("**/static/js/db.js")
    page = ctx.new_page()
    page.goto(f"{server.url}/app/")
    wait_rendered(page, "today")
    assert page.evaluate(CONTENTS) == before
