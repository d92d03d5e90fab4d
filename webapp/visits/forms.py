"""Visit note forms: write or edit a note, append an addendum."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from ..pages.dates import today
from ..pages.once import CreateOnceForm
from ..participants.labels import choices
from ..validators import plausible_date


class NoteForm(FlaskForm):
    visit_date = DateField(_l("Date of the contact"),
                           validators=[InputRequired(), plausible_date])
    kind = SelectField(_l("Kind of contact"), choices=choices("note_kind"))
    participant_topics = TextAreaField(
        _l("What the participant wanted to talk about"), validators=[Length(max=4000)]
    )
    body = TextAreaField(_l("Note"), validators=[Length(max=20000)])
    next_steps = TextAreaField(_l("Agreed next steps"), validators=[Length(max=4000)])
    hidden_from_participant = BooleanField(
        _l("Hide this note from the participant (it holds information about someone else)")
    )
    save = SubmitField(_l("Save as draft"))
    send = SubmitField(_l("Submit for review"))

    def validate_visit_date(self, field: DateField) -> None:
        if field.data and field.data > today():
            raise ValidationError(_l("The date cannot be in the future."))

    def validate_body(self, field: TextAreaField) -> None:
        if self.send.data and not (field.data or "").strip():
            raise ValidationError(_l("Write the note before you submit it."))


class NewNoteForm(CreateOnceForm, NoteForm):
    """A new note: saved once however often it is posted (webapp.once)."""


class AddendumForm(FlaskForm):
    body = TextAreaField(_l("Addendum"), validators=[DataRequired(), Length(max=10000)])


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
