"""Object-level access: role × route × target, with zero unexpected 2xx.

Walks `app.url_map`, so every route with a record id is covered as soon as
it exists. The record kind is read from the path segment before the id;
a route whose kind the resolver does not know fails the test, so new
routes cannot slip past it.

Targets, seen from each role:
- own: a record the role may legitimately reach (not requested here for
  writes; a few reads are checked positively so the test can fail);
- other_participant: same team, not in this user's caseload / not self;
- other_team: a participant of another team;
- hidden: for the participant role, their own hidden note, drafts, reviews.
CSRF is disabled in this app so the answers are about authorization only
(CSRF has its own tests).
"""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from core.models import (
    ActionPlan,
    ActionPlanItem,
    Assignment,
    FollowUp,
    Goal,
    Landlord,
    LandlordContact,
    LandlordReport,
    Participant,
    Plan,
    Review,
    Step,
    Team,
    Tenancy,
    User,
    VisitNote,
)
from tests.conftest import DEMO_PASSWORD, make_app
from tests.databases import copy_of, drop
from webapp.auth.passwords import hash_password
from webapp.extensions import db
from webapp.security import PUBLIC_ENDPOINTS

KIND_BY_SEGMENT = {
    "participants": "participant", "notes": "note", "tenancies": "tenancy", "goals": "goal",
    "steps": "step", "followups": "followup", "plans": "plan", "users": "user",
    "devices": "device", "conflicts": "conflict", "teams": "team", "fidelity": "fidelity",
    "landlords": "landlord", "contacts": "landlordcontact", "action-plans": "actionplan",
    "action-items": "actionitem", "landlord-reports": "landlordreport",
}
# Kinds that are not participant data (account management; a team's own fidelity
# self-assessments, tests/fidelity) are checked separately.
ACCOUNT_KINDS = {"user", "device", "team", "fidelity"}
# The team lead's pages: only a team lead (of the same team, for records) reaches them.
TEAM_LEAD_PAGES = ["/team", "/review", "/team/followups", "/reports/figures",
                   "/reports/figures.csv", "/reports/retention", "/team/fidelity",
                   "/team/fidelity/new", "/team/log", "/team/log.csv"]
METHODS = ("GET", "POST")


def _records_of(participant: Participant, author_id: int | None = None) -> dict[str, str]:
    s = db.session
    note_q = select(VisitNote).where(VisitNote.participant_id == participant.id,
                                     VisitNote.status != "draft")
    if author_id:
        note_q = note_q.where(VisitNote.author_id == author_id)
    note = s.execute(note_q.order_by(VisitNote.id)).scalars().first()
    goal = s.execute(select(Goal).where(Goal.participant_id == participant.id)).scalars().first()
    return {
        "participant": participant.uuid,
        "note": note.uuid,
        "tenancy": s.execute(select(Tenancy.uuid).where(
            Tenancy.participant_id == participant.id)).scalars().first(),
        "goal": goal.uuid,
        "plan": s.execute(select(Plan.uuid).where(Plan.participant_id == participant.id)).scalar(),
        "step": s.execute(select(Step.uuid).where(Step.goal_id == goal.id)).scalars().first(),
        "followup": s.execute(select(FollowUp.uuid).where(
            FollowUp.participant_id == participant.id)).scalars().first(),
        "actionplan": s.execute(select(ActionPlan.uuid).where(
            ActionPlan.participant_id == participant.id)).scalars().first(),
        "actionitem": s.execute(select(ActionPlanItem.uuid).where(
            ActionPlanItem.participant_id == participant.id)).scalars().first(),
        "landlordreport": s.execute(select(LandlordReport.uuid).where(
            LandlordReport.participant_id == participant.id)).scalars().first(),
    }


