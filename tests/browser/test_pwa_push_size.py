"""A queue larger than the server's body limit still drains: the phone halves its batch
on 413 until it fits (docs/sync-protocol.md, "Limits")."""
from __future__ import annotations

import pytest

from tests.browser.pwa_support import (
    first_participant,
    in_app,
    server_rows,
    wait_synced,
    write_note,
)

pytestmark = pytest.mark.browser


def test_long_notes_written_offline_sync_in_smaller_batches_exactly_once(browser, demo_app):
    demo_app.config["MAX_CONTENT_LENGTH"] = 40_000  # a few notes of 15,000 characters
    with in_app(browser, demo_app) as (ctx, page):
        participant = first_participant(page)
        ctx.set_offline(True)
        bodies = [f"Anteckning {i}: " + "lång text " * 1500 for i in range(6)]
        uuids = [write_note(page, participant, body) for body in bodies]
        ctx.set_offline(False)
        wait_synced(page)
        stored = server_rows(demo_app, "SELECT uuid, body FROM visit_note WHERE uuid IN "
                             f"({','.join('?' * len(uuids))})", *uuids)
        assert sorted(stored) == sorted(zip(uuids, bodies))
