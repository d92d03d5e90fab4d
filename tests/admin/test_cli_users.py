"""`flask users create` and `flask users list`, password typed at the prompt."""
from __future__ import annotations

from sqlalchemy import func, select

from core.models import Team, User
from webapp.auth.passwords import verify_password
from webapp.extensions import db

PASSWORD = "ett långt lösenord"


def _create(app, *args, password_input=f"{PASSWORD}\n{PASSWORD}\n"):
    return app.test_cli_runner().invoke(args=["users", "create", *args], input=password_input)


def _user(app, username):
    with app.app_context():
        user = db.session.execute(select(User).where(User.username == username)).scalar_one()
        team = user.team.name if user.team else None
        db.session.expunge(user)
        return user, team


def test_create_hashes_the_prompted_password_with_argon2id(app):
    result = _create(app, "Lena", "--name", "Lena Holm", "--role", "case_manager",
                     "--team", "Team Väst")
    assert result.exit_code == 0, result.output
    assert "created case_manager lena" in result.output
    assert PASSWORD not in result.output  # the prompt hides what is typed
    user, team = _user(app, "lena")  # usernames are stored in lower case
    assert (user.display_name, user.role, user.locale, team) == (
        "Lena Holm", "case_manager", "sv", "Team Väst")
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, PASSWORD)


def test_mismatched_confirmation_asks_again(app):
    typed = "forsta-forsoket\nandra-forsoket\nlosenordet-nu\nlosenordet-nu\n"
    result = _create(app, "lena", "--role", "admin", password_input=typed)
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output
    user, team = _user(app, "lena")
    assert verify_password(user.password_hash, "losenordet-nu") and team is None


def test_short_password_is_refused(app):
    result = _create(app, "lena", "--role", "admin", password_input="kort\nkort\n")
    assert result.exit_code != 0
    assert "at least 10 characters" in result.output
    with app.app_context():
        assert db.session.execute(select(func.count(User.id))).scalar_one() == 0


def test_existing_username_is_refused(app):
    assert _create(app, "lena", "--role", "admin").exit_code == 0
    result = _create(app, "LENA", "--role", "case_manager", "--team", "T")
    assert result.exit_code == 1 and "already exists" in result.output
    with app.app_context():
        assert db.session.execute(select(func.count(User.id))).scalar_one() == 1


def test_existing_team_is_reused(app):
    _create(app, "lena", "--role", "case_manager", "--team", "Team Väst")
    _create(app, "nils", "--role", "team_lead", "--team", "Team Väst")
    with app.app_context():
        assert db.session.execute(select(func.count(Team.id))).scalar_one() == 1


def test_unknown_role_is_a_usage_error(app):
    result = _create(app, "lena", "--role", "boss")
    assert result.exit_code == 2 and "Invalid value for '--role'" in result.output


def test_list_shows_usernames_roles_and_state(app):
    _create(app, "lena", "--role", "admin")
    result = app.test_cli_runner().invoke(args=["users", "list"])
    assert result.exit_code == 0
    assert result.output.splitlines() == ["lena\tadmin\tactive"]


def _no_users(app):
    with app.app_context():
        return db.session.execute(select(func.count(User.id))).scalar_one() == 0


def test_username_follows_the_admin_pages_rule_and_fits_its_column(app):
    for bad in ("x" * 65, "lena holm", "l", ".lena", "\u0130" * 2):
        result = _create(app, bad, "--role", "admin")
        assert result.exit_code == 2 and "a-z 0-9" in result.output, bad
    assert _no_users(app)


def test_name_and_team_longer_than_their_columns_are_refused(app):
    assert _create(app, "lena", "--role", "admin", "--name", "N" * 121).exit_code == 2
    assert _create(app, "lena", "--role", "case_manager", "--team", "T" * 121).exit_code == 2
    assert _no_users(app)


def test_team_roles_need_a_team_as_on_the_admin_pages(app):
    for role in ("case_manager", "team_lead"):
        result = _create(app, "lena", "--role", role)
        assert result.exit_code == 2 and "needs --team" in result.output
    assert _no_users(app)


def test_participant_accounts_are_made_only_with_an_invite_code(app):
    result = _create(app, "lena", "--role", "participant", "--team", "Bostad först-teamet")
    assert result.exit_code == 2 and "participant" in result.output
    assert _no_users(app)