def _landlord_records(p: Participant, landlord: Landlord | None = None) -> dict[str, str]:
    """An action plan with an item and a landlord report on the participant's tenancy;
    with no landlord given, a landlord and contact of the participant's own team."""
    s = db.session
    if landlord is None:
        landlord = Landlord(team_id=p.team_id, name=f"Bolaget för {p.preferred_name}")
        s.add(landlord)
        s.flush()
    contact = LandlordContact(landlord_id=landlord.id, name="Kontakt")
    s.add(contact)
    tenancy = s.execute(select(Tenancy).where(Tenancy.participant_id == p.id)).scalars().first()
    tenancy.landlord_id = landlord.id
    plan = ActionPlan(tenancy_id=tenancy.id, participant_id=p.id)
    s.add(plan)
    s.flush()
    s.add(ActionPlanItem(plan_id=plan.id, participant_id=p.id, text="Z", sharing="keep"))
    s.add(LandlordReport(tenancy_id=tenancy.id, participant_id=p.id,
                         received_at="2026-01-05T10:00", summary="Z"))
    s.flush()
    return {"landlord": landlord.uuid, "landlordcontact": contact.uuid}


def _other_team() -> Participant:
    s = db.session
    team = Team(name="Andra teamet")
    s.add(team)
    s.flush()
    worker = User(username="bo", display_name="Bo", role="case_manager", team_id=team.id,
                  password_hash=hash_password(DEMO_PASSWORD))
    s.add(worker)
    s.flush()
    p = Participant(preferred_name="Zed", team_id=team.id, joined_on=date(2025, 1, 1))
    s.add(p)
    s.flush()
    s.add(Assignment(participant_id=p.id, user_id=worker.id))
    s.add(Tenancy(participant_id=p.id, address="Annan gata 1", landlord="Hem",
                  start_date=date(2025, 2, 1)))
    plan = Plan(participant_id=p.id)
    s.add(plan)
    s.flush()
    goal = Goal(plan_id=plan.id, participant_id=p.id, life_area="home", own_words="Z")
    s.add(goal)
    s.flush()
    s.add(Step(goal_id=goal.id, participant_id=p.id, what="Z"))
    s.add(FollowUp(participant_id=p.id, kind="visit", due_on=date(2026, 1, 1),
                   assignee_id=worker.id))
    s.add(VisitNote(participant_id=p.id, author_id=worker.id, visit_date=date(2026, 1, 1),
                    body="Z", status="submitted"))
    s.flush()
    return p


def _by_name(name: str) -> Participant:
    return db.session.execute(
        select(Participant).where(Participant.preferred_name == name)).scalar_one()


def _user(username: str) -> User:
    return db.session.execute(select(User).where(User.username == username)).scalar_one()


def _kim_hidden() -> dict[str, str]:
    """Records of Kim's own file that Kim must never reach."""
    kim = _by_name("Kim")
    s = db.session
    sara = _user("sara")
    hidden = VisitNote(participant_id=kim.id, author_id=sara.id, visit_date=date(2026, 1, 2),
                       body="tredje part", status="signed", hidden_from_participant=True)
    draft = VisitNote(participant_id=kim.id, author_id=sara.id, visit_date=date(2026, 1, 3),
                      body="utkast", status="draft")
    s.add_all([hidden, draft])
    s.flush()
    s.add(Review(note_id=hidden.id, participant_id=kim.id, reviewer_id=_user("eva").id,
                 decision="signed", comment="intern"))
    return {"note": hidden.uuid, "draft_note": draft.uuid}


