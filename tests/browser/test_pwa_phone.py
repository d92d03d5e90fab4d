"""A phone you can lose (issue 9), in real Chromium: the sealed store on disk,
the app lock (5 wrong PINs, idle, background), offline expiry, revocation
online and offline, honest records of refused changes, "I dag"."""
from __future__ import annotations

import secrets
import string
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.browser.pwa_support import (
    PIN,
    SYNC_TIMEOUT_MS,
    choose_pin,
    first_participant,
    goto_hash,
    login,
    new_context,
    open_app,
    rendered,
    server_rows,
    unlock,
    wait_controlled,
    wait_rendered,
    wait_synced,
    write_note,
)
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


def canary(prefix: str) -> str:
    """24 random ASCII letters and digits: found by a byte search compressed or not."""
    return prefix + "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(24))


# --- server-side helpers (the demo database, as a team lead or admin would change it) ---

def assign(app, username: str, participant: str, live: bool) -> None:
    """Remove a worker from a participant (live=False) or assign them again."""
    from sqlalchemy import select

    from core.models import Assignment, Participant, User, utcnow
    from webapp.extensions import db

    with app.app_context():
        user = db.session.execute(select(User).where(User.username == username)).scalar_one()
        pid = db.session.execute(select(Participant.id).where(
            Participant.preferred_name == participant)).scalar_one()
        row = db.session.execute(select(Assignment).where(
            Assignment.user_id == user.id, Assignment.participant_id == pid)).scalars().first()
        if row is None:
            db.session.add(Assignment(user_id=user.id, participant_id=pid))
        else:
            row.deleted_at = None if live else utcnow()
        db.session.commit()


def add_participant(app, name: str, worker: str) -> None:
    from datetime import date

    from sqlalchemy import select

    from core.models import Assignment, Participant, User
    from webapp.extensions import db

    with app.app_context():
        user = db.session.execute(select(User).where(User.username == worker)).scalar_one()
        p = Participant(preferred_name=name, team_id=user.team_id, joined_on=date(2026, 1, 5))
        db.session.add(p)
        db.session.flush()
        db.session.add(Assignment(user_id=user.id, participant_id=p.id))
        db.session.commit()


def revoke(app, client_id: str) -> None:
    from sqlalchemy import select

    from core.models import Device, User, utcnow
    from webapp.auth.sessions import end_sessions_after_revoke
    from webapp.extensions import db

    with app.app_context():
        device = db.session.execute(select(Device).where(Device.client_id == client_id)).scalar_one()
        admin = db.session.execute(select(User).where(User.username == "admin")).scalar_one()
        device.revoked_at = utcnow()
        end_sessions_after_revoke(device.user, admin)
        db.session.commit()


def client_id_of(page) -> str:
    return page.evaluate("import('/static/js/db.js').then((db) => db.getMeta('clientID'))")


def relogin(page, base_url: str) -> None:
    """The password again (the lock screen's link): the server hands the device its key."""
    page.goto(f"{base_url}/login?reauth=1&next=/app/")
    page.fill("input[name=username]", "sara")
    page.fill("input[name=password]", "bokvar-demo")
    page.click("button[type=submit].primary")


def store_is_gone(page) -> dict:
    return page.evaluate("""async () => ({
        databases: (await indexedDB.databases()).map((d) => d.name),
        caches: await caches.keys(),
        keys: Object.keys(localStorage).filter((k) => k.startsWith('bokvar.') && k !== 'bokvar.verifyOwner'),
    })""")


def record_renders(page) -> None:
    """Before the app runs: keep every view the page renders and every participant name shown."""
    page.add_init_script("""window.__views = [];
      new MutationObserver(() => {
        const main = document.getElementById('main');
        if (main && main.dataset.rendered && window.__views.at(-1) !== main.dataset.rendered) {
          window.__views.push(main.dataset.rendered);
        }
      }).observe(document, {subtree: true, childList: true, attributes: true});""")


# --- the sealed store on disk -----------------------------------------------------------

def _profile_hits(profile: Path, needles: list[str]) -> dict[str, list[str]]:
    patterns = {n: (n.encode(), n.encode("utf-16-le")) for n in needles}
    hits: dict[str, list[str]] = {n: [] for n in needles}
    for path in profile.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for n, (ascii_, utf16) in patterns.items():
            if ascii_ in data or utf16 in data:
                hits[n].append(str(path.relative_to(profile)))
    return hits


