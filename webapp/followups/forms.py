"""Follow-up forms: plan one, mark one done."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from ..pages.dates import today
from ..pages.once import CreateOnceForm
from ..participants.labels import choices
from ..validators import plausible_date


class FollowUpForm(CreateOnceForm):
    kind = SelectField(_l("Kind"), choices=choices("followup_kind"))
    title = StringField(_l("What to follow up"), validators=[DataRequired(), Length(max=255)])
    due_on = DateField(_l("Due"), validators=[InputRequired(), plausible_date])
    goal = SelectField(_l("Goal (optional)"), choices=[], default="")


class CompleteFollowUpForm(FlaskForm):
    done_on = DateField(_l("Done on"), validators=[InputRequired(), plausible_date])
    outcome = TextAreaField(_l("Outcome"), validators=[Length(max=4000)])

    def validate_done_on(self, field: DateField) -> None:
        if field.data and field.data > today():
            raise ValidationError(_l("The date cannot be in the future."))
