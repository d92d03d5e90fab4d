"""Helpers for the case manager's page tests (tests/{participants,visits,plans,followups}).

`Casework` logs nobody in by itself: call auth.login(...) first. It posts
forms with a real CSRF token and reads rows straight from the database.
"""
from __future__ import annotations

import re
import uuid as uuidlib

import pytest
from sqlalchemy import func, select

TOKEN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
FORM_UUID = re.compile(r'name="uuid" type="hidden" value="([^"]*)"')
CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Hidden uuid values a create form must refuse with a form error (never a 500).
BAD_UUIDS = ["not-a-uuid", "", str(uuidlib.uuid4()).upper(), str(uuidlib.uuid4()) + "\n",
             str(uuidlib.uuid4())[:-1], "' OR 1=1 --", "x" * 5000]
REFUSED_SV = "Formuläret kunde inte sparas som det skickades. Kontrollera det och spara igen."
ALREADY_SAVED_SV = "Det här var redan sparat, så det lades inte till en gång till."


class Casework:
    def __init__(self, app, client):
        self.app = app
        self.client = client

    def token(self, path="/login"):
        html = self.client.get(path, follow_redirects=True).get_data(as_text=True)
        match = TOKEN.search(html)
        assert match, f"no csrf token on {path}"
        return match.group(1)

    def post(self, url, data, token_from="/"):
        return self.client.post(url, data={**data, "csrf_token": self.token(token_from)})

    def form_uuid(self, path):
        """The hidden uuid a create form was rendered with (fresh on every GET)."""
        match = FORM_UUID.search(self.client.get(path).get_data(as_text=True))
        assert match and CANONICAL_UUID.fullmatch(match.group(1)), f"no form uuid on {path}"
        return match.group(1)

    def post_twice(self, path, data):
        """Post a create form twice with the uuid it was rendered with (a double click)."""
        data = {**data, "uuid": self.form_uuid(path)}
        first, second = self.post(path, data), self.post(path, data)
        assert first.status_code == second.status_code == 302
        assert first.headers["Location"] == second.headers["Location"]
        page = self.client.get(second.headers["Location"]).get_data(as_text=True)
        assert ALREADY_SAVED_SV in page
        return data["uuid"], second

    def assert_refused(self, resp, sent_uuid):
        """A form error about the uuid, and a fresh uuid so that saving again works."""
        html = resp.get_data(as_text=True)
        assert resp.status_code == 200 and 'id="uuid-error"' in html and REFUSED_SV in html
        fresh = FORM_UUID.search(html).group(1)
        assert CANONICAL_UUID.fullmatch(fresh) and fresh != sent_uuid
        return html

    def switch_to(self, username, password="bokvar-demo"):
        """Log out whoever is logged in (a real POST with its token), log in as username."""
        # A participant's "/" is the field app (no form there): their token is on /me.
        page = self.client.get("/", follow_redirects=True).get_data(as_text=True)
        self.post("/logout", {}, token_from="/" if TOKEN.search(page) else "/me")
        token = self.token("/login")
        resp = self.client.post("/login", data={"username": username, "password": password,
                                                "csrf_token": token})
        assert resp.status_code == 302, f"login {username} failed"

    def one(self, model, **where):
        from webapp.extensions import db

        with self.app.app_context():
            row = db.session.execute(select(model).filter_by(**where)).scalars().first()
            assert row is not None, f"no {model.__name__} with {where}"
            db.session.expunge(row)
            return row

    def all(self, model, **where):
        from webapp.extensions import db

        with self.app.app_context():
            rows = list(db.session.execute(select(model).filter_by(**where)).scalars())
            for row in rows:
                db.session.expunge(row)
            return rows

    def count(self, model, **where):
        from webapp.extensions import db

        with self.app.app_context():
            return db.session.execute(
                select(func.count()).select_from(model).filter_by(**where)).scalar_one()

    def participant(self, name):
        from core.models import Participant

        return self.one(Participant, preferred_name=name)


@pytest.fixture
def casework(demo_app, client):
    return Casework(demo_app, client)


def add_rows(app, *rows):
    """Insert rows (built with ids of existing records) and commit."""
    from webapp.extensions import db

    with app.app_context():
        db.session.add_all(rows)
        db.session.commit()
        return [row.uuid if hasattr(row, "uuid") else row.id for row in rows]


def ids(app, username=None, name=None):
    """Integer ids for building rows: a user's id or a participant's id."""
    from core.models import Participant, User
    from webapp.extensions import db

    with app.app_context():
        if username:
            return db.session.execute(select(User.id).filter_by(username=username)).scalar_one()
        return db.session.execute(
            select(Participant.id).filter_by(preferred_name=name)).scalar_one()


def team_of(app, username="sara"):
    from core.models import User
    from webapp.extensions import db

    with app.app_context():
        return db.session.execute(select(User.team_id).filter_by(username=username)).scalar_one()


def sv_date(d):
    """A date as the pages show it in Swedish (flask-babel's default 'medium')."""
    from babel.dates import format_date

    return format_date(d, format="medium", locale="sv")