def test_nothing_typed_or_synced_is_readable_on_disk_and_the_search_can_find_it(playwright_instance,
                                                                                  demo_app, server,
                                                                                  tmp_path):
    name, note_text, goal_text = canary("Namn"), canary("Note"), canary("Goal")
    add_participant(demo_app, name, "sara")
    profile = tmp_path / "profile"
    launch = dict(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
                  viewport={"width": 360, "height": 740}, locale="sv-SE")
    ctx = playwright_instance.chromium.launch_persistent_context(str(profile), **launch)
    try:
        page = ctx.new_page()
        open_app(page, server.url, "sara")
        assert name in page.inner_text("main")  # the participant reached the phone
        pid = first_participant(page, name)
        # Kept on the phone: the note in its records and, once the server confirmed it,
        # in the journal of confirmed mutations; the goal, written offline, in its outbox.
        write_note(page, pid, f"{note_text} hembesök, vi pratade om flytten")
        wait_synced(page)
        assert page.evaluate("""(text) => import('/static/js/db.js').then((db) => db.getAll('journal'))
            .then((entries) => entries.some((e) => (e.args.body || '').startsWith(text)))""", note_text)
        ctx.set_offline(True)
        goto_hash(page, f"#/goal/new/{pid}", "goal-editor")
        page.fill("#goal-form [name=ownWords]", f"{goal_text} jag vill ha en egen soffa")
        page.click("#goal-form button[type=submit]")
        wait_rendered(page, "participant")
        page.wait_for_function("() => document.body.dataset.pending === '1'")
        goto_hash(page, "#/status", "status")
        page.click("#lock-now")
        wait_rendered(page, "lock-unlock")
        assert name not in page.inner_text("body")
    finally:
        ctx.close()
    found = _profile_hits(profile, [name, note_text, goal_text])
    assert found == {name: [], note_text: [], goal_text: []}
    assert any(profile.rglob("*.indexeddb.leveldb/*")), "the search must look where IndexedDB lives"

    # Positive control: the same canary stored in clear by a bare put is found.
    ctx = playwright_instance.chromium.launch_persistent_context(str(profile), **launch)
    try:
        page = ctx.new_page()
        page.goto(f"{server.url}/login")
        page.evaluate("""(text) => new Promise((res, rej) => {
            const r = indexedDB.open('positive-control', 1);
            r.onupgradeneeded = () => r.result.createObjectStore('kv');
            r.onsuccess = () => {
                const tx = r.result.transaction('kv', 'readwrite', {durability: 'strict'});
                tx.objectStore('kv').put({body: text}, 'note');
                tx.oncomplete = () => { r.result.close(); res(); };
                tx.onerror = () => rej(tx.error);
            };
        })""", note_text)
    finally:
        ctx.close()
    assert _profile_hits(profile, [note_text])[note_text], "the search finds a clear IndexedDB value"


# --- the lock ---------------------------------------------------------------------------

def test_five_wrong_pins_switch_offline_unlock_off_and_a_login_unlocks_and_syncs_once(ctx, server,
                                                                                      demo_app):
    page = ctx.new_page()
    open_app(page, server.url, "sara")
    ctx.set_offline(True)
    kim = first_participant(page, "Kim")
    write_note(page, kim, "FIVE-PINS en anteckning som väntar")
    write_note(page, kim, "FIVE-PINS en till")
    page.wait_for_function("() => document.body.dataset.pending === '2'")
    page.reload()
    wait_rendered(page, "lock-unlock")
    for left in (4, 3, 2, 1):
        page.fill("#unlock-form input[name=pin]", "000000")
        page.click("#unlock-button")
        page.wait_for_function("(n) => document.getElementById('lock-message').textContent"
                               ".includes(`${n} försök kvar`)", arg=left)
    page.fill("#unlock-form input[name=pin]", "000000")
    page.click("#unlock-button")
    wait_rendered(page, "lock-pin_off")
    assert "5 felaktiga PIN-koder" in page.inner_text("main")
    assert not page.locator("input[name=pin]").count()  # no more guessing here
    page.reload()  # a reload does not bring the PIN back, and the right PIN no longer helps
    wait_rendered(page, "lock-pin_off")
    assert page.evaluate("""async () => {
        const db = await import('/static/js/db.js');
        const v = await db.getMeta('vault');
        return {pin: Boolean(v.wraps.pin), off: v.pinOff, outbox: await db.count('outbox')};
    }""") == {"pin": False, "off": True, "outbox": 2}  # the PIN's wrap is gone; nothing else is
    assert server_rows(demo_app, "SELECT count(*) FROM visit_note WHERE body LIKE 'FIVE-PINS%'") == [(0,)]

    ctx.set_offline(False)
    relogin(page, server.url)
    choose_pin(page, "135790")  # a new PIN: the old one was switched off
    wait_rendered(page, "today")
    wait_synced(page)
    rows = server_rows(demo_app, "SELECT body, count(*) FROM visit_note WHERE body LIKE 'FIVE-PINS%' "
                       "GROUP BY body ORDER BY body")
    assert rows == [("FIVE-PINS en anteckning som väntar", 1), ("FIVE-PINS en till", 1)]
    page.reload()
    unlock(page, "135790")


