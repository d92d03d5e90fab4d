"""The participant as an author, through sync: authorship set by the server, their words
protected from workers, agreement and disagreement appended, reviews that plan
themselves, and what a participant's own account receives."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from core.clock import team_today
from core.models import FollowUp, Goal, Plan, PlanEvent, Review, SelfRating, Step
from core.schedule import add_months

from .helpers import errors, pull_all, push, store
from .world import new_uuid


def _goal_create(person, words="Jag vill laga mat själv", **extra):
    return {"name": "goal.create", "args": {"uuid": new_uuid(), "participant": person.uuid,
                                            "lifeArea": "home", "ownWords": words, **extra}}


def _mode(person):
    return {"participant": person.uuid}


def _one(world, model, **where):
    return world.session.execute(select(model).filter_by(**where)).scalar_one()


def _refusal(world, device):
    from core.models import MutationError

    dev = world.devices[device]
    return world.session.execute(select(MutationError).where(MutationError.device_id == dev.id)
                                 .order_by(MutationError.id.desc())).scalars().first()


def test_authorship_is_set_by_the_server_whatever_the_client_sends(world):
    kim = world.people["Kim"]
    worker = _goal_create(kim, writtenBy="participant")
    together = {**_goal_create(kim, "Vi skrev det här ihop", writtenBy="worker"),
                "mode": _mode(kim)}
    own = _goal_create(kim, "Mitt eget mål", writtenBy="worker")
    assert [r.status for r in push(world, "sara-phone", worker, together).results] == [
        "applied", "applied"]
    assert [r.status for r in push(world, "kim-phone", own).results] == ["applied"]
    by_words = {g.own_words: g.written_by
                for g in world.session.execute(select(Goal)).scalars()}
    assert by_words == {"Jag vill laga mat själv": "worker", "Vi skrev det här ihop": "together",
                        "Mitt eget mål": "participant"}
    created = world.session.execute(select(PlanEvent.written_by).where(
        PlanEvent.kind == "created").order_by(PlanEvent.id)).scalars().all()
    assert created == ["worker", "together", "participant"]


def test_a_worker_may_not_change_the_participants_words_but_may_comment_beside_them(world):
    kim = world.people["Kim"]
    goal_uuid = _goal_create(kim)["args"]["uuid"]
    push(world, "kim-phone", {"name": "goal.create", "args": {
        "uuid": goal_uuid, "participant": kim.uuid, "lifeArea": "home",
        "ownWords": "Mina egna ord"}})
    goal = _one(world, Goal, uuid=goal_uuid)
    result = push(world, "sara-phone", {"name": "goal.update", "args": {
        "uuid": goal_uuid, "ownWords": "Sara skriver om"}, "baseVersion": goal.version})
    assert result.results[0].status == "error"
    assert result.results[0].code == "participant_words"
    assert "comment" in result.results[0].message
    step_uuid = new_uuid()
    push(world, "kim-phone", {"name": "step.create", "args": {
        "uuid": step_uuid, "goal": goal_uuid, "what": "Köpa en kastrull"}})
    step = _one(world, Step, uuid=step_uuid)
    refused = push(world, "sara-phone", {"name": "step.update", "args": {
        "uuid": step_uuid, "what": "Köpa två"}, "baseVersion": step.version})
    assert refused.results[0].code == "participant_words"
    world.session.expire_all()
    assert _one(world, Goal, uuid=goal_uuid).own_words == "Mina egna ord"
    assert _one(world, Step, uuid=step_uuid).what == "Köpa en kastrull"
    # What a worker may do: mark the step done, record the status with them, comment.
    done = push(world, "sara-phone", {"name": "step.update", "args": {
        "uuid": step_uuid, "doneOn": team_today().isoformat()}, "baseVersion": step.version},
        {"name": "plan.comment", "args": {"uuid": new_uuid(), "participant": kim.uuid,
                                          "goal": goal_uuid, "text": "Bra skrivet!"}})
    assert [r.status for r in done.results] == ["applied", "applied"]
    comment = _one(world, PlanEvent, kind="comment")
    assert (comment.text, comment.written_by, comment.goal_id) == ("Bra skrivet!", "worker",
                                                                    goal.id)


def test_in_participant_mode_the_phone_writes_the_participants_words(world):
    kim = world.people["Kim"]
    create = _goal_create(kim, "Mina ord på Saras telefon")
    push(world, "kim-phone", create)
    goal = _one(world, Goal, uuid=create["args"]["uuid"])
    edit = {"name": "goal.update", "args": {"uuid": goal.uuid, "ownWords": "Jag ändrar själv"},
            "baseVersion": goal.version, "mode": _mode(kim)}
    assert push(world, "sara-phone", edit).results[0].status == "applied"
    world.session.expire_all()
    goal = _one(world, Goal, uuid=goal.uuid)
    assert (goal.own_words, goal.written_by) == ("Jag ändrar själv", "together")
    change = _one(world, PlanEvent, kind="changed")
    assert (change.field, change.before, change.after, change.written_by) == (
        "ownWords", "Mina ord på Saras telefon", "Jag ändrar själv", "together")


def test_participant_mode_is_for_the_participant_holding_the_phone(world):
    kim, ali = world.people["Kim"], world.people["Ali"]
    other = {**_goal_create(ali, "Alis mål"), "mode": _mode(kim)}
    result = push(world, "sara-phone", other)
    assert (result.results[0].status, result.results[0].code) == ("error", "not_allowed")
    assert world.session.execute(select(Goal).where(Goal.own_words == "Alis mål")).first() is None


def test_a_disagreement_is_appended_and_never_overwrites(world):
    kim = world.people["Kim"]
    goal = world.goal("Kim", "Sluta röka")
    first = {"name": "plan.disagree", "args": {"uuid": new_uuid(), "participant": kim.uuid,
                                               "goal": goal.uuid, "text": "Det är inte mitt mål"}}
    second = {"name": "plan.disagree", "args": {"uuid": new_uuid(), "participant": kim.uuid,
                                                "text": "Jag vill ha fler besök"}}
    assert [r.status for r in push(world, "kim-phone", first, second).results] == [
        "applied", "applied"]
    world.session.expire_all()
    rows = world.session.execute(select(PlanEvent).where(PlanEvent.kind == "disagreed")
                                 .order_by(PlanEvent.id)).scalars().all()
    assert [(e.text, e.goal_id, e.written_by) for e in rows] == [
        ("Det är inte mitt mål", goal.id, "participant"), ("Jag vill ha fler besök", None,
                                                           "participant")]
    assert _one(world, Goal, uuid=goal.uuid).own_words == "Sluta röka"  # untouched
    # A disagreement, an agreement and a rating are the participant's own acts.
    alone = push(world, "sara-phone", {"name": "plan.disagree", "args": {
        "uuid": new_uuid(), "participant": kim.uuid, "text": "Sara säger emot"}})
    assert alone.results[0].code == "participant_only"
    empty = push(world, "kim-phone", {"name": "plan.disagree", "args": {
        "uuid": new_uuid(), "participant": kim.uuid, "text": "   "}})
    assert empty.results[0].code == "bad_args"


def test_agreeing_the_plan_plans_the_review_three_months_later(world):
    kim = world.people["Kim"]
    agree = {"name": "plan.agree", "args": {"uuid": new_uuid(), "participant": kim.uuid,
                                            "text": "Det är min plan"}}
    assert push(world, "sara-phone", agree).results[0].code == "participant_only"
    assert push(world, "sara-phone", {**agree, "mode": _mode(kim)}).results[0].status == "applied"
    plan = _one(world, Plan, participant_id=kim.id)
    review = _one(world, FollowUp, participant_id=kim.id, kind="plan_review")
    assert plan.participant_agreed and plan.agreed_on is not None
    assert review.due_on == add_months(plan.agreed_on, 3) == plan.next_review_due
    # Agreeing again plans no second review while one is open.
    again = {"name": "plan.agree", "args": {"uuid": new_uuid(), "participant": kim.uuid}}
    push(world, "kim-phone", again)
    assert len(world.session.execute(select(FollowUp).where(
        FollowUp.kind == "plan_review")).all()) == 1


def test_completing_a_review_or_a_renewal_plans_the_next(world):
    kim = world.people["Kim"]
    review = FollowUp(participant_id=kim.id, kind="plan_review", due_on=date(2026, 3, 1),
                      assignee_id=world.users["sara"].id)
    renewal = FollowUp(participant_id=kim.id, kind="support_decision", due_on=date(2026, 1, 31),
                       assignee_id=world.users["sara"].id)
    visit = FollowUp(participant_id=kim.id, kind="visit", due_on=date(2026, 3, 1))
    world.session.add_all([review, renewal, visit])
    world.session.commit()
    done = [{"name": "followup.complete", "args": {"uuid": f.uuid, "doneOn": day},
             "baseVersion": f.version}
            for f, day in ((review, "2026-03-05"), (renewal, "2026-01-31"), (visit, "2026-03-01"))]
    assert [r.status for r in push(world, "sara-phone", *done).results] == ["applied"] * 3
    world.session.expire_all()
    planned = world.session.execute(select(FollowUp.kind, FollowUp.due_on).where(
        FollowUp.participant_id == kim.id, FollowUp.done_on.is_(None))
        .order_by(FollowUp.kind)).all()
    assert planned == [("plan_review", date(2026, 6, 5)), ("support_decision", date(2027, 1, 31))]
    assert _one(world, Plan, participant_id=kim.id).next_review_due == date(2026, 6, 5)
    # Completing the same review again (another date) plans nothing more.
    again = world.session.get(FollowUp, review.id)
    push(world, "sara-phone", {"name": "followup.complete", "args": {
        "uuid": again.uuid, "doneOn": "2026-03-06"}, "baseVersion": again.version})
    assert len(world.session.execute(select(FollowUp).where(
        FollowUp.kind == "plan_review", FollowUp.done_on.is_(None))).all()) == 1


def test_a_participant_who_left_gets_no_new_followups(world):
    kim = world.people["Kim"]
    kim.status, kim.left_on = "left", date(2026, 2, 1)
    review = FollowUp(participant_id=kim.id, kind="plan_review", due_on=date(2026, 3, 1))
    world.session.add(review)
    world.session.commit()
    result = push(world, "sara-phone", {"name": "followup.complete", "args": {
        "uuid": review.uuid, "doneOn": "2026-03-01"}, "baseVersion": review.version},
        {"name": "followup.create", "args": {"uuid": new_uuid(), "participant": kim.uuid,
                                             "kind": "visit", "dueOn": "2026-03-10"}},
        {"name": "plan.agree", "args": {"uuid": new_uuid(), "participant": kim.uuid},
         "mode": _mode(kim)})
    assert [(r.status, r.code) for r in result.results] == [
        ("applied", None), ("error", "participant_left"), ("applied", None)]
    world.session.expire_all()
    assert world.session.execute(select(FollowUp).where(
        FollowUp.participant_id == kim.id, FollowUp.done_on.is_(None))).first() is None


def test_a_participant_rates_their_own_life_areas_and_nobody_else_does(world):
    kim = world.people["Kim"]
    rating = {"name": "rating.create", "args": {
        "uuid": new_uuid(), "participant": kim.uuid, "lifeArea": "other", "ownArea": "Min hund",
        "rating": 4, "comment": "Vi går långa promenader", "ratedOn": "2026-11-30"}}
    assert push(world, "sara-phone", rating).results[0].code == "participant_only"
    assert push(world, "kim-phone", rating).results[0].status == "applied"
    row = _one(world, SelfRating, participant_id=kim.id)
    assert (row.own_area, row.rating, row.written_by) == ("Min hund", 4, "participant")
    for bad in (0, 6, "4", 3.5):
        wrong = {**rating, "args": {**rating["args"], "uuid": new_uuid(), "rating": bad}}
        assert push(world, "kim-phone", wrong).results[0].code == "bad_args", bad


def test_a_participants_account_writes_only_their_own_plan(world):
    kim, ali = world.people["Kim"], world.people["Ali"]
    note = {"name": "note.create", "args": {"uuid": new_uuid(), "participant": kim.uuid,
                                            "visitDate": "2026-11-30", "body": "Jag skriver"}}
    followup = {"name": "followup.create", "args": {"uuid": new_uuid(), "participant": kim.uuid,
                                                    "kind": "visit", "dueOn": "2026-12-10"}}
    result = push(world, "kim-phone", note, followup, _goal_create(ali))
    assert [r.code for r in result.results] == ["not_allowed", "not_allowed", "not_in_caseload"]


def test_a_participants_account_never_receives_hidden_notes_reviews_or_outcomes(world):
    kim = world.people["Kim"]
    world.note("Kim", "sara", status="signed")
    hidden = world.note("Kim", "sara", status="signed", hidden=True)
    draft = world.note("Kim", "sara", status="submitted")
    world.session.add(Review(note_id=draft.id, participant_id=kim.id,
                             reviewer_id=world.users["eva"].id, decision="returned",
                             comment="Skriv om stycket om grannen"))
    world.session.add_all([
        FollowUp(participant_id=kim.id, kind="visit", due_on=date(2026, 11, 1),
                 done_on=date(2026, 11, 1), outcome="Grannen Per var där", outcome_hidden=True),
        FollowUp(participant_id=kim.id, kind="visit", due_on=date(2026, 11, 8),
                 done_on=date(2026, 11, 8), outcome="Vi drack kaffe"),
    ])
    world.session.commit()
    ops, _last = pull_all(world, "kim-phone")
    got = store(ops)
    entities = {e for e, _u in got}
    assert "review" not in entities
    assert ("note", hidden.uuid) not in got and ("note", draft.uuid) not in got
    outcomes = sorted(v["outcome"] for (e, _u), v in got.items() if e == "followup")
    assert outcomes == ["", "Vi drack kaffe"]
    assert all("outcomeHidden" not in v and "assignee" not in v
               for (e, _u), v in got.items() if e == "followup")
    # A worker's phone gets everything, the hidden outcome too (positive control).
    worker = store(pull_all(world, "sara-phone")[0])
    assert "Grannen Per var där" in {v.get("outcome") for v in worker.values()}
    assert ("review", next(u for (e, u) in worker if e == "review")) in worker
    assert errors(world, "kim-phone") == {}


def test_agreeing_a_stored_plan_writes_it(world):
    """The plan already exists (a goal made it in an earlier push): agreeing changes the
    stored row, and a batch with several participants' plans changes each one's own."""
    kim = world.people["Kim"]
    assert push(world, "sara-phone", _goal_create(kim)).results[0].status == "applied"
    world.session.expire_all()
    plan = _one(world, Plan, participant_id=kim.id)
    assert not plan.participant_agreed and plan.agreed_on is None
    agree = {"name": "plan.agree", "mode": _mode(kim), "args": {
        "uuid": new_uuid(), "participant": kim.uuid, "text": "Min plan"}}
    assert push(world, "sara-phone", _goal_create(kim, "Träffa min bror"), agree).results[
        1].status == "applied"
    world.session.expire_all()
    plan = _one(world, Plan, participant_id=kim.id)
    assert plan.participant_agreed and plan.agreed_on is not None
    assert plan.participant_comment == "Min plan"
    assert len(world.session.execute(select(Plan).filter_by(participant_id=kim.id))
               .scalars().all()) == 1
    # Completing the review (a later push: the plan is stored) plans the next one on it.
    review = _one(world, FollowUp, participant_id=kim.id, kind="plan_review")
    plan.next_review_due = None  # so the write below is seen
    world.session.commit()
    done = {"name": "followup.complete", "baseVersion": review.version,
            "args": {"uuid": review.uuid, "doneOn": plan.agreed_on.isoformat()}}
    assert push(world, "sara-phone", done).results[0].status == "applied"
    world.session.expire_all()
    plan = _one(world, Plan, participant_id=kim.id)
    following = world.session.execute(select(FollowUp).filter_by(
        participant_id=kim.id, kind="plan_review", done_on=None)).scalar_one()
    assert plan.next_review_due == following.due_on == add_months(plan.agreed_on, 3)
