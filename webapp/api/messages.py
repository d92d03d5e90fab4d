"""User-facing messages for sync error codes, in the user's language.

`sync/` is pure and answers with codes, an English detail and a structured
one ({field, problem, params}); the words are msgids in core.spec.words,
translated here for the server's answer. The PWA renders the same msgids
itself in the app's own language (static/js/words.js), so a refusal reads
the same in both, whatever language the server pages are set to.
"""
from __future__ import annotations

from typing import Any

from flask_babel import gettext

from core.spec import ENTITIES
from core.spec.entities import PARTICIPANT_REF
from core.spec.words import ENVELOPE, PROBLEMS, REFUSALS, fill


def envelope_message(code: str) -> str:
    return gettext(ENVELOPE.get(code, ENVELOPE["other"]))


def detail_text(detail: dict[str, Any] | None, entity: str | None = None) -> str:
    """'Målet, med deltagarens egna ord: Använd högst 4000 tecken.'"""
    if not detail or detail.get("problem") not in PROBLEMS:
        return ""
    problem = fill(gettext(PROBLEMS[detail["problem"]]), **(detail.get("params") or {}))
    label = _field_label(entity, detail.get("field"))
    return f"{gettext(label)}: {problem}" if label else problem


def _field_label(entity: str | None, wire: str | None) -> str:
    """The field's label: the entity's own, else the first entity that has it."""
    if not wire:
        return ""
    if wire == PARTICIPANT_REF.wire:
        return PARTICIPANT_REF.label
    first = ENTITIES.get(entity or "")
    for spec in ([first] if first else []) + list(ENTITIES.values()):
        try:
            return spec.field(wire).label
        except KeyError:
            continue
    return ""


def mutation_message(code: str, english: str, detail: dict[str, Any] | None = None,
                     entity: str | None = None) -> str:
    text = REFUSALS.get(code)
    if text is None:
        return english
    return fill(gettext(text), detail=detail_text(detail, entity) or english)
