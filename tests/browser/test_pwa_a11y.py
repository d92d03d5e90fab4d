"""axe-core (wcag2a, wcag2aa) on every field view, and the docs screenshots at 360x740."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.pwa_support import (
    CountingServer,
    first_participant,
    goto_hash,
    new_context,
    open_app,
    shots_dir,
    write_note,
)

pytestmark = pytest.mark.browser
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}, "resultTypes": ["violations"]}


def violations(page) -> list[str]:
    result = Axe().run(page, options=WCAG)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in result.response["violations"]]


def test_every_field_view_passes_axe_and_is_photographed(browser, demo_app, tmp_path):
    shots = shots_dir(tmp_path)
    server = CountingServer(demo_app).start()
    ctx = new_context(browser)
    found: dict[str, list[str]] = {}
    try:
        page = ctx.new_page()
        open_app(page, server.url, "sara")
        found["today"] = violations(page)
        page.screenshot(path=str(shots / "today.png"))
        kim = first_participant(page, "Kim")
        goto_hash(page, f"#/p/{kim}", "participant")
        found["participant"] = violations(page)
        page.screenshot(path=str(shots / "participant.png"))
        page.locator("li.followup summary").first.click()  # open disclosures are checked too
        page.locator("li.goal details summary").first.click()
        found["participant-open"] = violations(page)
        goal = page.locator("li.goal").first.get_attribute("data-goal")
        goto_hash(page, f"#/goal/{goal}", "goal-editor")
        found["goal-editor"] = violations(page)
        goto_hash(page, f"#/goal/new/{kim}", "goal-editor")
        found["goal-new"] = violations(page)
        ctx.set_offline(True)
        write_note(page, kim, "Kim visade lägenheten. Vi pratade om gardinerna och om att bjuda hit sonen.")
        page.fill("textarea[name=participantTopics]", "Gardiner, och att sonen ska komma på besök.")
        page.fill("textarea[name=nextSteps]", "Åka till IKEA tillsammans på torsdag.")
        page.wait_for_function("() => document.getElementById('note-form').dataset.saveState === 'saved'")
        page.evaluate("scrollTo(0, 0)")
        found["note-editor"] = violations(page)
        page.screenshot(path=str(shots / "note-editor.png"))
        write_note(page, kim, "Telefonsamtal om tandläkartiden.")
        write_note(page, kim, "Kort besök, allt lugnt.")
        goto_hash(page, "#/status", "status")
        page.wait_for_function("() => document.body.dataset.pending === '3'")
        found["status"] = violations(page)
        page.screenshot(path=str(shots / "sync-status.png"))
        goto_hash(page, "#/conflicts", "conflicts")
        found["conflicts"] = violations(page)
        notes = page.evaluate("""async () => (await (await import('/static/js/db.js')).getAll('note'))
            .filter((n) => n.status === 'signed').map((n) => n.uuid)""")
        goto_hash(page, f"#/note/{notes[0]}", "note")
        found["note-read-only"] = violations(page)
    finally:
        ctx.close()
        server.stop()
    assert {view: v for view, v in found.items() if v} == {}


def test_the_lock_the_pin_setup_the_refused_change_and_the_devices_pages_pass_axe(browser, demo_app):
    from tests.browser.pwa_support import PIN, choose_pin, login, wait_rendered, wait_synced
    from tests.browser.test_pwa_phone import assign

    server = CountingServer(demo_app).start()
    ctx = new_context(browser)
    found: dict[str, list[str]] = {}
    try:
        page = ctx.new_page()
        login(page, server.url, "sara")
        wait_rendered(page, "pin-setup")
        found["pin-setup"] = violations(page)
        page.fill("#pin-setup input[name=pin]", "12")  # a refused PIN shows its message
        page.click("#pin-save")
        page.wait_for_function("() => document.getElementById('setup-message').textContent")
        found["pin-setup-error"] = violations(page)
        choose_pin(page)
        wait_rendered(page, "today")
        wait_synced(page)
        kim = first_participant(page, "Kim")
        ctx.set_offline(True)
        note = write_note(page, kim, "AXE-REFUSED en anteckning som nekas")
        page.reload()
        wait_rendered(page, "lock-unlock")
        found["lock"] = violations(page)
        page.fill("#unlock-form input[name=pin]", "999999")
        page.click("#unlock-button")
        page.wait_for_function("() => document.getElementById('lock-message').textContent.includes('försök')")
        found["lock-wrong-pin"] = violations(page)
        page.fill("#unlock-form input[name=pin]", PIN)
        page.click("#unlock-button")
        wait_rendered(page, "note-editor")  # where the phone was when it locked
        assign(demo_app, "sara", "Kim", live=False)
        ctx.set_offline(False)
        page.wait_for_function("() => document.body.dataset.errors === '1'", timeout=20000)
        goto_hash(page, f"#/refused/{note}", "refused")
        found["refused"] = violations(page)
        goto_hash(page, f"#/note/{note}", "note-editor")
        found["refused-note"] = violations(page)
        page.goto(f"{server.url}/devices/")
        found["devices"] = violations(page)
        page.locator("li.device a", has_text="Spärra").first.click()
        found["revoke-confirm"] = violations(page)
    finally:
        ctx.close()
        server.stop()
    assert {view: v for view, v in found.items() if v} == {}
