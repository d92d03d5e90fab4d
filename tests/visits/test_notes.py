"""Visit notes: draft → submitted, who may edit, signed notes and addenda."""
from __future__ import annotations

from datetime import timedelta

from core.clock import team_today
from core.models import AuditEvent, NoteAddendum, Review, VisitNote
from tests.participants.helpers import BAD_UUIDS, add_rows, ids


def _form(**overrides):
    data = {"visit_date": team_today().isoformat(), "kind": "home_visit",
            "participant_topics": "Grannen", "body": "Vi drack kaffe.", "next_steps": "Ringa"}
    return {**data, **overrides}


def _note(app, name="Ali", author="sara", status="draft", **extra):
    (uuid,) = add_rows(app, VisitNote(participant_id=ids(app, name=name),
                                      author_id=ids(app, author), visit_date=team_today(),
                                      body="Text", status=status, **extra))
    return uuid


def test_note_is_saved_as_a_draft_and_then_submitted(demo_app, client, auth, casework):
    ali = casework.participant("Ali")
    auth.login("sara")
    resp = casework.post(f"/participants/{ali.uuid}/notes/new", _form(save="1"))
    note = casework.all(VisitNote, participant_id=ali.id, status="draft")[-1]
    assert resp.status_code == 302 and resp.headers["Location"] == f"/notes/{note.uuid}"
    assert (note.body, note.participant_topics, note.next_steps) == (
        "Vi drack kaffe.", "Grannen", "Ringa")
    assert note.author_id == ids(demo_app, "sara")
    assert note.submitted_at is None and not note.hidden_from_participant
    resp = casework.post(f"/notes/{note.uuid}/submit", {}, token_from=f"/notes/{note.uuid}")
    assert resp.status_code == 302
    note = casework.one(VisitNote, uuid=note.uuid)
    assert note.status == "submitted" and note.submitted_at is not None
    actions = [e.action for e in casework.all(AuditEvent, entity_uuid=note.uuid)]
    assert {"note.create", "note.submit"} <= set(actions)


def test_note_can_be_submitted_straight_from_the_form(client, auth, casework):
    ali = casework.participant("Ali")
    auth.login("sara")
    casework.post(f"/participants/{ali.uuid}/notes/new",
                  _form(send="1", hidden_from_participant="y"))
    note = casework.all(VisitNote, participant_id=ali.id, status="submitted")[-1]
    assert note.hidden_from_participant and note.submitted_at is not None


def test_an_empty_note_cannot_be_submitted_and_typed_values_stay(client, auth, casework):
    ali = casework.participant("Ali")
    auth.login("sara")
    before = casework.count(VisitNote)
    resp = casework.post(f"/participants/{ali.uuid}/notes/new",
                         _form(body="  ", participant_topics="Mina ord", send="1"))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and casework.count(VisitNote) == before
    assert 'id="body-error"' in html and "Skriv anteckningen innan du skickar den." in html
    assert "Mina ord</textarea>" in html


def test_note_form_survives_garbage(client, auth, casework):
    ali = casework.participant("Ali")
    auth.login("sara")
    before = casework.count(VisitNote)
    resp = casework.post(f"/participants/{ali.uuid}/notes/new",
                         _form(kind="sobriety_check", visit_date="31/02/2026", save="1"))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert 'id="kind-error"' in html and 'id="visit_date-error"' in html
    assert 'value="31/02/2026"' in html
    future = (team_today() + timedelta(days=3)).isoformat()
    resp = casework.post(f"/participants/{ali.uuid}/notes/new", _form(visit_date=future))
    assert "Datumet kan inte ligga i framtiden." in resp.get_data(as_text=True)
    assert casework.count(VisitNote) == before


def test_a_draft_is_visible_to_its_author_only(demo_app, client, auth, casework):
    uuid = _note(demo_app)
    auth.login("sara")
    assert client.get(f"/notes/{uuid}").status_code == 200
    casework.switch_to("eva")  # the team lead of the team: still not a draft she may read
    assert client.get(f"/notes/{uuid}").status_code == 404


