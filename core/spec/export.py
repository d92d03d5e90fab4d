"""The spec as JSON for the PWA (/app/spec.json): choice lists, fields, words.

Labels are msgids: the PWA translates them with the same catalogue as the
server pages (/i18n/<locale>.json carries every msgid listed here).
"""
from __future__ import annotations

from typing import Any

from .. import chart
from ..clock import TEAM_TIMEZONE
from ..limits import FIRST_YEAR, LAST_YEAR
from .choices import CHOICES, SERVER_ONLY, UNTRANSLATED
from .entities import SYNCED
from .rules import EDITABLE_NOTE_STATUSES
from .words import shared_msgids


def spec_json() -> dict[str, Any]:
    return {
        "choices": {name: {"values": list(labels), "labels": labels,
                           "translate": name not in UNTRANSLATED}
                    for name, labels in CHOICES.items() if name not in SERVER_ONLY},
        "entities": {e.name: {"label": e.label, "merged": e.merged,
                              "fields": {f.wire: f.describe() for f in e.fields}}
                     for e in SYNCED},
        "rules": {"editableNoteStatuses": list(EDITABLE_NOTE_STATUSES),
                  "firstYear": FIRST_YEAR, "lastYear": LAST_YEAR, "timezone": TEAM_TIMEZONE},
        "words": shared_msgids(),
        "chart": chart.geometry(),
    }


def msgids() -> set[str]:
    """Every msgid the spec JSON refers to (they go into the PWA's catalogue)."""
    found: set[str] = set()
    data = spec_json()
    for choice in data["choices"].values():
        if choice["translate"]:
            found.update(choice["labels"].values())
    for entity in data["entities"].values():
        found.add(entity["label"])
        found.update(f["label"] for f in entity["fields"].values() if f["label"])
    _collect(data["words"], found)
    return found


def _collect(value: Any, found: set[str]) -> None:
    if isinstance(value, str):
        found.add(value)
    elif isinstance(value, dict):
        for v in value.values():
            _collect(v, found)
    elif isinstance(value, list | tuple):
        for v in value:
            _collect(v, found)
