"""The team lead in real Chromium: the returned-note round trip with a worker's phone,
axe-core on every team-lead page at 360 px and on a desktop, and the docs screenshots
(BOKVAR_SCREENSHOTS=1 writes docs/screenshots/*.png)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from core.clock import team_today
from core.fidelity import ITEMS
from core.models import (
    AuditEvent,
    FidelityAssessment,
    FidelityRating,
    Participant,
    User,
    VisitNote,
    utcnow,
)
from tests.browser.pwa_support import (
    CountingServer,
    goto_hash,
    new_context,
    open_app,
    shots_dir,
    wait_rendered,
    wait_synced,
)
from tests.conftest import browser_login
from webapp.extensions import db

pytestmark = pytest.mark.browser
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}, "resultTypes": ["violations"]}
COMMENT = "Skriv gärna vad Kim själv sa om grannarna."
EDIT = "Kim berättade själv att grannen har lovat att sänka musiken efter tio."


def violations(page) -> list[str]:
    result = Axe().run(page, options=WCAG)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in result.response["violations"]]


def _note(app, uuid):
    with app.app_context():
        n = db.session.execute(select(VisitNote).where(VisitNote.uuid == uuid)).scalar_one()
        return n.status, n.body, n.signed_by_id


def _submitted_note_of(app, username):
    with app.app_context():
        author = db.session.execute(select(User).where(User.username == username)).scalar_one()
        note = db.session.execute(select(VisitNote).where(
            VisitNote.author_id == author.id, VisitNote.status == "submitted")
            .order_by(VisitNote.id)).scalars().first()
        return note.uuid, note.participant.preferred_name


def test_a_returned_note_goes_back_to_the_worker_and_comes_back_to_be_signed(browser, demo_app):
    uuid, name = _submitted_note_of(demo_app, "sara")
    server = CountingServer(demo_app).start()
    lead_ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sv-SE",
                                   service_workers="block")
    phone_ctx = new_context(browser)
    try:
        lead = lead_ctx.new_page()
        browser_login(lead, server, "eva")
        lead.goto(f"{server.url}/review/notes/{uuid}")
        lead.fill("textarea[name=comment]", COMMENT)
        with lead.expect_navigation():
            lead.click("button[name=send_back]")
        assert _note(demo_app, uuid)[0] == "returned"

        phone = phone_ctx.new_page()
        open_app(phone, server.url, "sara")
        phone.wait_for_function("() => document.getElementById('main').dataset.returned")
        item = phone.locator(f"[data-returned-note='{uuid}']")
        assert name in item.inner_text() and COMMENT in item.inner_text()
        assert "Skickade tillbaka till dig" in phone.locator("#g-returned").inner_text()
        phone.evaluate("() => delete document.getElementById('main').dataset.rendered")
        item.locator("a").click()
        wait_rendered(phone, "note-editor")
        assert COMMENT in phone.locator("#main .notice").inner_text()
        phone.fill("textarea[name=body]", EDIT)
        phone.wait_for_function(
            "() => document.getElementById('note-form').dataset.saveState === 'saved'")
        phone.evaluate("() => delete document.getElementById('main').dataset.rendered")
        phone.click("#submit-note")
        wait_rendered(phone, "participant")
        wait_synced(phone)
        status, body, _signer = _note(demo_app, uuid)
        assert (status, body) == ("submitted", EDIT)

        lead.goto(f"{server.url}/review")
        assert uuid in lead.content()
        lead.goto(f"{server.url}/review/notes/{uuid}")
        assert EDIT in lead.inner_text("article")
        with lead.expect_navigation():
            lead.click("button[name=sign]")
        with demo_app.app_context():
            eva = db.session.execute(select(User.id).where(User.username == "eva")).scalar()
        assert _note(demo_app, uuid) == ("signed", EDIT, eva)

        goto_hash(phone, "#/status", "status")  # any route; then back to today after a sync
        phone.evaluate("async () => (await import('/static/js/sync-client.js')).requestSync('test')")
        phone.wait_for_function(f"""async () => {{
            const db = await import('/static/js/db.js');
            return (await db.getAll('note')).find((n) => n.uuid === {uuid!r}).status === 'signed';
        }}""", timeout=20000)
        goto_hash(phone, "#/today", "today")
        assert phone.locator(f"[data-returned-note='{uuid}']").count() == 0
    finally:
        lead_ctx.close()
        phone_ctx.close()
        server.stop()


def _seed_for_pictures(app):
    """A few reads to review and three self-assessments, so the pages show something."""
    with app.app_context():
        users = {u.username: u for u in db.session.execute(select(User)).scalars()}
        people = {p.preferred_name: p for p in db.session.execute(select(Participant)).scalars()}
        now = utcnow()
        evening = (now - timedelta(days=2)).replace(hour=20, minute=40)
        for name in ("Göran", "Hanna"):
            db.session.add(AuditEvent(user_id=users["omar"].id, action="participant.view",
                                      entity="participant", participant_id=people[name].id,
                                      at=evening))
        db.session.add(AuditEvent(user_id=users["sara"].id, action="note.view", entity="note",
                                  participant_id=people["Fatima"].id, at=now - timedelta(days=1)))
        for i, name in enumerate(list(people)[:11]):
            db.session.add(AuditEvent(user_id=users["eva"].id, action="participant.view",
                                      entity="participant", participant_id=people[name].id,
                                      at=(now - timedelta(days=3)).replace(hour=9, minute=i)))
        for days_ago, base in ((300, 2), (160, 3), (40, 3)):
            a = FidelityAssessment(team_id=users["eva"].team_id, created_by_id=users["eva"].id,
                                   assessed_on=team_today() - timedelta(days=days_ago),
                                   comment="Teamdag med hela teamet.")
            db.session.add(a)
            db.session.flush()
            for j, item in enumerate(ITEMS):
                rating = str(min(4, base + (j + days_ago // 40) % 2))
                db.session.add(FidelityRating(assessment_id=a.id, item=item.key, rating=rating,
                                              comment="Vi gör detta varje vecka." if j == 10
                                              else ""))
        db.session.commit()
        kim = people["Kim"].uuid
        sara = users["sara"].uuid
        latest = db.session.execute(select(FidelityAssessment.uuid).order_by(
            FidelityAssessment.assessed_on.desc())).scalars().first()
    return kim, sara, latest


PICTURES = {"/team/followups": "followup-overview", "/reports/figures": "team-figures",
            "/team/log": "access-log", "/team/fidelity": "fidelity"}


@pytest.mark.parametrize(("width", "height", "prefix"), [(360, 740, ""), (1280, 800, "desktop-")])
def test_every_team_lead_page_passes_axe_and_is_photographed(browser, demo_app, tmp_path,
                                                             width, height, prefix):
    kim, sara, assessment = _seed_for_pictures(demo_app)
    note, _name = _submitted_note_of(demo_app, "sara")
    shots = shots_dir(tmp_path)
    server = CountingServer(demo_app).start()
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE",
                              service_workers="block")
    found: dict[str, list[str]] = {}
    try:
        page = ctx.new_page()
        browser_login(page, server, "eva")
        paths = ["/team", "/team/followups", "/review", f"/review/notes/{note}",
                 "/reports/figures", "/reports/figures?since=2026-01-01&until=2026-06-30",
                 "/reports/retention", "/team/log", f"/team/participants/{kim}/log",
                 "/team/fidelity", "/team/fidelity/new", f"/team/fidelity/{assessment}",
                 f"/team/unassign?participant={kim}&user={sara}"]
        for path in paths:
            resp = page.goto(f"{server.url}{path}")
            assert resp.status == 200, path
            page.locator("details").evaluate_all("(all) => all.forEach((d) => d.open = true)")
            found[path] = violations(page)
            if path in PICTURES:
                page.evaluate("window.scrollTo(0, 0)")
                page.screenshot(path=str(shots / f"{prefix}{PICTURES[path]}.png"))
    finally:
        ctx.close()
        server.stop()
    assert {path: v for path, v in found.items() if v} == {}
