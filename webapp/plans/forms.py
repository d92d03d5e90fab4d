"""Plan forms: a goal with up to three steps, a status change, a step.

Every field comes from the field spec (core.spec.entities GOAL, STEP):
the same lengths and choices as the phone and the sync push. Text the
participant said is stored exactly as typed (no strip, no rewrite);
templates escape it on output.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField
from wtforms.validators import ValidationError

from core.spec.entities import GOAL, STEP

from ..pages.once import CreateOnceForm
from ..spec_forms import spec_field

STEPS_ON_GOAL_FORM = 3


class StepFields(FlaskForm):
    """A step row on the goal form: it may stay empty."""

    class Meta:
        csrf = False  # part of a form that has its own token

    what = spec_field(STEP, "what", required=False)
    who = spec_field(STEP, "who")
    due_on = spec_field(STEP, "dueOn")

    def validate_what(self, field: object) -> None:
        if not (self.what.data or "").strip() and self.due_on.raw_data and self.due_on.raw_data[0]:
            raise ValidationError(_l("Say what the step is, or leave the date empty."))


class StepForm(FlaskForm):
    what = spec_field(STEP, "what")
    who = spec_field(STEP, "who")
    due_on = spec_field(STEP, "dueOn")


class GoalForm(CreateOnceForm):
    life_area = spec_field(GOAL, "lifeArea")
    own_words = spec_field(GOAL, "ownWords")
    why_it_matters = spec_field(GOAL, "whyItMatters")
    written_by = spec_field(GOAL, "writtenBy")
    steps = FieldList(FormField(StepFields), min_entries=STEPS_ON_GOAL_FORM,
                      max_entries=STEPS_ON_GOAL_FORM)


class GoalStatusForm(FlaskForm):
    status = spec_field(GOAL, "status")
    status_comment = spec_field(GOAL, "statusComment")


class StepDoneForm(FlaskForm):
    """Only the CSRF token: the step is done today."""


def steps_filled(form: GoalForm) -> list[StepFields]:
    return [entry.form for entry in form.steps if (entry.form.what.data or "").strip()]
