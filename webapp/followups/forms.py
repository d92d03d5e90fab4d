"""Follow-up forms: plan one, mark one done (fields from core.spec FOLLOWUP)."""
from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import SelectField

from core.spec.entities import FOLLOWUP

from ..pages.once import CreateOnceForm
from ..spec_forms import spec_field


class FollowUpForm(CreateOnceForm):
    kind = spec_field(FOLLOWUP, "kind")
    title = spec_field(FOLLOWUP, "title")
    due_on = spec_field(FOLLOWUP, "dueOn")
    # The participant's goals, filled in by the handler.
    goal = SelectField(lazy_gettext(FOLLOWUP.field("goal").label), choices=[], default="")


class CompleteFollowUpForm(FlaskForm):
    done_on = spec_field(FOLLOWUP, "doneOn", required=True)
    outcome = spec_field(FOLLOWUP, "outcome")
    outcome_hidden = spec_field(FOLLOWUP, "outcomeHidden")
