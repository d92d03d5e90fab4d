"""build_pull without an app: scope, visibility, paging, scope changes, cookies, errors."""
from __future__ import annotations

import re
import time

from sqlalchemy import event, select, update

from core.models import AuditEvent, Base, Goal, NoteAddendum, Review, unmarked, utcnow
from sync import cookie as cookies
from sync import pull as sync_pull
from sync import pull_queries
from sync.entities import ENTITIES

from .helpers import note_create, pull, pull_all, push, store
from .reference import server_view, versions
from .world import SECRET, new_uuid


def _sync(world, device, cookie=None, page_size=500, start=None):
    ops, last = pull_all(world, device, cookie, page_size)
    return store(ops, start), last


def _assert_matches_server(world, device, local):
    user = world.devices[device].user
    assert versions(local) == server_view(world.session, user)


def _seed_notes(world):
    world.note("Ali", "sara", status="draft")
    world.note("Ali", "omar", status="draft")          # omar's draft: never to sara
    signed = world.note("Kim", "sara", status="signed")
    hidden = world.note("Kim", "sara", status="signed", hidden=True)
    world.note("Kim", "sara", status="submitted")
    s = world.session
    for note in (signed, hidden):
        s.add(NoteAddendum(note_id=note.id, participant_id=note.participant_id,
                           author_id=world.users["sara"].id, body="Rättelse"))
        s.add(Review(note_id=note.id, participant_id=note.participant_id,
                     reviewer_id=world.users["eva"].id, decision="signed", comment="Bra"))
    world.goal("Kim")
    world.goal("Other")
    s.commit()
    return signed, hidden


def test_initial_pull_clears_and_sends_exactly_the_caseload(world):
    _seed_notes(world)
    ops, last = pull_all(world, "sara-phone")
    assert ops[0] == {"op": "clear"}
    local = store(ops)
    _assert_matches_server(world, "sara-phone", local)
    names = {v["preferredName"] for (e, _), v in local.items() if e == "participant"}
    assert names == {"Kim", "Ali"}
    assert not last.more and last.total == len(ops) - 1


def test_participant_account_never_gets_hidden_notes_drafts_or_reviews(world):
    signed, _hidden = _seed_notes(world)
    local, _ = _sync(world, "kim-phone")
    _assert_matches_server(world, "kim-phone", local)
    entities = {e for e, _ in local}
    assert "review" not in entities
    notes = {k for e, k in local if e == "note"}
    assert notes == {signed.uuid}
    assert len([e for e, _ in local if e == "addendum"]) == 1
    assert {v["preferredName"] for (e, _), v in local.items() if e == "participant"} == {"Kim"}


def test_team_lead_sees_the_team_but_not_other_authors_drafts(world):
    _seed_notes(world)
    local, _ = _sync(world, "eva-laptop")
    _assert_matches_server(world, "eva-laptop", local)
    assert not any(v.get("status") == "draft" for (e, _), v in local.items() if e == "note")


def test_incremental_pull_sends_only_changes_and_an_empty_pull_nothing(world):
    _local, last = _sync(world, "sara-phone")
    uuid = new_uuid()
    push(world, "sara-tablet", note_create(uuid, world.people["Ali"].uuid))
    ops, last2 = pull_all(world, "sara-phone", last.cookie)
    assert [(o["op"], o["entity"], o["key"]) for o in ops] == [("put", "note", uuid)]
    empty, _ = pull_all(world, "sara-phone", last2.cookie)
    assert empty == []