def test_the_app_locks_when_idle_and_in_the_background_and_keeps_the_draft(ctx, server, demo_app):
    page = ctx.new_page()
    open_app(page, server.url, "sara")
    kim = first_participant(page, "Kim")
    ctx.set_offline(True)
    goto_hash(page, f"#/note/new/{kim}", "note-editor")
    page.fill("textarea[name=body]", "IDLE-DRAFT skrivet precis innan")
    # The background: the draft is flushed, then the key is forgotten.
    page.evaluate("""() => {
        Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'hidden'});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    wait_rendered(page, "lock-unlock")
    assert "IDLE-DRAFT" not in page.inner_text("body")
    page.evaluate("""() => {
        Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => 'visible'});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    unlock(page, view="note-editor")
    assert page.input_value("textarea[name=body]") == "IDLE-DRAFT skrivet precis innan"
    # Idle: the team's minutes (1 here) without a touch.
    from sqlalchemy import select

    from core.models import Team
    from webapp.extensions import db

    with demo_app.app_context():
        db.session.execute(select(Team)).scalar_one().lock_idle_minutes = 1
        db.session.commit()
    page.evaluate("""async () => {
        const vault = await import('/static/js/vault.js');
        await vault.setPolicy({lockIdleMinutes: 1, offlineDays: 14});
    }""")
    page.clock.install()
    page.clock.fast_forward("01:20")
    wait_rendered(page, "lock-unlock")


def test_offline_access_expires_after_the_teams_days_and_a_login_opens_it(browser, server, demo_app):
    ctx = new_context(browser)
    try:
        page = ctx.new_page()
        open_app(page, server.url, "sara")
        ctx.set_offline(True)
        write_note(page, first_participant(page, "Kim"), "EXPIRY-NOTE skrivet före resan")
        page.wait_for_function("() => document.body.dataset.pending === '1'")
        page.close()
        page = ctx.new_page()
        page.clock.install(time=datetime.now() + timedelta(days=15))  # past the 14 days
        page.goto(f"{server.url}/app/")
        wait_rendered(page, "lock-expired")
        assert "14 dagar" in page.inner_text("main") and not page.locator("input[name=pin]").count()
        page.close()
        # Turning the clock back does not open it: the phone has seen the later time.
        page = ctx.new_page()
        page.goto(f"{server.url}/app/")
        wait_rendered(page, "lock-expired")
        ctx.set_offline(False)
        relogin(page, server.url)
        page.wait_for_function("() => ['pin-setup', 'today'].includes(document.getElementById('main')"
                               ".dataset.rendered)", timeout=SYNC_TIMEOUT_MS)
        wait_synced(page)
        assert server_rows(demo_app, "SELECT count(*) FROM visit_note WHERE body = "
                           "'EXPIRY-NOTE skrivet före resan'") == [(1,)]
    finally:
        ctx.close()


# --- revocation ---------------------------------------------------------------------------

def test_revoked_while_offline_wipes_when_it_comes_online_and_shows_nothing(ctx, server, demo_app):
    page = ctx.new_page()
    open_app(page, server.url, "sara")
    wait_controlled(page)
    ctx.set_offline(True)
    write_note(page, first_participant(page, "Kim"), "REVOKED-OFFLINE skrivet på den borttappade")
    revoke(demo_app, client_id_of(page))
    with page.expect_navigation(url="**/login?revoked=1", timeout=SYNC_TIMEOUT_MS):
        ctx.set_offline(False)
    page.wait_for_function("() => document.documentElement.dataset.wiped === 'yes'")
    assert "spärrats" in page.inner_text("main")
    gone = store_is_gone(page)
    assert "bokvar" not in gone["databases"] and gone["caches"] == [] and gone["keys"] == []
    # Its next start shows nothing of the old caseload either.
    page.goto(f"{server.url}/app/")
    page.wait_for_url("**/login**")
    assert "Kim" not in page.inner_text("body")


