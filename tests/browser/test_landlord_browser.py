"""Working with the landlord in real Chromium: a landlord's report logged offline on the
phone, first contact and visit recorded, synced exactly once; the phone's working-time
rules against the server's on one fixture; axe-core (wcag2a, wcag2aa) on every new page
and view; the docs screenshots (docs/screenshots/action-plan.png, landlord-report.png,
landlord-figures.png, action-plan-print.png) when BOKVAR_SCREENSHOTS=1."""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe

from core.landlords.response import Commitment, report_times
from tests.browser.pwa_support import (
    CountingServer,
    first_participant,
    goto_hash,
    new_context,
    open_app,
    server_rows,
    shots_dir,
    unlock,
    wait_rendered,
    wait_synced,
)
from tests.conftest import DEMO_PASSWORD, LiveServer

pytestmark = pytest.mark.browser
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}, "resultTypes": ["violations"]}
SUMMARY = "OFFLINE-REPORT Grannen under ringde om hög musik efter midnatt."


def violations(page) -> list[str]:
    result = Axe().run(page, options=WCAG)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in result.response["violations"]]


def _kims_tenancy(app) -> str:
    return server_rows(app, """SELECT t.uuid FROM tenancy t JOIN participant p ON p.id = t.participant_id
        WHERE p.preferred_name = 'Kim' AND t.end_date IS NULL""")[0][0]


def _two_hours_ago(page) -> str:
    return page.evaluate("""async () => {
        const wt = await import('/static/js/worktime.js');
        const forms = await import('/static/js/forms.js');
        return wt.momentText(wt.parseMoment(forms.nowMoment()) - 2 * 3600000);
    }""")


def test_a_report_logged_offline_with_first_contact_and_visit_syncs_exactly_once(
        browser, demo_app, tmp_path):
    shots = shots_dir(tmp_path)
    server = CountingServer(demo_app).start()
    ctx = new_context(browser)
    found: dict[str, list[str]] = {}
    try:
        page = ctx.new_page()
        open_app(page, server.url, "sara")
        kim = first_participant(page, "Kim")
        tenancy = _kims_tenancy(demo_app)
        goto_hash(page, f"#/p/{kim}", "participant")
        page.click("a:has-text('Hyresvärd och handlingsplan')")
        wait_rendered(page, "landlord-tenancy")
        assert "Anna Persson" in page.inner_text("main") or "Mats Ek" in page.inner_text("main")
        found["tenancy"] = violations(page)
        page.screenshot(path=str(tmp_path / "app-tenancy.png"), full_page=True)

        ctx.set_offline(True)
        page.click("#new-report")
        wait_rendered(page, "landlord-report-new")
        found["report-new"] = violations(page)
        page.screenshot(path=str(tmp_path / "app-report-new.png"), full_page=True)
        received = _two_hours_ago(page)
        page.fill("input[name=receivedAt]", received)
        page.select_option("select[name=kind]", "disturbance")
        page.select_option("select[name=channel]", "phone")
        page.fill("textarea[name=summary]", SUMMARY)
        page.click("#save-report")
        wait_rendered(page, "landlord-report")
        uuid = page.evaluate("location.hash.split('/').pop()")
        assert "Mot åtagandet" in page.inner_text("main")
        page.click("button[aria-label^='Nu: Första kontakt']")
        page.click("button[aria-label^='Nu: Besök']")
        page.fill("textarea[name=agreed]", "Kim sänker musiken efter kl. 22 och pratar med grannen.")
        page.click("#save-report")
        page.wait_for_function("() => document.body.dataset.pending === '2'")
        # Saved, and the view shown again with both commitments met (within minutes of a
        # report two hours old).
        page.wait_for_function("""() => [...document.querySelectorAll('#times [data-state]')]
            .map((e) => e.dataset.state).join() === 'met,met'""")
        for _ in range(2):  # offline reloads: the worker's cache and the device's store
            page.reload()
            unlock(page, view="landlord-report")  # the app locks at every start
        assert page.input_value("textarea[name=agreed]").startswith("Kim sänker musiken")
        contact, visit = page.input_value("input[name=firstContactAt]"), page.input_value("input[name=visitAt]")
        assert contact >= received and visit >= received
        page.evaluate("scrollTo(0, 0)")
        found["report"] = violations(page)
        # A tall phone, so the times and the form are in one picture (the tab bar stays at
        # the bottom, as on the phone; a full-page shot would paint it mid-page).
        page.set_viewport_size({"width": 360, "height": 1480})
        page.screenshot(path=str(shots / "landlord-report.png"))
        page.set_viewport_size({"width": 360, "height": 740})
        assert server_rows(demo_app, "SELECT count(*) FROM landlord_report WHERE uuid = ?", uuid) == [(0,)]

        ctx.set_offline(False)
        wait_synced(page)
        rows = server_rows(demo_app, """SELECT received_at, first_contact_at, visit_at, summary,
            commit_contact_hours, commit_counting FROM landlord_report WHERE uuid = ?""", uuid)
        assert rows == [(received, contact, visit, SUMMARY, 4, "working")]
        page.evaluate("async () => (await import('/static/js/sync-client.js')).requestSync('test')")
        wait_synced(page)
        audit = server_rows(demo_app, """SELECT action, count(*) FROM audit_event WHERE entity_uuid = ?
            GROUP BY action ORDER BY action""", uuid)
        assert audit == [("sync.landlordreport.create", 1), ("sync.landlordreport.update", 1)]
        assert server_rows(demo_app, "SELECT count(*) FROM landlord_report WHERE summary = ?", SUMMARY) == [(1,)]
        # In time, so nothing was raised for it.
        assert server_rows(demo_app, """SELECT contact_followup, visit_followup FROM landlord_report
            WHERE uuid = ?""", uuid) == [(None, None)]
        goto_hash(page, f"#/tenancy/{tenancy}", "landlord-tenancy")
        assert page.locator(f"li[data-report='{uuid}']").count() == 1
    finally:
        ctx.close()
        server.stop()
    assert {view: v for view, v in found.items() if v} == {}


