"""IndexedDB schema upgrades by oldVersion, in real Chromium.

- The sealing bump (2 → 3; from 1 here, so 1 → 2 runs too): a phone holding a version-1
  store written in clear by the old app (an unsent draft in its outbox)
  opens today's app; at the online login the records are sealed, nothing
  typed is lost, the draft syncs exactly once, and no clear text is left.
- The next bump: today's db.js with one more step appended, served by
  Playwright routing (service workers are blocked in these contexts, so every
  module request reaches the route). The step runs from the stored version,
  the data survives; a new phone runs every step; a failing step leaves the
  stored version as it was.
"""
from __future__ import annotations

import pytest

from tests.browser.pwa_support import (
    choose_pin,
    first_participant,
    login,
    server_rows,
    wait_rendered,
    wait_synced,
)

pytestmark = pytest.mark.browser

ANCHOR = "\n];\nconst DB_VERSION = MIGRATIONS.length;"
# A next version as a real later step would look: a new store and a new index on
# an existing store (the kinds of change that throw when a version-unaware
# upgrade re-creates what exists).
NEXT_STEP = """
  (db, tx) => {
    db.createObjectStore("probe_next");
    tx.objectStore("note").createIndex("visitDate", "visitDate");
  },"""


def bumped_db_js(route) -> None:
    body = route.fetch().text()
    assert body.count(ANCHOR) == 1, "db.js no longer ends its MIGRATIONS list as the test expects"
    route.fulfill(status=200, content_type="text/javascript",
                  body=body.replace(ANCHOR, NEXT_STEP + ANCHOR))


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

CONTENTS = """async () => {
    const db = await import('/static/js/db.js');
    return {participants: (await db.getAll('participant')).length,
            notes: (await db.getAll('note')).length,
            outbox: (await db.getAll('outbox')).map((e) => [e.id, e.name, e.args.body]),
            clientID: await db.getMeta('clientID'), cookie: await db.getMeta('cookie'),
            owner: await db.getMeta('owner')};
}"""

# The version-1 store exactly as the old app made it (its MIGRATIONS[0]), with
# what it held in clear: owner, client id, a participant, a typed draft and its
# unsent outbox entry. With `version` 4, the steps up to the sealing as well
# (MIGRATIONS[1..3]): the store the journal's step 4 -> 5 finds.
OLD_STORE = """async ({owner, participant, note, version = 1}) => {
    const db = await new Promise((res, rej) => {
        const r = indexedDB.open('bokvar', version);
        r.onupgradeneeded = () => {
            const d = r.result;
            const more = [];
            if (version >= 2) more.push('actionplan', 'actionitem', 'landlordreport');
            if (version >= 3) more.push('rating', 'planEvent');
            for (const name of more) {
                d.createObjectStore(name, {keyPath: 'uuid'}).createIndex('participant', 'participant');
            }
            for (const name of ['participant', 'tenancy', 'plan', 'goal', 'step', 'note', 'addendum',
                                'review', 'followup', 'conflict']) {
                d.createObjectStore(name, {keyPath: 'uuid'}).createIndex('participant', 'participant');
            }
            d.createObjectStore('outbox', {keyPath: 'id', autoIncrement: true});
            const errors = d.createObjectStore('errors', {keyPath: 'mutationID'});
            errors.createIndex('entityUuid', 'entityUuid');
            errors.createIndex('participant', 'participant');
            d.createObjectStore('meta');
            if (version >= 4) {
                r.transaction.objectStore('note').createIndex('todo', 'todo');
                r.transaction.objectStore('review').createIndex('note', 'note');
                errors.createIndex('state', 'state');
            }
        };
        r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error);
    });
    const args = {uuid: note.uuid, participant: participant.uuid, visitDate: '2026-11-30',
                  kind: 'home_visit', participantTopics: '', body: note.body, nextSteps: '',
                  hiddenFromParticipant: false};
    await new Promise((res, rej) => {
        const tx = db.transaction(['participant', 'note', 'outbox', 'meta'], 'readwrite');
        tx.objectStore('participant').put({...participant, version: 1, status: 'active'});
        tx.objectStore('note').put({...args, author: owner.uuid, authorName: owner.displayName,
                                    status: 'draft', savedAt: Date.now()});
        tx.objectStore('outbox').put({name: 'note.create', entity: 'note', entityUuid: note.uuid,
            participant: participant.uuid, args, sent: false, coalesce: `note:${note.uuid}`,
            createdAt: Date.now(),
            local: [{store: 'note', key: note.uuid, create: true,
                     extra: {author: owner.uuid, authorName: owner.displayName, status: 'draft'}}]});
        const meta = tx.objectStore('meta');
        meta.put(owner.uuid, 'owner');
        meta.put(crypto.randomUUID(), 'clientID');
        meta.put(null, 'cookie');
        meta.put('sv', 'locale');
        meta.put({uuid: owner.uuid, username: owner.username, displayName: owner.displayName,
                  role: 'case_manager'}, 'user');
        tx.oncomplete = res; tx.onerror = () => rej(tx.error);
    });
    db.close();
}"""

