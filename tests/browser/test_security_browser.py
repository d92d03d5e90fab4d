"""User text is escaped everywhere: XSS payloads render as text and run nothing."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from core.clock import team_today
from core.models import Goal, Participant, Plan, User, VisitNote
from tests.conftest import browser_login
from webapp.extensions import db

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '"><svg onload="window.__xss=1">',
]


def _store_payloads(app) -> tuple[str, str]:
    with app.app_context():
        sara = db.session.execute(select(User).where(User.username == "sara")).scalar_one()
        p = db.session.execute(
            select(Participant).where(Participant.preferred_name == "Ali")).scalar_one()
        p.preferred_name = "Ali " + PAYLOADS[2]
        plan = db.session.execute(select(Plan).where(Plan.participant_id == p.id)).scalar_one()
        db.session.add(Goal(plan_id=plan.id, participant_id=p.id, life_area="home",
                            own_words=PAYLOADS[1], why_it_matters=PAYLOADS[0]))
        note = VisitNote(participant_id=p.id, author_id=sara.id, visit_date=team_today(),
                         body=PAYLOADS[0] + PAYLOADS[1], participant_topics=PAYLOADS[2],
                         status="submitted")
        db.session.add(note)
        db.session.commit()
        return p.uuid, note.uuid


def test_payloads_in_name_goal_and_note_render_as_text(page, live_server):
    participant_uuid, note_uuid = _store_payloads(live_server.app)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    browser_login(page, live_server, "sara")
    for path in ("/", f"/participants/{participant_uuid}", f"/notes/{note_uuid}"):
        page.goto(live_server.url + path)
        assert page.evaluate("window.__xss") is None, path
        assert page.locator("main img[src=x]").count() == 0, path
        assert page.locator("main svg[onload]").count() == 0, path
        text = page.locator("main").inner_text()
        assert PAYLOADS[2] in text or "Ali " + PAYLOADS[2] in text, path
    page.goto(f"{live_server.url}/participants/{participant_uuid}")
    text = page.locator("main").inner_text()
    assert PAYLOADS[1] in text and PAYLOADS[0] in text
    assert dialogs == []
