"""`flask export participant UUID`: the full record as JSON, or a clear error."""
from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from core.models import (
    AuditEvent,
    NoteAddendum,
    Participant,
    SyncConflict,
    User,
    VisitNote,
    utcnow,
)
from webapp import export
from webapp.extensions import db


def _ali(app):
    with app.app_context():
        ali = db.session.execute(
            select(Participant).where(Participant.preferred_name == "Ali")).scalar_one()
        sara = db.session.execute(select(User).where(User.username == "sara")).scalar_one()
        note = VisitNote(participant_id=ali.id, author_id=sara.id, visit_date=date(2026, 1, 2),
                         body="Om grannen", status="signed", hidden_from_participant=True)
        db.session.add(note)
        db.session.flush()
        db.session.add_all([
            NoteAddendum(note_id=note.id, participant_id=ali.id, author_id=sara.id,
                         body="Rättelse"),
            SyncConflict(entity="goal", entity_uuid="g-1", participant_id=ali.id,
                         field="ownWords", base_version=1, base_value="a", server_value="b",
                         client_value={"text": "c"}, user_id=sara.id),
            AuditEvent(user_id=sara.id, action="participant.view", entity="participant",
                       entity_uuid=ali.uuid, participant_id=ali.id),
        ])
        db.session.commit()
        return ali.uuid, ali.id


def _export(app, *args, by="eva"):
    extra = ["--by", by] if by is not None else []
    return app.test_cli_runner().invoke(args=["export", "participant", *extra, *args])


def test_export_writes_the_whole_record_as_json(demo_app, tmp_path):
    uuid, pid = _ali(demo_app)
    out = tmp_path / "ali.json"
    result = _export(demo_app, uuid, "-o", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "bokvar-participant-export/1"
    assert data["participant"]["uuid"] == uuid and data["participant"]["preferred_name"] == "Ali"
    for key in ("tenancies", "plans", "goals", "steps", "self_ratings", "visit_notes",
                "note_addenda", "reviews", "follow_ups", "conflicts", "audit_events",
                "assignments"):
        assert data[key], key
        assert all(row["participant_id"] == pid for row in data[key]), key
    hidden = [n for n in data["visit_notes"] if n["hidden_from_participant"] is True]
    assert hidden and hidden[0]["body"] == "Om grannen"  # the full record, hidden notes too
    assert {n["status"] for n in data["visit_notes"]} >= {"signed", "submitted"}
    assert data["note_addenda"][0]["body"] == "Rättelse"
    assert data["conflicts"][0]["client_value"] == {"text": "c"}  # JSON stays JSON
    assert "participant.view" in {e["action"] for e in data["audit_events"]}
    assert {p["username"] for p in data["people"]} >= {"sara", "eva"}
    assert all("password_hash" not in p for p in data["people"])
    with demo_app.app_context():  # the export itself is a read, and is logged with who
        event = db.session.execute(select(AuditEvent).where(
            AuditEvent.action == "participant.export")).scalar_one()
        assert event.participant_id == pid
        assert db.session.get(User, event.user_id).username == "eva"


def test_export_file_is_readable_by_its_owner_only(demo_app, tmp_path):
    uuid, _ = _ali(demo_app)
    out = tmp_path / "ali.json"
    out.write_text("old")
    out.chmod(0o644)  # an existing file is tightened too
    assert _export(demo_app, uuid, "-o", str(out)).exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o600
    assert json.loads(out.read_text())["participant"]["uuid"] == uuid


def test_export_prints_to_standard_output_without_a_file(demo_app):
    uuid, _ = _ali(demo_app)
    result = _export(demo_app, uuid)
    assert result.exit_code == 0
    assert json.loads(result.output)["participant"]["uuid"] == uuid


def test_sqlalchemy_core_reader_gives_the_same_export(demo_app):
    uuid, _ = _ali(demo_app)
    with demo_app.app_context():
        with export.row_reader(db.engine) as read:
            via_sqlite_utils = export.collect(read, uuid)
        with export.row_reader(db.engine, prefer_sqlite_utils=False) as read:
            via_core = export.collect(read, uuid)
    assert via_core == via_sqlite_utils


def test_unknown_uuid_is_a_clear_error_with_exit_code_1(demo_app):
    result = _export(demo_app, "00000000-0000-4000-8000-000000000000")
    assert result.exit_code == 1
    assert "No participant with uuid 00000000-0000-4000-8000-000000000000" in result.output


def test_deleted_participant_is_a_clear_error_with_exit_code_1(demo_app, tmp_path):
    uuid, pid = _ali(demo_app)
    with demo_app.app_context():
        db.session.get(Participant, pid).deleted_at = utcnow()
        db.session.commit()
    out = tmp_path / "x.json"
    result = _export(demo_app, uuid, "-o", str(out))
    assert result.exit_code == 1 and "was deleted" in result.output
    assert not out.exists()


def test_export_names_who_answers_for_it(demo_app, tmp_path):
    uuid, _ = _ali(demo_app)
    out = tmp_path / "ali.json"
    result = _export(demo_app, uuid, "-o", str(out), by=None)
    assert result.exit_code == 2 and "--by" in result.output  # required
    for who, why in (("sara", "may not export"), ("kim", "may not export"),
                     ("nobody", "no active user")):
        result = _export(demo_app, uuid, "-o", str(out), by=who)
        assert result.exit_code == 1 and why in result.output, (who, result.output)
    assert not out.exists()
    assert _export(demo_app, uuid, "-o", str(out), by="admin").exit_code == 0
    with demo_app.app_context():
        events = db.session.execute(select(AuditEvent).where(
            AuditEvent.action == "participant.export")).scalars().all()
        assert [db.session.get(User, e.user_id).username for e in events] == ["admin"]


def test_a_team_lead_of_another_team_or_a_deactivated_lead_may_not_export(demo_app, tmp_path):
    uuid, _ = _ali(demo_app)
    with demo_app.app_context():
        eva = db.session.execute(select(User).where(User.username == "eva")).scalar_one()
        eva.active = False
        db.session.commit()
    result = _export(demo_app, uuid, by="eva")
    assert result.exit_code == 1 and "no active user" in result.output
    with demo_app.app_context():
        eva = db.session.execute(select(User).where(User.username == "eva")).scalar_one()
        eva.active, eva.team_id = True, None
        db.session.commit()
    result = _export(demo_app, uuid, by="eva")
    assert result.exit_code == 1 and "may not export" in result.output
