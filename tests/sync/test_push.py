"""apply_push without an app: ids, errors, rights at apply time, merge and conflicts."""
from __future__ import annotations

from sqlalchemy import func, select

from core.models import FollowUp, Goal, Plan, Step, VisitNote, utcnow
from sync import apply_push
from sync.protocol import MutationIn

from .helpers import audit_actions, conflicts, errors, note_create, push
from .world import new_uuid


def _note(world, uuid):
    return world.session.execute(select(VisitNote).where(VisitNote.uuid == uuid)).scalar()


def test_note_create_applies_and_bumps_last_mutation_id(world):
    uuid = new_uuid()
    result = push(world, "sara-phone", note_create(uuid, world.people["Ali"].uuid))
    assert result.last_mutation_id == 1
    assert [r.status for r in result.results] == ["applied"]
    note = _note(world, uuid)
    assert note.author_id == world.users["sara"].id and note.status == "draft"
    assert world.devices["sara-phone"].last_mutation_id == 1


def test_resend_is_skipped_and_applied_once(world):
    uuid = new_uuid()
    m = note_create(uuid, world.people["Ali"].uuid)
    push(world, "sara-phone", m, first_id=1)
    again = push(world, "sara-phone", m, first_id=1)
    assert [r.status for r in again.results] == ["skipped"]
    assert audit_actions(world).count("sync.note.create") == 1


def test_a_gap_stops_processing(world):
    ali = world.people["Ali"].uuid
    result = push(world, "sara-phone", note_create(new_uuid(), ali), first_id=2)
    assert result.last_mutation_id == 0 and result.results == []


def test_unknown_name_bad_args_and_foreign_participant_are_recorded_not_blocking(world):
    ali, other = world.people["Ali"].uuid, world.people["Other"].uuid
    last = new_uuid()
    result = push(world, "sara-phone",
                  {"name": "note.teleport", "args": {}},
                  {"name": "note.create", "args": {"uuid": "not-a-uuid"}},
                  note_create(new_uuid(), other),
                  {"name": "goal.update", "args": {"uuid": new_uuid(), "ownWords": "x"}},
                  note_create(last, ali))
    assert result.last_mutation_id == 5
    assert errors(world, "sara-phone") == {1: "unknown_mutation", 2: "bad_args",
                                           3: "not_in_caseload", 4: "not_found"}
    assert _note(world, last) is not None
    assert [r.status for r in result.results] == ["error"] * 4 + ["applied"]


def test_malformed_entries_become_errors(world):
    result = push(world, "sara-phone", {"name": 7, "args": []},
                  {"name": "note.submit", "args": {"uuid": new_uuid()}, "baseVersion": "x"},
                  {"name": "goal.update", "args": {"uuid": new_uuid()},
                   "changedFields": ["status"], "baseVersion": 1})
    assert errors(world, "sara-phone") == {1: "unknown_mutation", 2: "bad_args", 3: "bad_args"}
    assert result.last_mutation_id == 3


def test_unassigned_mid_queue_makes_queued_note_a_not_in_caseload_error(world):
    ali = world.people["Ali"].uuid
    world.unassign("Ali", "sara")
    push(world, "sara-phone", note_create(new_uuid(), ali))
    assert errors(world, "sara-phone") == {1: "not_in_caseload"}


def test_role_change_takes_effect_at_apply_time(world):
    world.users["sara"].role = "admin"
    world.session.commit()
    push(world, "sara-phone", note_create(new_uuid(), world.people["Ali"].uuid))
    assert errors(world, "sara-phone") == {1: "not_allowed"}


def test_participant_account_cannot_write(world):
    push(world, "kim-phone", note_create(new_uuid(), world.people["Kim"].uuid))
    assert errors(world, "kim-phone") == {1: "not_allowed"}


def test_note_update_author_only_and_only_while_editable(world):
    fatima = world.people["Fatima"]
    world.assign("Fatima", "sara")
    theirs = world.note("Fatima", "omar", status="returned")
    mine = world.note("Fatima", "sara", status="submitted")
    push(world, "sara-phone",
         {"name": "note.update", "args": {"uuid": theirs.uuid, "body": "x"}},
         {"name": "note.update", "args": {"uuid": mine.uuid, "body": "x"}},
         {"name": "note.submit", "args": {"uuid": mine.uuid}})
    assert errors(world, "sara-phone") == {1: "not_allowed", 2: "not_editable", 3: "not_editable"}
    assert fatima.id == theirs.participant_id


