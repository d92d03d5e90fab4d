"""Loggkontroll: a participant's log lists exactly the reads and writes that happened,
filters by worker, action and date, exports without any text, and reading it is logged;
the team page finds reads outside the caseload, outside working hours and in bulk."""
from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from sqlalchemy import select

from core.clock import team_today
from core.models import Assignment, AuditEvent, Participant, Team, User, utcnow
from tests.admin.helpers import logged_in
from tests.conftest import DEMO_PASSWORD
from webapp.auth.passwords import hash_password
from webapp.extensions import db

CANARY = "Loggtext-KQ93-som-aldrig-syns-i-loggen"


def _uuid(app, name):
    with app.app_context():
        return db.session.execute(select(Participant.uuid).where(
            Participant.preferred_name == name)).scalar_one()


def _events(app, name):
    with app.app_context():
        pid = db.session.execute(select(Participant.id).where(
            Participant.preferred_name == name)).scalar_one()
        return [(u, a) for a, u in db.session.execute(
            select(AuditEvent.action, User.username).join(User, User.id == AuditEvent.user_id)
            .where(AuditEvent.participant_id == pid).order_by(AuditEvent.id)).all()]


def _token(client, path):
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _listed(html):
    """(what, who) of each row of a participant's log page, newest first."""
    return re.findall(r'<li>\s*<div class="row">\s*<strong>([^<]+)</strong>.*?'
                      r'<p class="meta">[^·]*· ([^(<]+?)(?: \(|<)', html, re.S)


def test_the_log_lists_exactly_what_was_done_and_reading_it_is_logged(demo_app):
    kim = _uuid(demo_app, "Kim")
    sara, _ = logged_in(demo_app, "sara")
    assert sara.get(f"/participants/{kim}").status_code == 200          # a read
    token = _token(sara, f"/participants/{kim}/notes/new")              # (the form: no read)
    resp = sara.post(f"/participants/{kim}/notes/new", data={
        "csrf_token": token, "visit_date": team_today().isoformat(), "kind": "home_visit",
        "body": CANARY, "save": "1"})                                   # a write
    assert resp.status_code == 302
    eva, _ = logged_in(demo_app, "eva")
    assert eva.get(f"/participants/{kim}").status_code == 200           # the lead's read
    assert _events(demo_app, "Kim") == [("sara", "participant.view"), ("sara", "note.create"),
                                        ("eva", "participant.view")]
    html = eva.get(f"/team/participants/{kim}/log").get_data(as_text=True)
    assert _listed(html) == [("Läste deltagarens sida", "Eva Berg"),
                             ("Skrev en besöksanteckning", "Sara Lind"),
                             ("Läste deltagarens sida", "Sara Lind")]
    assert CANARY not in html
    # Reading the log is itself in the log, and shows the next time.
    assert _events(demo_app, "Kim")[-1] == ("eva", "auditlog.participant_view")
    again = eva.get(f"/team/participants/{kim}/log").get_data(as_text=True)
    assert _listed(again)[0] == ("Läste den här loggen", "Eva Berg")


def test_the_log_filters_by_worker_action_and_date(demo_app):
    kim = _uuid(demo_app, "Kim")
    sara, _ = logged_in(demo_app, "sara")
    sara.get(f"/participants/{kim}")
    eva, _ = logged_in(demo_app, "eva")
    eva.get(f"/participants/{kim}")
    with demo_app.app_context():
        sara_uuid = db.session.execute(select(User.uuid).where(User.username == "sara")).scalar()
    path = f"/team/participants/{kim}/log"
    assert [who for _w, who in _listed(eva.get(f"{path}?worker={sara_uuid}").get_data(
        as_text=True))] == ["Sara Lind"]
    only = _listed(eva.get(f"{path}?action=auditlog.participant_view").get_data(as_text=True))
    assert only == [("Läste den här loggen", "Eva Berg")]  # the view filtered by worker
    yesterday = (team_today() - timedelta(days=1)).isoformat()
    assert _listed(eva.get(f"{path}?until={yesterday}").get_data(as_text=True)) == []
    today = team_today().isoformat()
    assert len(_listed(eva.get(f"{path}?since={today}&until={today}").get_data(
        as_text=True))) >= 2


def test_the_csv_export_has_the_rows_and_no_text_and_is_logged(demo_app):
    kim = _uuid(demo_app, "Kim")
    sara, _ = logged_in(demo_app, "sara")
    token = _token(sara, f"/participants/{kim}/notes/new")
    sara.post(f"/participants/{kim}/notes/new", data={
        "csrf_token": token, "visit_date": team_today().isoformat(), "kind": "home_visit",
        "body": CANARY, "participant_topics": CANARY, "save": "1"})
    eva, _ = logged_in(demo_app, "eva")
    resp = eva.get(f"/team/participants/{kim}/log.csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    text = resp.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["username"], r["action"], r["kind"]) for r in rows] == [
        ("sara", "note.create", "change")]
    assert CANARY not in text
    assert _events(demo_app, "Kim")[-1] == ("eva", "auditlog.participant_export")


