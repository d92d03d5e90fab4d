"""Rules about a record's state that every layer applies the same way."""
from __future__ import annotations

# A visit note is the author's to change while it is a draft or was returned;
# once submitted it waits for review, once signed it never changes.
EDITABLE_NOTE_STATUSES = ("draft", "returned")


def note_ready_to_submit(body: str | None) -> bool:
    """A note is submitted for review only with something written in it."""
    return bool((body or "").strip())
