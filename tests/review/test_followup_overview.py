"""The team lead's follow-up overview: overdue and coming week across the team, by worker
and by kind, with reassignment within the team."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from core import due
from core.clock import team_today
from core.models import Assignment, AuditEvent, FollowUp, Participant
from tests.admin.helpers import logged_in
from tests.review.helpers import other_team, participant, user
from webapp.extensions import db
from webapp.pages import today


def _team_ids(app):
    with app.app_context():
        return user("eva").team_id


def _expected(app):
    """Overdue and coming-week follow-ups of the team, straight from the database."""
    with app.test_request_context():
        day = today()
        team_id = user("eva").team_id
        rows = db.session.execute(
            select(FollowUp, Participant).join(Participant)
            .where(Participant.team_id == team_id, Participant.status != "left",
                   FollowUp.done_on.is_(None),
                   FollowUp.due_on <= day + timedelta(days=7))).all()
        return ([f.uuid for f, _p in rows if f.due_on < day],
                [f.uuid for f, _p in rows if f.due_on >= day],
                {f.uuid for f, _p in rows}, day)


def _page(client, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return client.get(f"/team/followups?{query}").get_data(as_text=True)


def _listed(html):
    return set(re.findall(r'<li id="f-([0-9a-f-]{36})"', html))


def test_the_overview_lists_exactly_the_teams_overdue_and_coming_week(demo_app):
    other_team(demo_app)
    overdue, week, everything, _day = _expected(demo_app)
    eva, _ = logged_in(demo_app, "eva")
    html = _page(eva)
    assert _listed(html) == everything and overdue and week
    assert f"{len(overdue)} försenade" in html
    assert f"{len(week)} ska göras den kommande veckan" in html
    with demo_app.test_request_context():
        ids = select(Participant.id).where(Participant.team_id == user("eva").team_id)
        assert due.overdue_count(db.session(), ids, today()) == len(overdue)
        jonas = participant("Jonas")
        left_open = db.session.execute(select(FollowUp.uuid).where(
            FollowUp.participant_id == jonas.id, FollowUp.done_on.is_(None))).scalars().all()
    assert left_open and not set(left_open) & _listed(html)
    assert "Jonas" not in html and "Zelda" not in html


def test_by_worker_and_by_kind_count_and_filter(demo_app):
    overdue, _week, everything, _day = _expected(demo_app)
    eva, _ = logged_in(demo_app, "eva")
    with demo_app.app_context():
        sara = user("sara")
        saras = {f.uuid for f in db.session.execute(select(FollowUp).where(
            FollowUp.uuid.in_(everything), FollowUp.assignee_id == sara.id)).scalars()}
        reviews = {f.uuid for f in db.session.execute(select(FollowUp).where(
            FollowUp.uuid.in_(everything), FollowUp.kind == "plan_review")).scalars()}
        sara_uuid = sara.uuid
    assert _listed(_page(eva, worker=sara_uuid)) == saras
    assert _listed(_page(eva, kind="plan_review")) == reviews
    html = _page(eva)
    row = html[html.index(f"worker={sara_uuid}"):]
    row = row[:row.index("</tr>")]
    saras_overdue = len(saras & set(overdue))
    assert f'badge-overdue">{saras_overdue}<' in row
    assert _listed(_page(eva, kind="no-such-kind")) == everything


def _reassign(client, auth, followup_uuid, worker_uuid):
    token = auth.csrf_token("/team/followups")
    return client.post(f"/team/followups/{followup_uuid}/assign",
                       data={"user": worker_uuid, "csrf_token": token})


def _followup(app, uuid):
    with app.app_context():
        f = db.session.execute(select(FollowUp).where(FollowUp.uuid == uuid)).scalar_one()
        return f.assignee_id, f.version


def test_reassigning_gives_the_follow_up_to_another_worker_of_the_team(demo_app):
    with demo_app.app_context():
        kim = participant("Kim")
        f = db.session.execute(select(FollowUp).where(
            FollowUp.participant_id == kim.id, FollowUp.done_on.is_(None))).scalars().first()
        uuid, before = f.uuid, f.version
        omar, sara, eva_id = user("omar"), user("sara"), user("eva").id
        assert f.assignee_id == sara.id
        omar_uuid, omar_id = omar.uuid, omar.id
    eva, auth = logged_in(demo_app, "eva")
    assert "Omar Haddad (blir boendestödjare här)" in _page(eva)  # not on Kim's caseload
    resp = _reassign(eva, auth, uuid, omar_uuid)
    assert resp.status_code == 303
    assignee, version = _followup(demo_app, uuid)
    assert assignee == omar_id and version > before
    with demo_app.app_context():
        live = db.session.execute(select(Assignment).where(
            Assignment.participant_id == participant("Kim").id,
            Assignment.user_id == omar_id, Assignment.deleted_at.is_(None))).scalar_one()
        actions = db.session.execute(select(AuditEvent.action, AuditEvent.user_id).where(
            AuditEvent.entity_uuid.in_([uuid, live.uuid]))).all()
    assert sorted(actions) == [("assignment.create", eva_id), ("followup.reassign", eva_id)]
    assert "Omar Haddad har nu uppföljningen och är boendestödjare för Kim." in eva.get(
        "/team/followups").get_data(as_text=True)


def test_reassigning_outside_the_team_is_refused(demo_app):
    other = other_team(demo_app)
    with demo_app.app_context():
        kim = participant("Kim")
        f = db.session.execute(select(FollowUp).where(FollowUp.participant_id == kim.id)
                               ).scalars().first()
        zelda = db.session.execute(select(Participant).where(
            Participant.uuid == other["participant"])).scalar_one()
        theirs = FollowUp(participant_id=zelda.id, kind="visit", due_on=team_today())
        db.session.add(theirs)
        db.session.commit()
        uuid, other_followup = f.uuid, theirs.uuid
        sara = user("sara").uuid
    before = _followup(demo_app, uuid)
    eva, auth = logged_in(demo_app, "eva")
    assert _reassign(eva, auth, uuid, other["worker"]).status_code == 400
    assert _followup(demo_app, uuid) == before
    assert _reassign(eva, auth, other_followup, sara).status_code == 404
    case_manager, cm_auth = logged_in(demo_app, "sara")
    assert case_manager.get("/team/followups").status_code == 403
    assert _reassign(case_manager, cm_auth, uuid, sara).status_code == 403
