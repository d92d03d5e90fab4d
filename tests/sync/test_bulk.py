"""sync.bulk: the Records a push reads and writes, stamped as the ORM's before_flush hook
stamps (core.models.base), and written with statements run on the DBAPI cursor."""
from __future__ import annotations

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from core.models import FieldVersionsMixin, Goal, VisitNote, utcnow
from sync import apply_push
from sync.bulk import insert_new, load, new_row, update_changed
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
    s.info["client_id"] = "device-1"
    by_orm.why_it_matters = "Min dotter."
    by_orm.own_words = by_orm.own_words  # the same value: no change
    s.flush()
    version, now = by_orm.version, by_orm.updated_at
    conn = s.connection()
    record = load(conn, Goal, [by_record.uuid])[by_record.uuid]
    record.why_it_matters = "Min dotter."
    record.own_words = str(record.own_words)  # the same value: no change
    assert update_changed(conn, [record], version, "device-1", now) == [record]
    s.commit()
    for goal in (by_orm, by_record):
        s.refresh(goal)
        assert goal.version == version and goal.updated_at == now
        assert goal.why_it_matters == "Min dotter."
        assert goal.field_versions == {**before[goal.uuid],
                                       "why_it_matters": [version, "device-1"]}


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