def _cases(n: int = 300):
    """Reports at random moments of 2026 (nights, weekends, Easter, Midsummer, Christmas)."""
    rng = random.Random(12)
    start = datetime(2026, 1, 1)
    for _ in range(n):
        received = start + timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
        commitment = Commitment(rng.choice([1, 2, 4, 8, 24, 48]), rng.choice([0, 1, 2, 5]),
                                rng.choice(["working", "working", "clock"]))
        done = [received + timedelta(minutes=rng.randrange(0, 6 * 24 * 60)) if rng.random() < .6
                else None for _ in range(3)]
        now = received + timedelta(minutes=rng.randrange(0, 8 * 24 * 60))
        yield received, commitment, done, now


def _text(value: datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M")


def _python(received, commitment, done, now):
    r = SimpleNamespace(received_at=_text(received), first_contact_at=_text(done[0]),
                        visit_at=_text(done[1]), closed_at=_text(done[2]),
                        commit_contact_hours=commitment.contact_hours,
                        commit_visit_days=commitment.visit_days,
                        commit_counting=commitment.counting)
    t = report_times(r, now)
    return [[p.due.strftime("%Y-%m-%dT%H:%M:%S"), p.warn.strftime("%Y-%m-%dT%H:%M:%S"), p.state,
             None if p.elapsed is None else int(p.elapsed.total_seconds() * 1000)]
            for p in (t.contact, t.visit)]


def test_the_phone_counts_working_time_exactly_as_the_server(browser, demo_app):
    server = LiveServer(demo_app).start()
    ctx = new_context(browser)
    try:
        page = ctx.new_page()
        page.goto(f"{server.url}/login")  # any page of the app: the module is public static
        cases = list(_cases())
        payload = [{"report": {"receivedAt": _text(r), "firstContactAt": _text(d[0]),
                               "visitAt": _text(d[1]), "closedAt": _text(d[2])},
                    "commitment": {"contactHours": c.contact_hours, "visitDays": c.visit_days,
                                   "counting": c.counting},
                    "now": _text(now)} for r, c, d, now in cases]
        phone = page.evaluate("""async (cases) => {
            const wt = await import('/static/js/worktime.js');
            return cases.map((c) => {
                const t = wt.reportTimes(c.report, c.commitment, wt.parseMoment(c.now));
                return [t.contact, t.visit].map((p) => [wt.momentText(p.due, true),
                    wt.momentText(p.warn, true), p.state, p.elapsed]);
            });
        }""", payload)
    finally:
        ctx.close()
        server.stop()
    expected = [_python(*case) for case in cases]
    states = {s for row in expected for _d, _w, s, _e in row}
    assert {"met", "late", "open", "soon", "missed", "not_needed"} <= states  # the fixture covers them
    assert phone == expected


def _login(page, url, username):
    page.goto(f"{url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit].primary")


def _ids(app):
    tenancy = _kims_tenancy(app)
    one = lambda sql: server_rows(app, sql)[0][0]  # noqa: E731
    return {
        "tenancy": tenancy,
        "landlord": one("SELECT uuid FROM landlord WHERE name = 'Helsingborgshem'"),
        "contact": one("SELECT uuid FROM landlord_contact WHERE name = 'Anna Persson'"),
        "plan": one(f"""SELECT a.uuid FROM action_plan a JOIN tenancy t ON t.id = a.tenancy_id
            WHERE t.uuid = '{tenancy}'"""),
        "item": one("SELECT uuid FROM action_plan_item ORDER BY id LIMIT 1"),
        "report": one(f"""SELECT r.uuid FROM landlord_report r JOIN tenancy t ON t.id = r.tenancy_id
            WHERE t.uuid = '{tenancy}'"""),
    }


def test_every_landlord_page_passes_axe_and_the_docs_screenshots(browser, demo_app, tmp_path):
    shots = shots_dir(tmp_path)
    server = LiveServer(demo_app).start()
    ids = _ids(demo_app)
    found: dict[str, list[str]] = {}
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="sv-SE",
                                service_workers="block")
    desk = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE",
                               service_workers="block")
    lead_ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE",
                                   service_workers="block")
    try:
        page = phone.new_page()
        _login(page, server.url, "sara")
        pages = {
            "index": "/landlords", "show": f"/landlords/{ids['landlord']}",
            "edit": f"/landlords/{ids['landlord']}/edit", "new": "/landlords/new",
            "contact-new": f"/landlords/{ids['landlord']}/contacts/new",
            "contact-edit": f"/contacts/{ids['contact']}/edit",
            "tenancy": f"/tenancies/{ids['tenancy']}/landlord",
            "link": f"/tenancies/{ids['tenancy']}/landlord/link",
            "plan-form": f"/tenancies/{ids['tenancy']}/action-plan",
            "item-new": f"/action-plans/{ids['plan']}/items/new",
            "item-edit": f"/action-items/{ids['item']}/edit",
            "report-new": f"/tenancies/{ids['tenancy']}/landlord-reports/new",
            "report": f"/landlord-reports/{ids['report']}",
            "report-edit": f"/landlord-reports/{ids['report']}/edit",
            "print": f"/tenancies/{ids['tenancy']}/action-plan/print",
        }
        for name, path in pages.items():
            resp = page.goto(f"{server.url}{path}")
            assert resp.status == 200, (name, path)
            found[name] = violations(page)
        page.goto(f"{server.url}{pages['tenancy']}")
        page.screenshot(path=str(shots / "action-plan.png"), full_page=True)
        # A form with errors is checked too: an item whose question is not answered.
        page.goto(f"{server.url}{pages['item-new']}")
        page.fill("textarea[name=text]", "Jag vill att hyresvärden vet att jag jobbar natt.")
        page.click("button[type=submit].primary")
        assert page.locator("#sharing-error").count() == 1
        found["item-error"] = violations(page)

        printout = desk.new_page()
        _login(printout, server.url, "sara")
        printout.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
        printout.goto(f"{server.url}{pages['print']}")
        printout.emulate_media(media="print")
        for hidden in (".topbar", "#print-button", ".back-link", "nav"):
            assert not printout.locator(hidden).first.is_visible(), hidden
        assert printout.locator(".printout h1").is_visible()
        printout.screenshot(path=str(shots / "action-plan-print.png"), full_page=True)

        lead = lead_ctx.new_page()
        _login(lead, server.url, "eva")
        lead.goto(f"{server.url}/landlords/figures")
        found["figures"] = violations(lead)
        lead.screenshot(path=str(shots / "landlord-figures.png"), full_page=True)
    finally:
        phone.close()
        desk.close()
        lead_ctx.close()
        server.stop()
    assert {name: v for name, v in found.items() if v} == {}


