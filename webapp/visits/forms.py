"""Visit note forms: write or edit a note, append an addendum.

The fields and their rules come from the field spec (core.spec.entities
NOTE, ADDENDUM); submitting needs something written (core.spec.rules), as
the sync push's note.submit does.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import ValidationError

from core.spec.entities import ADDENDUM, NOTE
from core.spec.rules import note_ready_to_submit
from core.spec.words import REFUSALS

from ..pages.once import CreateOnceForm
from ..spec_forms import spec_field


class NoteForm(FlaskForm):
    visit_date = spec_field(NOTE, "visitDate")
    kind = spec_field(NOTE, "kind")
    participant_topics = spec_field(NOTE, "participantTopics")
    body = spec_field(NOTE, "body")
    next_steps = spec_field(NOTE, "nextSteps")
    hidden_from_participant = spec_field(NOTE, "hiddenFromParticipant")
    save = SubmitField(_l("Save as draft"))
    send = SubmitField(_l("Submit for review"))

    def validate_body(self, field: TextAreaField) -> None:
        if self.send.data and not note_ready_to_submit(field.data):
            raise ValidationError(_l(REFUSALS["note_empty"]))


class NewNoteForm(CreateOnceForm, NoteForm):
    """A new note: saved once however often it is posted (webapp.once)."""


class AddendumForm(FlaskForm):
    body = spec_field(ADDENDUM, "body")


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
