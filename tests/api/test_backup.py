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
    assert page["patch"][0] == {"op": "clear"}  # the cookie is of the epoch before the restore
    with demo_app.app_context():
        from core.models import VisitNote
        assert db.session.execute(select(func.count()).select_from(VisitNote).where(
            VisitNote.uuid == note["args"]["uuid"])).scalar() == 0


# --- after a restore: the phone's journal replayed, a cookie of the undone history ------

def _backup(app, out) -> None:
    assert app.test_cli_runner().invoke(args=["backup", "-o", str(out)]).exit_code == 0


def _restore(app, out) -> None:
    assert app.test_cli_runner().invoke(args=["restore", str(out), "--yes"]).exit_code == 0


def _note(participant: str, n: int) -> dict:
    return {"name": "note.create", "args": {"uuid": f"7e57aa00-0000-4000-8000-{n:012d}",
                                            "participant": participant,
                                            "visitDate": "2024-05-02", "body": f"Skrivet {n}"}}


def _notes(app, *numbers: int) -> list[int]:
    """How many times each numbered note exists on the server."""
    from core.models import VisitNote

    with app.app_context():
        return [db.session.execute(select(func.count()).select_from(VisitNote).where(
            VisitNote.uuid == f"7e57aa00-0000-4000-8000-{n:012d}")).scalar() for n in numbers]


def _push(api, entries: list[tuple[int, dict]], **envelope):
    resp = api.post("/api/sync/push", api.envelope(
        mutations=[{"id": i, **m} for i, m in entries], **envelope))
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp.get_json()


def test_a_journal_replayed_after_a_restore_applies_each_confirmed_write_once(make_api, demo_app,
                                                                            tmp_path):
    api = make_api("sara")
    participant = next(o["key"] for o in api.pull_all()[0] if o.get("entity") == "participant")
    _push(api, [(1, _note(participant, 1))])
    out = tmp_path / "copy.backup"
    _backup(demo_app, out)
    refused = {"name": "note.create", "args": {"uuid": "not-a-uuid"}}
    done = _push(api, [(2, refused), (3, _note(participant, 3)), (4, _note(participant, 4))])
    assert done["lastMutationID"] == 4 and done["results"][0]["status"] == "error"
    _restore(demo_app, out)

    phone = make_api("sara")
    phone.client_id = api.client_id  # the same phone, logged in again
    assert _notes(demo_app, 1, 3, 4) == [1, 0, 0]  # the control: the restore lost 3 and 4
    # Its unconfirmed entry alone meets a gap: nothing is applied, lastMutationID is behind.
    behind = _push(phone, [(5, _note(participant, 5))])
    assert behind == {"lastMutationID": 1, "results": []}
    # The replay: the journal (2 was refused, so it is not re-sent) and the outbox after it.
    journal = [(3, _note(participant, 3)), (4, _note(participant, 4))]
    replay = _push(phone, journal + [(5, _note(participant, 5))], confirmedThrough=4)
    assert replay["lastMutationID"] == 5
    assert [r["status"] for r in replay["results"]] == ["applied"] * 3
    again = _push(phone, journal + [(5, _note(participant, 5))], confirmedThrough=4)
    assert [r["status"] for r in again["results"]] == ["skipped"] * 3
    assert _notes(demo_app, 1, 3, 4, 5) == [1, 1, 1, 1]
    _, pulled = phone.pull_all()
    assert pulled["lastMutationID"] == 5


def test_a_replay_whose_journal_lost_its_last_entries_still_lets_the_queue_through(make_api,
                                                                                  demo_app,
                                                                                  tmp_path):
    api = make_api("sara")
    participant = next(o["key"] for o in api.pull_all()[0] if o.get("entity") == "participant")
    out = tmp_path / "copy.backup"
    _backup(demo_app, out)
    _push(api, [(1, _note(participant, 1)), (2, _note(participant, 2))])
    _restore(demo_app, out)
    phone = make_api("sara")
    phone.client_id = api.client_id
    # The journal no longer holds 1 and 2 (pruned): the outbox's 3 comes through all the same.
    replay = _push(phone, [(3, _note(participant, 3))], confirmedThrough=2)
    assert replay["lastMutationID"] == 3 and _notes(demo_app, 1, 2, 3) == [0, 0, 1]
    # A stale confirmedThrough (below lastMutationID) changes nothing: a resend is skipped.
    stale = _push(phone, [(3, _note(participant, 3)), (4, _note(participant, 4))],
                  confirmedThrough=1)
    assert [r["status"] for r in stale["results"]] == ["skipped", "applied"]
    assert _notes(demo_app, 3, 4) == [1, 1]


def test_a_cookie_from_before_a_restore_starts_over_even_once_the_version_passed_it(
        make_api, demo_app, tmp_path):
    api = make_api("sara")
    participant = next(o["key"] for o in api.pull_all()[0] if o.get("entity") == "participant")
    out = tmp_path / "copy.backup"
    _backup(demo_app, out)
    _push(api, [(1, _note(participant, 1))])
    _, ahead = api.pull_all()  # a cookie at a version the restore undoes
    _restore(demo_app, out)
    other = make_api("sara")  # another phone writes: the version passes the old cookie's
    _push(other, [(1, _note(participant, 11)), (2, _note(participant, 12))])
    _push(other, [(3, _note(participant, 13))])
    page = api.pull(ahead["cookie"]).get_json()
    assert page["patch"][0] == {"op": "clear"}
    notes = {o["key"] for o in page["patch"] if o.get("entity") == "note"}
    assert {f"7e57aa00-0000-4000-8000-{n:012d}" for n in (11, 12, 13)} <= notes
    assert "7e57aa00-0000-4000-8000-000000000001" not in notes