def test_a_revoked_phone_that_starts_online_wipes_before_it_shows_even_the_lock(ctx, server,
                                                                                demo_app):
    page = ctx.new_page()
    open_app(page, server.url, "sara")
    client_id = client_id_of(page)
    page.close()
    revoke(demo_app, client_id)
    page = ctx.new_page()
    record_renders(page)
    with page.expect_navigation(url="**/login?revoked=1", timeout=SYNC_TIMEOUT_MS):
        page.goto(f"{server.url}/app/")
    page.wait_for_function("() => document.documentElement.dataset.wiped === 'yes'")
    assert "bokvar" not in store_is_gone(page)["databases"]


def test_revoked_from_the_devices_page_while_online_wipes_within_one_sync_round(browser, ctx, server,
                                                                               demo_app, tmp_path):
    from tests.browser.pwa_support import shots_dir

    phone = ctx.new_page()
    open_app(phone, server.url, "sara")
    phone.evaluate("""async () => {
        const db = await import('/static/js/db.js');
        const s = await (await fetch('/api/session')).json();
        await fetch('/api/devices', {method: 'POST', headers: {'Content-Type': 'application/json',
            'X-CSRFToken': s.csrfToken}, body: JSON.stringify({clientID: await db.getMeta('clientID'),
            label: 'Jobbmobilen'})});
    }""")
    desk = new_context(browser)
    try:
        page = desk.new_page()
        login(page, server.url, "sara")
        page.goto(f"{server.url}/devices/")
        card = page.locator("li.device", has=page.locator("h2", has_text="Jobbmobilen"))
        assert "Senaste synk" in card.inner_text()
        page.screenshot(path=str(shots_dir(tmp_path) / "devices.png"), full_page=True)
        card.locator("a", has_text="Spärra").click()
        assert "Spärra ”Jobbmobilen”?" in page.inner_text("main")
        page.click("#confirm-revoke")
        assert "Spärrad" in page.locator("li.device", has=page.locator("h2", has_text="Jobbmobilen")).inner_text()
    finally:
        desk.close()
    with phone.expect_navigation(url="**/login?revoked=1", timeout=SYNC_TIMEOUT_MS):
        phone.evaluate("import('/static/js/sync-client.js').then((m) => m.requestSync('test'))")
    phone.wait_for_function("() => document.documentElement.dataset.wiped === 'yes'")
    assert "bokvar" not in store_is_gone(phone)["databases"]


# --- honest records -------------------------------------------------------------------------

def test_refused_create_and_update_are_kept_marked_and_sent_again_exactly_once(ctx, server, demo_app,
                                                                              tmp_path):
    from tests.browser.pwa_support import shots_dir

    page = ctx.new_page()
    open_app(page, server.url, "sara")
    kim = first_participant(page, "Kim")
    ctx.set_offline(True)
    note = write_note(page, kim, "REFUSED-NOTE Kim berättade om grannen")
    # An update with typed text: a follow-up marked done, with its outcome.
    goto_hash(page, f"#/p/{kim}", "participant")
    item = page.locator("li.followup").first
    followup = item.get_attribute("data-followup")
    item.locator("summary", has_text="Klar").click()
    item.locator("textarea[name=outcome]").fill("REFUSED-OUTCOME vi gick igenom hyresavin")
    item.locator("button", has_text="Markera som klar").click()
    page.wait_for_function("() => document.body.dataset.pending === '2'")
    assign(demo_app, "sara", "Kim", live=False)  # the lead moves Kim to Omar meanwhile
    ctx.set_offline(False)
    page.wait_for_function("() => document.body.dataset.errors === '2'", timeout=SYNC_TIMEOUT_MS)
    chip = page.inner_text("#sync-chip")
    assert "2 ändringar nekades" in chip and "synkat" not in chip
    assert server_rows(demo_app, "SELECT count(*) FROM visit_note WHERE uuid = ?", note) == [(0,)]

    # Marked, with the reason, the text kept, not shown as saved.
    goto_hash(page, f"#/refused/{note}", "refused")
    main = page.inner_text("main")
    assert "Inte sparad på servern" in main and "REFUSED-NOTE Kim berättade om grannen" in main
    page.evaluate("scrollTo(0, 0)")
    page.screenshot(path=str(shots_dir(tmp_path) / "refused-change.png"), full_page=True)
    goto_hash(page, f"#/note/{note}", "note-editor")
    assert page.input_value("textarea[name=body]") == "REFUSED-NOTE Kim berättade om grannen"
    assert "Inte sparad på servern" in page.inner_text(".refused-box")
    page.reload()  # after a reload too
    unlock(page, view="note-editor")
    assert "Inte sparad på servern" in page.inner_text(".refused-box")

    # Assigned again: send both again, exactly once each.
    assign(demo_app, "sara", "Kim", live=True)
    page.evaluate("import('/static/js/sync-client.js').then((m) => m.requestSync('test'))")
    wait_synced(page)
    for uuid in (note, followup):
        goto_hash(page, f"#/refused/{uuid}", "refused")
        page.click("#refused-resend")
        page.wait_for_function("() => document.getElementById('main').dataset.rendered !== 'refused'")
    wait_synced(page)
    page.evaluate("import('/static/js/sync-client.js').then((m) => m.requestSync('test'))")
    wait_synced(page)
    assert page.evaluate("document.body.dataset.errors") == "0"
    assert server_rows(demo_app, "SELECT body, status FROM visit_note WHERE uuid = ?", note) == [
        ("REFUSED-NOTE Kim berättade om grannen", "draft")]
    assert server_rows(demo_app, "SELECT outcome, done_on IS NOT NULL FROM follow_up WHERE uuid = ?",
                       followup) == [("REFUSED-OUTCOME vi gick igenom hyresavin", 1)]
    goto_hash(page, f"#/refused/{note}", "refused-none")  # nothing left to send twice