def test_paged_pull_is_ordered_and_equals_the_unpaged_one(world):
    _seed_notes(world)
    for _ in range(3):
        world.goal("Ali")
    whole, _ = _sync(world, "sara-phone")
    ops, cookie, pages, totals = [], None, 0, set()
    while True:
        page = pull(world, "sara-phone", cookie, page_size=4)
        ops += [o for o in page.patch if o["op"] != "clear"]
        cookie, pages = page.cookie, pages + 1
        totals.add(page.total)
        if not page.more:
            break
    keys = [(o["value"]["version"], o["key"]) for o in ops]
    assert keys == sorted(keys) and pages == -(-len(ops) // 4)
    assert store(ops) == whole and totals == {len(ops)}


def test_joining_a_caseload_puts_the_whole_record_and_leaving_dels_it(world):
    world.goal("Marko")
    world.note("Marko", "omar", status="submitted")
    local, last = _sync(world, "sara-phone")
    world.assign("Marko", "sara")
    world.session.commit()
    local, last = _sync(world, "sara-phone", last.cookie, start=local)
    _assert_matches_server(world, "sara-phone", local)
    assert ("participant", world.people["Marko"].uuid) in local
    world.unassign("Ali", "sara")
    ops, last = pull_all(world, "sara-phone", last.cookie)
    local = store(ops, local)
    _assert_matches_server(world, "sara-phone", local)
    assert ops and all(o["op"] == "del" for o in ops)


def test_role_change_changes_the_scope(world):
    local, last = _sync(world, "omar-phone")
    world.users["omar"].role = "team_lead"
    world.session.commit()
    local, last = _sync(world, "omar-phone", last.cookie, start=local)
    _assert_matches_server(world, "omar-phone", local)
    assert len([1 for e, _ in local if e == "participant"]) == 4
    world.users["omar"].role = "admin"
    world.session.commit()
    local, _ = _sync(world, "omar-phone", last.cookie, start=local)
    assert local == {}


def test_scope_change_in_the_middle_of_a_paged_run_loses_nothing_and_keeps_nothing(world):
    for _ in range(4):
        world.goal("Ali")
        world.goal("Kim")
    first = pull(world, "sara-phone", None, page_size=3)
    local = store(first.patch)
    world.unassign("Ali", "sara")
    world.assign("Marko", "sara")
    world.session.commit()
    local, _ = _sync(world, "sara-phone", first.cookie, page_size=3, start=local)
    _assert_matches_server(world, "sara-phone", local)


def test_a_tombstone_becomes_a_del(world):
    goal = world.goal("Ali")
    _local, last = _sync(world, "sara-phone")
    goal.deleted_at = utcnow()
    world.session.commit()
    ops, _ = pull_all(world, "sara-phone", last.cookie)
    assert ops == [{"op": "del", "entity": "goal", "key": goal.uuid}]


def test_a_deleted_participant_leaves_the_scope(world):
    world.goal("Ali")
    local, last = _sync(world, "sara-phone")
    world.people["Ali"].deleted_at = utcnow()
    world.session.commit()
    local, _ = _sync(world, "sara-phone", last.cookie, start=local)
    _assert_matches_server(world, "sara-phone", local)


def test_cookie_older_than_retention_gets_clear_and_a_full_resync(world):
    _, last = _sync(world, "sara-phone")
    later = time.time() + 91 * 86400
    result = pull(world, "sara-phone", last.cookie, retention_days=90, now=later)
    assert result.patch[0] == {"op": "clear"}
    assert len(result.patch) > 1
    fresh = pull(world, "sara-phone", last.cookie, retention_days=90, now=time.time() + 86400)
    assert fresh.patch == []


def test_forged_foreign_or_future_cookies_get_clear(world):
    _, last = _sync(world, "sara-phone")
    state = cookies.decode(last.cookie, SECRET)
    payload, _, _sig = last.cookie.partition(".")
    future = cookies.encode(cookies.Cookie(state.user_id, 10**6, state.scope, state.issued),
                            SECRET)
    for bad in ("garbage", payload + ".AAAA", future):
        assert pull(world, "sara-phone", bad).patch[0] == {"op": "clear"}
    assert pull(world, "omar-phone", last.cookie).patch[0] == {"op": "clear"}


def test_errors_reach_their_device_once_and_last_mutation_id_is_reported(world):
    _, last = _sync(world, "sara-phone")
    push(world, "sara-phone", {"name": "nope", "args": {}},
         note_create(new_uuid(), world.people["Fatima"].uuid))
    result = pull(world, "sara-phone", last.cookie)
    assert result.last_mutation_id == 2
    assert [(e.mutation_id, e.code) for e in result.errors] == [
        (1, "unknown_mutation"), (2, "not_in_caseload")]
    assert pull(world, "sara-phone", result.cookie).errors == []
    assert pull(world, "sara-tablet", None).errors == []


def test_open_conflicts_are_listed_and_resolved_ones_drop_out(world):
    world.assign("Ali", "omar")
    goal = world.goal("Ali")
    base = goal.version
    push(world, "omar-phone", {"name": "goal.update", "args": {"uuid": goal.uuid,
                                                               "ownWords": "O"},
                               "baseVersion": base})
    push(world, "sara-phone", {"name": "goal.update", "args": {"uuid": goal.uuid,
                                                               "ownWords": "S"},
                               "baseVersion": base})
    _, last = pull_all(world, "sara-phone")
    [c] = last.conflicts
    assert (c["field"], c["serverValue"], c["clientValue"]) == ("ownWords", "O", "S")
    assert c["participant"] == world.people["Ali"].uuid and c["resolvedAt"] is None
    assert pull(world, "omar-phone").conflicts == []
    push(world, "sara-phone", {"name": "conflict.resolve",
                               "args": {"uuid": c["uuid"], "resolution": "server"}})
    ops, after = pull_all(world, "sara-phone", last.cookie)
    assert after.conflicts == []
    [put] = [o for o in ops if o["entity"] == "conflict"]
    assert put["value"]["resolution"] == "server" and put["value"]["resolvedAt"]


def test_each_pull_is_audited_with_the_number_of_records_sent(world):
    _, last = pull_all(world, "sara-phone")
    rows = world.session.execute(select(AuditEvent).where(AuditEvent.action == "sync.pull"))
    [event] = rows.scalars()
    assert event.count == last.sent and event.device_id == world.devices["sara-phone"].id
    assert event.entity_uuid == ""


def test_value_shapes_are_camel_case_with_iso_dates(world):
    world.goal("Ali")
    local, _ = _sync(world, "sara-phone")
    participant = next(v for (e, _), v in local.items() if e == "participant")
    assert set(participant) == {"uuid", "version", "preferredName", "status", "joinedOn",
                                "leftOn"}
    assert participant["joinedOn"] == "2024-01-01"
    goal = next(v for (e, _), v in local.items() if e == "goal")
    assert set(goal) == {"uuid", "version", "participant", "plan", "lifeArea", "ownWords",
                         "ownArea", "supportWanted",
                         "whyItMatters", "writtenBy", "status", "statusComment"}


def test_a_participant_joined_in_an_aborted_run_is_sent_in_full_again(world):
    """Found by the stateful test: the run restarted after a scope change must not treat
    a participant it had only begun to send as already on the client."""
    for _ in range(6):
        world.goal("Marko")
    local, last = _sync(world, "sara-phone")
    world.assign("Marko", "sara")
    world.session.commit()
    first = pull(world, "sara-phone", last.cookie, page_size=2)
    local = store(first.patch, local)
    world.unassign("Ali", "sara")
    local, _ = _sync(world, "sara-phone", first.cookie, page_size=2, start=local)
    _assert_matches_server(world, "sara-phone", local)


def test_a_participant_partly_deleted_by_an_aborted_run_comes_back_in_full(world):
    """Found by the stateful test: dels already sent by an aborted run must be undone
    when the participant is back in scope before the run ends."""
    for _ in range(6):
        world.goal("Ali")
    local, last = _sync(world, "sara-phone")
    world.users["sara"].role = "admin"
    world.session.commit()
    first = pull(world, "sara-phone", last.cookie, page_size=3)
    local = store(first.patch, local)
    assert first.more and all(op["op"] == "del" for op in first.patch)
    world.users["sara"].role = "case_manager"
    world.session.commit()
    local, _ = _sync(world, "sara-phone", first.cookie, page_size=3, start=local)
    _assert_matches_server(world, "sara-phone", local)


class _Statements:
    """The SQL a block runs on the session's connection, with its parameters."""

    def __init__(self, session):
        self.engine = session.get_bind()
        self.seen: list[tuple[str, object]] = []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._record)

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        self.seen.append((statement, parameters))

    def tables(self) -> set[str]:
        return {t.name for t in Base.metadata.sorted_tables
                if any(re.search(rf'\bFROM "?{t.name}"?\s', s) for s, _ in self.seen)}


