"""The participant page, the participant's own page, and who may see them."""
from __future__ import annotations

from datetime import timedelta

from core.clock import team_today
from core.models import AuditEvent, FollowUp, Goal, Review, Tenancy, VisitNote
from tests.participants.helpers import add_rows, ids, sv_date


def test_participant_page_shows_tenancy_history_plan_notes_and_followups(
        client, auth, casework):
    dragan = casework.participant("Dragan")
    auth.login("sara")
    html = client.get(f"/participants/{dragan.uuid}").get_data(as_text=True)
    current = casework.one(Tenancy, participant_id=dragan.id, end_date=None)
    assert current.address in html and current.landlord in html
    assert "Andrahandskontrakt" in html
    assert sv_date(current.start_date) in html and sv_date(current.first_hand_eligible_on) in html
    assert "1 tidigare boende" in html  # history, with the end reason and comment
    assert "Flyttade inom Bostad först" in html and "Ville bo närmare sin dotter." in html
    assert "Genomförandeplan" in html
    own_words = "Jag vill att lägenheten ska kännas som mitt hem."
    assert f'<blockquote class="own-words">{own_words}' in html
    assert "Då vågar jag bjuda hit min son." in html and "Köpa gardiner" in html
    assert "Besöksanteckningar" in html and "badge-signed" in html
    assert "Uppföljningar" in html and "Förnya biståndsbeslut" in html


def test_viewing_a_participant_writes_one_audit_event(demo_app, client, auth, casework):
    ali = casework.participant("Ali")
    auth.login("sara")
    assert client.get(f"/participants/{ali.uuid}").status_code == 200
    (event,) = casework.all(AuditEvent, action="participant.view")
    assert (event.entity, event.entity_uuid, event.participant_id) == (
        "participant", ali.uuid, ali.id)
    assert event.user_id == ids(demo_app, "sara")


def test_participant_page_is_never_cached(client, auth, casework):
    auth.login("sara")
    resp = client.get(f"/participants/{casework.participant('Ali').uuid}")
    assert resp.headers["Cache-Control"] == "no-store"


def test_another_case_managers_participant_is_not_found(client, auth, casework):
    auth.login("sara")
    fatima = casework.participant("Fatima")
    assert client.get(f"/participants/{fatima.uuid}").status_code == 404
    assert client.get("/participants/00000000-0000-4000-8000-000000000000").status_code == 404
    assert client.get("/participants/not-a-uuid").status_code == 404
    assert casework.count(AuditEvent, action="participant.view") == 0


def test_others_drafts_are_not_listed_but_own_drafts_are(demo_app, client, auth, casework):
    ali = ids(demo_app, name="Ali")
    mine, theirs = add_rows(
        demo_app,
        VisitNote(participant_id=ali, author_id=ids(demo_app, "sara"), visit_date=team_today(),
                  status="draft", participant_topics="Mitt utkast"),
        VisitNote(participant_id=ali, author_id=ids(demo_app, "omar"), visit_date=team_today(),
                  status="draft", participant_topics="Omars utkast"),
    )
    auth.login("sara")
    html = client.get(f"/participants/{casework.participant('Ali').uuid}").get_data(as_text=True)
    assert mine in html and "Mitt utkast" in html
    assert theirs not in html and "Omars utkast" not in html


def test_open_followups_come_overdue_first_and_done_ones_are_collapsed(
        demo_app, client, auth, casework):
    kim = ids(demo_app, name="Kim")
    sara = ids(demo_app, "sara")
    today = team_today()
    add_rows(demo_app, FollowUp(participant_id=kim, kind="other", title="Långt försenad",
                                due_on=today - timedelta(days=90), assignee_id=sara),
             FollowUp(participant_id=kim, kind="other", title="Redan gjord",
                      due_on=today - timedelta(days=5), done_on=today, outcome="Gick bra",
                      assignee_id=sara))
    auth.login("sara")
    html = client.get(f"/participants/{casework.participant('Kim').uuid}").get_data(as_text=True)
    section = html.split('id="followups-h"')[1].split("</section>")[0]
    open_part, done_part = section.split("<details")
    assert open_part.index("Långt försenad") < open_part.index("Hembesök")
    assert "Redan gjord" in done_part and "Gick bra" in done_part
    assert "Redan gjord" not in open_part


def test_goal_text_is_shown_verbatim_and_escaped(demo_app, client, auth, casework):
    words = "  Jag <b>vill</b> ha\nen hund & en katt  "
    ali = casework.participant("Ali")
    plan_id = casework.one(Goal, participant_id=ali.id).plan_id
    add_rows(demo_app, Goal(plan_id=plan_id, participant_id=ali.id, life_area="home",
                            own_words=words))
    auth.login("sara")
    html = client.get(f"/participants/{ali.uuid}").get_data(as_text=True)
    assert ('<blockquote class="own-words">  Jag &lt;b&gt;vill&lt;/b&gt; ha\n'
            'en hund &amp; en katt  </blockquote>') in html


def test_participant_sees_own_page_without_hidden_notes_drafts_or_reviews(
        demo_app, client, auth, casework):
    kim = casework.participant("Kim")
    sara, eva = ids(demo_app, "sara"), ids(demo_app, "eva")
    hidden, draft, signed = add_rows(
        demo_app,
        VisitNote(participant_id=kim.id, author_id=sara, visit_date=team_today(),
                  status="signed", hidden_from_participant=True, participant_topics="Dold"),
        VisitNote(participant_id=kim.id, author_id=sara, visit_date=team_today(),
                  status="draft", participant_topics="Utkastet"),
        VisitNote(participant_id=kim.id, author_id=sara, visit_date=team_today(),
                  status="signed", participant_topics="Synlig för Kim"),
    )
    note_id = casework.one(VisitNote, uuid=signed).id
    add_rows(demo_app, Review(note_id=note_id, participant_id=kim.id, reviewer_id=eva,
                              decision="signed", comment="Intern granskning"))
    auth.login("kim")
    resp = client.get("/me")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store"
    assert "Synlig för Kim" in html and signed in html
    assert hidden not in html and draft not in html and "Utkastet" not in html
    assert "Skriv besöksanteckning" not in html  # no worker actions
    assert "Intern granskning" not in client.get(f"/notes/{signed}").get_data(as_text=True)
    assert client.get(f"/notes/{hidden}").status_code == 404
    views = casework.all(AuditEvent, action="participant.view")
    assert [(e.participant_id, e.user_id) for e in views] == [(kim.id, ids(demo_app, "kim"))]


def test_participant_cannot_open_another_participants_page(client, auth, casework):
    auth.login("kim")
    assert client.get(f"/participants/{casework.participant('Ali').uuid}").status_code == 404


def test_case_manager_visiting_my_page_is_sent_to_their_home(demo_app, client, auth):
    from flask import url_for

    from webapp.auth.routes import HOME_BY_ROLE

    auth.login("sara")
    resp = client.get("/me")
    with demo_app.test_request_context():
        home = url_for(HOME_BY_ROLE["case_manager"])
    assert resp.status_code == 302 and resp.headers["Location"] == home


def test_team_lead_sees_any_participant_of_the_team(client, auth, casework):
    auth.login("eva")
    assert client.get(f"/participants/{casework.participant('Fatima').uuid}").status_code == 200
    assert client.get(f"/participants/{casework.participant('Marko').uuid}").status_code == 200

