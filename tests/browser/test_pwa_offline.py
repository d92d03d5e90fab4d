"""The field app offline, in real Chromium: cold start, drafts, sync once, logout wipe."""
from __future__ import annotations

import pytest

from tests.browser.pwa_support import (
    SYNC_TIMEOUT_MS,
    choose_pin,
    first_participant,
    goto_hash,
    login,
    open_app,
    server_rows,
    unlock,
    wait_rendered,
    wait_synced,
    write_note,
)

pytestmark = pytest.mark.browser


def test_offline_cold_start_renders_the_caseload_and_never_reaches_the_server(ctx, server):
    page = ctx.new_page()
    open_app(page, server.url, "sara")
    ctx.set_offline(True)
    page.close()
    server.counter.reset()
    page = ctx.new_page()
    page.goto(f"{server.url}/app/")
    wait_rendered(page, "lock-unlock")  # locked at start: nothing shown before the PIN
    assert "Kim" not in page.inner_text("body")
    unlock(page)
    assert server.counter.paths == []
    text = page.inner_text("main")
    assert "Kim" in text and "Birgitta" in text and "Fatima" not in text
    pid = first_participant(page, "Kim")
    goto_hash(page, f"#/p/{pid}", "participant")
    assert "Genomförandeplan" in page.inner_text("main")
    assert server.counter.paths == []  # the app itself never asked the server for anything
    assert set(server.counter.browser_probes) <= {"/sw.js"}


def _complete_first_followup(page, pid: str, outcome: str) -> str:
    goto_hash(page, f"#/p/{pid}", "participant")
    item = page.locator("li.followup").first
    uuid = item.get_attribute("data-followup")
    item.locator("summary", has_text="Klar").click()
    item.locator("textarea[name=outcome]").fill(outcome)
    item.locator("button", has_text="Markera som klar").click()
    page.wait_for_function("(u) => !document.querySelector(`li.followup[data-followup='${u}']`)", arg=uuid)
    return uuid


def test_offline_notes_and_followup_survive_reloads_and_sync_exactly_once(ctx, server, demo_app):
    page = ctx.new_page()
    open_app(page, server.url, "sara")
    ctx.set_offline(True)
    pid = first_participant(page, "Ali")
    bodies = [f"OFFLINE-NOTE-{i} Vi pratade om tvättstugan." for i in range(3)]
    uuids = [write_note(page, pid, body) for body in bodies]
    fid = _complete_first_followup(page, pid, "Klart, allt lugnt")
    page.wait_for_function("() => document.body.dataset.pending === '4'")
    assert "4 ändringar väntar på synk" in page.inner_text("#sync-chip")
    for _ in range(2):
        page.reload()
        unlock(page, view="participant")
    for uuid, body in zip(uuids, bodies):
        goto_hash(page, f"#/note/{uuid}", "note-editor")
        assert page.input_value("textarea[name=body]") == body
        # The server's rule for a visit date (core.spec: from 1900, not in the future).
        date = page.locator("input[name=visitDate]")
        today = page.evaluate("() => new Date().toLocaleDateString('sv-SE')")
        assert (date.get_attribute("min"), date.get_attribute("max")) == ("1900-01-01", today)
    assert server_rows(demo_app, "SELECT count(*) FROM visit_note WHERE body LIKE 'OFFLINE-NOTE-%'") == [(0,)]
    ctx.set_offline(False)
    wait_synced(page)
    for uuid, body in zip(uuids, bodies):
        assert server_rows(demo_app, "SELECT uuid, status FROM visit_note WHERE body = ?", body) == [
            (uuid, "draft")]
    assert server_rows(demo_app, "SELECT outcome, done_on IS NOT NULL FROM follow_up WHERE uuid = ?",
                       fid) == [("Klart, allt lugnt", 1)]
    # Going online may start a second, empty sync round (online event, then the
    # worker's background sync); the chip honestly says "Synkar…" during it.
    page.wait_for_function(
        "() => document.getElementById('sync-chip').innerText.includes('Allt är synkat')",
        timeout=SYNC_TIMEOUT_MS)


