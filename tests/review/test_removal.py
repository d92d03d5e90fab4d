"""Safe removal of a worker from a participant: confirmation first, undo after, and
what the worker's phone had not synced is refused (kept on the phone) and counted
for the lead."""
from __future__ import annotations

import re
import uuid as uuidlib

from sqlalchemy import select

from core.models import Assignment, AuditEvent
from tests.admin.helpers import logged_in
from tests.api.conftest import ApiClient
from tests.review.helpers import participant, user
from webapp.extensions import db


def _ids(app, name="Kim", worker="sara"):
    with app.app_context():
        return participant(name).uuid, user(worker).uuid


def _live(app, name="Kim", worker="sara"):
    with app.app_context():
        p, u = participant(name), user(worker)
        return db.session.execute(select(Assignment).where(
            Assignment.participant_id == p.id, Assignment.user_id == u.id)).scalar_one()


def _post(client, auth, path, **data):
    data["csrf_token"] = auth.csrf_token("/team")
    return client.post(path, data=data)


def test_a_removal_without_confirmation_changes_nothing_and_asks_first(demo_app):
    kim, sara = _ids(demo_app)
    eva, auth = logged_in(demo_app, "eva")
    team = eva.get("/team").get_data(as_text=True)
    # The team page links to the confirmation; it holds no form that removes at once.
    assert f"/team/unassign?participant={kim}&amp;user={sara}" in team
    resp = _post(eva, auth, "/team/unassign", participant=kim, user=sara)
    assert resp.status_code == 303 and "/team/unassign?" in resp.headers["Location"]
    assert _live(demo_app).deleted_at is None

    page = eva.get(f"/team/unassign?participant={kim}&user={sara}").get_data(as_text=True)
    assert "Ta bort Sara Lind som boendestödjare för Kim?" in page
    assert "Telefonen behåller det, med texten" in page
    assert "Kim har då ingen boendestödjare." in page
    assert 'name="confirm" type="hidden" value="1"' in page
    assert _live(demo_app).deleted_at is None


def test_a_confirmed_removal_can_be_undone_on_the_same_row(demo_app):
    kim, sara = _ids(demo_app)
    before = _live(demo_app)
    eva, auth = logged_in(demo_app, "eva")
    resp = _post(eva, auth, "/team/unassign", participant=kim, user=sara, confirm="1")
    assert resp.status_code == 303
    removed = _live(demo_app)
    assert removed.deleted_at is not None and removed.version > before.version
    team = eva.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Sara Lind är inte längre boendestödjare för Kim." in team
    match = re.search(r'name="assignment" value="([^"]+)"', team)
    assert match and match.group(1) == before.uuid

    resp = _post(eva, auth, "/team/restore", assignment=before.uuid)
    assert resp.status_code == 303
    restored = _live(demo_app)
    assert restored.id == before.id and restored.deleted_at is None
    assert restored.version > removed.version  # the phone gets Kim back at its next pull
    assert "Ångrat: Sara Lind är boendestödjare för Kim igen." in eva.get("/team").get_data(
        as_text=True)
    with demo_app.app_context():
        actions = db.session.execute(select(AuditEvent.action).where(
            AuditEvent.entity_uuid == before.uuid)).scalars().all()
    assert actions == ["assignment.delete", "assignment.restore"]


def test_undo_is_refused_for_another_teams_or_a_live_assignment(demo_app):
    eva, auth = logged_in(demo_app, "eva")
    live = _live(demo_app)
    assert _post(eva, auth, "/team/restore", assignment=live.uuid).status_code == 404
    assert _post(eva, auth, "/team/restore", assignment=str(uuidlib.uuid4())).status_code == 404
    sara, sara_auth = logged_in(demo_app, "sara")
    assert _post(sara, sara_auth, "/team/restore", assignment=live.uuid).status_code == 403


def test_what_the_phone_had_not_synced_is_refused_and_the_lead_sees_it(demo_app):
    kim, sara = _ids(demo_app)
    phone = ApiClient(demo_app, "sara")
    assert phone.pull().status_code == 200  # the phone has synced Kim before
    eva, auth = logged_in(demo_app, "eva")
    assert "Ändringar som servern nekade" not in eva.get("/team").get_data(as_text=True)
    _post(eva, auth, "/team/unassign", participant=kim, user=sara, confirm="1")

    note = str(uuidlib.uuid4())
    resp = phone.push({"name": "note.create", "args": {
        "uuid": note, "participant": kim, "visitDate": "2026-01-05",
        "body": "Skrivet i trapphuset utan täckning"}})
    [result] = resp.get_json()["results"]
    assert result["status"] == "error" and result["error"]["code"] == "not_in_caseload"

    team = eva.get("/team").get_data(as_text=True)
    section = team[team.index("Ändringar som servern nekade"):]
    assert "Sara Lind" in section and "1 ändring togs inte emot" in section
    assert "trapphuset" not in team  # the count only, never the text