def test_a_refused_change_can_be_discarded_and_is_then_gone(ctx, server, demo_app):
    page = ctx.new_page()
    open_app(page, server.url, "sara")
    kim = first_participant(page, "Kim")
    ctx.set_offline(True)
    note = write_note(page, kim, "DISCARD-ME skrivet för fel deltagare")
    assign(demo_app, "sara", "Kim", live=False)
    ctx.set_offline(False)
    page.wait_for_function("() => document.body.dataset.errors === '1'", timeout=SYNC_TIMEOUT_MS)
    goto_hash(page, "#/status", "status")
    page.locator(".refused a", has_text="Skicka igen, kopiera eller släng").click()
    wait_rendered(page, "refused")
    page.click("#refused-discard")
    page.locator("dialog.ask button", has_text="Behåll den").click()  # asked first
    assert page.evaluate("document.body.dataset.errors") == "1"
    page.click("#refused-discard")
    page.locator("dialog.ask button", has_text="Släng").click()
    page.wait_for_function("() => document.body.dataset.errors === '0'")
    assert page.evaluate("""async (uuid) => {
        const db = await import('/static/js/db.js');
        return [await db.get('note', uuid), (await db.getAll('errors')).length];
    }""", note) == [None, 0]


# --- the chip and "I dag" -------------------------------------------------------------------

def test_today_lists_returned_notes_with_the_comment_and_unfinished_drafts(ctx, server, tmp_path):
    from tests.browser.pwa_support import shots_dir

    page = ctx.new_page()
    open_app(page, server.url, "sara")
    returned = page.locator("[data-group=g-returned]")
    assert "Skickade tillbaka till dig" in returned.inner_text()
    assert "Skriv gärna vad deltagaren själv sa om mötet." in returned.inner_text()
    assert "Eva Berg" in returned.inner_text()
    drafts = page.locator("[data-group=g-drafts]")
    before = drafts.locator("li").count()
    ctx.set_offline(True)
    write_note(page, first_participant(page, "Kim"), "TODAY-DRAFT inte klar än")
    goto_hash(page, "#/today", "today")
    assert page.locator("[data-group=g-drafts] li").count() == before + 1
    assert "TODAY-DRAFT inte klar än" in page.inner_text("[data-group=g-drafts]")
    page.locator("[data-group=g-returned] a").first.click()
    wait_rendered(page, "note-editor")
    assert "Återskickad av Eva Berg" in page.inner_text("main")
    goto_hash(page, "#/today", "today")
    page.screenshot(path=str(shots_dir(tmp_path) / "today-returned.png"))


def test_the_lock_screen_is_photographed_and_opens_with_the_pin(ctx, server, tmp_path):
    from tests.browser.pwa_support import shots_dir

    page = ctx.new_page()
    open_app(page, server.url, "sara")
    ctx.set_offline(True)
    page.reload()
    wait_rendered(page, "lock-unlock")
    page.screenshot(path=str(shots_dir(tmp_path) / "lock.png"))
    assert rendered(page) == "lock-unlock"
    unlock(page, PIN)
