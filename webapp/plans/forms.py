"""Plan forms: a goal with up to three steps, a status change, a step.

Text the participant said is stored exactly as typed (no strip, no
rewrite); templates escape it on output.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FieldList, FormField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..pages.once import CreateOnceForm
from ..participants.labels import choices
from ..validators import plausible_date

STEPS_ON_GOAL_FORM = 3


class StepFields(FlaskForm):
    class Meta:
        csrf = False  # part of a form that has its own token

    what = StringField(_l("Step"), validators=[Length(max=1000)])
    who = SelectField(_l("Who does it"), choices=choices("step_who"))
    due_on = DateField(_l("By when"), validators=[Optional(), plausible_date])

    def validate_what(self, field: StringField) -> None:
        if not (field.data or "").strip() and self.due_on.raw_data and self.due_on.raw_data[0]:
            raise ValidationError(_l("Say what the step is, or leave the date empty."))


class StepForm(FlaskForm):
    what = StringField(_l("Step"), validators=[DataRequired(), Length(max=1000)])
    who = SelectField(_l("Who does it"), choices=choices("step_who"))
    due_on = DateField(_l("By when"), validators=[Optional(), plausible_date])


class GoalForm(CreateOnceForm):
    life_area = SelectField(_l("Life area"), choices=choices("life_area"))
    own_words = TextAreaField(_l("The goal, in the participant's own words"),
                              validators=[DataRequired(), Length(max=4000)])
    why_it_matters = TextAreaField(_l("Why it matters to them"), validators=[Length(max=4000)])
    written_by = SelectField(_l("Who wrote it"), choices=choices("written_by"))
    steps = FieldList(FormField(StepFields), min_entries=STEPS_ON_GOAL_FORM,
                      max_entries=STEPS_ON_GOAL_FORM)


class GoalStatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=choices("goal_status"))
    status_comment = TextAreaField(_l("Comment, in the participant's words"),
                                   validators=[Length(max=4000)])


class StepDoneForm(FlaskForm):
    """Only the CSRF token: the step is done today."""


def steps_filled(form: GoalForm) -> list[StepFields]:
    return [entry.form for entry in form.steps if (entry.form.what.data or "").strip()]


