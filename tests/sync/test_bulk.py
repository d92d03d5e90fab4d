"""sync.bulk: the Records a push reads and writes, stamped as the ORM's before_flush hook
stamps (core.models.base), and written with statements run on the DBAPI cursor."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Boolean, Date, DateTime, Integer, String, Text, inspect, select
from sqlalchemy.exc import IntegrityError

from core.models import Base, FieldVersionsMixin, Goal, SyncMixin, VisitNote, utcnow
from sync import apply_push
from sync.bulk import (
    Record,
    insert_new,
    insertion_order,
    load,
    load_one,
    new_row,
    update_changed,
)
from sync.protocol import MutationIn

from .world import new_uuid


def test_new_rows_are_stamped_like_the_orm_hook_does(world):
    orm = world.goal("Ali")
    fake = new_row(Goal, {"uuid": new_uuid(), "plan_id": orm.plan_id,
                          "participant_id": orm.participant_id, "life_area": "home",
                          "own_words": "x"}, orm.version, None, utcnow())
    assert set(fake.field_versions) == set(orm.field_versions)
    assert all(v == [orm.version, None] for v in fake.field_versions.values())
    columns = {a.key for a in inspect(Goal).column_attrs} - {"id"}
    assert set(fake.values) == columns
    assert set(orm.field_versions) == columns - set(FieldVersionsMixin._untracked)


def test_changed_rows_are_stamped_like_the_orm_hook_does(world):
    """One goal changed through the ORM, its twin through a Record, in one transaction."""
    s = world.session
    by_orm, by_record = world.goal("Ali"), world.goal("Ali")
    before = {g.uuid: dict(g.field_versions) for g in (by_orm, by_record)}
    by_orm.why_it_matters = "Min dotter."
    by_orm.own_words = by_orm.own_words  # the same value: no change
    s.flush()
    version, now = by_orm.version, by_orm.updated_at
    conn = s.connection()
    record = load(conn, Goal, [by_record.uuid])[by_record.uuid]
    record.why_it_matters = "Min dotter."
    record.own_words = str(record.own_words)  # the same value: no change
    assert update_changed(conn, [record], version, None, now) == [record]
    s.commit()
    for goal in (by_orm, by_record):
        s.refresh(goal)
        assert goal.version == version and goal.updated_at == now
        assert goal.why_it_matters == "Min dotter."
        assert goal.field_versions == {**before[goal.uuid], "why_it_matters": [version, None]}


def test_a_record_set_to_its_stored_values_is_not_written(world):
    goal = world.goal("Ali")
    conn = world.session.connection()
    record = load(conn, Goal, [goal.uuid])[goal.uuid]
    record.own_words = goal.own_words
    assert update_changed(conn, [record], goal.version + 1, "device-1", utcnow()) == []
    world.session.commit()
    world.session.refresh(goal)
    assert goal.version == record.version


def test_a_clash_with_stored_data_is_sqlalchemys_integrity_error(world):
    """push.py replays the batch with a SAVEPOINT per mutation on IntegrityError."""
    taken = world.note("Ali", "sara")
    row = new_row(VisitNote, {"uuid": taken.uuid, "participant_id": taken.participant_id,
                              "author_id": taken.author_id, "visit_date": taken.visit_date},
                  world.version, None, utcnow())
    with pytest.raises(IntegrityError):
        insert_new(world.session.connection(), {VisitNote: [row]})


def test_orm_objects_of_written_rows_show_the_new_values(world):
    """The batch writes past the ORM; objects the session already holds are expired."""
    goal = world.goal("Ali")
    assert goal.own_words == "Ett eget hem"  # loaded into the session
    dev = world.devices["sara-phone"]
    entry = {"id": 1, "name": "goal.update", "args": {"uuid": goal.uuid, "ownWords": "Ett hem"},
             "baseVersion": goal.version}
    result = apply_push(world.session, dev.user, dev, [MutationIn(1, entry)])
    assert [r.status for r in result.results] == ["applied"]
    assert goal.own_words == "Ett hem" and goal.version == world.version  # no commit yet
    assert dev.last_mutation_id == 1
    stored = world.session.execute(select(Goal.own_words).where(Goal.id == goal.id)).scalar()
    assert stored == "Ett hem"


# --- every synced model: a Record is stamped exactly as the ORM hook stamps ---------------

SYNCED_MODELS = sorted((m.class_ for m in Base.registry.mappers
                        if issubclass(m.class_, SyncMixin)), key=lambda m: m.__name__)
BOOKKEEPING = {"id", "uuid", "version", "updated_at", "field_versions", "deleted_at"}


def _sample(session, model):
    """Values for every column a row of `model` cannot do without (and one more to
    change), foreign keys pointing at rows the world already holds."""
    values = {}
    for col in model.__table__.columns:
        if col.name in BOOKKEEPING or (col.nullable and not col.foreign_keys):
            continue
        if col.foreign_keys:
            if col.nullable or col.unique:
                continue
            target = next(iter(col.foreign_keys)).column.table
            values[col.key] = session.execute(select(target.c.id).limit(1)).scalar_one()
        else:
            values[col.key] = _value_of(col.type, 1)
    return values


def _value_of(kind, n):
    if isinstance(kind, DateTime):
        return datetime(2026, 1, n, 12, 0)
    if isinstance(kind, Date):
        return date(2026, 1, n)
    if isinstance(kind, Boolean):
        return n % 2 == 0
    if isinstance(kind, Integer):
        return n
    if isinstance(kind, String | Text):
        return f"värde {n}"
    return {"n": n}


def _changeable(model):
    """A column to change; an assignment only ever changes by being ended."""
    plain = [col for col in model.__table__.columns
             if col.name not in BOOKKEEPING and not col.foreign_keys
             and not isinstance(col.type, Boolean) and not col.unique]
    return plain[0] if plain else model.__table__.c.deleted_at


def _stored(conn, model, *uuids):
    table = model.__table__
    rows = conn.execute(select(table).where(table.c.uuid.in_(uuids))).mappings().all()
    return [dict(next(r for r in rows if r["uuid"] == u)) for u in uuids]


@pytest.fixture
def filled_world(world):
    world.goal("Ali")
    world.note("Ali", "sara", status="signed")
    world.action_plan(world.tenancy("Ali"))
    return world


@pytest.mark.parametrize("model", SYNCED_MODELS, ids=lambda m: m.__name__)
def test_every_synced_model_is_stamped_by_records_as_by_the_orm_hook(filled_world, model):
    s = filled_world.session
    values = _sample(s, model)
    orm = model(uuid=new_uuid(), **values)
    s.add(orm)
    s.flush()
    conn = s.connection()
    twin = new_row(model, {**values, "uuid": new_uuid()}, orm.version, None, orm.updated_at)
    insert_new(conn, {model: [twin]})
    a, b = _stored(conn, model, orm.uuid, twin.uuid)
    assert (a["version"], a["updated_at"]) == (b["version"], b["updated_at"])
    assert a.get("field_versions") == b.get("field_versions")
    if issubclass(model, FieldVersionsMixin):
        assert set(a["field_versions"]) == {k for k in a if k not in FieldVersionsMixin._untracked}

    column = _changeable(model)
    new_value = _value_of(column.type, 2)
    setattr(orm, column.key, new_value)
    s.flush()
    record = load_one(conn, model, model.uuid == twin.uuid, model.id)  # every column
    setattr(record, column.key, new_value)
    assert update_changed(conn, [record], orm.version, None, orm.updated_at) == [record]
    a, b = _stored(conn, model, orm.uuid, twin.uuid)
    assert a[column.key] == b[column.key] == new_value
    assert (a["version"], a["updated_at"]) == (b["version"], b["updated_at"])
    assert a.get("field_versions") == b.get("field_versions")


def test_every_synced_model_is_inserted_parents_first():
    order = insertion_order(SYNCED_MODELS)
    for i, model in enumerate(order):
        parents = {fk.column.table for col in model.__table__.columns for fk in col.foreign_keys}
        later = {m.__table__ for m in order[i + 1:]}
        assert not parents & later, model


def test_a_record_of_a_model_that_is_not_ours_raises(world):
    class Stranger(Record):
        __slots__ = ()
        model = object
        keys = ()

    with pytest.raises(TypeError, match="not a model"):
        insert_new(world.session.connection(), {object: [Stranger()]})
