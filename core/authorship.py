"""Who wrote what: authorship is set by the server from who is writing, never chosen.

- "participant": the participant's own account;
- "together": a worker's phone in participant mode — the participant holds
  the phone and is the author of the words;
- "worker": a case manager or team lead.

Words the participant wrote ("participant" or "together") are theirs: a
worker never changes them, through any page or sync mutation, and may add a
comment beside them instead. The participant may change any words of their
own plan. Which fields are words is said by the field spec (`Field.words`).
"""
from __future__ import annotations

PARTICIPANT, TOGETHER, WORKER = "participant", "together", "worker"
PARTICIPANTS_WORDS = frozenset({PARTICIPANT, TOGETHER})


def written_by(role: str, participant_mode: bool) -> str:
    if role == "participant":
        return PARTICIPANT
    return TOGETHER if participant_mode else WORKER


def by_the_participant(role: str, participant_mode: bool) -> bool:
    """The participant is the one writing: their account, or their hands on the phone."""
    return written_by(role, participant_mode) in PARTICIPANTS_WORDS


def may_change_words(role: str, participant_mode: bool, stored: str | None) -> bool:
    """Whether this writer may change words stored with authorship `stored`."""
    return by_the_participant(role, participant_mode) or stored not in PARTICIPANTS_WORDS
