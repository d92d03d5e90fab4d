"""Two phones creating the same uuid at the same moment: one record, two 200s, never
a 500. On PostgreSQL the second insert meets the unique uuid and the batch is replayed
with a real SAVEPOINT per mutation (sync.push._savepoint); on SQLite the pushes' write
transactions run one after the other."""
from __future__ import annotations

import threading
import time

from sqlalchemy import func, select

import sync.push
from core.models import VisitNote
from webapp.extensions import db


def test_two_phones_pushing_the_same_new_note_at_once_make_one_record(make_api, demo_app,
                                                                      monkeypatch):
    phones = [make_api("sara"), make_api("sara")]
    ops, _ = phones[0].pull_all()
    participant = next(o["key"] for o in ops if o.get("entity") == "participant")
    note = {"name": "note.create", "args": {"uuid": "0dd5a7e0-0000-4000-8000-00000000beef",
                                            "participant": participant,
                                            "visitDate": "2024-05-02", "body": "Samma"}}
    first_loaded = threading.Event()
    original = sync.push._preload

    def slow_preload(ctx, items):
        original(ctx, items)
        if not first_loaded.is_set():  # the first push has looked and found no such note:
            first_loaded.set()         # let the second one in before it writes
            time.sleep(0.5)

    monkeypatch.setattr(sync.push, "_preload", slow_preload)
    answers = {}

    def push(i):
        answers[i] = phones[i].push(note)

    first = threading.Thread(target=push, args=(0,))
    first.start()
    assert first_loaded.wait(10)
    second = threading.Thread(target=push, args=(1,))
    second.start()
    first.join(30)
    second.join(30)
    assert answers[0].status_code == answers[1].status_code == 200
    statuses = sorted(a.get_json()["results"][0]["status"] for a in answers.values())
    assert set(statuses) <= {"applied", "error"} and "applied" in statuses, statuses
    with demo_app.app_context():
        assert db.session.execute(select(func.count()).select_from(VisitNote).where(
            VisitNote.uuid == note["args"]["uuid"])).scalar() == 1
