"""The self-assessment form: a date, a comment, and one rating and comment per item.
Fields and choices come from the field spec (core.spec FIDELITY_ASSESSMENT, FIDELITY_RATING)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, HiddenField

from core.spec.entities import FIDELITY_ASSESSMENT, FIDELITY_RATING

from ..pages.once import CreateOnceForm
from ..spec_forms import spec_field


class RatingFields(FlaskForm):
    class Meta:
        csrf = False  # part of a form that has its own token

    item = HiddenField()  # which item: set by the handler, checked against the spec
    # Not rated ("") is a choice too: it becomes None, which the spec allows.
    rating = spec_field(FIDELITY_RATING, "rating", filters=(lambda v: v or None,))
    comment = spec_field(FIDELITY_RATING, "comment")


class AssessmentForm(CreateOnceForm):
    assessed_on = spec_field(FIDELITY_ASSESSMENT, "assessedOn")
    comment = spec_field(FIDELITY_ASSESSMENT, "comment")
    items = FieldList(FormField(RatingFields))
