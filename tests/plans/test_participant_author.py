"""The participant writes their own plan on the server pages: /me, agreement,
disagreement, own goals and ratings, the history, the printed plan, comments beside
their words, and follow-ups that plan themselves (fixed dates)."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import delete

from core.clock import team_today
from core.models import (
    FollowUp,
    Goal,
    Participant,
    Plan,
    PlanEvent,
    SelfRating,
    Tenancy,
)
from core.schedule import add_months, first_support_decision, next_after_done
from tests.participants.helpers import add_rows


@pytest.fixture
def kim(casework, auth):
    auth.login("kim")
    return casework.participant("Kim")


def _clear_plan(app, participant_id):
    from webapp.extensions import db

    with app.app_context():
        for model in (PlanEvent, SelfRating):
            db.session.execute(delete(model).where(model.participant_id == participant_id))
        db.session.commit()


def test_the_participant_writes_a_goal_of_their_own(client, casework, kim):
    page = client.get("/me").get_data(as_text=True)
    assert "Skriv ett nytt mål" in page and "Det här är din plan" in page
    resp = casework.post("/me/goals/new", {
        "uuid": casework.form_uuid("/me/goals/new"), "own_words": "  Laga mat själv  ",
        "life_area": "other", "own_area": "Köket", "why_it_matters": "Jag vill äta bättre",
        "support_wanted": "Någon som handlar med mig", "steps-0-what": "Köpa en stekpanna",
        "steps-0-who": "other", "steps-0-who_name": "Min bror", "steps-0-due_on": ""},
        token_from="/me/goals/new")
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/me#goal-")
    goal = casework.one(Goal, own_words="  Laga mat själv  ")  # kept exactly as typed
    assert (goal.written_by, goal.own_area, goal.support_wanted) == (
        "participant", "Köket", "Någon som handlar med mig")
    page = client.get("/me").get_data(as_text=True)
    assert "Köket" in page and "Min bror" in page and "Skrivet av: Deltagaren" in page


def test_marking_the_plan_as_theirs_is_dated_and_plans_the_review(client, casework, kim, demo_app):
    _clear_plan(demo_app, kim.id)
    resp = casework.post("/me/plan/agree", {"uuid": casework.form_uuid("/me/plan/agree"),
                                            "text": "Den känns som min nu"}, token_from="/me")
    assert resp.status_code == 302
    event = casework.one(PlanEvent, kind="agreed", participant_id=kim.id)
    plan = casework.one(Plan, participant_id=kim.id)
    assert (event.written_by, event.text, plan.participant_agreed) == (
        "participant", "Den känns som min nu", True)
    reviews = [f for f in casework.all(FollowUp, participant_id=kim.id, kind="plan_review")
               if f.done_on is None]
    assert [f.due_on for f in reviews] == [add_months(plan.agreed_on, 3)]
    assert "Du sa att planen är din den" in client.get("/me").get_data(as_text=True)


def test_a_disagreement_is_added_beside_the_goal_never_instead_of_it(client, casework, kim):
    goal = casework.all(Goal, participant_id=kim.id)[0]
    path = f"/me/plan/disagree?goal={goal.uuid}"
    for text in ("Jag vill inte det här längre", "Och inte så fort"):
        resp = casework.post("/me/plan/disagree", {"uuid": casework.form_uuid(path),
                                                   "goal": goal.uuid, "text": text},
                             token_from=path)
        assert resp.status_code == 302
    said = [e.text for e in casework.all(PlanEvent, kind="disagreed", goal_id=goal.id)]
    assert said == ["Jag vill inte det här längre", "Och inte så fort"]
    assert casework.one(Goal, uuid=goal.uuid).own_words == goal.own_words
    page = client.get("/me").get_data(as_text=True)
    assert "Jag vill inte det här längre" in page and "Och inte så fort" in page


def test_another_participants_goal_cannot_be_disagreed_with(client, casework, kim):
    ali = casework.participant("Ali")
    other = casework.all(Goal, participant_id=ali.id)[0]
    assert client.get(f"/me/plan/disagree?goal={other.uuid}").status_code == 404


def test_a_worker_comments_beside_the_participants_words(client, casework, auth):
    auth.login("sara")
    kim = casework.participant("Kim")
    goal = next(g for g in casework.all(Goal, participant_id=kim.id)
                if g.written_by in ("participant", "together"))
    page = client.get(f"/participants/{kim.uuid}").get_data(as_text=True)
    assert f"/goals/{goal.uuid}/comment" in page
    path = f"/goals/{goal.uuid}/comment"
    resp = casework.post(path, {"uuid": casework.form_uuid(path), "text": "Fint mål!"},
                         token_from=path)
    assert resp.status_code == 302
    comment = casework.one(PlanEvent, kind="comment", goal_id=goal.id)
    assert (comment.text, comment.written_by) == ("Fint mål!", "worker")
    assert casework.one(Goal, uuid=goal.uuid).own_words == goal.own_words


def test_the_goal_form_has_no_written_by_choice(client, casework, auth):
    auth.login("sara")
    kim = casework.participant("Kim")
    form = client.get(f"/participants/{kim.uuid}/goals/new").get_data(as_text=True)
    assert 'name="written_by"' not in form and 'name="support_wanted"' in form


def test_the_participant_rates_a_life_area_and_sees_the_chart(client, casework, kim):
    resp = casework.post("/me/ratings/new", {
        "uuid": casework.form_uuid("/me/ratings/new"), "life_area": "other",
        "own_area": "Min hund", "rating": "5", "comment": "Bästa vännen",
        "rated_on": team_today().isoformat()}, token_from="/me/ratings/new")
    assert resp.status_code == 302
    row = casework.one(SelfRating, own_area="Min hund")
    assert (row.rating, row.written_by) == (5, "participant")
    page = client.get("/me").get_data(as_text=True)
    assert "Min hund" in page and "Bästa vännen" in page and "<svg" in page


@pytest.mark.parametrize("count", [0, 1, 7])
def test_the_chart_renders_with_no_one_or_many_ratings(client, casework, kim, demo_app, count):
    _clear_plan(demo_app, kim.id)
    start = date(2026, 1, 5)
    add_rows(demo_app, *[SelfRating(participant_id=kim.id, life_area="health",
                                    rating=1 + i % 5, rated_on=start + timedelta(weeks=i),
                                    written_by="participant") for i in range(count)])
    page = client.get("/me").get_data(as_text=True)
    charts = re.findall(r'<svg viewBox="0 0 320 140" class="rating-chart"', page)
    dots = re.findall(r'<circle class="dot"', page)
    rows = re.findall(r"<tr><td>", page)
    assert (len(charts), len(dots), len(rows)) == (min(count, 1), count, count)
    assert ("polyline" in page) == (count > 1)
    if count == 0:
        assert "Inga skattningar än." in page


def test_the_participants_own_page_never_shows_overdue(client, casework, kim, demo_app):
    goal = casework.all(Goal, participant_id=kim.id)[0]
    from core.models import Step

    add_rows(demo_app, Step(goal_id=goal.id, participant_id=kim.id, what="Ringa banken",
                            due_on=team_today() - timedelta(days=20)),
             FollowUp(participant_id=kim.id, kind="visit", due_on=team_today() - timedelta(days=9)))
    page = client.get("/me").get_data(as_text=True)
    assert "Ringa banken" in page
    assert "badge-overdue" not in page and "Försenad" not in page and "is-overdue" not in page


def test_the_history_shows_what_changed_when_and_by_whom(client, casework, kim, demo_app):
    goal = casework.all(Goal, participant_id=kim.id)[0]
    plan = casework.one(Plan, participant_id=kim.id)
    add_rows(demo_app, PlanEvent(participant_id=kim.id, plan_id=plan.id, goal_id=goal.id,
                                 kind="status", status="paused", text="Vänta till våren",
                                 written_by="participant"),
             PlanEvent(participant_id=kim.id, plan_id=plan.id, goal_id=goal.id, kind="changed",
                       field="lifeArea", before="home", after="health", written_by="together"))
    page = client.get("/me/history").get_data(as_text=True)
    assert "Livsområde" in page and "Boende" in page and "Hälsa" in page
    assert "Vad som har ändrats i min plan" in page
    assert "Valde en status" in page and "Pausat (eget val)" in page  # a choice, as a choice
    assert "Sa att planen är hens" in page


def test_the_printed_plan_in_swedish_or_english(client, casework, kim):
    sv = client.get("/me/print").get_data(as_text=True)
    en = client.get("/me/print?lang=en").get_data(as_text=True)
    assert "Min plan: Kim" in sv and "My plan: Kim" in en
    assert 'class="no-print actions print-tools"' in sv and 'data-print' in sv


def test_a_worker_prints_the_participants_plan(client, casework, auth):
    auth.login("sara")
    kim = casework.participant("Kim")
    assert "Min plan: Kim" in client.get(f"/participants/{kim.uuid}/plan/print").get_data(
        as_text=True)
    casework.switch_to("omar")  # not Kim's case manager: the plan is not his to see
    assert client.get(f"/participants/{kim.uuid}/plan/print").status_code == 404


def test_followups_plan_themselves_on_the_server_pages(client, casework, auth, demo_app):
    auth.login("sara")
    path = "/participants/new"
    resp = casework.post(path, {"uuid": casework.form_uuid(path), "preferred_name": "Nora",
                                "joined_on": "2026-01-15"}, token_from=path)
    nora = casework.participant("Nora")
    assert [(f.kind, f.due_on) for f in casework.all(FollowUp, participant_id=nora.id)] == [
        ("support_decision", date(2027, 1, 15))]
    tenancy = f"/participants/{nora.uuid}/tenancies/new"
    casework.post(tenancy, {"uuid": casework.form_uuid(tenancy), "address": "Storgatan 1",
                            "landlord": "Bostadsbolaget", "lease_type": "second_hand",
                            "start_date": "2026-02-01", "first_hand_eligible_on": ""},
                  token_from=tenancy)
    conversion = casework.one(FollowUp, participant_id=nora.id, kind="lease_conversion")
    assert conversion.due_on == casework.one(Tenancy, participant_id=nora.id).first_hand_eligible_on
    renewal = casework.one(FollowUp, participant_id=nora.id, kind="support_decision")
    done = f"/followups/{renewal.uuid}/complete"
    assert casework.post(done, {"done_on": "2026-11-30", "outcome": "Beviljat"},
                         token_from=done).status_code == 302
    open_renewals = [f.due_on for f in casework.all(FollowUp, participant_id=nora.id,
                                                    kind="support_decision") if f.done_on is None]
    assert open_renewals == [date(2027, 11, 30)]
    assert resp.status_code == 302


def test_the_lease_conversion_is_an_event_on_the_same_tenancy(client, casework, auth, demo_app):
    auth.login("sara")
    ali = casework.participant("Ali")
    tenancy = next(t for t in casework.all(Tenancy, participant_id=ali.id) if t.end_date is None)
    add_rows(demo_app, FollowUp(participant_id=ali.id, kind="lease_conversion",
                                due_on=team_today()))
    before = casework.count(Tenancy, participant_id=ali.id)
    path = f"/tenancies/{tenancy.uuid}/first-hand"
    assert casework.post(path, {"first_hand_on": team_today().isoformat()},
                         token_from=path).status_code == 302
    after = casework.one(Tenancy, uuid=tenancy.uuid)
    assert (after.lease_type, after.first_hand_on, after.start_date, after.end_date) == (
        "first_hand", team_today(), tenancy.start_date, None)
    assert casework.count(Tenancy, participant_id=ali.id) == before  # not a move
    assert all(f.done_on for f in casework.all(FollowUp, participant_id=ali.id,
                                               kind="lease_conversion"))


def test_a_participant_who_left_gets_no_new_followups_from_the_pages(client, casework, auth,
                                                                     demo_app):
    auth.login("sara")
    ali = casework.participant("Ali")
    from webapp.extensions import db

    with demo_app.app_context():
        db.session.get(Participant, ali.id).status = "left"
        db.session.commit()
    before = casework.count(FollowUp, participant_id=ali.id)
    path = f"/participants/{ali.uuid}/followups/new"
    resp = client.get(path)
    assert resp.status_code == 302
    assert casework.count(FollowUp, participant_id=ali.id) == before


def test_the_schedule_with_fixed_dates():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert next_after_done("plan_review", date(2026, 3, 31), 3, "active").due_on == date(2026, 6,
                                                                                          30)
    assert next_after_done("plan_review", date(2026, 3, 31), 6, "paused").due_on == date(2026, 9,
                                                                                          30)
    assert next_after_done("support_decision", date(2026, 1, 10), 3, "active").due_on == date(
        2027, 1, 10)
    assert next_after_done("visit", date(2026, 1, 10), 3, "active") is None
    assert next_after_done("plan_review", date(2026, 3, 31), 3, "left") is None
    assert first_support_decision(date(2025, 6, 1)).due_on == date(2026, 6, 1)
