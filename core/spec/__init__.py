"""The field spec: one declarative definition per entity (core.spec.entities), its
choice lists (core.spec.choices), words (core.spec.words) and state rules
(core.spec.rules). Everything that checks, stores, sends or shows a field
derives from it."""
from .choices import CHOICES, labels, values
from .entities import ENTITIES, SYNCED, EntitySpec, spec_of
from .fields import Field, Invalid
from .rules import EDITABLE_NOTE_STATUSES, note_ready_to_submit

__all__ = ["CHOICES", "EDITABLE_NOTE_STATUSES", "ENTITIES", "SYNCED", "EntitySpec", "Field",
           "Invalid", "labels", "note_ready_to_submit", "spec_of", "values"]