TODAY = "() => import('/static/js/db.js').then((m) => m.DATABASE_VERSION)"

RAW_NOTE = """async (uuid) => {
    const db = await import('/static/js/db.js');
    const raw = await db.read(['note'], (tx) => tx.get('note', uuid));
    return {sealed: db.isEnvelope(raw), clear: JSON.stringify(raw)};
}"""


@pytest.fixture
def ctx(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="sv-SE",
                                  service_workers="block")
    yield context
    context.close()


def _open_app(page, url: str) -> None:
    login(page, url, "sara")
    choose_pin(page)
    wait_synced(page)
    wait_rendered(page, "today")


def test_a_clear_version_1_store_is_sealed_at_login_and_its_draft_syncs_once(ctx, server, demo_app):
    (sara_uuid,), = server_rows(demo_app, "SELECT uuid FROM user WHERE username = 'sara'")
    (kim_uuid,), = server_rows(demo_app, "SELECT uuid FROM participant WHERE preferred_name = 'Kim'")
    note = {"uuid": "6f7c2b0e-3d1a-4c5e-9b8a-1a2b3c4d5e6f", "body": "OLD-DRAFT skrivet i version 1"}
    page = ctx.new_page()
    page.goto(f"{server.url}/login")  # the origin, before the new app ever ran
    page.evaluate(OLD_STORE, {"owner": {"uuid": sara_uuid, "username": "sara",
                                        "displayName": "Sara Lind"},
                              "participant": {"uuid": kim_uuid, "preferredName": "Kim"},
                              "note": note})
    assert page.evaluate(STORE_SHAPE)["version"] == 1
    _open_app(page, server.url)
    shape = page.evaluate(STORE_SHAPE)
    assert shape["version"] == page.evaluate(TODAY) and "todo" in shape["noteIndexes"]
    assert "landlordreport" in shape["stores"]  # every step from 1 ran
    assert server_rows(demo_app, "SELECT count(*) FROM visit_note WHERE body = ?",
                       note["body"]) == [(1,)]
    raw = page.evaluate(RAW_NOTE, note["uuid"])
    assert raw["sealed"] and "OLD-DRAFT" not in raw["clear"]
    assert page.evaluate("""async () => {
        const db = await import('/static/js/db.js');
        const rows = [];
        for (const s of ['participant', 'note', 'outbox', 'errors', 'goal'])
            rows.push(...(await db.read([s], (tx) => tx.getAll(s))));
        return rows.filter((r) => !db.isEnvelope(r)).length;
    }""") == 0