def test_create_update_submit_in_one_batch(world):
    uuid = new_uuid()
    ali = world.people["Ali"].uuid
    push(world, "sara-phone", note_create(uuid, ali),
         {"name": "note.update", "args": {"uuid": uuid, "body": "Andra", "kind": "phone"}},
         {"name": "note.submit", "args": {"uuid": uuid}})
    note = _note(world, uuid)
    assert (note.body, note.kind, note.status) == ("Andra", "phone", "submitted")
    assert note.submitted_at is not None


def test_creating_the_same_note_again_is_an_idempotent_update(world):
    uuid = new_uuid()
    ali = world.people["Ali"].uuid
    push(world, "sara-phone", note_create(uuid, ali), note_create(uuid, ali, body="Senare"))
    assert _note(world, uuid).body == "Senare"
    push(world, "omar-phone", note_create(uuid, world.people["Fatima"].uuid))
    assert errors(world, "omar-phone") == {1: "duplicate_uuid"}


def test_goal_create_makes_a_plan_and_steps_can_follow_in_the_same_batch(world):
    goal, step, fu = new_uuid(), new_uuid(), new_uuid()
    ali = world.people["Ali"]
    result = push(world, "sara-phone",
                  {"name": "goal.create", "args": {"uuid": goal, "participant": ali.uuid,
                                                   "lifeArea": "health",
                                                   "ownWords": "Gå till tandläkaren"}},
                  {"name": "step.create", "args": {"uuid": step, "goal": goal,
                                                   "what": "Ringa", "dueOn": None}},
                  {"name": "followup.create", "args": {"uuid": fu, "participant": ali.uuid,
                                                       "kind": "visit", "dueOn": "2024-06-01",
                                                       "goal": goal}})
    assert {r.status for r in result.results} == {"applied"}
    s = world.session
    plan = s.execute(select(Plan).where(Plan.participant_id == ali.id)).scalar_one()
    g = s.execute(select(Goal).where(Goal.uuid == goal)).scalar_one()
    assert g.plan_id == plan.id and g.created_by_id == world.users["sara"].id
    assert s.execute(select(Step).where(Step.uuid == step)).scalar_one().goal_id == g.id
    f = s.execute(select(FollowUp).where(FollowUp.uuid == fu)).scalar_one()
    assert (f.goal_id, f.assignee_id) == (g.id, world.users["sara"].id)


def test_every_row_of_a_batch_shares_the_version_and_records_the_device(world):
    goal = world.goal("Ali")
    before = world.version
    uuid = new_uuid()
    push(world, "sara-phone", note_create(uuid, world.people["Ali"].uuid),
         {"name": "goal.update", "args": {"uuid": goal.uuid, "ownWords": "Nytt"},
          "baseVersion": goal.version})
    world.session.refresh(goal)
    assert world.version == before + 1
    assert _note(world, uuid).version == goal.version == before + 1
    assert goal.field_versions["own_words"] == [before + 1, world.devices["sara-phone"].client_id]


def _goal_update(goal, base, **fields):
    return {"name": "goal.update", "args": {"uuid": goal.uuid, **fields}, "baseVersion": base,
            "changedFields": list(fields)}


def test_concurrent_edit_of_the_same_field_keeps_server_value_and_records_both(world):
    world.assign("Ali", "omar")
    goal = world.goal("Ali", "Ett hem")
    base = goal.version
    push(world, "omar-phone", _goal_update(goal, base, ownWords="Omars"))
    result = push(world, "sara-phone", {**_goal_update(goal, base, ownWords="Saras",
                                                       whyItMatters="Min son"),
                                        "baseValues": {"ownWords": "Ett hem"}})
    world.session.refresh(goal)
    assert result.results[0].status == "conflict" and result.results[0].conflicts == ("ownWords",)
    assert goal.own_words == "Omars" and goal.why_it_matters == "Min son"
    [c] = conflicts(world)
    assert (c.field, c.base_value, c.server_value, c.client_value) == (
        "ownWords", "Ett hem", "Omars", "Saras")
    assert (c.user_id, c.device_id, c.base_version) == (
        world.users["sara"].id, world.devices["sara-phone"].id, base)


