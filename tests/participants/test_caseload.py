"""The caseload at /: who is on it, what is next, how long since a visit."""
from __future__ import annotations

from datetime import timedelta

from core.clock import team_today
from core.models import Assignment, FollowUp, Participant, VisitNote
from tests.participants.helpers import add_rows, ids, sv_date, team_of


def _item(html: str, name: str) -> str:
    """The caseload entry (an <li>) holding this name."""
    for chunk in html.split('<li class="caseload-item')[1:]:
        if f">{name}</a>" in chunk:
            return chunk.split("</li>")[0]
    raise AssertionError(f"{name} is not on the caseload")


def _names_in_order(html: str) -> list[str]:
    return [c.split('class="person-link"')[1].split(">")[1].split("<")[0]
            for c in html.split('<li class="caseload-item')[1:]]


def _nora(demo_app):
    """A participant of sara's with known follow-ups and visit notes."""
    today = team_today()
    (uuid,) = add_rows(demo_app, Participant(preferred_name="Nora", team_id=team_of(demo_app),
                                             joined_on=today - timedelta(days=100)))
    nora = ids(demo_app, name="Nora")
    sara, omar = ids(demo_app, "sara"), ids(demo_app, "omar")
    add_rows(
        demo_app,
        Assignment(participant_id=nora, user_id=sara),
        FollowUp(participant_id=nora, kind="landlord_checkin", title="Ring värden",
                 due_on=today - timedelta(days=30), assignee_id=sara),
        FollowUp(participant_id=nora, kind="visit", due_on=today + timedelta(days=3),
                 assignee_id=sara),
        FollowUp(participant_id=nora, kind="visit", due_on=today - timedelta(days=60),
                 assignee_id=sara, done_on=today - timedelta(days=59)),
        VisitNote(participant_id=nora, author_id=sara, visit_date=today - timedelta(days=5),
                  body="Besök", status="signed"),
        # Someone else's draft is not a visit sara can see: it does not count.
        VisitNote(participant_id=nora, author_id=omar, visit_date=today - timedelta(days=1),
                  body="Utkast", status="draft"),
    )
    return uuid


def test_caseload_shows_only_the_participants_assigned_to_the_case_manager(client, auth):
    auth.login("sara")
    html = client.get("/").get_data(as_text=True)
    assert set(_names_in_order(html)) == {"Kim", "Ali", "Birgitta", "Conny", "Dragan", "Elin"}
    assert "Fatima" not in html and "Marko" not in html


def test_caseload_shows_next_open_followup_and_days_since_last_visit(demo_app, client, auth):
    uuid = _nora(demo_app)
    auth.login("sara")
    html = client.get("/").get_data(as_text=True)
    item = _item(html, "Nora")
    assert f'href="/participants/{uuid}"' in item
    assert sv_date(team_today() - timedelta(days=30)) in item
    assert "Avstämning med hyresvärden" in item
    assert item.startswith(" is-overdue") and "Försenad" in item
    assert "för 5 dagar sedan" in item


def test_most_overdue_participant_comes_first(demo_app, client, auth):
    _nora(demo_app)
    auth.login("sara")
    assert _names_in_order(client.get("/").get_data(as_text=True))[0] == "Nora"


def test_own_draft_counts_as_the_latest_visit(demo_app, client, auth):
    _nora(demo_app)
    add_rows(demo_app, VisitNote(participant_id=ids(demo_app, name="Nora"),
                                 author_id=ids(demo_app, "sara"),
                                 visit_date=team_today() - timedelta(days=2), status="draft"))
    auth.login("sara")
    assert "för 2 dagar sedan" in _item(client.get("/").get_data(as_text=True), "Nora")


def test_participant_without_notes_or_followups_says_so(demo_app, client, auth):
    add_rows(demo_app, Participant(preferred_name="Olle", team_id=team_of(demo_app),
                                   joined_on=team_today()))
    add_rows(demo_app, Assignment(participant_id=ids(demo_app, name="Olle"),
                                  user_id=ids(demo_app, "sara")))
    auth.login("sara")
    item = _item(client.get("/").get_data(as_text=True), "Olle")
    assert "ingen planerad" in item and "ingen ännu" in item


def test_paused_and_left_participants_show_their_status_and_left_comes_last(
        demo_app, client, auth):
    from webapp.extensions import db

    with demo_app.app_context():
        conny = db.session.get(Participant, ids(demo_app, name="Conny"))
        conny.status = "left"
        db.session.commit()
    auth.login("sara")
    html = client.get("/").get_data(as_text=True)
    assert "Pausat stödet (eget val)" in _item(html, "Elin")
    assert "Avslutat insatsen" in _item(html, "Conny")
    assert _names_in_order(html)[-1] == "Conny"


def test_team_lead_sees_the_whole_teams_participants(client, auth):
    auth.login("eva")
    html = client.get("/").get_data(as_text=True)
    assert "Teamets deltagare" in html
    assert {"Ali", "Fatima", "Marko"} <= set(_names_in_order(html))


def test_participant_and_admin_are_sent_to_their_own_home(client, auth):
    auth.login("kim")
    resp = client.get("/")  # their own plan, in the field app (offline too)
    assert resp.status_code == 302 and resp.headers["Location"] == "/app/"


def test_caseload_is_not_cached(client, auth):
    auth.login("sara")
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_caseload_and_participant_page_render_in_english(demo_app, client, auth, casework):
    from core.models import User
    from webapp.extensions import db

    with demo_app.app_context():
        db.session.execute(db.update(User).where(User.username == "sara").values(locale="en"))
        db.session.commit()
    auth.login("sara")
    html = client.get("/").get_data(as_text=True)
    assert "My participants" in html and "Next follow-up:" in html and "Nästa" not in html
    page = client.get(f"/participants/{casework.participant('Dragan').uuid}")
    html = page.get_data(as_text=True)
    assert "Implementation plan" in html and "Second-hand lease" in html
    assert "Genomförandeplan" not in html