def test_a_participants_own_page_with_a_shared_plan_passes_axe(browser, demo_app):
    import sqlite3

    from tests.browser.pwa_support import db_path_of

    with sqlite3.connect(db_path_of(demo_app)) as con:
        con.execute("UPDATE action_plan SET shared_with_participant = 1")
        con.execute("UPDATE landlord_report SET shared_with_participant = 1")
    server = LiveServer(demo_app).start()
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, locale="sv-SE",
                              service_workers="block")
    try:
        page = ctx.new_page()
        _login(page, server.url, "kim")
        page.goto(f"{server.url}/me")
        assert "Du och din hyresvärd" in page.inner_text("main")
        assert violations(page) == []
    finally:
        ctx.close()
        server.stop()


def test_a_phone_with_a_version_1_store_gets_the_landlord_stores_and_keeps_its_data(browser,
                                                                                     demo_app):
    """db.js step 1 → 2 (docs/pwa.md): made from a version-1 store as the app before the
    landlord work left it, with a record, an unsent entry and the cookie."""
    server = LiveServer(demo_app).start()
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="block")
    try:
        page = ctx.new_page()
        page.goto(f"{server.url}/login")
        page.evaluate("""() => new Promise((resolve, reject) => {
            const req = indexedDB.open('bokvar', 1);
            req.onupgradeneeded = () => {
                const db = req.result;
                for (const name of ['participant', 'tenancy', 'plan', 'goal', 'step', 'note',
                                    'addendum', 'review', 'followup', 'conflict']) {
                    db.createObjectStore(name, {keyPath: 'uuid'}).createIndex('participant', 'participant');
                }
                db.createObjectStore('outbox', {keyPath: 'id', autoIncrement: true});
                const errors = db.createObjectStore('errors', {keyPath: 'mutationID'});
                errors.createIndex('entityUuid', 'entityUuid');
                errors.createIndex('participant', 'participant');
                db.createObjectStore('meta');
            };
            req.onsuccess = () => {
                const tx = req.result.transaction(['participant', 'outbox', 'meta'], 'readwrite');
                tx.objectStore('participant').put({uuid: 'p-1', preferredName: 'Probe'});
                tx.objectStore('outbox').put({name: 'note.create', args: {body: 'UNSENT'}});
                tx.objectStore('meta').put('cookie-1', 'cookie');
                tx.oncomplete = () => { req.result.close(); resolve(); };
                tx.onerror = () => reject(tx.error);
            };
            req.onerror = () => reject(req.error);
        })""")
        after = page.evaluate("""async () => {
            const db = await import('/static/js/db.js');
            const participants = await db.getAll('participant');
            const out = {version: db.DATABASE_VERSION, participants: participants.map((p) => p.preferredName),
                         outbox: (await db.getAll('outbox')).map((e) => e.args.body),
                         cookie: await db.getMeta('cookie'), reports: await db.getAll('landlordreport')};
            const [info] = (await indexedDB.databases()).filter((d) => d.name === 'bokvar');
            out.stored = info.version;
            return out;
        }""")
    finally:
        ctx.close()
        server.stop()
    # Every later step runs too; records written in clear by version 1 stay readable
    # until the first unlock seals them (test_pwa_store_upgrade).
    assert after["version"] >= 2
    assert after == {"version": after["version"], "stored": after["version"],
                     "participants": ["Probe"], "outbox": ["UNSENT"],
                     "cookie": "cookie-1", "reports": []}