def test_no_conflict_with_own_device_or_for_the_same_value_or_another_field(world):
    world.assign("Ali", "omar")
    goal = world.goal("Ali")
    base = goal.version
    push(world, "sara-phone", _goal_update(goal, base, ownWords="Ett"))
    push(world, "sara-phone", _goal_update(goal, base, ownWords="Två"))
    push(world, "omar-phone", _goal_update(goal, base, ownWords="Två", whyItMatters="Därför"))
    world.session.refresh(goal)
    assert (goal.own_words, goal.why_it_matters) == ("Två", "Därför")
    assert conflicts(world) == []


def test_merged_mutation_without_base_version_counts_as_base_zero(world):
    """A record created offline and edited before it synced has no version yet."""
    goal = new_uuid()
    ali = world.people["Ali"].uuid
    push(world, "sara-phone",
         {"name": "goal.create", "args": {"uuid": goal, "participant": ali, "lifeArea": "home",
                                          "ownWords": "Första"}},
         {"name": "goal.update", "args": {"uuid": goal, "ownWords": "Andra"}})
    push(world, "sara-phone", {"name": "goal.update", "args": {"uuid": goal, "ownWords": "Tre"}})
    assert conflicts(world) == []
    push(world, "sara-tablet", {"name": "goal.update", "args": {"uuid": goal, "ownWords": "Fyra"}})
    assert [c.client_value for c in conflicts(world)] == ["Fyra"]


def test_followup_complete_and_reschedule_merge_field_by_field(world):
    fu = new_uuid()
    ali = world.people["Ali"].uuid
    push(world, "sara-phone", {"name": "followup.create", "args": {
        "uuid": fu, "participant": ali, "kind": "visit", "dueOn": "2024-06-01"}})
    row = world.session.execute(select(FollowUp).where(FollowUp.uuid == fu)).scalar_one()
    base = row.version
    push(world, "sara-tablet", {"name": "followup.reschedule",
                                "args": {"uuid": fu, "dueOn": "2024-06-08"}, "baseVersion": base})
    result = push(world, "sara-phone", {"name": "followup.reschedule",
                                        "args": {"uuid": fu, "dueOn": "2024-06-09"},
                                        "baseVersion": base},
                  {"name": "followup.complete", "args": {"uuid": fu, "doneOn": "2024-06-08",
                                                         "outcome": "Bra"}, "baseVersion": base})
    world.session.refresh(row)
    assert [r.status for r in result.results] == ["conflict", "applied"]
    assert (str(row.due_on), str(row.done_on), row.outcome) == ("2024-06-08", "2024-06-08", "Bra")


def _conflict(world):
    world.assign("Ali", "omar")
    goal = world.goal("Ali", "Bas")
    base = goal.version
    push(world, "omar-phone", _goal_update(goal, base, ownWords="Server"))
    push(world, "sara-phone", _goal_update(goal, base, ownWords="Klient"))
    [c] = conflicts(world)
    return goal, c


def test_conflict_resolve_client_applies_the_losing_value_and_closes_it(world):
    goal, c = _conflict(world)
    result = push(world, "sara-phone", {"name": "conflict.resolve",
                                        "args": {"uuid": c.uuid, "resolution": "client"}})
    world.session.refresh(goal)
    world.session.refresh(c)
    assert result.results[0].status == "applied"
    assert goal.own_words == "Klient" and c.resolution == "client" and c.resolved_at
    assert c.resolved_value == "Klient"


