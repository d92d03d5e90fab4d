"""Admin: teams are listed with head counts only, and can be created."""
from __future__ import annotations

from sqlalchemy import select

from core.models import Team
from tests.admin.helpers import logged_in, post_form
from webapp.extensions import db


def _team_names(app) -> list[str]:
    with app.app_context():
        return db.session.execute(select(Team.name).order_by(Team.name)).scalars().all()


def test_teams_page_shows_counts_and_no_participant_names(demo_app):
    client, _ = logged_in(demo_app, "admin")
    html = client.get("/admin/teams").get_data(as_text=True)
    assert "Bostad först-teamet" in html
    assert "3 medarbetare" in html and "11 deltagare" in html  # Jonas has left
    assert "Ali" not in html and "Marko" not in html


def test_admin_creates_a_team(demo_app):
    client, auth = logged_in(demo_app, "admin")
    resp = post_form(client, auth, "/admin/teams", name="  Team Väst ")
    assert resp.status_code == 303
    assert "Team Väst" in _team_names(demo_app)
    assert "Team Väst" in client.get("/admin/teams").get_data(as_text=True)


def test_duplicate_team_name_is_refused_and_the_typed_name_kept(demo_app):
    client, auth = logged_in(demo_app, "admin")
    resp = post_form(client, auth, "/admin/teams", name="BOSTAD FÖRST-TEAMET")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "Det finns redan ett team med det namnet." in html
    assert 'value="BOSTAD FÖRST-TEAMET"' in html
    assert _team_names(demo_app) == ["Bostad först-teamet"]


def test_empty_team_name_is_refused(demo_app):
    client, auth = logged_in(demo_app, "admin")
    resp = post_form(client, auth, "/admin/teams", name="   ")
    assert resp.status_code == 400
    assert _team_names(demo_app) == ["Bostad först-teamet"]
