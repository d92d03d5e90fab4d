"""Simulated server and devices for the stateful sync test.

`SimServer` is the real Flask app on a real SQLite file (production pragmas);
"restart" disposes the engine and builds a new app on the same file.
`SimClient` models the PWA: an outbox with ids increasing by one, a store of
what pulls delivered, the pull cookie, the CSRF token in memory. Its durable
state (IndexedDB) survives a crash; the token does not.
"""
from __future__ import annotations

import uuid as uuidlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from core.models import (
    Assignment,
    FollowUp,
    Goal,
    NoteAddendum,
    Participant,
    Plan,
    Review,
    Step,
    Team,
    User,
    VisitNote,
)
from webapp.auth.passwords import hash_password

from ..conftest import AuthActions, make_app
from ..databases import copy_of

PASSWORD = "bokvar-sim-pw"
PAGE_SIZE = 20
USERS = [("sara", "case_manager", "A"), ("omar", "case_manager", "A"), ("eva", "team_lead", "A"),
         ("kim", "participant", "A"), ("admin", "admin", None), ("bo", "case_manager", "B")]
# participant -> workers; Ali is shared so two people edit the same record.
PEOPLE = [("Kim", "A", ["sara"]), ("Ali", "A", ["sara", "omar"]), ("Fatima", "A", ["omar"]),
          ("Marko", "A", []), ("Other", "B", ["bo"])]


def new_uuid() -> str:
    return str(uuidlib.uuid4())


# --- the template database ----------------------------------------------------------------

def _seed(session: Any) -> None:
    teams = {"A": Team(name="A"), "B": Team(name="B")}
    session.add_all(teams.values())
    session.flush()
    users = {}
    digest = hash_password(PASSWORD)
    for name, role, team in USERS:
        users[name] = User(username=name, display_name=name.title(), role=role, locale="sv",
                           password_hash=digest, team_id=teams[team].id if team else None)
    session.add_all(users.values())
    session.flush()
    for name, team, workers in PEOPLE:
        _person(session, users, teams[team], name, workers)
    session.commit()


def _person(session: Any, users: dict, team: Team, name: str, workers: list[str]) -> None:
    p = Participant(preferred_name=name, team_id=team.id, joined_on=date(2024, 1, 1),
                    user_id=users["kim"].id if name == "Kim" else None)
    session.add(p)
    session.flush()
    session.add_all([Assignment(participant_id=p.id, user_id=users[w].id) for w in workers])
    plan = Plan(participant_id=p.id)
    session.add(plan)
    session.flush()
    for words in ("Ett eget hem", "Träffa min son"):
        goal = Goal(plan_id=plan.id, participant_id=p.id, life_area="home", own_words=words)
        session.add(goal)
        session.flush()
        session.add(Step(goal_id=goal.id, participant_id=p.id, what="Ringa"))
    session.add(FollowUp(participant_id=p.id, kind="visit", title="Besök",
                         due_on=date(2024, 6, 1)))
    author = users[workers[0]] if workers else users["eva"]
    for status, hidden in (("signed", False), ("signed", True), ("draft", False)):
        note = VisitNote(participant_id=p.id, author_id=author.id, visit_date=date(2024, 5, 1),
                         body="Hembesök", status=status, hidden_from_participant=hidden)
        session.add(note)
        session.flush()
        if status == "signed":
            session.add(Review(note_id=note.id, participant_id=p.id, reviewer_id=users["eva"].id,
                               decision="signed"))
            session.add(NoteAddendum(note_id=note.id, participant_id=p.id, author_id=author.id,
                                     body="Rättelse"))


def build_template(template_db: str, folder: Path) -> tuple[str, dict[str, str]]:
    """A migrated, seeded database (its URL) and a logged-in session cookie per user."""
    from webapp.extensions import db

    path = copy_of(template_db, folder, "sim")
    app = make_app(path)
    with app.app_context():
        _seed(db.session)
    cookies = {}
    for name, _, _ in USERS:
        client = app.test_client()
        assert AuthActions(client).login(name, PASSWORD).status_code == 302
        cookies[name] = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return path, cookies


