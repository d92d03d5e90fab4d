"""Forms for the team lead's pages. Choices are filled in by the handler."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SubmitField
from wtforms.validators import DataRequired

from core.spec.entities import REVIEW

from ..spec_forms import spec_field, uuid_field


class AssignForm(FlaskForm):
    participant = uuid_field()
    # Membership is checked by the handler against the team, with our own message.
    user = SelectField(_l("Case manager"), choices=[], validate_choice=False,
                       validators=[DataRequired(message=_l("Choose a case manager."))])
    submit = SubmitField(_l("Assign"))


class UnassignForm(FlaskForm):
    participant = uuid_field()
    user = uuid_field()
    # Set only by the confirmation page: a removal is never one tap.
    confirm = HiddenField()
    submit = SubmitField(_l("Unassign"))


class RestoreForm(FlaskForm):
    """Undo a removal: the tombstoned assignment comes back."""

    assignment = uuid_field()


class ReviewForm(FlaskForm):
    comment = spec_field(REVIEW, "comment")
    sign = SubmitField(_l("Sign the note"))
    send_back = SubmitField(_l("Return to the author"))

    def decision(self) -> str | None:
        if self.sign.data:
            return "signed"
        if self.send_back.data:
            return "returned"
        return None

    def validate_decision(self) -> bool:
        """A return needs a comment: the author must know what to change."""
        decision = self.decision()
        if decision == "returned" and not (self.comment.data or "").strip():
            self.comment.errors = [*self.comment.errors,
                                   _l("Write what the author should change.")]
            return False
        return decision is not None


class ReassignForm(FlaskForm):
    """Give a follow-up to another worker; choices are the team's active workers."""

    user = SelectField(_l("Give to"), choices=[], validate_choice=False,
                       validators=[DataRequired(message=_l("Choose a worker."))])
