"""Goals in the participant's own words, their steps and their status."""
from __future__ import annotations

from datetime import date

from sqlalchemy import update

from core.clock import team_today
from core.models import AuditEvent, Goal, Plan, Step, utcnow
from tests.participants.helpers import BAD_UUIDS
from webapp.extensions import db


def _goal_form(**overrides):
    data = {"life_area": "health", "own_words": "Gå till tandläkaren",
            "why_it_matters": "Det gör ont", "written_by": "participant",
            "steps-0-what": "Ringa och boka", "steps-0-who": "participant",
            "steps-0-due_on": "2026-12-01",
            "steps-1-what": "Följa med", "steps-1-who": "worker", "steps-1-due_on": "",
            "steps-2-what": "", "steps-2-who": "participant", "steps-2-due_on": ""}
    return {**data, **overrides}


def _new_participant(casework, name="Nils"):
    casework.post("/participants/new", {"preferred_name": name, "joined_on": "2026-01-01"})
    return casework.participant(name)


def test_goal_with_steps_is_created_and_the_plan_made_if_missing(client, auth, casework):
    auth.login("sara")
    nils = _new_participant(casework)
    assert casework.count(Plan, participant_id=nils.id) == 0
    resp = casework.post(f"/participants/{nils.uuid}/goals/new", _goal_form())
    assert resp.status_code == 302
    plan = casework.one(Plan, participant_id=nils.id)
    goal = casework.one(Goal, participant_id=nils.id)
    assert resp.headers["Location"] == f"/participants/{nils.uuid}#goal-{goal.uuid}"
    # "written_by": "participant" was posted: who wrote it is the server's to say.
    assert (goal.plan_id, goal.life_area, goal.own_words, goal.why_it_matters, goal.written_by,
            goal.status) == (plan.id, "health", "Gå till tandläkaren", "Det gör ont",
                             "worker", "active")
    steps = casework.all(Step, goal_id=goal.id)
    assert [(s.what, s.who, s.due_on) for s in steps] == [
        ("Ringa och boka", "participant", date(2026, 12, 1)), ("Följa med", "worker", None)]
    html = client.get(f"/participants/{nils.uuid}").get_data(as_text=True)
    assert "Gå till tandläkaren" in html and "Ringa och boka" in html
    assert casework.count(AuditEvent, action="goal.create", entity_uuid=goal.uuid) == 1


def test_second_goal_goes_into_the_existing_plan(client, auth, casework):
    ali = casework.participant("Ali")
    plan = casework.one(Plan, participant_id=ali.id)
    auth.login("sara")
    casework.post(f"/participants/{ali.uuid}/goals/new", _goal_form(own_words="Ett nytt mål"))
    assert casework.one(Goal, own_words="Ett nytt mål").plan_id == plan.id
    assert casework.count(Plan, participant_id=ali.id) == 1


def test_own_words_are_stored_exactly_as_typed(client, auth, casework):
    words = "  Jag <b>vill</b>\r\nhitta ett jobb!  "
    ali = casework.participant("Ali")
    auth.login("sara")
    casework.post(f"/participants/{ali.uuid}/goals/new",
                  _goal_form(own_words=words, why_it_matters=" för att "))
    goal = casework.all(Goal, participant_id=ali.id)[-1]
    assert goal.own_words == words and goal.why_it_matters == " för att "
    html = client.get(f"/participants/{ali.uuid}").get_data(as_text=True)
    assert "Jag &lt;b&gt;vill&lt;/b&gt;" in html and "<b>vill</b>" not in html


def test_goal_form_keeps_typed_values_and_survives_garbage(client, auth, casework):
    ali = casework.participant("Ali")
    auth.login("sara")
    before = casework.count(Goal)
    resp = casework.post(f"/participants/{ali.uuid}/goals/new", _goal_form(
        own_words="   ", life_area="sobriety", why_it_matters="Mina skäl",
        **{"steps-0-due_on": "snart", "steps-2-due_on": "2026-12-24", "steps-1-who": "police"}))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and casework.count(Goal) == before
    for field in ("own_words", "life_area", "steps-0-due_on", "steps-1-who", "steps-2-what"):
        assert f'id="{field}-error"' in html, field
    assert "Mina skäl</textarea>" in html and 'value="snart"' in html
    assert 'value="Ringa och boka"' in html and 'value="2026-12-24"' in html


def test_status_change_is_recorded_as_the_participants_choice(client, auth, casework):
    ali = casework.participant("Ali")
    goal = casework.all(Goal, participant_id=ali.id)[0]
    auth.login("sara")
    html = client.get(f"/goals/{goal.uuid}/status").get_data(as_text=True)
    assert "Pausat (eget val)" in html and "deltagarens val" in html
    resp = casework.post(f"/goals/{goal.uuid}/status",
                         {"status": "paused", "status_comment": "Vill vänta till våren."})
    assert resp.status_code == 302
    goal = casework.one(Goal, uuid=goal.uuid)
    assert (goal.status, goal.status_comment) == ("paused", "Vill vänta till våren.")
    assert casework.count(AuditEvent, action="goal.status", entity_uuid=goal.uuid) == 1
    html = client.get(f"/participants/{ali.uuid}").get_data(as_text=True)
    assert "Vill vänta till våren." in html and "badge-goal-paused" in html


def test_status_comment_is_stored_exactly_as_typed(client, auth, casework):
    words = "  Orkar inte <nu>,\r\nkanske i vår  "
    goal = casework.all(Goal, participant_id=casework.participant("Ali").id)[0]
    auth.login("sara")
    casework.post(f"/goals/{goal.uuid}/status", {"status": "paused", "status_comment": words})
    assert casework.one(Goal, uuid=goal.uuid).status_comment == words


