"""flask backup / restore: a consistent copy while the app runs (SQLite's online
backup API, pg_dump on PostgreSQL), a restore that puts the database back as it
was, and a phone that reconnects to the restored server starting over."""
from __future__ import annotations

import stat

from sqlalchemy import func, select

from core.models import Team
from webapp.extensions import db


def _teams(app) -> set[str]:
    with app.app_context():
        return set(db.session.execute(select(Team.name)).scalars())


def _add_team(app, name: str) -> None:
    with app.app_context():
        db.session.add(Team(name=name))
        db.session.commit()


def test_backup_then_restore_puts_the_database_back(demo_app, tmp_path):
    runner = demo_app.test_cli_runner()
    _add_team(demo_app, "Före kopian")
    out = tmp_path / "copy.backup"
    result = runner.invoke(args=["backup", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    _add_team(demo_app, "Efter kopian")
    assert {"Före kopian", "Efter kopian"} <= _teams(demo_app)
    result = runner.invoke(args=["restore", str(out), "--yes"])
    assert result.exit_code == 0, result.output
    teams = _teams(demo_app)
    assert "Före kopian" in teams and "Efter kopian" not in teams


def test_restore_asks_before_replacing(demo_app, tmp_path):
    runner = demo_app.test_cli_runner()
    out = tmp_path / "copy.backup"
    assert runner.invoke(args=["backup", "-o", str(out)]).exit_code == 0
    _add_team(demo_app, "Kvar")
    result = runner.invoke(args=["restore", str(out)], input="n\n")
    assert result.exit_code != 0 and "Kvar" in _teams(demo_app)


def test_a_phone_that_synced_after_the_backup_starts_over_on_the_restored_server(
        make_api, demo_app, tmp_path):
    api = make_api("sara")
    _, first = api.pull_all()
    out = tmp_path / "copy.backup"
    assert demo_app.test_cli_runner().invoke(args=["backup", "-o", str(out)]).exit_code == 0
    participant = next(o["key"] for o in api.pull_all()[0] if o.get("entity") == "participant")
    note = {"name": "note.create", "args": {"uuid": "7e57aa00-0000-4000-8000-000000000001",
                                            "participant": participant,
                                            "visitDate": "2024-05-02", "body": "Efter"}}
    assert api.push(note).status_code == 200
    _, after = api.pull_all(first["cookie"])
    assert after["lastMutationID"] == 1
    assert demo_app.test_cli_runner().invoke(args=["restore", str(out), "--yes"]).exit_code == 0
    api = make_api("sara")  # the restored server has no session from after the backup
    page = api.pull(after["cookie"]).get_json()
    assert page["patch"][0] == {"op": "clear"}  # the cookie is newer than the database
    with demo_app.app_context():
        from core.models import VisitNote
        assert db.session.execute(select(func.count()).select_from(VisitNote).where(
            VisitNote.uuid == note["args"]["uuid"])).scalar() == 0
