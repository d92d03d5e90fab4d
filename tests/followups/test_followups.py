"""Follow-ups: plan one (optionally tied to a goal) and mark it done."""
from __future__ import annotations

from datetime import date, timedelta

from core.clock import team_today
from core.models import AuditEvent, FollowUp, Goal
from tests.participants.helpers import BAD_UUIDS, ids


def _form(**overrides):
    data = {"kind": "lease_conversion", "title": "Prata med värden om förstahand",
            "due_on": "2026-12-15", "goal": ""}
    return {**data, **overrides}


def test_followup_is_added_for_the_participant_and_tied_to_a_goal(
        demo_app, client, auth, casework):
    ali = casework.participant("Ali")
    goal = casework.all(Goal, participant_id=ali.id)[0]
    auth.login("sara")
    assert goal.own_words[:20] in client.get(
        f"/participants/{ali.uuid}/followups/new").get_data(as_text=True)
    resp = casework.post(f"/participants/{ali.uuid}/followups/new", _form(goal=goal.uuid))
    assert resp.status_code == 302
    f = casework.one(FollowUp, title="Prata med värden om förstahand")
    assert (f.participant_id, f.kind, f.due_on, f.goal_id, f.done_on) == (
        ali.id, "lease_conversion", date(2026, 12, 15), goal.id, None)
    assert f.assignee_id == ids(demo_app, "sara")
    assert casework.count(AuditEvent, action="followup.create", entity_uuid=f.uuid) == 1
    html = client.get(f"/participants/{ali.uuid}").get_data(as_text=True)
    assert "Prata med värden om förstahand" in html


def test_another_participants_goal_cannot_be_chosen(client, auth, casework):
    ali = casework.participant("Ali")
    other_goal = casework.all(Goal, participant_id=casework.participant("Kim").id)[0]
    auth.login("sara")
    resp = casework.post(f"/participants/{ali.uuid}/followups/new", _form(goal=other_goal.uuid))
    assert resp.status_code == 200 and 'id="goal-error"' in resp.get_data(as_text=True)
    assert casework.count(FollowUp, title="Prata med värden om förstahand") == 0


def test_followup_form_keeps_typed_values_and_survives_garbage(client, auth, casework):
    ali = casework.participant("Ali")
    auth.login("sara")
    resp = casework.post(f"/participants/{ali.uuid}/followups/new",
                         _form(kind="urine_test", due_on="i morgon"))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert 'id="kind-error"' in html and 'id="due_on-error"' in html
    assert 'value="Prata med värden om förstahand"' in html and 'value="i morgon"' in html
    assert casework.count(FollowUp, title="Prata med värden om förstahand") == 0


def test_followup_is_completed_with_date_and_outcome(client, auth, casework):
    kim = casework.participant("Kim")
    f = casework.all(FollowUp, participant_id=kim.id, done_on=None)[0]
    auth.login("sara")
    form = client.get(f"/followups/{f.uuid}/complete").get_data(as_text=True)
    assert f'value="{team_today().isoformat()}"' in form  # done today unless told otherwise
    resp = casework.post(f"/followups/{f.uuid}/complete",
                         {"done_on": team_today().isoformat(), "outcome": "Allt lugnt."})
    assert resp.status_code == 302
    f = casework.one(FollowUp, uuid=f.uuid)
    assert (f.done_on, f.outcome) == (team_today(), "Allt lugnt.")
    assert casework.count(AuditEvent, action="followup.complete", entity_uuid=f.uuid) == 1
    resp = casework.post(f"/followups/{f.uuid}/complete", {"done_on": "2020-01-01"})
    assert resp.status_code == 302 and casework.one(FollowUp, uuid=f.uuid).done_on == team_today()


def test_completion_date_cannot_be_garbage_or_in_the_future(client, auth, casework):
    f = casework.all(FollowUp, participant_id=casework.participant("Kim").id, done_on=None)[0]
    auth.login("sara")
    for bad in ("garbage", (team_today() + timedelta(days=2)).isoformat()):
        resp = casework.post(f"/followups/{f.uuid}/complete", {"done_on": bad, "outcome": "Ok"})
        html = resp.get_data(as_text=True)
        assert resp.status_code == 200 and 'id="done_on-error"' in html and "Ok</textarea>" in html
    assert casework.one(FollowUp, uuid=f.uuid).done_on is None


def test_another_case_managers_followups_are_not_found(client, auth, casework):
    fatima = casework.participant("Fatima")
    f = casework.all(FollowUp, participant_id=fatima.id, done_on=None)[0]
    auth.login("sara")
    assert client.get(f"/participants/{fatima.uuid}/followups/new").status_code == 404
    assert client.get(f"/followups/{f.uuid}/complete").status_code == 404
    assert casework.post(f"/followups/{f.uuid}/complete",
                         {"done_on": team_today().isoformat()}).status_code == 404


def test_followup_for_a_participant_without_goals_needs_no_goal_field(client, auth, casework):
    auth.login("sara")
    casework.post("/participants/new", {"preferred_name": "Nils", "joined_on": "2026-01-01"})
    nils = casework.participant("Nils")
    form = client.get(f"/participants/{nils.uuid}/followups/new").get_data(as_text=True)
    assert 'name="goal"' not in form
    data = _form()
    del data["goal"]
    resp = casework.post(f"/participants/{nils.uuid}/followups/new", data)
    assert resp.status_code == 302
    assert casework.one(FollowUp, participant_id=nils.id).goal_id is None


def test_due_date_outside_1900_to_2100_is_refused(client, auth, casework):
    ali = casework.participant("Ali")
    auth.login("sara")
    for due in ("9999-12-31", "0225-06-01"):
        resp = casework.post(f"/participants/{ali.uuid}/followups/new", _form(due_on=due))
        assert resp.status_code == 200 and 'id="due_on-error"' in resp.get_data(as_text=True)
    assert casework.count(FollowUp, title="Prata med värden om förstahand") == 0


def test_followup_form_posted_twice_adds_one_followup(client, auth, casework):
    ali = casework.participant("Ali")
    auth.login("sara")
    form_uuid, resp = casework.post_twice(f"/participants/{ali.uuid}/followups/new", _form())
    assert resp.headers["Location"] == f"/participants/{ali.uuid}#followups-h"
    assert [f.uuid for f in casework.all(FollowUp, title="Prata med värden om förstahand")] == [
        form_uuid]
    assert casework.count(AuditEvent, action="followup.create", entity_uuid=form_uuid) == 1


def test_bad_or_borrowed_followup_form_uuid_is_a_form_error(client, auth, casework):
    ali = casework.participant("Ali")
    fatimas = casework.all(FollowUp, participant_id=casework.participant("Fatima").id)[0]
    auth.login("sara")
    for bad in [*BAD_UUIDS, fatimas.uuid]:
        resp = casework.post(f"/participants/{ali.uuid}/followups/new", _form(uuid=bad))
        html = casework.assert_refused(resp, bad)
        assert 'value="Prata med värden om förstahand"' in html and fatimas.title not in html
    assert casework.count(FollowUp, title="Prata med värden om förstahand") == 0