# --- server --------------------------------------------------------------------------------

class SimServer:
    def __init__(self, path: str) -> None:
        self.path = path
        self.app = self._start()

    def _start(self) -> Any:
        return make_app(self.path, SYNC_PULL_PAGE_SIZE=PAGE_SIZE)

    def stop(self) -> None:
        from webapp.extensions import db

        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()

    def restart(self) -> None:
        self.stop()
        self.app = self._start()

    @contextmanager
    def db(self):
        from webapp.extensions import db

        with self.app.app_context():
            try:
                yield db.session
            finally:
                db.session.remove()

    def user(self, session: Any, username: str) -> User:
        return session.execute(select(User).where(User.username == username)).scalar_one()


# --- client --------------------------------------------------------------------------------

@dataclass
class SimClient:
    name: str
    username: str
    cookie_value: str
    client_id: str = field(default_factory=new_uuid)
    csrf: str | None = None
    outbox: list[dict[str, Any]] = field(default_factory=list)
    next_id: int = 1
    store: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    created: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    cookie: str | None = None
    errors: dict[int, str] = field(default_factory=dict)
    accepted: list[dict[str, Any]] = field(default_factory=list)
    last_confirmed: int = 0
    http: Any = None

    def connect(self, app: Any) -> None:
        """The browser on a (re)started server keeps its session cookie."""
        name = app.config["SESSION_COOKIE_NAME"]
        current = self.http.get_cookie(name) if self.http is not None else None
        if current is not None:
            self.cookie_value = current.value
        self.http = app.test_client()
        self.http.set_cookie(name, self.cookie_value)

    def write(self, mutation: dict[str, Any]) -> dict[str, Any]:
        """One local action: the record and its outbox entry in one transaction."""
        entry = {"id": self.next_id, **mutation}
        self.next_id += 1
        self.outbox.append(entry)
        self.accepted.append(entry)
        if mutation["name"].endswith(".create"):
            entity = mutation["name"].split(".")[0]
            self.created[(entity, mutation["args"]["uuid"])] = {**mutation["args"], "version": None}
        return entry

    def wipe(self) -> None:
        """Told to wipe (revoked device): a fresh install with a new client id."""
        self.client_id = new_uuid()
        self.outbox, self.store, self.created, self.errors = [], {}, {}, {}
        self.next_id, self.cookie, self.accepted, self.last_confirmed = 1, None, [], 0

    def apply_pull(self, body: dict[str, Any]) -> None:
        for op in body["patch"]:
            if op["op"] == "clear":
                self.store.clear()
            elif op["op"] == "put":
                self.store[(op["entity"], op["key"])] = op["value"]
            else:
                self.store.pop((op["entity"], op["key"]), None)
        last = body["lastMutationID"]
        self.last_confirmed = max(self.last_confirmed, last)
        done = {(e["name"].split(".")[0], e["args"].get("uuid")) for e in self.outbox
                if e["id"] <= last}
        self.outbox = [e for e in self.outbox if e["id"] > last]
        for key in done:
            self.created.pop(key, None)
        self.errors.update({e["mutationID"]: e["code"] for e in body["errors"]})
        self.cookie = body["cookie"]

    def known(self, entity: str) -> list[tuple[str, dict[str, Any]]]:
        """Records of `entity` this device can see or has created, sorted for determinism."""
        found = {k: v for (e, k), v in self.store.items() if e == entity}
        found.update({k: v for (e, k), v in self.created.items() if e == entity})
        return sorted(found.items())


def stale_csrf_token(http: Any, secret_key: str) -> str:
    """A CSRF token Flask-WTF would have signed two hours ago (its limit is one hour)."""
    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    class TwoHoursAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return super().get_timestamp() - 7200

    with http.session_transaction() as session:
        raw = session["csrf_token"]
    return URLSafeTimedSerializer(secret_key, salt="wtf-csrf-token", signer=TwoHoursAgo).dumps(raw)
