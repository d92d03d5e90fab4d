"""Participant mode on the worker's phone and the participant's own account, in Chromium:
only their plan is reachable (URLs, Back, the local store), leaving needs the worker's
app PIN (offline too) or password, and what they write offline syncs once with the server's authorship."""
from __future__ import annotations

import pytest

from tests.browser.pwa_support import (
    PIN,
    CountingServer,
    choose_pin,
    first_participant,
    goto_hash,
    login,
    new_context,
    open_app,
    server_rows,
    shots_dir,
    unlock,
    wait_controlled,
    wait_rendered,
    wait_synced,
)
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

STORE_READ = """async (uuid) => {
    const q = await import('/static/js/queries.js');
    try { await q.participantBundle(uuid); return 'read'; } catch (e) { return 'refused'; }
}"""


def _hand_over(page, uuid):
    goto_hash(page, f"#/p/{uuid}", "participant")
    page.click("#hand-over")
    page.click("dialog.ask button.primary")
    wait_rendered(page, "participant-plan")


def _write_goal(page, words):
    page.click("a[href='#/pm/goal/new']")
    page.wait_for_selector(".pm-form textarea[name=ownWords]")
    page.fill(".pm-form textarea[name=ownWords]", words)
    page.select_option(".pm-form select[name=lifeArea]", "other")
    page.fill(".pm-form input[name=ownArea]", "Köket")
    page.fill(".pm-form textarea[name=supportWanted]", "Någon som handlar med mig")
    page.click(".pm-form button[type=submit]")
    page.wait_for_function("(w) => [...document.querySelectorAll('.own-words')]"
                           ".some((e) => e.textContent === w)", arg=words)


def test_participant_mode_shows_one_plan_and_leaving_needs_the_pin_or_password(browser, demo_app,
                                                                        tmp_path):
    server = CountingServer(demo_app).start()
    ctx = new_context(browser)
    try:
        page = ctx.new_page()
        open_app(page, server.url, "sara")
        kim, ali = first_participant(page, "Kim"), first_participant(page, "Ali")
        _hand_over(page, kim)
        assert "Hej Kim!" in page.inner_text("main")
        assert page.evaluate("document.body.dataset.mode") == "participant"
        assert not page.is_visible("#tabbar")
        page.screenshot(path=str(shots_dir(tmp_path) / "participant-mode.png"), full_page=True)
        # Other participants: not by URL, not by Back, not from the store.
        for hash_ in (f"#/p/{ali}", "#/today", f"#/note/new/{ali}", "#/status", "#/conflicts",
                      f"#/tenancy/{ali}", f"#/report/new/{ali}"):
            page.evaluate("(h) => { location.hash = h; }", hash_)
            page.wait_for_function("() => location.hash.startsWith('#/pm')")
            wait_rendered(page, "participant-plan")
            assert "Ali" not in page.inner_text("main")
        page.go_back()
        page.wait_for_function("() => location.hash.startsWith('#/pm')")
        assert page.evaluate(STORE_READ, ali) == "refused"
        assert page.evaluate(STORE_READ, kim) == "read"
        # A goal written offline, in their own words.
        ctx.set_offline(True)
        _write_goal(page, "Laga mat själv en gång i veckan")
        page.reload()
        # Locked at every start: the worker's PIN opens it, and it is still held by Kim.
        unlock(page, view="participant-plan")
        page.wait_for_function("() => location.hash.startsWith('#/pm')")
        assert "Laga mat själv en gång i veckan" in page.inner_text("main")
        # Leaving offline needs the worker's app PIN: a wrong one counts as a try and
        # keeps the phone held; a password cannot be checked without a connection.
        page.click("a[href='#/pm/leave']")
        page.fill("input[name=secret]", "135791")
        page.click(".pm-form button[type=submit]")
        page.wait_for_selector(".field-error:not([hidden])")
        assert "4 försök kvar" in page.inner_text(".field-error")
        page.fill("input[name=secret]", DEMO_PASSWORD)
        page.click(".pm-form button[type=submit]")
        page.wait_for_function("() => document.querySelector('.field-error').textContent"
                               ".includes('Utan täckning')")
        assert page.evaluate("location.hash").startswith("#/pm")
        page.fill("input[name=secret]", PIN)
        page.click(".pm-form button[type=submit]")
        wait_rendered(page, "participant")
        assert page.evaluate("document.body.dataset.mode") == "worker"
        # The right PIN clears the count (the next wrong one has five tries again).
        assert page.evaluate("import('/static/js/applock.js').then((m) => m.lockState())"
                             ".then((s) => s.left)") == 5
        # Online, the password takes it back too; a wrong one keeps it held.
        ctx.set_offline(False)
        _hand_over(page, kim)
        page.click("a[href='#/pm/leave']")
        page.fill("input[name=secret]", "fel lösenord")
        page.click(".pm-form button[type=submit]")
        page.wait_for_selector(".field-error:not([hidden])")
        assert page.evaluate("location.hash").startswith("#/pm")
        page.fill("input[name=secret]", DEMO_PASSWORD)
        page.click(".pm-form button[type=submit]")
        wait_rendered(page, "participant")
        assert page.evaluate("document.body.dataset.mode") == "worker"
        wait_synced(page)
        rows = server_rows(demo_app, "SELECT written_by, own_area, support_wanted FROM goal "
                                     "WHERE own_words = ?", "Laga mat själv en gång i veckan")
        assert rows == [("together", "Köket", "Någon som handlar med mig")]
        events = server_rows(demo_app, "SELECT count(*) FROM plan_event e JOIN goal g "
                                       "ON g.id = e.goal_id WHERE g.own_words = ? AND "
                                       "e.kind = 'created'", "Laga mat själv en gång i veckan")
        assert events == [(1,)]
        # The worker cannot rewrite those words: the editor shows them, not an input.
        goal = server_rows(demo_app, "SELECT uuid FROM goal WHERE own_words = ?",
                           "Laga mat själv en gång i veckan")[0][0]
        goto_hash(page, f"#/goal/{goal}", "goal-editor")
        assert page.locator("#goal-form textarea[name=ownWords]").count() == 0
        assert "deltagarens egna ord" in page.inner_text("#goal-form")
    finally:
        ctx.close()
        server.stop()