def test_submit_for_review_reaches_the_server(ctx, server, demo_app):
    page = ctx.new_page()
    open_app(page, server.url, "sara")
    pid = first_participant(page, "Conny")
    uuid = write_note(page, pid, "SUBMIT-ME Hembesök, bra samtal.")
    page.click("#submit-note")
    wait_rendered(page, "participant")
    wait_synced(page)
    assert server_rows(demo_app, "SELECT status FROM visit_note WHERE uuid = ?", uuid) == [
        ("submitted",)]


def _idb_and_cache_text(page) -> dict:
    return page.evaluate("""async () => {
        const out = {databases: (await indexedDB.databases()).map((d) => d.name), cached: []};
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const req of await cache.keys()) {
                out.cached.push(req.url + '\\n' + await (await cache.match(req)).text());
            }
        }
        out.storage = JSON.stringify({...localStorage}) + JSON.stringify({...sessionStorage});
        return out;
    }""")


def test_logout_wipes_every_trace_and_the_next_user_starts_empty(ctx, server, demo_app):
    canary = "KANARIEFAGEL-7731"
    page = ctx.new_page()
    open_app(page, server.url, "sara")
    write_note(page, first_participant(page, "Kim"), f"{canary} ringde om nycklarna")
    wait_synced(page)
    goto_hash(page, "#/status", "status")
    with page.expect_navigation(url="**/login?logged_out=1"):
        page.click("#logout-button")
    page.wait_for_function("() => document.documentElement.dataset.wiped === 'yes'")
    found = _idb_and_cache_text(page)
    assert "bokvar" not in found["databases"]
    assert not any(canary in text for text in found["cached"])
    assert canary not in found["storage"]
    open_app(page, server.url, "omar")
    text = page.inner_text("main")
    assert "Fatima" in text and "Kim" not in text


def end_sessions_of(app, username: str) -> None:
    from sqlalchemy import select

    from core.models import User
    from webapp.auth.sessions import end_all_sessions
    from webapp.extensions import db

    with app.app_context():
        end_all_sessions(db.session.execute(
            select(User).where(User.username == username)).scalar_one())
        db.session.commit()


def test_another_user_on_the_device_never_sees_or_sends_the_previous_users_data(ctx, server, demo_app):
    page = ctx.new_page()
    open_app(page, server.url, "sara")
    ctx.set_offline(True)
    write_note(page, first_participant(page, "Kim"), "UNSENT-BY-SARA")
    # Keep it unsynced: block pushes before going online ("online" starts a sync).
    ctx.route("**/api/sync/push", lambda route: route.abort())
    ctx.set_offline(False)
    page.close()
    # sara's session ends without a logout (expired, say). End it on the server
    # too: a late response to the closed page may set her cookie again.
    end_sessions_of(demo_app, "sara")
    ctx.clear_cookies()
    ctx.unroute("**/api/sync/push")
    page = ctx.new_page()
    open_app(page, server.url, "omar")
    text = page.inner_text("main")
    assert "Fatima" in text and "Kim" not in text
    assert page.evaluate("document.body.dataset.pending") == "0"
    assert server_rows(demo_app, "SELECT count(*) FROM visit_note WHERE body = 'UNSENT-BY-SARA'") == [(0,)]


def test_logout_with_unsynced_changes_warns_first(ctx, server):
    page = ctx.new_page()
    open_app(page, server.url, "sara")
    ctx.set_offline(True)
    write_note(page, first_participant(page, "Kim"), "Ej synkad")
    goto_hash(page, "#/status", "status")
    page.click("#logout-button")
    dialog = page.locator("dialog.ask")
    assert "1 ändring är inte synkad" in dialog.inner_text()
    dialog.locator("button", has_text="Synka och logga ut").click()
    second = page.locator("dialog.ask", has_text="kunde inte synkas")
    second.locator("button", has_text="Förbli inloggad").click()
    assert page.evaluate("document.body.dataset.pending") == "1"


