"""Plan forms: a goal with up to three steps, a status change, a step, a comment
beside an entry; on the participant's own pages: their goal, agreement,
disagreement and self-rating.

Every field comes from the field spec (core.spec.entities GOAL, STEP,
PLAN_EVENT, SELF_RATING): the same lengths and choices as the phone and the
sync push. Who wrote it is never a field: the server records it. Text the
participant said is stored exactly as typed (no strip, no rewrite);
templates escape it on output.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, HiddenField
from wtforms.validators import ValidationError

from core.spec.entities import GOAL, PLAN_EVENT, SELF_RATING, STEP

from ..pages.once import CreateOnceForm
from ..spec_forms import spec_field

STEPS_ON_GOAL_FORM = 3


class StepFields(FlaskForm):
    """A step row on the goal form: it may stay empty."""

    class Meta:
        csrf = False  # part of a form that has its own token

    what = spec_field(STEP, "what", required=False)
    who = spec_field(STEP, "who")
    who_name = spec_field(STEP, "whoName")
    due_on = spec_field(STEP, "dueOn")

    def validate_what(self, field: object) -> None:
        if not (self.what.data or "").strip() and self.due_on.raw_data and self.due_on.raw_data[0]:
            raise ValidationError(_l("Say what the step is, or leave the date empty."))


class StepForm(FlaskForm):
    what = spec_field(STEP, "what")
    who = spec_field(STEP, "who")
    who_name = spec_field(STEP, "whoName")
    due_on = spec_field(STEP, "dueOn")


class GoalForm(CreateOnceForm):
    life_area = spec_field(GOAL, "lifeArea")
    own_area = spec_field(GOAL, "ownArea")
    own_words = spec_field(GOAL, "ownWords")
    why_it_matters = spec_field(GOAL, "whyItMatters")
    support_wanted = spec_field(GOAL, "supportWanted")
    steps = FieldList(FormField(StepFields), min_entries=STEPS_ON_GOAL_FORM,
                      max_entries=STEPS_ON_GOAL_FORM)


class OwnGoalForm(CreateOnceForm):
    """The participant writes their own goal: the same fields, in their words."""

    own_words = spec_field(GOAL, "ownWords", label=_l("My goal, in my own words"))
    life_area = spec_field(GOAL, "lifeArea", label=_l("What part of life it is about"))
    own_area = spec_field(GOAL, "ownArea", label=_l("Or name it yourself"))
    why_it_matters = spec_field(GOAL, "whyItMatters", label=_l("Why it matters to me"))
    support_wanted = spec_field(GOAL, "supportWanted",
                                label=_l("The support I would like"))
    steps = FieldList(FormField(StepFields), min_entries=1, max_entries=1)


class GoalStatusForm(FlaskForm):
    status = spec_field(GOAL, "status")
    status_comment = spec_field(GOAL, "statusComment")


class StepDoneForm(FlaskForm):
    """Only the CSRF token: the step is done today."""


class CommentForm(CreateOnceForm):
    """A comment beside an entry of the plan (never a change of its words)."""

    text = spec_field(PLAN_EVENT, "text", required=True, label=_l("Comment"))


class AgreeForm(CreateOnceForm):
    text = spec_field(PLAN_EVENT, "text", label=_l("Anything you want to add (if you like)"))


class DisagreeForm(CreateOnceForm):
    goal = HiddenField()
    text = spec_field(PLAN_EVENT, "text", required=True,
                      label=_l("What you do not agree with, in your own words"))


class RatingForm(CreateOnceForm):
    life_area = spec_field(SELF_RATING, "lifeArea", label=_l("What part of life"))
    own_area = spec_field(SELF_RATING, "ownArea", label=_l("Or name it yourself"))
    rating = spec_field(SELF_RATING, "rating", label=_l("How is it going right now?"))
    comment = spec_field(SELF_RATING, "comment", label=_l("A few words (if you like)"))
    rated_on = spec_field(SELF_RATING, "ratedOn")


def steps_filled(form: GoalForm | OwnGoalForm) -> list[StepFields]:
    return [entry.form for entry in form.steps if (entry.form.what.data or "").strip()]