# What a pull sends, but for the participant rows (read with the scope) and conflicts
# (the open ones come with every last page).
RECORD_TABLES = {e.model.__tablename__ for e in ENTITIES} - {"participant", "sync_conflict"}


def test_an_empty_pull_asks_no_record_table_however_much_the_caseload_holds(world):
    for _ in range(5):
        world.goal("Ali")
        world.note("Kim", "sara", status="submitted")
    _, last = _sync(world, "sara-phone")
    push(world, "omar-phone", note_create(new_uuid(), world.people["Marko"].uuid))
    with _Statements(world.session) as sql:
        result = pull(world, "sara-phone", last.cookie)
    assert result.patch == [] and not result.more
    assert not sql.tables() & RECORD_TABLES, sql.tables()
    # the counter, the scope with its marks, open conflicts, refusals: none per
    # participant or per entity (the user and device are reloaded after a commit here)
    selects = [s for s, _ in sql.seen if s.startswith("SELECT")
               and not s.replace('"', "").startswith(("SELECT device.", "SELECT user."))]
    assert len(selects) == 4, [s[:60] for s in selects]


def test_a_pull_with_changes_asks_only_about_the_participants_that_changed(world,
                                                                       monkeypatch):
    world.goal("Ali")
    world.goal("Kim")
    _, last = _sync(world, "sara-phone")
    uuid = new_uuid()
    push(world, "sara-tablet", note_create(uuid, world.people["Kim"].uuid))
    asked = []

    def page_keys(session, user, seg, pos, limit):
        asked.append(seg)
        return pull_queries.page_keys(session, user, seg, pos, limit)

    monkeypatch.setattr(sync_pull, "page_keys", page_keys)
    ops, _ = pull_all(world, "sara-phone", last.cookie)
    assert [(o["op"], o["key"]) for o in ops] == [("put", uuid)]
    assert [(s.cont, s.joined, s.left) for s in asked] == [((world.people["Kim"].id,), (), ())]


def test_a_change_made_on_a_server_page_raises_the_mark_too(world):
    goal = world.goal("Ali")
    _, last = _sync(world, "sara-phone")
    goal.own_words = "Ett hem med balkong"  # the ORM: after_flush raises the mark
    world.session.commit()
    ops, _ = pull_all(world, "sara-phone", last.cookie)
    assert [(o["op"], o["key"]) for o in ops] == [("put", goal.uuid)]
    assert ops[0]["value"]["ownWords"] == "Ett hem med balkong"


def test_unmarked_finds_a_row_written_past_the_marks(world):
    """The check every test's teardown runs (a positive control)."""
    goal = world.goal("Ali")
    assert unmarked(world.session) == []
    world.session.execute(update(Goal).where(Goal.id == goal.id).values(version=10**6)
                          .execution_options(synchronize_session=False))
    assert unmarked(world.session) == [("goal", goal.participant_id, 10**6)]
    world.session.rollback()