@pytest.fixture(scope="module")
def world(demo_template_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("matrix") / "bokvar.sqlite"
    url = copy_of(demo_template_db, path.parent, path.stem)
    app = make_app(url, WTF_CSRF_ENABLED=False)
    with app.app_context():
        other = _other_team()
        theirs = _landlord_records(other)
        _landlord_records(_by_name("Fatima"), db.session.execute(select(Landlord)).scalars().first())
        targets = {
            "sara": {"own": _records_of(_by_name("Ali"), _user("sara").id),
                     "other_participant": _records_of(_by_name("Fatima")),
                     "other_team": {**_records_of(other), **theirs}},
            "eva": {"own": _records_of(_by_name("Fatima")),
                    "other_team": {**_records_of(other), **theirs}},
            "kim": {"other_participant": _records_of(_by_name("Ali")),
                    "other_team": {**_records_of(other), **theirs},
                    "hidden": _kim_hidden()},
            "admin": {"team_participant": _records_of(_by_name("Ali")),
                      "other_team": {**_records_of(other), **theirs}},
        }
        db.session.commit()
        users = {u.username: u.uuid for u in db.session.execute(select(User)).scalars()}
    yield app, targets, users
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    drop(url)


def _login(app, username):
    client = app.test_client()
    resp = client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    assert resp.status_code == 302, f"login {username} failed"
    return client


def _uuid_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS or rule.endpoint == "static":
            continue
        args = [a for a in rule.arguments if "uuid" in a or a.endswith("_id")]
        if not args:
            continue
        segments = rule.rule.strip("/").split("/")
        arg = args[0]
        idx = segments.index(f"<{arg}>") if f"<{arg}>" in segments else next(
            i for i, seg in enumerate(segments) if arg in seg)
        kind = KIND_BY_SEGMENT.get(segments[idx - 1]) if idx else None
        assert kind, f"access matrix: unknown record kind for {rule.rule}; extend KIND_BY_SEGMENT"
        for method in METHODS:
            if method in rule.methods:
                yield rule, arg, kind, method


def _request(client, rule, arg, value, method):
    url = rule.build({arg: value}, append_unknown=False)[1]
    return url, client.open(url, method=method, data={})


def _denied(resp) -> bool:
    return resp.status_code in (403, 404)


ROLES = ["sara", "eva", "kim", "admin"]


@pytest.mark.parametrize("username", ROLES)
def test_no_record_route_answers_2xx_for_records_outside_the_users_scope(world, username):
    app, targets, _ = world
    client = _login(app, username)
    unexpected, checked = [], 0
    for scope, records in targets[username].items():
        if scope == "own":
            continue
        for rule, arg, kind, method in _uuid_rules(app):
            if kind in ACCOUNT_KINDS:
                continue
            values = [records.get(kind)]
            if scope == "hidden" and kind == "note":
                values.append(records["draft_note"])
            for value in filter(None, values):
                url, resp = _request(client, rule, arg, value, method)
                checked += 1
                if not _denied(resp):
                    unexpected.append((username, scope, method, url, resp.status_code))
    assert checked > 0
    assert unexpected == []


def test_own_records_are_reachable_so_the_matrix_can_fail(world):
    app, targets, _ = world
    for username in ("sara", "eva"):
        client = _login(app, username)
        own = targets[username]["own"]
        resp = client.get(f"/participants/{own['participant']}")
        assert resp.status_code == 200, username
        resp = client.get(f"/notes/{own['note']}")
        assert resp.status_code == 200, username


@pytest.mark.parametrize(("username", "status"), [
    ("omar", 200), ("eva", 200),     # Fatima's case manager and her team's lead
    ("sara", 404),                   # same team, not in her caseload
    ("kim", 403), ("admin", 403),    # the landlord pages are the team's workers'
])
def test_only_the_participants_team_sees_their_landlord_reports_and_plan(world, username,
                                                                         status):
    app, targets, _ = world
    fatima = targets["eva"]["own"]
    client = _login(app, username)
    for path in (f"/landlord-reports/{fatima['landlordreport']}",
                 f"/tenancies/{fatima['tenancy']}/landlord",
                 f"/tenancies/{fatima['tenancy']}/action-plan/print"):
        assert client.get(path).status_code == status, (username, path)
    if status == 404:  # the other team's landlord register too
        other = targets["eva"]["other_team"]
        assert client.get(f"/landlords/{other['landlord']}").status_code == 404


def test_another_teams_lead_does_not_see_the_landlord_register_or_reports(world):
    app, targets, _ = world
    with app.app_context():
        team = db.session.execute(select(Team).where(Team.name == "Andra teamet")).scalar_one()
        if not db.session.execute(select(User).where(User.username == "lead2")).first():
            db.session.add(User(username="lead2", display_name="Lead", role="team_lead",
                                team_id=team.id, password_hash=hash_password(DEMO_PASSWORD)))
            db.session.commit()
    client = _login(app, "lead2")
    fatima = targets["eva"]["own"]
    assert client.get(f"/landlord-reports/{fatima['landlordreport']}").status_code == 404
    html = client.get("/landlords").get_data(as_text=True)
    assert "Helsingborgshem" not in html and "Bolaget för Zed" in html


@pytest.mark.parametrize("username", ["sara", "eva", "kim"])
def test_account_management_routes_are_admin_only(world, username):
    app, _, users = world
    client = _login(app, username)
    bad = []
    for rule, arg, kind, method in _uuid_rules(app):
        if kind not in ("user", "team"):
            continue
        url, resp = _request(client, rule, arg, users["omar"], method)
        if resp.status_code < 300:
            bad.append((method, url, resp.status_code))
    for path in ("/admin/users", "/admin/teams", "/admin/users/new"):
        resp = client.get(path)
        if resp.status_code < 300:
            bad.append(("GET", path, resp.status_code))
    assert bad == []


@pytest.mark.parametrize("username,paths", [
    ("sara", TEAM_LEAD_PAGES),
    ("kim", ["/", "/participants/new", *TEAM_LEAD_PAGES]),
    ("admin", ["/", "/me", "/participants/new", *TEAM_LEAD_PAGES]),
])
def test_role_pages_are_closed_to_other_roles(world, username, paths):
    app, _, _ = world
    client = _login(app, username)
    opened = [(p, r.status_code) for p in paths if (r := client.get(p)).status_code < 300]
    assert opened == []


def test_participant_sees_only_their_own_page_without_hidden_notes(world):
    app, _, _ = world
    client = _login(app, "kim")
    html = client.get("/me").get_data(as_text=True)
    assert "Kim" in html
    assert "tredje part" not in html and "utkast" not in html and "intern" not in html


# --- no state change without POST and a CSRF token ----------------------------

# Tables a request may write to without changing anything: the audit log,
# session bookkeeping and login attempts.
BOOKKEEPING = {"audit_event", "user_session", "login_attempt"}


def _snapshot() -> dict[str, list]:
    from sqlalchemy import text

    return {t.name: db.session.execute(text(f'SELECT * FROM "{t.name}" ORDER BY 1')).all()
            for t in db.metadata.sorted_tables if t.name not in BOOKKEEPING}


def _own_urls(app, records, users, methods):
    """Every record route, built with records this user may reach."""
    for rule, arg, kind, method in _uuid_rules(app):
        value = users["omar"] if kind in ("user", "team") else records.get(kind)
        if method in methods and value:
            yield method, rule.build({arg: value}, append_unknown=False)[1]
    for rule in app.url_map.iter_rules():
        if not rule.arguments and method_of(rule, methods):
            yield method_of(rule, methods), rule.rule


def method_of(rule, methods):
    return next((m for m in methods if m in rule.methods), None)


def _own_records(app, username):
    with app.app_context():
        if username == "kim":
            return _records_of(_by_name("Kim"))
        if username == "sara":
            return _records_of(_by_name("Ali"), _user("sara").id)
        return _records_of(_by_name("Fatima"))


@pytest.fixture(scope="module")
def csrf_app(world):
    """The same database with CSRF checks on, as in production."""
    app = make_app(world[0].config["SQLALCHEMY_DATABASE_URI"],
                   WTF_CSRF_ENABLED=True)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _login_with_token(app, username):
    import re

    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    resp = client.post("/login", data={"username": username, "password": DEMO_PASSWORD,
                                       "csrf_token": token})
    assert resp.status_code == 302, f"login {username} failed"
    return client


def test_the_team_lead_pages_open_for_the_team_lead_so_the_matrix_can_fail(csrf_app):
    client = _login_with_token(csrf_app, "eva")
    assert [(p, client.get(p).status_code) for p in TEAM_LEAD_PAGES] == [
        (p, 200) for p in TEAM_LEAD_PAGES]


@pytest.mark.parametrize("username", ROLES)
def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(
        world, csrf_app, username):
    _, _, users = world
    client = _login_with_token(csrf_app, username)
    with csrf_app.app_context():
        before = _snapshot()
    urls = list(_own_urls(csrf_app, _own_records(csrf_app, username), users, ("POST",)))
    accepted = [(url, r.status_code) for _m, url in urls
                if (r := client.post(url, data={"sign": "1"})).status_code != 400]
    with csrf_app.app_context():
        assert _snapshot() == before
    assert accepted == []
    assert len(urls) > 10


@pytest.mark.parametrize("username", ROLES)
def test_no_get_request_changes_anything_but_the_audit_log(world, csrf_app, username):
    _, _, users = world
    client = _login_with_token(csrf_app, username)
    with csrf_app.app_context():
        before = _snapshot()
    urls = list(_own_urls(csrf_app, _own_records(csrf_app, username), users, ("GET",)))
    answers = [(url, client.get(url).status_code) for _m, url in urls]
    with csrf_app.app_context():
        assert _snapshot() == before
    assert sum(1 for _url, code in answers if code == 200) > 3
