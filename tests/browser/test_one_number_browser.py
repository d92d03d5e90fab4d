"""The PWA counts with the same rule as the server (static/js/due.js ↔ core/due.py),
on the demo data: overdue follow-ups and participants in the programme agree with
the server pages, and a participant who left shows nothing due."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core import access, due
from core.models import User
from tests.admin.helpers import logged_in
from tests.browser.pwa_support import CountingServer, first_participant, goto_hash, open_app
from webapp.extensions import db
from webapp.pages import today

pytestmark = pytest.mark.browser

JS_COUNTS = """async () => {
    const db = await import('/static/js/db.js');
    const due = await import('/static/js/due.js');
    const { daysFromToday } = await import('/static/js/ui.js');
    const participants = await db.getAll('participant');
    const followups = await db.getAll('followup');
    const byUuid = new Map(participants.map((p) => [p.uuid, p]));
    return {
        overdue: due.overdueCount(byUuid, followups, daysFromToday),
        inProgramme: participants.filter(due.inProgramme).length,
        dueForLeft: due.dueFollowups(byUuid, followups)
            .filter((f) => byUuid.get(f.participant).status === 'left').length,
        openForLeft: followups.filter((f) => !f.doneOn
            && byUuid.get(f.participant).status === 'left').length,
    };
}"""


def _server(app, username):
    with app.test_request_context():
        user = db.session.execute(select(User).where(User.username == username)).scalar_one()
        ids = access.participant_ids_query(user)
        return due.overdue_count(db.session(), ids, today())


@pytest.mark.parametrize("username", ["omar", "sara"])
def test_the_app_counts_overdue_follow_ups_as_the_server_does(browser, demo_app, username):
    server = CountingServer(demo_app).start()
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, locale="sv-SE",
                              timezone_id="Europe/Stockholm")
    try:
        page = ctx.new_page()
        open_app(page, server.url, username)
        js = page.evaluate(JS_COUNTS)
        expected = _server(demo_app, username)
        assert js["overdue"] == expected
        heading = page.locator("#g-overdue").inner_text()
        assert int(re.search(r"\((\d+)\)", heading).group(1)) == expected
        client, _ = logged_in(demo_app, username)
        caseload = client.get("/").get_data(as_text=True)
        assert re.search(rf"\b{expected} försenade? uppföljning", caseload)
        assert re.search(rf"\b{js['inProgramme']} deltagare\b", caseload)
        if username == "omar":
            # Jonas left with open follow-ups: the app lists nothing due for him.
            assert js["openForLeft"] > 0 and js["dueForLeft"] == 0
            left = page.locator("#g-left").locator("xpath=..")
            assert "Jonas" in left.inner_text()
            assert left.locator(".due-list").count() == 0
            jonas = first_participant(page, "Jonas")
            goto_hash(page, f"#/p/{jonas}", "participant")
            followups = page.locator("section[aria-labelledby=h-followups]")
            assert followups.locator("li.followup").count() > 0  # still listed, not due
            assert followups.locator(".badge-overdue").count() == 0
    finally:
        ctx.close()
        server.stop()