def test_conflict_resolve_custom_server_and_twice(world):
    goal, c = _conflict(world)
    push(world, "sara-phone", {"name": "conflict.resolve",
                               "args": {"uuid": c.uuid, "resolution": "custom"}},
         {"name": "conflict.resolve", "args": {"uuid": c.uuid, "resolution": "custom",
                                               "value": "Båda"}},
         {"name": "conflict.resolve", "args": {"uuid": c.uuid, "resolution": "server"}})
    world.session.refresh(goal)
    assert goal.own_words == "Båda"
    assert errors(world, "sara-phone") == {2: "bad_args", 4: "already_resolved"}


def test_only_the_conflicts_owner_resolves(world):
    _, c = _conflict(world)
    push(world, "omar-phone", {"name": "conflict.resolve",
                               "args": {"uuid": c.uuid, "resolution": "server"}})
    assert errors(world, "omar-phone") == {2: "not_allowed"}


def test_each_applied_mutation_is_audited_by_name_without_text(world):
    push(world, "sara-phone", note_create(new_uuid(), world.people["Ali"].uuid),
         {"name": "nope", "args": {}})
    assert audit_actions(world) == ["sync.note.create", "sync.refused"]


def test_a_constraint_failure_isolates_only_that_mutation(world):
    """The fast path's single flush fails: the batch is replayed with a SAVEPOINT each."""
    from sync.mutations import notes

    clash = world.note("Ali", "omar")  # a uuid the preload cannot see below
    original = notes.create

    def create(ctx, call):
        if call.args["body"] == "clash":
            ctx.rows[(VisitNote, clash.uuid)] = None
            call.args["uuid"] = clash.uuid
        return original(ctx, call)

    ali = world.people["Ali"].uuid
    a, b = new_uuid(), new_uuid()
    object.__setattr__(notes.SPECS[0], "apply", create)  # the spec is a frozen dataclass
    try:
        result = push(world, "sara-phone", note_create(a, ali),
                      note_create(new_uuid(), ali, body="clash"), note_create(b, ali))
    finally:
        object.__setattr__(notes.SPECS[0], "apply", original)
    assert [r.status for r in result.results] == ["applied", "error", "applied"]
    assert errors(world, "sara-phone") == {2: "cannot_apply"}
    count = world.session.execute(select(func.count()).select_from(VisitNote).where(
        VisitNote.uuid.in_([a, b]))).scalar()
    assert count == 2 and result.last_mutation_id == 3


def test_deleted_records_are_not_found(world):
    goal = world.goal("Ali")
    goal.deleted_at = utcnow()
    world.session.commit()
    push(world, "sara-phone", _goal_update(goal, goal.version, ownWords="x"))
    assert errors(world, "sara-phone") == {1: "not_found"}


def test_a_replay_below_confirmed_through_may_have_gaps_and_the_queue_continues_after_it(world):
    ali = world.people["Ali"].uuid
    dev = world.devices["sara-phone"]
    entries = [MutationIn(i, {"id": i, **note_create(new_uuid(), ali)}) for i in (2, 5, 7, 8)]
    result = apply_push(world.session, dev.user, dev, entries, confirmed_through=6)
    world.session.commit()
    assert [r.status for r in result.results] == ["applied"] * 4
    assert result.last_mutation_id == 8
    # ids up to confirmedThrough the batch did not hold are passed over, 9 follows 8
    assert push(world, "sara-phone", note_create(new_uuid(), ali)).last_mutation_id == 9


def test_a_gap_after_confirmed_through_still_stops_processing(world):
    ali = world.people["Ali"].uuid
    dev = world.devices["sara-phone"]
    entries = [MutationIn(i, {"id": i, **note_create(new_uuid(), ali)}) for i in (3, 6)]
    result = apply_push(world.session, dev.user, dev, entries, confirmed_through=4)
    world.session.commit()
    assert [(r.id, r.status) for r in result.results] == [(3, "applied")]
    assert result.last_mutation_id == 4


def test_a_mutation_name_with_a_nul_byte_is_recorded_as_unknown(world):
    """PostgreSQL's text cannot hold NUL: the recorded name has it replaced (found by
    the API fuzz once confirmedThrough let a batch reach such an entry)."""
    result = push(world, "sara-phone", {"name": "\x00]\x00x", "args": {}})
    assert errors(world, "sara-phone") == {1: "unknown_mutation"}
    assert result.last_mutation_id == 1