def _add_events(app, *events):
    with app.app_context():
        for username, name, at, action in events:
            uid = db.session.execute(select(User.id).where(User.username == username)).scalar()
            pid = db.session.execute(select(Participant.id).where(
                Participant.preferred_name == name)).scalar()
            db.session.add(AuditEvent(user_id=uid, action=action, entity="participant",
                                      participant_id=pid, at=at))
        db.session.commit()


def _working_hour(days_ago=1):
    """A Tuesday to Thursday at 10:00 UTC (11 or 12 in Stockholm) a few days ago."""
    day = utcnow() - timedelta(days=days_ago)
    while day.weekday() not in (1, 2, 3):
        day -= timedelta(days=1)
    return day.replace(hour=10, minute=0, second=0, microsecond=0)


def _section(html, heading):
    part = html[html.index(heading):]
    return part[:part.index("</section>")]


def test_the_team_page_finds_unusual_reads_and_reading_it_is_logged(demo_app):
    t = _working_hour(3)
    with demo_app.app_context():
        sara = db.session.execute(select(User).where(User.username == "sara")).scalar_one()
        omar = db.session.execute(select(User).where(User.username == "omar")).scalar_one()
        ali = db.session.execute(select(Participant).where(
            Participant.preferred_name == "Ali")).scalar_one()
        row = db.session.execute(select(Assignment).where(
            Assignment.participant_id == ali.id, Assignment.user_id == sara.id)).scalar_one()
        # Sara was taken off Ali's caseload one hour after t.
        row.deleted_at = t + timedelta(hours=1)
        db.session.add(AuditEvent(user_id=None, action="assignment.delete", entity="assignment",
                                  entity_uuid=row.uuid, participant_id=ali.id,
                                  at=t + timedelta(hours=1)))
        names = [p.preferred_name for p in db.session.execute(select(Participant)).scalars()]
        assert sara.id and omar.id
        db.session.commit()
    _add_events(demo_app,
                ("sara", "Ali", t + timedelta(minutes=10), "participant.view"),   # on caseload
                ("sara", "Ali", t + timedelta(hours=2), "participant.view"),      # no longer
                ("sara", "Fatima", t, "note.view"),                               # omar's
                ("omar", "Göran", t.replace(hour=21, minute=30), "participant.view"),  # 22:30
                *[("eva", n, t + timedelta(days=1, minutes=2 * i), "participant.view")
                  for i, n in enumerate(names[:10])])              # bulk (a lead: no caseload)
    eva, _ = logged_in(demo_app, "eva")
    html = eva.get("/team/log").get_data(as_text=True)
    caseload = _section(html, "Utanför den egna deltagarlistan")
    assert "(2)" in caseload and caseload.count("Sara Lind") == 2
    assert "Ali" in caseload and "Fatima" in caseload
    hours = _section(html, "Utanför arbetstid")
    assert "(1)" in hours and "Omar Haddad" in hours and "Göran" in hours
    bulk = _section(html, "Många på en gång")
    assert "(1)" in bulk and "10 deltagare" in bulk and "Eva Berg" in bulk
    with demo_app.app_context():
        logged = db.session.execute(select(AuditEvent.action).where(
            AuditEvent.action == "auditlog.team_view")).scalars().all()
    assert logged == ["auditlog.team_view"]
    text = eva.get("/team/log.csv").get_data(as_text=True)
    checks = [r["check"] for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))]
    assert checks.count("outside_caseload") == 2 and checks.count("outside_working_hours") == 1
    assert checks.count("bulk_read") == 10
    # Filtered to Sara: only her reads.
    with demo_app.app_context():
        sara_uuid = db.session.execute(select(User.uuid).where(User.username == "sara")).scalar()
    only = eva.get(f"/team/log?worker={sara_uuid}").get_data(as_text=True)
    assert "Omar Haddad" not in _section(only, "Utanför arbetstid")


def test_only_the_teams_lead_reads_the_log(demo_app):
    kim = _uuid(demo_app, "Kim")
    with demo_app.app_context():
        other = Team(name="Andra teamet")
        db.session.add(other)
        db.session.flush()
        db.session.add(User(username="olle", display_name="Olle", role="team_lead",
                            team_id=other.id, password_hash=hash_password(DEMO_PASSWORD)))
        db.session.commit()
    olle, _ = logged_in(demo_app, "olle")
    assert olle.get(f"/team/participants/{kim}/log").status_code == 404
    assert olle.get(f"/team/participants/{kim}/log.csv").status_code == 404
    assert "Kim" not in olle.get("/team/log").get_data(as_text=True)
    sara, _ = logged_in(demo_app, "sara")
    for path in ("/team/log", "/team/log.csv", f"/team/participants/{kim}/log"):
        assert sara.get(path).status_code == 403