def test_returned_note_can_be_edited_by_author_only(demo_app, client, auth, casework):
    uuid = _note(demo_app, status="returned")
    auth.login("eva")
    assert client.get(f"/notes/{uuid}/edit").status_code == 403
    casework.switch_to("omar")  # not on his caseload: he may not even know it exists
    assert client.get(f"/notes/{uuid}/edit").status_code == 404
    casework.switch_to("sara")
    assert client.get(f"/notes/{uuid}/edit").status_code == 200
    resp = casework.post(f"/notes/{uuid}/edit", _form(body="Rättat", save="1"))
    assert resp.status_code == 302
    note = casework.one(VisitNote, uuid=uuid)
    assert note.body == "Rättat" and note.status == "returned"
    casework.post(f"/notes/{uuid}/edit", _form(body="Rättat igen", send="1"))
    assert casework.one(VisitNote, uuid=uuid).status == "submitted"


def test_edit_form_shows_the_stored_note(demo_app, client, auth):
    uuid = _note(demo_app, participant_topics="Om hyran")
    auth.login("sara")
    html = client.get(f"/notes/{uuid}/edit").get_data(as_text=True)
    assert "Om hyran</textarea>" in html and f'value="{team_today().isoformat()}"' in html


def test_submitted_and_signed_notes_cannot_be_edited_or_resubmitted(demo_app, client, auth,
                                                                    casework):
    auth.login("sara")
    for status in ("submitted", "signed"):
        uuid = _note(demo_app, status=status)
        assert client.get(f"/notes/{uuid}/edit").status_code == 403
        assert casework.post(f"/notes/{uuid}/edit", _form(body="Nytt")).status_code == 403
        assert casework.post(f"/notes/{uuid}/submit", {}).status_code == 403
        note = casework.one(VisitNote, uuid=uuid)
        assert note.body == "Text" and note.status == status


def test_signed_note_gets_addenda_from_its_author_and_the_team_lead(demo_app, client, auth,
                                                                    casework):
    uuid = _note(demo_app, status="signed")
    auth.login("sara")
    resp = casework.post(f"/notes/{uuid}/addenda", {"body": "Rättelse: på förmiddagen."})
    assert resp.status_code == 302
    casework.switch_to("eva")
    casework.post(f"/notes/{uuid}/addenda", {"body": "Kompletterat av teamledaren."})
    note = casework.one(VisitNote, uuid=uuid)
    addenda = casework.all(NoteAddendum, note_id=note.id)
    assert [a.body for a in addenda] == ["Rättelse: på förmiddagen.",
                                         "Kompletterat av teamledaren."]
    assert note.body == "Text" and note.status == "signed"
    html = client.get(f"/notes/{uuid}").get_data(as_text=True)
    assert "Rättelse: på förmiddagen." in html and "Kompletterat av teamledaren." in html


def test_empty_addendum_shows_an_error_on_the_note_page(demo_app, client, auth, casework):
    uuid = _note(demo_app, status="signed")
    auth.login("sara")
    resp = casework.post(f"/notes/{uuid}/addenda", {"body": "   "})
    assert resp.status_code == 200 and 'id="body-error"' in resp.get_data(as_text=True)
    assert casework.count(NoteAddendum, note_id=casework.one(VisitNote, uuid=uuid).id) == 0


def test_addenda_only_on_signed_notes_and_only_by_author_or_team_lead(demo_app, client, auth,
                                                                      casework):
    submitted = _note(demo_app, status="submitted")
    by_other_author = _note(demo_app, name="Fatima", author="omar", status="signed")
    auth.login("sara")
    assert casework.post(f"/notes/{submitted}/addenda", {"body": "x"}).status_code == 403
    assert casework.post(f"/notes/{by_other_author}/addenda", {"body": "x"}).status_code == 404
    assert casework.count(NoteAddendum, body="x") == 0


def test_review_comment_is_shown_to_the_author_but_never_to_the_participant(
        demo_app, client, auth, casework):
    uuid = _note(demo_app, name="Kim", status="signed")
    note = casework.one(VisitNote, uuid=uuid)
    add_rows(demo_app, Review(note_id=note.id, participant_id=note.participant_id,
                              reviewer_id=ids(demo_app, "eva"), decision="signed",
                              comment="Bra skrivet, tack."))
    auth.login("sara")
    assert "Bra skrivet, tack." in client.get(f"/notes/{uuid}").get_data(as_text=True)
    casework.switch_to("kim")
    resp = client.get(f"/notes/{uuid}")
    assert resp.status_code == 200 and "Bra skrivet, tack." not in resp.get_data(as_text=True)