def test_a_restore_starts_a_new_sync_epoch_each_time(demo_app, tmp_path):
    from core.models import current_epoch

    out = tmp_path / "copy.backup"
    _backup(demo_app, out)
    epochs = []
    for _ in range(2):
        _restore(demo_app, out)
        with demo_app.app_context():
            epochs.append(current_epoch(db.session)[1])
    assert all(epochs) and epochs[0] != epochs[1]


def test_a_replayed_edit_made_against_the_undone_history_conflicts_with_a_later_one(
        make_api, demo_app, tmp_path):
    """Versions never go back across a restore: an edit the phone re-sends, made
    against a version of the undone history, meets a newer stamp and conflicts with
    the change made after the restore instead of overwriting it."""
    from core.models import Goal, SyncConflict, current_version

    phone = make_api("sara")
    participant = next(o["key"] for o in phone.pull_all()[0] if o.get("entity") == "participant")
    goal = "7e57aa00-0000-4000-8000-00000000000a"

    def version_of(api) -> int:
        return next(o["value"]["version"] for o in api.pull_all()[0]
                    if o.get("entity") == "goal" and o["key"] == goal)

    def update(words: str, base: int) -> dict:
        return {"name": "goal.update", "args": {"uuid": goal, "ownWords": words},
                "baseVersion": base, "changedFields": ["ownWords"]}

    _push(phone, [(1, {"name": "goal.create", "args": {
        "uuid": goal, "participant": participant, "lifeArea": "home", "ownWords": "Före"}})])
    restored_version = version_of(phone)
    out = tmp_path / "copy.backup"
    _backup(demo_app, out)
    _push(phone, [(2, update("Telefonen 1", restored_version))])
    lost_base = version_of(phone)  # a version the restore undoes
    _push(phone, [(3, update("Telefonen 2", lost_base))])
    with demo_app.app_context():
        reached = current_version(db.session())
    _restore(demo_app, out)
    with demo_app.app_context():
        assert current_version(db.session()) == reached  # the counter did not go back

    other = make_api("sara")  # another phone, after the restore, at the restored version
    assert version_of(other) == restored_version
    _push(other, [(1, update("Surfplattan", restored_version))])
    replay = _push(phone, [(2, update("Telefonen 1", restored_version)),
                           (3, update("Telefonen 2", lost_base))], confirmedThrough=3)
    assert [r["status"] for r in replay["results"]] == ["conflict", "conflict"]
    with demo_app.app_context():
        row = db.session.execute(select(Goal).where(Goal.uuid == goal)).scalar_one()
        assert row.own_words == "Surfplattan"
        assert db.session.execute(select(func.count()).select_from(SyncConflict).where(
            SyncConflict.entity_uuid == goal)).scalar() == 2


# --- devices: a revocation is not undone, a newer device keeps its key ----------------

def _device(app, client_id: str, username: str = "sara", **values) -> None:
    from core.models import Device, User

    with app.app_context():
        user = db.session.execute(select(User).where(User.username == username)).scalar_one()
        db.session.add(Device(client_id=client_id, user_id=user.id, **values))
        db.session.commit()


def _devices(app) -> dict[str, tuple]:
    from core.models import Device

    with app.app_context():
        return {d.client_id: (d.label, d.key_secret, d.revoked_at is not None,
                              d.revoked_by.username if d.revoked_by else None, d.last_mutation_id)
                for d in db.session.execute(select(Device)).scalars()}


def test_a_restore_keeps_revocations_and_the_keys_of_devices_registered_since(demo_app,
                                                                              tmp_path):
    from core.models import Device, User, utcnow

    lost, older, newer = (f"0000dev{n}-0000-4000-8000-000000000000" for n in (1, 2, 3))
    _device(demo_app, lost, label="Jobbmobilen", key_secret="a" * 64, last_mutation_id=7)
    _device(demo_app, older, label="Surfplattan", key_secret="b" * 64, last_mutation_id=3)
    out = tmp_path / "copy.backup"
    _backup(demo_app, out)
    with demo_app.app_context():  # after the backup: the phone is lost and revoked ...
        admin = db.session.execute(select(User).where(User.username == "admin")).scalar_one()
        device = db.session.execute(select(Device).where(Device.client_id == lost)).scalar_one()
        device.revoked_at, device.revoked_by_id, device.last_mutation_id = utcnow(), admin.id, 9
        db.session.commit()
    # ... and a new one is registered, its store wrapped by its own key
    _device(demo_app, newer, label="Nya mobilen", key_secret="c" * 64, last_mutation_id=4)
    assert _devices(demo_app)[lost][2]

    _restore(demo_app, out)
    devices = _devices(demo_app)
    # revoked stays revoked; the mutation id is the restored one (the journal's cue)
    assert devices[lost] == ("Jobbmobilen", "a" * 64, True, "admin", 7)
    assert devices[older] == ("Surfplattan", "b" * 64, False, None, 3)
    # the newer device keeps its name and key, and starts from 0: it re-sends everything
    assert devices[newer] == ("Nya mobilen", "c" * 64, False, None, 0)


def test_a_device_of_a_user_created_after_the_backup_is_gone_with_the_user(demo_app, tmp_path):
    from core.models import User

    out = tmp_path / "copy.backup"
    _backup(demo_app, out)
    with demo_app.app_context():
        db.session.add(User(username="ny", display_name="Ny Person", role="case_manager",
                            password_hash="x"))
        db.session.commit()
    _device(demo_app, "0000dev9-0000-4000-8000-000000000000", username="ny", label="Hennes")
    _restore(demo_app, out)
    assert "0000dev9-0000-4000-8000-000000000000" not in _devices(demo_app)
