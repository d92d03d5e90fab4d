"""Helpers for the admin tests: a second logged-in browser, users by name."""
from __future__ import annotations

from sqlalchemy import select

from core.models import User
from tests.conftest import AuthActions
from webapp.extensions import db


def logged_in(app, username: str, password: str = "bokvar-demo"):
    client = app.test_client()
    auth = AuthActions(client)
    resp = auth.login(username, password)
    assert resp.status_code == 302, f"{username} could not log in"
    return client, auth


def get_user(app, username: str) -> User:
    with app.app_context():
        user = db.session.execute(select(User).where(User.username == username)).scalar_one()
        db.session.expunge(user)
        return user


def post_form(client, auth, path: str, page: str | None = None, **data):
    data["csrf_token"] = auth.csrf_token(page or path)
    return client.post(path, data=data)