def test_english_is_selectable_for_every_js_string(ctx, server):
    page = ctx.new_page()
    open_app(page, server.url, "sara")
    goto_hash(page, "#/status", "status")
    page.click("button[lang=en]")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    # The chip is re-rendered after an IndexedDB count: wait until it was rendered in English.
    page.wait_for_function("() => document.getElementById('sync-chip').dataset.locale === 'en'")
    assert "Everything is synced" in page.inner_text("#sync-chip")
    assert "Today" in page.inner_text("#tabbar")
    page.reload()
    wait_rendered(page, "lock-unlock")
    assert "Bokvar is locked" in page.inner_text("main")  # the lock screen speaks English too
    unlock(page, view="status")
    assert "Sync and account" in page.inner_text("main")


def test_login_lands_in_the_app_for_case_managers(ctx, server):
    page = ctx.new_page()
    page.goto(f"{server.url}/login")
    page.fill("input[name=username]", "sara")
    page.fill("input[name=password]", "bokvar-demo")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/app/**")
    choose_pin(page)  # a new phone: the store is open, and the PIN is chosen first
    wait_rendered(page, "today")


def test_first_download_shows_progress_with_counts(ctx, server, demo_app):
    demo_app.config["SYNC_PULL_PAGE_SIZE"] = 20
    page = ctx.new_page()
    seen = []
    page.expose_function("sawProgress", lambda text: seen.append(text))
    page.add_init_script("""new MutationObserver(() => {
        const el = document.getElementById('download-progress');
        if (el && !el.hidden) window.sawProgress(el.innerText);
    }).observe(document, {subtree: true, childList: true, attributes: true});""")
    login(page, server.url, "sara")
    wait_synced(page)
    assert any("Hämtar dina deltagare" in t and " av " in t for t in seen), seen


def test_steps_and_follow_ups_made_offline_reach_the_server(ctx, server, demo_app):
    page = ctx.new_page()
    open_app(page, server.url, "sara")
    pid = first_participant(page, "Birgitta")
    ctx.set_offline(True)
    goto_hash(page, f"#/p/{pid}", "participant")
    goal = page.locator("li.goal").first
    goal_uuid = goal.get_attribute("data-goal")
    step_box = goal.locator("li.step input[type=checkbox]").first
    was_done = step_box.is_checked()
    step_box.click()
    page.wait_for_function("() => document.body.dataset.pending === '1'")
    goal = page.locator(f"li.goal[data-goal='{goal_uuid}']")
    goal.locator("summary", has_text="Lägg till steg").click()
    goal.locator("input[name=what]").fill("OFFLINE-STEG ringa tandläkaren")
    goal.locator("button", has_text="Lägg till steget").click()
    page.wait_for_function("() => document.body.dataset.pending === '2'")
    page.locator("summary", has_text="Ny uppföljning").click()
    page.fill("details.add input[name=title]", "OFFLINE-UPPFÖLJNING avstämning")
    page.fill("details.add input[name=dueOn]", "2026-12-24")
    page.locator("details.add button[type=submit]").click()
    page.wait_for_function("() => document.body.dataset.pending === '3'")
    item = page.locator("li.followup").first
    fid = item.get_attribute("data-followup")
    item.locator("summary", has_text="Flytta").click()
    item.locator("input[name=dueOn]").fill("2027-01-15")
    item.locator("button", has_text="Flytta").click()
    page.wait_for_function("() => document.body.dataset.pending === '4'")
    ctx.set_offline(False)
    wait_synced(page)
    assert server_rows(demo_app, "SELECT count(*) FROM step WHERE what = 'OFFLINE-STEG ringa tandläkaren'") == [(1,)]
    assert server_rows(demo_app, "SELECT due_on FROM follow_up WHERE title = 'OFFLINE-UPPFÖLJNING avstämning'") == [
        ("2026-12-24",)]
    assert server_rows(demo_app, "SELECT due_on FROM follow_up WHERE uuid = ?", fid) == [("2027-01-15",)]
    done = server_rows(demo_app, "SELECT count(*) FROM step s JOIN goal g ON g.id = s.goal_id "
                       "WHERE g.uuid = ? AND s.done_on IS NOT NULL", goal_uuid)[0][0]
    assert done >= (0 if was_done else 1)
