"""The page kit (webapp/pages): one commit point per request, one error path,
lookups or 404, dates read from a request."""
from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from flask import abort, redirect
from sqlalchemy import func, select

from core.models import Team
from tests.conftest import AuthActions
from webapp import pages
from webapp.extensions import db

ROOT = Path(__file__).resolve().parents[2]


def _teams(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(Team.id))).scalar_one()


def _add_team(name: str) -> None:
    db.session.add(Team(name=name))
    db.session.flush()  # the row is in the database, inside the request's transaction


def _post(client, path: str):
    """Handlers that write answer POSTs: a GET is a read transaction (it may not write)."""
    token = client.get("/api/session").get_json()["csrfToken"]
    return client.post(path, headers={"X-CSRFToken": token})


def _logged_in(app, username: str = "eva"):
    client = app.test_client()
    auth = AuthActions(client)
    assert auth.login(username).status_code == 302
    return client


@pytest.mark.parametrize("failure", ["exception", "abort", "refuse"])
def test_a_handler_that_fails_after_a_write_leaves_nothing_written(demo_app, failure):
    demo_app.config["PROPAGATE_EXCEPTIONS"] = False

    @demo_app.post("/kit-test/fail")
    def fail():
        _add_team("Written half-way")
        pages.saved("Saved!", redirect("/"))
        if failure == "exception":
            raise RuntimeError("after the write")
        if failure == "abort":
            abort(404)
        pages.refuse(400, "Refused after the write.")

    before = _teams(demo_app)
    client = _logged_in(demo_app)
    resp = _post(client, "/kit-test/fail")
    assert resp.status_code == {"exception": 500, "abort": 404, "refuse": 400}[failure]
    assert _teams(demo_app) == before
    # The "saved" message waited for a commit that never came.
    assert "Saved!" not in client.get("/login", follow_redirects=True).get_data(as_text=True)


def test_a_handler_that_returns_is_committed_once_without_committing_itself(demo_app):
    @demo_app.post("/kit-test/ok")
    def ok():
        _add_team("Written by a handler")
        return pages.saved("Saved!", redirect("/team"))

    before = _teams(demo_app)
    client = _logged_in(demo_app)
    resp = _post(client, "/kit-test/ok")
    assert resp.status_code == 302
    assert _teams(demo_app) == before + 1
    assert "Saved!" in client.get("/team").get_data(as_text=True)


def test_a_returned_error_answer_still_commits_what_the_request_did(demo_app):
    # A form with errors (400) is an answer, not a failure: its audit row stays.
    @demo_app.post("/kit-test/form-error")
    def form_error():
        _add_team("Kept with a 400")
        return "form with errors", 400

    before = _teams(demo_app)
    client = _logged_in(demo_app)
    assert _post(client, "/kit-test/form-error").status_code == 400
    assert _teams(demo_app) == before + 1


def test_a_commit_that_fails_is_a_500_with_nothing_written_and_no_saved_message(demo_app):
    demo_app.config["PROPAGATE_EXCEPTIONS"] = False

    @demo_app.post("/kit-test/duplicate")
    def duplicate():
        db.session.add(Team(name="Twice"))
        db.session.add(Team(name="Twice"))  # unique name: the commit's flush refuses
        return pages.saved("Saved!", redirect("/team"))

    before = _teams(demo_app)
    client = _logged_in(demo_app)
    resp = _post(client, "/kit-test/duplicate")
    assert resp.status_code == 500
    assert _teams(demo_app) == before
    assert "Saved!" not in client.get("/team").get_data(as_text=True)


def test_errors_answer_json_or_html_by_what_the_client_accepts(demo_app):
    @demo_app.route("/kit-test/refuse")
    def refused():
        pages.refuse(403, "Not for you.")

    client = _logged_in(demo_app)
    as_json = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert as_json.status_code == 404 and as_json.mimetype == "application/json"
    assert set(as_json.get_json()) == {"error", "message"}
    assert as_json.get_json()["error"] == "not_found"

    as_html = client.get("/no-such-page", headers={"Accept": "text/html,*/*;q=0.8"})
    assert as_html.status_code == 404 and as_html.mimetype == "text/html"
    assert as_json.get_json()["message"] in as_html.get_data(as_text=True)

    ours = client.get("/kit-test/refuse", headers={"Accept": "application/json"})
    assert ours.status_code == 403
    assert ours.get_json() == {"error": "forbidden", "message": "Not for you."}
    assert "Not for you." in client.get("/kit-test/refuse").get_data(as_text=True)

    # The API answers JSON whatever the client says it accepts.
    api = client.get("/api/no-such-thing", headers={"Accept": "text/html"})
    assert api.status_code == 404 and api.get_json()["error"] == "not_found"


def test_an_expired_form_is_the_same_error_in_json(demo_app):
    demo_app.config["WTF_CSRF_ENABLED"] = True
    client = _logged_in(demo_app, "sara")
    resp = client.post("/participants/new", data={"preferred_name": "X"},
                       headers={"Accept": "application/json"})
    assert resp.status_code == 400
    assert resp.get_json()["error"] == "csrf_failed"


def test_lookups_answer_404_for_absent_or_unseen_and_403_for_not_allowed(demo_app):
    with demo_app.test_request_context():
        with pytest.raises(Exception) as absent:
            pages.found(None)
        assert getattr(absent.value, "code", None) == 404
        with pytest.raises(Exception) as unseen:
            pages.found(object(), visible=False)
        assert getattr(unseen.value, "code", None) == 404
        with pytest.raises(Exception) as forbidden:
            pages.allowed(False)
        assert getattr(forbidden.value, "code", None) == 403
        assert pages.by_uuid(Team, "not-a-uuid", live=False) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03-01", date(2026, 3, 1)),
    ("1900-01-01", date(1900, 1, 1)),
    ("2100-12-31", date(2100, 12, 31)),
    ("1899-12-31", None), ("2101-01-01", None), ("0225-01-01", None),
    ("2026-02-30", None), ("2026-3-1", None), ("20260301", None), ("", None), (None, None),
    ("2026-03-01\n", None),
])
def test_parse_date_takes_iso_dates_in_the_years_the_forms_take(text, expected):
    assert pages.parse_date(text) == expected


# --- the kit is the only way ---------------------------------------------------

# Outside requests: CLI commands and the demo seed commit their own work.
COMMITS_OUTSIDE_REQUESTS = {"webapp/backup.py", "webapp/cli.py", "webapp/demo.py",
                            "webapp/export.py", "webapp/gallring.py"}


def _webapp_calls() -> list[tuple[str, str, int]]:
    found = []
    for path in sorted((ROOT / "webapp").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                found.append((rel, node.func.attr, node.lineno))
    return found


def test_no_handler_commits_or_rolls_back_only_the_commit_point_does():
    stray = [(rel, line) for rel, name, line in _webapp_calls()
             if name in ("commit", "rollback") and not rel.startswith("webapp/pages/")
             and rel not in COMMITS_OUTSIDE_REQUESTS]
    assert stray == []


def test_the_current_user_is_reached_one_way():
    stray = [(rel, line) for rel, name, line in _webapp_calls()
             if name == "_get_current_object" and not rel.startswith("webapp/pages/")]
    assert stray == []