def test_a_version_4_store_gets_the_journal_and_its_draft_syncs_once_into_it(ctx, server,
                                                                           demo_app):
    """The step 4 -> 5 (the journal of confirmed mutations, issue 11)."""
    (sara_uuid,), = server_rows(demo_app, "SELECT uuid FROM user WHERE username = 'sara'")
    (kim_uuid,), = server_rows(demo_app, "SELECT uuid FROM participant WHERE preferred_name = 'Kim'")
    note = {"uuid": "6f7c2b0e-3d1a-4c5e-9b8a-1a2b3c4d5e70", "body": "V4-DRAFT före journalen"}
    page = ctx.new_page()
    page.goto(f"{server.url}/login")
    page.evaluate(OLD_STORE, {"owner": {"uuid": sara_uuid, "username": "sara",
                                        "displayName": "Sara Lind"},
                              "participant": {"uuid": kim_uuid, "preferredName": "Kim"},
                              "note": note, "version": 4})
    old = page.evaluate(STORE_SHAPE)
    assert old["version"] == 4 and "journal" not in old["stores"] and "todo" in old["noteIndexes"]
    _open_app(page, server.url)
    shape = page.evaluate(STORE_SHAPE)
    assert shape["version"] == page.evaluate(TODAY) == 5
    assert set(old["stores"]) | {"journal"} == set(shape["stores"])
    assert server_rows(demo_app, "SELECT count(*) FROM visit_note WHERE body = ?",
                       note["body"]) == [(1,)]
    journal = page.evaluate("""async () => {
        const db = await import('/static/js/db.js');
        const raws = await db.read(['journal'], (tx) => tx.getAll('journal'));
        const opened = await db.unsealAll('journal', raws);
        return {sealed: raws.every(db.isEnvelope), clear: JSON.stringify(raws),
                entries: opened.map((e) => [e.id, e.name, e.args.body])};
    }""")
    assert journal["entries"] == [[1, "note.create", note["body"]]]
    assert journal["sealed"] and "V4-DRAFT" not in journal["clear"]


def test_a_store_with_data_and_an_unsent_draft_survives_the_next_schema(ctx, server, demo_app):
    page = ctx.new_page()
    _open_app(page, server.url)
    now = page.evaluate(STORE_SHAPE)
    assert "probe_next" not in now["stores"]
    kim = first_participant(page, "Kim")
    # An unsent draft: sync fails as if the server were out of reach (the pull
    # too: a pull on the reopened page would move the cookie compared below).
    ctx.route("**/api/sync/**", lambda route: route.abort())
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
    wait_rendered(page, "lock-unlock")
    page.fill("#unlock-form input[name=pin]", "246810")
    page.click("#unlock-button")
    wait_rendered(page, "today")
    after = page.evaluate(STORE_SHAPE)
    assert after["version"] == now["version"] + 1
    assert "probe_next" in after["stores"] and "visitDate" in after["noteIndexes"]
    assert set(now["stores"]) <= set(after["stores"]) and "todo" in after["noteIndexes"]
    assert page.evaluate(CONTENTS) == before  # records, outbox, client id, cookie, owner
    assert "Kim" in page.inner_text("main")

    ctx.unroute("**/api/sync/**")
    page.evaluate("import('/static/js/sync-client.js').then((m) => m.requestSync('test'))")
    wait_synced(page)
    assert server_rows(demo_app, "SELECT count(*) FROM visit_note WHERE body LIKE 'UPGRADE-DRAFT%'") == [(1,)]


def test_a_new_phone_runs_every_step_from_version_0(ctx, server):
    ctx.route("**/static/js/db.js", bumped_db_js)
    page = ctx.new_page()
    _open_app(page, server.url)
    shape = page.evaluate(STORE_SHAPE)
    # today's steps and the appended one (the route serves the bumped file to this page too)
    assert shape["version"] == page.evaluate(TODAY) and "probe_next" in shape["stores"]
    assert {"participant", "outbox", "errors", "meta"} <= set(shape["stores"])
    assert page.evaluate(CONTENTS)["participants"] > 0


def test_a_failing_step_leaves_the_stored_version_as_it_was_and_says_so(ctx, server):
    page = ctx.new_page()
    _open_app(page, server.url)
    # No sync from here on: a pull would move the cookie (it carries a time).
    ctx.route("**/api/sync/**", lambda route: route.abort())
    before = page.evaluate(CONTENTS)
    version = page.evaluate(STORE_SHAPE)["version"]
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
    assert page.evaluate(STORE_SHAPE)["version"] == version  # the versionchange was aborted
    page.close()

    ctx.unroute("**/static/js/db.js")
    page = ctx.new_page()
    page.goto(f"{server.url}/app/")
    wait_rendered(page, "lock-unlock")
    page.fill("#unlock-form input[name=pin]", "246810")
    page.click("#unlock-button")
    wait_rendered(page, "today")
    assert page.evaluate(CONTENTS) == before
