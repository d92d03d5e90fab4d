"""WTForms fields built from the field spec (core.spec): a form never types a limit.

`spec_field(ENTITY, "wire")` gives the form field of one spec field: its
kind of input, its label, its choices and one validator, `SpecCheck`, that
applies exactly the rules the sync push applies (core.spec.fields.Field.check),
so a value accepted on the phone is accepted on the server page and the
other way round. Text is never stripped or rewritten: the participant's
words are stored as typed.
"""
from __future__ import annotations

from typing import Any

from flask_babel import gettext, lazy_gettext
from wtforms import (
    BooleanField,
    DateField,
    Field,
    Form,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation, ValidationError

from core.limits import FIRST_YEAR, LAST_YEAR
from core.spec import CHOICES, EntitySpec, Invalid
from core.spec.choices import UNTRANSLATED
from core.spec.entities import UUID
from core.spec.fields import Field as SpecField
from core.spec.words import PROBLEMS, fill


def problem_text(problem: Invalid) -> str:
    """What is wrong, in the user's language."""
    return fill(gettext(PROBLEMS[problem.code]), **problem.params)


class SpecCheck:
    """The spec's rules as a WTForms validator (and the HTML flags they imply)."""

    def __init__(self, field: SpecField, entity: str = "") -> None:
        self.field = field
        self.entity = entity
        self.field_flags: dict[str, Any] = {}
        if field.required:
            self.field_flags["required"] = True
        if field.max_len:
            self.field_flags["maxlength"] = field.max_len
        if field.min_len:
            self.field_flags["minlength"] = field.min_len

    def __call__(self, form: Form, wtfield: Field) -> None:
        if self.field.kind == "date" and _blank(wtfield.raw_data):
            wtfield.errors[:] = []  # an empty date is no value, not a malformed one
            if self.field.required:
                raise StopValidation(problem_text(Invalid("required")))
            raise StopValidation()
        if wtfield.process_errors and self.field.kind == "int":  # not a number at all
            wtfield.errors[:] = []
            raise StopValidation(problem_text(Invalid("int_range", low=self.field.low,
                                                      high=self.field.high)))
        if wtfield.process_errors:  # e.g. not a date at all: that message says it
            raise StopValidation()
        try:
            self.field.check(wtfield.data)
        except Invalid as problem:
            if problem.code == "required":
                wtfield.errors[:] = []
                raise StopValidation(problem_text(problem)) from None
            raise ValidationError(problem_text(problem)) from None


def _blank(raw: list[Any] | None) -> bool:
    return not raw or not str(raw[0]).strip()


def choice_list(name: str) -> list[SelectChoice]:
    translate = name not in UNTRANSLATED
    return [SelectChoice(value, lazy_gettext(text) if translate else text)
            for value, text in CHOICES[name].items()]


# A moment is kept as the text the browser's datetime-local input sends ("YYYY-MM-DDTHH:MM").
_KINDS: dict[str, Any] = {"text": TextAreaField, "line": StringField, "date": DateField,
                          "bool": BooleanField, "choice": SelectField, "int": IntegerField,
                          "moment": StringField}


def spec_field(entity: EntitySpec, wire: str, *, label: Any = None, render_kw: Any = None,
               validators: tuple[Any, ...] = (), filters: tuple[Any, ...] | list[Any] = (),
               radio: bool = False, **rules: Any) -> Any:
    """The form field of `entity`'s field `wire`; `rules` change a rule for this form
    only (e.g. required=False for a step row that may stay empty). `radio`: a choice
    as radio buttons with none chosen beforehand, so the question must be answered."""
    field = entity.field(wire)
    if rules:
        field = field.but(**rules)
    kind = RadioField if radio else _KINDS[field.kind]
    kwargs: dict[str, Any] = {"validators": [SpecCheck(field, entity.name), *validators]}
    if field.kind == "choice":
        kwargs["choices"] = choice_list(field.choices)
    if radio:
        kwargs["validate_choice"] = False  # SpecCheck says what is wrong, in the user's words
    if field.kind == "date":
        render_kw = {"min": f"{FIRST_YEAR}-01-01", "max": f"{LAST_YEAR}-12-31",
                     **(render_kw or {})}
    if field.kind == "moment":
        render_kw = {"type": "datetime-local", "min": f"{FIRST_YEAR}-01-01T00:00",
                     "max": f"{LAST_YEAR}-12-31T23:59", **(render_kw or {})}
    if field.kind == "int" and field.choices:  # a worded scale: one radio per value
        kind = RadioField
        kwargs["choices"] = [SelectChoice(int(c.value), c.label) for c in
                             choice_list(field.choices)]
        kwargs["coerce"] = int
    elif field.kind == "int":
        render_kw = {"min": field.low, "max": field.high, "inputmode": "numeric",
                     **(render_kw or {})}
    if render_kw:
        kwargs["render_kw"] = render_kw
    if filters:
        kwargs["filters"] = list(filters)
    return kind(label if label is not None else lazy_gettext(field.label), **kwargs)


def uuid_field() -> Any:
    """A hidden field holding the uuid of a record (a button's target)."""
    return HiddenField(validators=[SpecCheck(UUID)])