def test_reading_a_note_is_audited_without_its_text(demo_app, client, auth, casework):
    uuid = _note(demo_app, status="submitted")
    auth.login("sara")
    client.get(f"/notes/{uuid}")
    (event,) = casework.all(AuditEvent, action="note.view")
    assert (event.entity, event.entity_uuid) == ("note", uuid)
    assert "Text" not in repr(vars(event))


def test_opening_the_edit_form_is_audited_as_reading_the_note(demo_app, client, auth, casework):
    uuid = _note(demo_app)
    auth.login("sara")
    assert client.get(f"/notes/{uuid}/edit").status_code == 200
    (event,) = casework.all(AuditEvent, action="note.view")
    assert (event.entity, event.entity_uuid) == ("note", uuid)
    assert event.participant_id == ids(demo_app, name="Ali")


def test_another_case_managers_participant_gets_no_note_form(client, auth, casework):
    auth.login("sara")
    fatima = casework.participant("Fatima")
    assert client.get(f"/participants/{fatima.uuid}/notes/new").status_code == 404
    assert casework.post(f"/participants/{fatima.uuid}/notes/new", _form()).status_code == 404


def test_visit_date_before_1900_is_refused(client, auth, casework):
    ali = casework.participant("Ali")
    auth.login("sara")
    before = casework.count(VisitNote)
    resp = casework.post(f"/participants/{ali.uuid}/notes/new", _form(visit_date="0001-01-01"))
    assert resp.status_code == 200 and 'id="visit_date-error"' in resp.get_data(as_text=True)
    assert casework.count(VisitNote) == before


def test_participant_topics_are_stored_exactly_as_typed_and_survive_an_edit(client, auth,
                                                                           casework):
    words = "  Om <i>hyran</i>\r\n\r\noch grannen  "
    ali = casework.participant("Ali")
    auth.login("sara")
    casework.post(f"/participants/{ali.uuid}/notes/new", _form(participant_topics=words, save="1"))
    note = casework.all(VisitNote, participant_id=ali.id, status="draft")[-1]
    assert note.participant_topics == words
    html = client.get(f"/notes/{note.uuid}/edit").get_data(as_text=True)
    assert "  Om &lt;i&gt;hyran&lt;/i&gt;\r\n\r\noch grannen  </textarea>" in html
    casework.post(f"/notes/{note.uuid}/edit", _form(participant_topics=words, body="Mer", save="1"))
    assert casework.one(VisitNote, uuid=note.uuid).participant_topics == words



def test_note_form_posted_twice_adds_one_note_submitted_once(client, auth, casework):
    ali = casework.participant("Ali")
    auth.login("sara")
    form_uuid, resp = casework.post_twice(f"/participants/{ali.uuid}/notes/new",
                                          _form(send="1", body="Bara en gång"))
    assert resp.headers["Location"] == f"/notes/{form_uuid}"
    assert [n.uuid for n in casework.all(VisitNote, body="Bara en gång")] == [form_uuid]
    assert casework.one(VisitNote, uuid=form_uuid).status == "submitted"
    for action in ("note.create", "note.submit"):
        assert casework.count(AuditEvent, action=action, entity_uuid=form_uuid) == 1


def test_bad_note_form_uuid_is_a_form_error(client, auth, casework):
    ali = casework.participant("Ali")
    auth.login("sara")
    for bad in BAD_UUIDS:
        resp = casework.post(f"/participants/{ali.uuid}/notes/new",
                             _form(body="Bara en gång", save="1", uuid=bad))
        assert "Bara en gång</textarea>" in casework.assert_refused(resp, bad)
    assert casework.count(VisitNote, body="Bara en gång") == 0


def test_uuid_of_someone_elses_draft_is_refused_and_the_draft_not_shown(
        demo_app, client, auth, casework):
    ali = casework.participant("Ali")
    draft = _note(demo_app, next_steps="Saras nästa steg")  # eva may not read sara's draft
    auth.login("eva")
    resp = casework.post(f"/participants/{ali.uuid}/notes/new",
                         _form(body="Evas anteckning", save="1", uuid=draft))
    assert "Saras nästa steg" not in casework.assert_refused(resp, draft)
    assert casework.count(VisitNote, body="Evas anteckning") == 0
    assert casework.one(VisitNote, uuid=draft).author_id == ids(demo_app, "sara")


def test_edit_form_has_no_form_uuid(demo_app, client, auth, casework):
    draft = _note(demo_app)
    auth.login("sara")
    assert 'name="uuid"' not in client.get(f"/notes/{draft}/edit").get_data(as_text=True)