def test_unknown_goal_status_is_refused(client, auth, casework):
    goal = casework.all(Goal, participant_id=casework.participant("Ali").id)[0]
    auth.login("sara")
    resp = casework.post(f"/goals/{goal.uuid}/status", {"status": "sanctioned"})
    assert resp.status_code == 200 and 'id="status-error"' in resp.get_data(as_text=True)
    assert casework.one(Goal, uuid=goal.uuid).status == goal.status


def test_step_is_added_and_marked_done(client, auth, casework):
    goal = casework.all(Goal, participant_id=casework.participant("Ali").id)[0]
    auth.login("sara")
    resp = casework.post(f"/goals/{goal.uuid}/steps/new",
                         {"what": "Köpa en lampa", "who": "participant", "due_on": "2026-12-10"})
    assert resp.status_code == 302
    step = casework.one(Step, what="Köpa en lampa")
    assert (step.goal_id, step.due_on, step.done_on) == (goal.id, date(2026, 12, 10), None)
    resp = casework.post(f"/steps/{step.uuid}/done", {})
    assert resp.status_code == 302
    assert casework.one(Step, uuid=step.uuid).done_on == team_today()
    assert casework.count(AuditEvent, action="step.done", entity_uuid=step.uuid) == 1


def test_step_form_keeps_values_on_error(client, auth, casework):
    goal = casework.all(Goal, participant_id=casework.participant("Ali").id)[0]
    auth.login("sara")
    resp = casework.post(f"/goals/{goal.uuid}/steps/new",
                         {"what": "", "who": "participant", "due_on": "2026-02-30"})
    html = resp.get_data(as_text=True)
    assert 'id="what-error"' in html and 'id="due_on-error"' in html
    assert 'value="2026-02-30"' in html


def test_another_case_managers_goals_and_steps_are_not_found(client, auth, casework):
    fatima = casework.participant("Fatima")
    goal = casework.all(Goal, participant_id=fatima.id)[0]
    step = casework.all(Step, participant_id=fatima.id)[0]
    auth.login("sara")
    assert client.get(f"/participants/{fatima.uuid}/goals/new").status_code == 404
    assert client.get(f"/goals/{goal.uuid}/status").status_code == 404
    assert client.get(f"/goals/{goal.uuid}/steps/new").status_code == 404
    assert casework.post(f"/steps/{step.uuid}/done", {}).status_code == 404
    assert casework.one(Step, uuid=step.uuid).done_on == step.done_on


def test_participant_reads_but_does_not_edit_the_plan_here(client, auth, casework):
    goal = casework.all(Goal, participant_id=casework.participant("Kim").id)[0]
    auth.login("kim")
    assert goal.own_words in client.get("/me").get_data(as_text=True)
    assert client.get(f"/goals/{goal.uuid}/status").status_code == 403


def test_step_dates_outside_1900_to_2100_are_refused(client, auth, casework):
    auth.login("sara")
    nils = _new_participant(casework)
    resp = casework.post(f"/participants/{nils.uuid}/goals/new",
                         _goal_form(**{"steps-0-due_on": "9999-12-31"}))
    assert resp.status_code == 200 and 'id="steps-0-due_on-error"' in resp.get_data(as_text=True)
    assert casework.count(Goal, participant_id=nils.id) == 0


def test_goal_form_posted_twice_adds_one_goal_with_its_steps(client, auth, casework):
    ali = casework.participant("Ali")
    goals_before = casework.count(Goal, participant_id=ali.id)
    auth.login("sara")
    form_uuid, resp = casework.post_twice(f"/participants/{ali.uuid}/goals/new",
                                          _goal_form(own_words="Ett nytt mål"))
    assert resp.headers["Location"] == f"/participants/{ali.uuid}#goal-{form_uuid}"
    goal = casework.one(Goal, own_words="Ett nytt mål")
    assert goal.uuid == form_uuid
    assert casework.count(Goal, participant_id=ali.id) == goals_before + 1
    assert [s.what for s in casework.all(Step, goal_id=goal.id)] == ["Ringa och boka",
                                                                       "Följa med"]
    assert casework.count(AuditEvent, action="goal.create", entity_uuid=form_uuid) == 1


def test_bad_goal_form_uuid_is_a_form_error(client, auth, casework):
    ali = casework.participant("Ali")
    auth.login("sara")
    for bad in BAD_UUIDS:
        resp = casework.post(f"/participants/{ali.uuid}/goals/new",
                             _goal_form(own_words="Ett nytt mål", uuid=bad))
        assert "Ett nytt mål</textarea>" in casework.assert_refused(resp, bad)
    assert casework.count(Goal, own_words="Ett nytt mål") == 0


def test_uuid_of_a_deleted_goal_is_refused_not_a_server_error(demo_app, client, auth, casework):
    ali = casework.participant("Ali")
    old = casework.all(Goal, participant_id=ali.id)[0]
    with demo_app.app_context():
        db.session.execute(update(Goal).where(Goal.uuid == old.uuid).values(deleted_at=utcnow()))
        db.session.commit()
    auth.login("sara")
    resp = casework.post(f"/participants/{ali.uuid}/goals/new",
                         _goal_form(own_words="Ett nytt mål", uuid=old.uuid))
    casework.assert_refused(resp, old.uuid)
    assert casework.count(Goal, own_words="Ett nytt mål") == 0