def test_the_participants_own_account_writes_a_goal_offline_and_it_syncs(browser, demo_app):
    server = CountingServer(demo_app).start()
    ctx = new_context(browser)
    try:
        page = ctx.new_page()
        login(page, server.url, "kim")
        wait_rendered(page, "pin-setup")  # their own words: their plan, not "participants' data"
        assert "Din plan på telefonen är krypterad" in page.inner_text("main")
        choose_pin(page)  # a participant's own phone has its app lock too
        wait_controlled(page)
        wait_synced(page)
        wait_rendered(page, "participant-plan")
        assert "Hej Kim!" in page.inner_text("main")
        assert page.locator("a[href='#/pm/leave']").count() == 0  # nothing to leave
        page.evaluate("() => { location.hash = '#/today'; }")
        page.wait_for_function("() => location.hash.startsWith('#/pm')")
        ctx.set_offline(True)
        _write_goal(page, "Börja simma igen")
        page.click("a[href='#/pm/rate']")
        page.check("input[name=rating][value='4']")
        page.fill(".pm-form textarea[name=comment]", "Det går framåt")
        page.click(".pm-form button[type=submit]")
        page.wait_for_selector(".rating-table")
        ctx.set_offline(False)
        wait_synced(page)
        assert server_rows(demo_app, "SELECT written_by FROM goal WHERE own_words = ?",
                           "Börja simma igen") == [("participant",)]
        assert server_rows(demo_app, "SELECT rating, written_by FROM self_rating WHERE comment "
                                     "= ?", "Det går framåt") == [(4, "participant")]
    finally:
        ctx.close()
        server.stop()


def _violations(page):
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]},
               "resultTypes": ["violations"]}
    result = Axe().run(page, options=options)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in result.response["violations"]]


def test_participant_pages_pass_axe_and_are_photographed(browser, demo_app, tmp_path):
    shots = shots_dir(tmp_path)
    server = CountingServer(demo_app).start()
    found = {}
    try:
        ctx = new_context(browser)
        page = ctx.new_page()
        login(page, server.url, "kim")
        choose_pin(page)  # a participant's own phone has its app lock too
        wait_controlled(page)
        wait_synced(page)
        wait_rendered(page, "participant-plan")
        found["app plan"] = _violations(page)
        for sub in ("goal/new", "rate", "agree", "disagree"):
            goto_hash(page, f"#/pm/{sub}", "participant-plan")
            found[f"app {sub}"] = _violations(page)
        for path, name in (("/me", "me.png"), ("/me/history", "plan-history.png")):
            page.goto(server.url + path)
            found[path] = _violations(page)
            page.screenshot(path=str(shots / name), full_page=True)
        page.goto(server.url + "/me")
        page.locator("#ratings").screenshot(path=str(shots / "progress-chart.png"))
        page.emulate_media(media="print")
        page.goto(server.url + "/me/print")
        found["/me/print (print)"] = _violations(page)
        assert not page.is_visible(".topbar") and not page.is_visible("[data-print]")
        page.screenshot(path=str(shots / "plan-print.png"), full_page=True)
        ctx.close()
    finally:
        server.stop()
    assert {k: v for k, v in found.items() if v} == {}


def test_the_chart_on_the_phone_has_the_points_of_the_server_page(browser, demo_app):
    import re
    from datetime import date, timedelta

    from core.models import Participant, SelfRating
    from webapp.extensions import db

    with demo_app.app_context():
        kim = db.session.execute(db.select(Participant).where(
            Participant.preferred_name == "Kim")).scalar_one()
        start = date(2026, 1, 3)
        db.session.add_all([SelfRating(participant_id=kim.id, life_area="economy", rating=r,
                                       rated_on=start + timedelta(days=d), written_by="participant")
                            for r, d in ((2, 0), (5, 17), (3, 45), (4, 46), (1, 200))])
        db.session.commit()
    server = CountingServer(demo_app).start()
    try:
        ctx = new_context(browser)
        page = ctx.new_page()
        login(page, server.url, "kim")
        choose_pin(page)  # a participant's own phone has its app lock too
        wait_controlled(page)
        wait_synced(page)
        wait_rendered(page, "participant-plan")
        phone = page.evaluate("""() => [...document.querySelectorAll('svg.rating-chart')].map(
            (svg) => [...svg.querySelectorAll('circle')].map(
                (c) => [c.getAttribute('cx'), c.getAttribute('cy')]))""")
        page.goto(server.url + "/me")
        html = page.content()
        ctx.close()
    finally:
        server.stop()
    charts = html.split('class="rating-chart"')[1:]
    web = [re.findall(r'<circle class="dot" cx="([\d.]+)" cy="([\d.]+)"', c.split("</svg>")[0])
           for c in charts]
    norm = lambda cs: [[(float(x), float(y)) for x, y in c] for c in cs]  # noqa: E731
    assert len(web) >= 3 and norm(phone) == norm(web)
