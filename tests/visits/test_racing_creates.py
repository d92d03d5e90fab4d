"""A create form posted twice at once (a double tap on a slow line) makes one record
and two redirects, never an error page: on SQLite the requests' write transactions run
one after the other, on PostgreSQL the second waits for the first (pages.once)."""
from __future__ import annotations

import threading
import time

from sqlalchemy import func, select

from core.models import Participant, VisitNote
from tests.conftest import AuthActions
from tests.participants.helpers import TOKEN
from webapp import pages
from webapp.extensions import db

from .test_notes import _form


def test_a_form_posted_twice_at_once_saves_one_note_and_answers_both(demo_app, client,
                                                                     casework, monkeypatch):
    AuthActions(client).login("sara")
    with demo_app.app_context():
        participant = db.session.execute(select(Participant.uuid).where(
            Participant.preferred_name == "Ali")).scalar_one()
    path = f"/participants/{participant}/notes/new"
    html = client.get(path).get_data(as_text=True)
    data = {**_form(save="1"), "uuid": casework.form_uuid(path),
            "csrf_token": TOKEN.search(html).group(1)}
    cookie = client.get_cookie(demo_app.config["SESSION_COOKIE_NAME"]).value
    second_client = demo_app.test_client()
    second_client.set_cookie(demo_app.config["SESSION_COOKIE_NAME"], cookie)

    first_checked = threading.Event()
    original = pages.earlier

    def slow_earlier(*args, **kwargs):
        found = original(*args, **kwargs)
        if not first_checked.is_set():  # the first post has checked and found nothing:
            first_checked.set()         # let the second post in before it inserts
            time.sleep(0.5)
        return found

    monkeypatch.setattr(pages, "earlier", slow_earlier)
    answers = {}

    def post(name, http):
        answers[name] = http.post(path, data=data)

    first = threading.Thread(target=post, args=("first", client))
    first.start()
    assert first_checked.wait(10)
    second = threading.Thread(target=post, args=("second", second_client))
    second.start()
    first.join(30)
    second.join(30)
    assert answers["first"].status_code == answers["second"].status_code == 302
    assert answers["first"].headers["Location"] == answers["second"].headers["Location"]
    with demo_app.app_context():
        count = db.session.execute(select(func.count()).select_from(VisitNote).where(
            VisitNote.uuid == data["uuid"])).scalar()
    assert count == 1
