"""One field spec: forms, sync, OpenAPI and the PWA's JSON agree, field by field.

Generated from core.spec: for every text field the maximum length is
accepted and one more is refused, identically by the server form, by every
sync mutation that takes it and by the OpenAPI schema; every choice field
has the same set of values in all of them and in /app/spec.json. No form
types a length or a choice list of its own.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date

import jsonschema_rs
import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.fields.core import UnboundField
from wtforms.validators import AnyOf, Length

import webapp
from core.clock import team_today
from core.spec import SYNCED, Field, Invalid, values
from core.spec.entities import SERVER_SIDE
from sync.fields import BadArg, parse_args
from sync.mutations import REGISTRY
from webapp.api.openapi import document
from webapp.spec_forms import SpecCheck, spec_field

ALL = (*SYNCED, *SERVER_SIDE)
TEXT = [(e, f) for e in ALL for f in e.fields if f.kind in ("text", "line")]
CHOICE = [(e, f) for e in ALL for f in e.fields if f.kind == "choice"]


def _id(pair):
    return f"{pair[0].name}.{pair[1].wire}"


def _forms():
    """Every form class of the app (all webapp modules imported)."""
    for mod in pkgutil.walk_packages(webapp.__path__, "webapp."):
        importlib.import_module(mod.name)
    found, todo = set(), [FlaskForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found and sub.__module__.startswith("webapp."):
                found.add(sub)
            todo.append(sub)
    return sorted(found, key=lambda c: c.__qualname__)


def _unbound(form):
    for name, value in inspect.getmembers(form):
        if isinstance(value, UnboundField):
            yield name, value


def _checks():
    """(form, field name, SpecCheck) of every form field built from the spec."""
    for form in _forms():
        for name, unbound in _unbound(form):
            for v in unbound.kwargs.get("validators") or []:
                if isinstance(v, SpecCheck):
                    yield form, name, v


def test_the_form_scan_sees_the_forms_built_from_the_spec():
    # A positive control: without it an empty scan would pass every test below.
    seen = {(c.entity, c.field.wire) for _f, _n, c in _checks()}
    assert {("goal", "ownWords"), ("note", "body"), ("tenancy", "address"),
            ("user", "username"), ("followup", "outcome")} <= seen


def test_no_form_types_a_length_or_a_choice_list_of_its_own():
    typed = []
    for form in _forms():
        for name, unbound in _unbound(form):
            if "password" in name or "passphrase" in name or name == "code":
                continue  # not stored values: their rule is the login's and the invite's
            for v in unbound.kwargs.get("validators") or []:
                if isinstance(v, Length | AnyOf):
                    typed.append(f"{form.__qualname__}.{name}")
    assert typed == []


@pytest.mark.parametrize("pair", TEXT, ids=_id)
def test_form_fields_have_the_specs_length(pair):
    entity, field = pair
    for form, name, check in _checks():
        if (check.entity, check.field.wire) == (entity.name, field.wire):
            assert check.field.max_len == field.max_len, f"{form.__qualname__}.{name}"


def _form_accepts(app, entity, field, text):
    class One(FlaskForm):
        class Meta:
            csrf = False
        value = spec_field(entity, field.wire)

    with app.test_request_context():
        form = One(formdata=MultiDict({"value": text}))
        return form.validate(), form.value.errors


def _text_of(field, n):
    return "å" * n  # non-ASCII on purpose: lengths are characters, not bytes


@pytest.mark.parametrize("pair", TEXT, ids=_id)
def test_max_length_is_accepted_and_one_more_refused_by_form_sync_and_openapi(app, pair):
    entity, field = pair
    longest, too_long = _text_of(field, field.max_len), _text_of(field, field.max_len + 1)
    if field.min_len:
        assert field.min_len < field.max_len
    if field.pattern:
        longest, too_long = "a" * field.max_len, "a" * (field.max_len + 1)

    # The spec's own check, which forms and sync both call.
    assert field.check(longest) == longest
    with pytest.raises(Invalid):
        field.check(too_long)

    # The server form.
    ok, errors = _form_accepts(app, entity, field, longest)
    assert ok, errors
    ok, errors = _form_accepts(app, entity, field, too_long)
    assert not ok and errors

    # Every sync mutation that takes the field, and its OpenAPI schema.
    for spec, arg, schema in _mutation_args(entity, field):
        assert spec.fields[arg].max_len == field.max_len, spec.name
        assert parse_args({arg: spec.fields[arg]}, {arg: longest}) == {arg: longest}
        with pytest.raises(BadArg) as err:
            parse_args({arg: spec.fields[arg]}, {arg: too_long})
        assert err.value.problem.code == "too_long"
        validator = jsonschema_rs.validator_for(schema)
        assert validator.is_valid(longest) and not validator.is_valid(too_long), spec.name

    # A pulled value's schema and the PWA's JSON say the same limit.
    if entity.synced and field.pulled:
        assert _value_schema(entity, field)["maxLength"] == field.max_len
        assert _pwa_field(app, entity, field)["maxLength"] == field.max_len


def _mutation_args(entity, field):
    """(mutation spec, arg name, the arg's OpenAPI schema) of each mutation of the
    entity that takes this field."""
    schemas = {m["properties"]["name"].get("const"): m["properties"]["args"]
               for m in document()["components"]["schemas"]["Mutation"]["anyOf"]}
    for name, spec in REGISTRY.items():
        if spec.entity != entity.name:
            continue
        for arg, f in spec.fields.items():
            if f.column == field.column and f.kind == field.kind and f.wire == field.wire:
                yield spec, arg, schemas[name]["properties"][arg]


def test_mutation_args_are_the_entity_specs_fields():
    checked = 0
    for spec in REGISTRY.values():
        entity = next((e for e in SYNCED if e.name == spec.entity), None)
        for arg, f in spec.fields.items():
            if entity is not None and any(g.wire == arg for g in entity.fields):
                base = entity.field(arg)
                assert (f.kind, f.max_len, f.choices, f.column) == (
                    base.kind, base.max_len, base.choices, base.column), f"{spec.name}.{arg}"
                checked += 1
    assert checked > 20


def _value_schema(entity, field):
    schema = document()["components"]["schemas"][f"{entity.name}Value"]["properties"][field.wire]
    return schema["anyOf"][0] if "anyOf" in schema else schema


def _pwa_field(app, entity, field):
    spec = app.test_client().get("/app/spec.json").get_json()
    return spec["entities"][entity.name]["fields"][field.wire]


@pytest.mark.parametrize("pair", CHOICE, ids=_id)
def test_every_choice_list_is_the_same_in_forms_sync_openapi_and_the_pwa(app, pair):
    entity, field = pair
    expected = list(values(field.choices))
    for form, name, check in _checks():
        if (check.entity, check.field.wire) == (entity.name, field.wire):
            unbound = dict(_unbound(form))[name]
            got = [c.value for c in unbound.kwargs["choices"]]
            assert got == expected, f"{form.__qualname__}.{name}"
    for spec, arg, schema in _choice_args(entity, field):
        assert list(spec.fields[arg].values()) == expected
        assert schema["enum"] == expected, spec.name
    if entity.synced and field.pulled:
        assert _value_schema(entity, field)["enum"] == expected
        pwa = app.test_client().get("/app/spec.json").get_json()
        assert pwa["choices"][field.choices]["values"] == expected
        assert pwa["entities"][entity.name]["fields"][field.wire]["choices"] == field.choices


def _choice_args(entity, field):
    for spec, arg, schema in _mutation_args(entity, field):
        yield spec, arg, schema.get("anyOf", [schema])[0] if "enum" not in schema else schema


def test_the_generated_tests_cover_the_fields_that_matter():
    ids = {_id(p) for p in TEXT}
    assert {"goal.ownWords", "step.what", "note.participantTopics", "note.body"} <= ids
    assert {_id(p) for p in CHOICE} >= {"goal.lifeArea", "note.kind", "followup.kind"}


@pytest.mark.parametrize(("wire", "value", "code"), [
    ("ownWords", "   ", "required"),  # only spaces: the forms refused it, sync did not
])
def test_blank_own_words_are_refused_by_sync_as_by_the_form(app, wire, value, code):
    spec = REGISTRY["goal.create"]
    with pytest.raises(BadArg) as err:
        parse_args(spec.fields, {"uuid": "0" * 8 + "-0000-4000-8000-" + "0" * 12,
                                 "participant": "0" * 8 + "-0000-4000-8000-" + "0" * 12,
                                 "lifeArea": "home", wire: value}, spec.required)
    assert err.value.problem.code == code
    from core.spec.entities import GOAL
    ok, _errors = _form_accepts(app, GOAL, GOAL.field(wire), value)
    assert not ok


def test_a_visit_note_dated_in_the_future_is_refused_by_sync_as_by_the_form():
    spec = REGISTRY["note.create"]
    with pytest.raises(BadArg) as err:
        parse_args(spec.fields, {"visitDate": "2099-01-01"})
    assert err.value.problem.code == "future"
    assert spec.fields["visitDate"].parse(team_today().isoformat())


def test_a_move_in_two_years_ahead_is_refused_so_lease_dates_stay_in_range():
    from core.spec.entities import TENANCY

    with pytest.raises(Invalid) as err:
        TENANCY.field("startDate").check(date(2100, 12, 31))
    assert err.value.code == "too_far_ahead"


def test_a_field_is_described_once_for_the_pwa():
    f = Field("x", "text", max_len=10, required=True, label="X")
    assert f.describe()["maxLength"] == 10 and f.describe()["required"] is True
