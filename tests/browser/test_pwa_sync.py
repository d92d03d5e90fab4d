"""Sync under stress in Chromium: two devices on one goal; the server killed mid-sync."""
from __future__ import annotations

import pytest

from tests.browser.pwa_support import (
    CountingServer,
    ServerProcess,
    first_participant,
    goto_hash,
    new_context,
    open_app,
    server_rows,
    shots_dir,
    wait_rendered,
    wait_synced,
)
from tests.databases import copy_of, sqlite_path

pytestmark = pytest.mark.browser


def _edit_goal(page, goal: str, **fields) -> None:
    goto_hash(page, f"#/goal/{goal}", "goal-editor")
    for name, value in fields.items():
        page.fill(f"#goal-form [name={name}]", value)
    page.click("#goal-form button[type=submit]")
    wait_rendered(page, "participant")


def _sync_now(page) -> None:
    page.evaluate("import('/static/js/sync-client.js').then((m) => m.requestSync('test'))")
    wait_synced(page)


def test_two_devices_merge_fields_and_resolve_a_conflict_side_by_side(browser, demo_app, tmp_path):
    server = CountingServer(demo_app).start()
    a_ctx, b_ctx = new_context(browser), new_context(browser)
    try:
        a, b = a_ctx.new_page(), b_ctx.new_page()
        open_app(a, server.url, "sara")
        open_app(b, server.url, "sara")  # the same worker on a second phone: another clientID
        assert a.evaluate("import('/static/js/db.js').then((db) => db.getMeta('clientID'))") != \
            b.evaluate("import('/static/js/db.js').then((db) => db.getMeta('clientID'))")
        goal = a.evaluate("""async () => {
            const db = await import('/static/js/db.js');
            const kim = (await db.getAll('participant')).find((p) => p.preferredName === 'Kim');
            return (await db.byParticipant('goal', kim.uuid)).find((g) => g.writtenBy === 'worker').uuid;
        }""")
        # Different fields, both offline: they merge.
        a_ctx.set_offline(True)
        b_ctx.set_offline(True)
        _edit_goal(a, goal, ownWords="Jag vill laga mat hemma.")
        _edit_goal(b, goal, whyItMatters="Då kan min dotter äta här.")
        a_ctx.set_offline(False)
        wait_synced(a)
        b_ctx.set_offline(False)
        wait_synced(b)
        _sync_now(a)
        row = "SELECT own_words, why_it_matters FROM goal WHERE uuid = ?"
        assert server_rows(demo_app, row, goal) == [("Jag vill laga mat hemma.",
                                                     "Då kan min dotter äta här.")]
        assert a.evaluate("document.body.dataset.conflicts") == "0"
        # The same field on both: the second device gets a conflict and resolves it.
        a.evaluate("""async () => {  // phone A has a name its user gave it
            const db = await import('/static/js/db.js');
            const s = await (await fetch('/api/session')).json();
            await fetch('/api/devices', {method: 'POST', headers: {'Content-Type': 'application/json',
                'X-CSRFToken': s.csrfToken}, body: JSON.stringify({clientID: await db.getMeta('clientID'),
                label: 'Jobbmobilen'})});
        }""")
        a_ctx.set_offline(True)
        b_ctx.set_offline(True)
        _edit_goal(a, goal, ownWords="Laga mat två gånger i veckan.")
        _edit_goal(b, goal, ownWords="Laga mat med min dotter.")
        a_ctx.set_offline(False)
        wait_synced(a)
        b_ctx.set_offline(False)
        b.wait_for_function("() => document.body.dataset.conflicts === '1'", timeout=20000)
        assert server_rows(demo_app, row, goal)[0][0] == "Laga mat två gånger i veckan."
        wait_synced(b)
        # The chip says so: never a green "everything is synced" with a conflict open.
        b.wait_for_function("() => document.getElementById('sync-chip').dataset.state === 'attention'")
        chip = b.inner_text("#sync-chip")
        assert "1 konflikt att lösa" in chip and "Allt är synkat" not in chip
        goto_hash(b, "#/conflicts", "conflicts")
        card = b.locator("li.conflict")
        who = card.locator(".conflict-who").inner_text()
        # The same worker's other phone, by its name, and when.
        assert "av dig på din andra enhet ”Jobbmobilen”" in who and " kl. " in who, who
        assert "Laga mat med min dotter." in card.locator(".side.mine").inner_text()
        assert "Laga mat två gånger i veckan." in card.locator(".side.theirs").inner_text()
        b.screenshot(path=str(shots_dir(tmp_path) / "conflict.png"))
        card.locator("[data-resolve=client]").click()
        b.wait_for_function("() => document.body.dataset.conflicts === '0'")
        wait_synced(b)
        assert server_rows(demo_app, row, goal)[0][0] == "Laga mat med min dotter."
        assert server_rows(demo_app, "SELECT count(*) FROM sync_conflict WHERE resolved_at IS NULL") == [(0,)]
    finally:
        a_ctx.close()
        b_ctx.close()
        server.stop()


WRITE_NOTES = """async ({count, participant}) => {
    const actions = await import('/static/js/actions.js');
    for (let i = 0; i < count; i++) {
        await actions.saveNote({uuid: crypto.randomUUID(), participant, visitDate: '2026-01-05',
            kind: 'home_visit', participantTopics: '', body: `RESTART-${i}`, nextSteps: '',
            hiddenFromParticipant: false});
    }
}"""


@pytest.mark.slow
def test_server_killed_during_sync_of_50_offline_notes_gets_all_exactly_once(browser,
                                                                              demo_template_db,
                                                                              tmp_path):
    db_path = sqlite_path(copy_of(demo_template_db, tmp_path, "served"))
    server = ServerProcess(db_path).start()
    ctx = new_context(browser)
    try:
        page = ctx.new_page()
        open_app(page, server.url, "sara")
        ctx.set_offline(True)
        page.evaluate(WRITE_NOTES, {"count": 50, "participant": first_participant(page, "Kim")})
        page.wait_for_function("() => document.body.dataset.pending === '50'")
        pushes_before = server.requests_seen("POST /api/sync/push")

        def kill_before_pull(route):
            # The client asks for the pull only after the push was answered: the push
            # landed, and the server dies before the pull that would confirm it. (Polling
            # the log for the push and killing then raced the pull under CPU load.)
            server.kill()
            route.continue_()  # the server is gone: a network error, as on a real crash

        ctx.route("**/api/sync/pull", kill_before_pull)
        ctx.set_offline(False)
        page.wait_for_function("() => document.body.dataset.syncState === 'error'", timeout=20000)
        ctx.unroute("**/api/sync/pull")
        assert server.requests_seen("POST /api/sync/push") > pushes_before  # the push landed
        assert page.evaluate("document.body.dataset.pending") == "50"  # nothing dropped
        server.start()  # same port
        wait_synced(page, timeout=40000)
        rows = _notes(db_path)
        assert len(rows) == 50 and {body for body, _n in rows} == {f"RESTART-{i}" for i in range(50)}
        assert all(n == 1 for _body, n in rows)
    finally:
        ctx.close()
        server.kill()


def _notes(db_path):
    import sqlite3

    with sqlite3.connect(db_path) as con:
        return con.execute("SELECT body, count(*) FROM visit_note WHERE body LIKE 'RESTART-%' "
                           "GROUP BY body").fetchall()
