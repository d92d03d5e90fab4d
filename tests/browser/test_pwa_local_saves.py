"""The keystroke save path, in real Chromium: one transaction per save, drafts
coalesce into one unsent entry, nothing half-written, the status says
"pending" at once and the counts catch up after the burst."""
from __future__ import annotations

import pytest

from tests.browser.pwa_support import (
    in_app,
    server_rows,
    wait_synced,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def offline_page(browser, demo_app):
    with in_app(browser, demo_app) as (ctx, page):
        ctx.set_offline(True)
        page.wait_for_function("() => document.body.dataset.online === 'no' "
                               "&& document.body.dataset.syncState !== 'syncing'")
        yield ctx, page


SETUP = """
    const db = await import('/static/js/db.js');
    const actions = await import('/static/js/actions.js');
    const participant = document.querySelector('[data-participant]').dataset.participant;
    const draft = (uuid, body) => ({uuid, participant, visitDate: '2026-01-07', kind: 'home_visit',
      participantTopics: '', body, nextSteps: '', hiddenFromParticipant: false});
    const outbox = () => db.getAll('outbox');
"""


def test_a_draft_typed_in_many_saves_is_one_unsent_entry_with_the_last_text(offline_page):
    _ctx, page = offline_page
    result = page.evaluate("async () => {" + SETUP + """
        const before = (await outbox()).length;
        const uuid = crypto.randomUUID();
        let text = '';
        const states = [];
        for (const word of ['Vi', 'pratade', 'om', 'grannarna', 'idag.']) {
          text = `${text} ${word}`.trim();
          await actions.saveNote(draft(uuid, text));
          states.push(document.body.dataset.syncState);  // marked at once, no wait
        }
        const entries = (await outbox()).filter((e) => e.entityUuid === uuid);
        return {added: (await outbox()).length - before, entries, note: await db.get('note', uuid), states};
    }""")
    assert result["added"] == 1
    [entry] = result["entries"]
    assert entry["name"] == "note.create" and entry["sent"] is False
    assert entry["args"]["body"] == "Vi pratade om grannarna idag."
    assert result["note"]["body"] == "Vi pratade om grannarna idag."
    assert result["note"]["status"] == "draft" and result["note"]["author"]
    assert set(result["states"]) == {"pending"}
    # The counted figures follow once the burst is over.
    page.wait_for_function("(n) => document.body.dataset.pending === String(n)",
                           arg=page.evaluate("async () => (await (await import('/static/js/db.js')).count('outbox'))"))


def test_a_sent_entry_is_never_coalesced_into(offline_page):
    _ctx, page = offline_page
    result = page.evaluate("async () => {" + SETUP + """
        const uuid = crypto.randomUUID();
        await actions.saveNote(draft(uuid, 'Första versionen'));
        // Another tab's sync took the entry (this tab's hint does not know): its
        // stored envelope is marked sent, as takeBatch does (a clear field).
        const [mine] = (await db.read(['outbox'], (tx) => tx.getAll('outbox')))
          .filter((e) => e.entityUuid === uuid);
        await db.transact(['outbox'], 'readwrite', (tx) => { tx.put('outbox', {...mine, sent: true}); });
        await actions.saveNote(draft(uuid, 'Andra versionen'));
        return (await outbox()).filter((e) => e.entityUuid === uuid)
          .map((e) => [e.id, e.sent, e.args.body]);
    }""")
    assert len(result) == 2
    (first_id, first_sent, first_body), (second_id, second_sent, second_body) = result
    assert (first_sent, first_body) == (True, "Första versionen")
    assert (second_sent, second_body) == (False, "Andra versionen")
    assert second_id > first_id


def test_a_failed_action_writes_neither_the_record_nor_its_entry(offline_page):
    _ctx, page = offline_page
    result = page.evaluate("async () => {" + SETUP + """
        const { record } = await import('/static/js/outbox.js');
        const before = (await outbox()).length;
        const uuid = crypto.randomUUID();
        let error = null;
        try {
          // The record's put is queued first; the entry cannot be cloned (a clear
          // field of its envelope is a function): the whole transaction must be
          // undone, the record included.
          await record({puts: [{store: 'note', value: draft(uuid, 'Halv')}],
            mutations: [{name: 'note.create', entity: 'note', entityUuid: uuid,
              participant: () => true, args: {uuid}, local: []}], coalesce: `note:${uuid}`});
        } catch (err) { error = err.name; }
        return {error, note: (await db.get('note', uuid)) || null, added: (await outbox()).length - before};
    }""")
    assert result == {"error": "DataCloneError", "note": None, "added": 0}


def test_drafts_saved_offline_arrive_once_with_the_last_text(offline_page, demo_app):
    ctx, page = offline_page
    uuid = page.evaluate("async () => {" + SETUP + """
        const uuid = crypto.randomUUID();
        for (const body of ['Utkast', 'Utkast om', 'Utkast om hyran']) await actions.saveNote(draft(uuid, body));
        return uuid;
    }""")
    ctx.set_offline(False)
    wait_synced(page)
    assert server_rows(demo_app, "SELECT body, status FROM visit_note WHERE uuid = ?", uuid) == [
        ("Utkast om hyran", "draft")]
