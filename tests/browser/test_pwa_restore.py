"""Backup and restore that lose nothing (issue 11), end to end: a real server
process over SQLite, real Chromium. The server is backed up, the phone writes
(confirmed by the server), the server is restored from the backup, the phone
reconnects: every confirmed write exists exactly once, and so does the one
written offline meanwhile. The server lacking the writes right after the
restore is the control: only the phone's journal brings them back."""
from __future__ import annotations

import sqlite3

import pytest

from tests.browser.pwa_support import (
    ServerProcess,
    first_participant,
    new_context,
    open_app,
    wait_synced,
    write_note,
)
from tests.browser.test_pwa_phone import assign
from tests.conftest import close, make_app
from tests.databases import copy_of, sqlite_path

pytestmark = pytest.mark.browser

PHONE = """async () => {
    const db = await import('/static/js/db.js');
    const notes = await db.getAll('note');
    return {notes: Object.fromEntries(notes.map((n) => [n.uuid, [n.body, n.version ?? null]])),
            journal: (await db.getAll('journal')).map((e) => [e.id, e.name]),
            outbox: (await db.getAll('outbox')).length,
            high: await db.getMeta('confirmedThrough'),
            last: await db.getMeta('lastMutationID')};
}"""


def _rows(db_path, sql: str, *params):
    with sqlite3.connect(db_path) as con:
        return con.execute(sql, params).fetchall()


def _copies(db_path, uuid: str) -> int:
    return _rows(db_path, "SELECT count(*) FROM visit_note WHERE uuid = ?", uuid)[0][0]


def _edit_body(page, text: str) -> None:
    """The note still open in the editor: typed again, saved, synced."""
    page.fill("textarea[name=body]", text)
    page.wait_for_function("() => document.getElementById('note-form').dataset.saveState === 'saved'")


@pytest.fixture
def served(demo_template_db, tmp_path):
    db_path = sqlite_path(copy_of(demo_template_db, tmp_path, "served"))
    server = ServerProcess(db_path).start()
    app = make_app(db_path)  # the operator's side: flask backup / restore on the same file
    yield db_path, server, app
    server.kill()
    close(app)


@pytest.mark.sqlite_only("the server process and the byte-level checks use the SQLite file")
def test_after_a_restore_every_confirmed_write_exists_exactly_once(browser, served, tmp_path):
    from webapp.backup import backup_to, restore_from

    db_path, server, app = served
    ctx = new_context(browser)
    try:
        page = ctx.new_page()
        open_app(page, server.url, "sara")
        kim = first_participant(page, "Kim")
        before = write_note(page, kim, "FÖRE kopian")
        wait_synced(page)
        with app.app_context():
            backup = backup_to(tmp_path / "bokvar.sqlite")

        # Written after the backup, confirmed by the server: a new note, then an edit
        # of it (a record the phone holds at a version the restore undoes).
        after = write_note(page, kim, "EFTER kopian")
        wait_synced(page)
        _edit_body(page, "EFTER kopian, ändrad")
        wait_synced(page)
        confirmed = page.evaluate(PHONE)
        assert confirmed["outbox"] == 0 and confirmed["high"] == confirmed["last"] >= 3
        assert [i for i, _ in confirmed["journal"]] == list(range(1, confirmed["high"] + 1))
        assert _copies(db_path, after) == 1

        # Offline meanwhile: one more note, not yet sent.
        ctx.set_offline(True)
        offline = write_note(page, kim, "OFFLINE under återställningen")
        page.wait_for_function("() => document.body.dataset.pending === '1'")

        server.kill()
        with app.app_context():
            restore_from(backup)
        # The control: the restored server lacks what was confirmed after the backup.
        assert _copies(db_path, before) == 1 and _copies(db_path, after) == 0
        (lost_at,), = _rows(db_path, "SELECT last_mutation_id FROM device")
        assert lost_at < confirmed["high"]

        server.start()  # same port
        ctx.set_offline(False)
        wait_synced(page, timeout=40000)

        assert [_copies(db_path, u) for u in (before, after, offline)] == [1, 1, 1]
        (body,), = _rows(db_path, "SELECT body FROM visit_note WHERE uuid = ?", after)
        assert body == "EFTER kopian, ändrad"
        phone = page.evaluate(PHONE)
        (server_last,), = _rows(db_path, "SELECT last_mutation_id FROM device")
        assert phone["outbox"] == 0 and phone["high"] == phone["last"] == server_last
        assert server_last == confirmed["high"] + 1  # the replayed ids and the offline one
        # The phone's records are the restored server's, at its versions.
        server_notes = dict((u, [b, v]) for u, b, v in _rows(
            db_path, "SELECT uuid, body, version FROM visit_note WHERE deleted_at IS NULL"))
        assert {u: phone["notes"][u] for u in (before, after, offline)} == {
            u: server_notes[u] for u in (before, after, offline)}
        # Reconnecting again changes nothing: nothing is sent twice.
        page.evaluate("import('/static/js/sync-client.js').then((m) => m.requestSync('test'))")
        wait_synced(page)
        assert [_copies(db_path, u) for u in (before, after, offline)] == [1, 1, 1]
    finally:
        ctx.close()


@pytest.mark.sqlite_only("the server process and the byte-level checks use the SQLite file")
def test_a_change_refused_before_a_restore_is_not_sent_again_even_once_discarded(browser, served,
                                                                               tmp_path):
    """The restore brings back what made the change refusable (here the caseload): a
    re-sent refused change would now apply. It changed nothing on the server, so the
    phone does not send it again; the one written beside it, confirmed, comes back."""
    from webapp.backup import backup_to, restore_from

    db_path, server, app = served
    ctx = new_context(browser)
    try:
        page = ctx.new_page()
        open_app(page, server.url, "sara")
        kim, other = first_participant(page, "Kim"), page.evaluate("""(kim) =>
            [...document.querySelectorAll('[data-participant]')].map((e) => e.dataset.participant)
              .find((p) => p !== kim)""", first_participant(page, "Kim"))
        with app.app_context():
            backup = backup_to(tmp_path / "bokvar.sqlite")
        ctx.set_offline(True)
        refused = write_note(page, kim, "NEKAD: Kim är inte längre din")
        kept = write_note(page, other, "GODKÄND efter kopian")
        assign(app, "sara", "Kim", live=False)  # meanwhile, on the server
        ctx.set_offline(False)
        page.wait_for_function("() => document.body.dataset.pending === '0'"
                               " && document.body.dataset.syncState !== 'syncing'")
        wait_synced(page)
        assert _copies(db_path, refused) == 0 and _copies(db_path, kept) == 1
        errors = page.evaluate("""async () => {
            const db = await import('/static/js/db.js');
            const errors = await db.getAll('errors');
            await (await import('/static/js/actions.js')).discardRefused(errors);
            return {refused: errors.map((e) => e.code),
                    journal: (await db.getAll('journal')).map((e) => e.args.uuid),
                    left: (await db.getAll('errors')).length};
        }""")
        assert errors["refused"] == ["not_in_caseload"] and errors["left"] == 0
        assert kept in errors["journal"] and refused not in errors["journal"]

        server.kill()
        with app.app_context():
            restore_from(backup)  # Kim is Sara's again
        server.start()
        page.evaluate("import('/static/js/sync-client.js').then((m) => m.requestSync('test'))")
        wait_synced(page, timeout=40000)
        assert _copies(db_path, kept) == 1 and _copies(db_path, refused) == 0
        assert first_participant(page, "Kim")  # back in the caseload, from the restored server
    finally:
        ctx.close()
