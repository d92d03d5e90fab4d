"""The landlord pages: the register, a tenancy's link to it, the action plan and its
booked check-ins, the report log; forms keep what was typed and say what is wrong."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from core.clock import team_today
from core.models import Landlord, LandlordContact, ScheduledCheckin
from tests.landlords.helpers import (
    current_tenancy,
    followups_of,
    login,
    person,
    plan_of,
    reports_of,
    team_landlord,
)
from webapp.extensions import db


def test_a_landlord_is_added_once_however_often_the_form_is_sent(lapp):
    client = login(lapp, "sara")
    data = {"uuid": "8c6f1f9e-3b9a-4f5e-9a3e-1d2c3b4a5f60", "name": "Bostadsbolaget Öresund",
            "phone": "042-11 22 33"}
    first, second = client.post("/landlords/new", data=data), client.post("/landlords/new", data=data)
    assert first.status_code == second.status_code == 302
    with lapp.app_context():
        rows = db.session.execute(select(Landlord).where(Landlord.name == data["name"])).all()
        assert len(rows) == 1
    assert "Bostadsbolaget Öresund" in client.get("/landlords").get_data(as_text=True)


def test_a_too_long_name_is_refused_and_what_was_typed_stays(lapp):
    client = login(lapp, "sara")
    resp = client.post("/landlords/new", data={"name": "Å" * 121, "phone": "042-1"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Använd högst 120 tecken." in html and "042-1" in html


def test_another_teams_landlord_is_not_found(lapp):
    with lapp.app_context():
        from core.models import Team

        other = Team(name="Andra teamet")
        db.session.add(other)
        db.session.flush()
        theirs = Landlord(team_id=other.id, name="Deras bolag")
        db.session.add(theirs)
        db.session.flush()
        contact = LandlordContact(landlord_id=theirs.id, name="Någon")
        db.session.add(contact)
        db.session.commit()
        ids = theirs.uuid, contact.uuid
    client = login(lapp, "sara")
    assert client.get(f"/landlords/{ids[0]}").status_code == 404
    assert client.get(f"/contacts/{ids[1]}/edit").status_code == 404
    assert client.post(f"/contacts/{ids[1]}/remove").status_code == 404
    assert "Deras bolag" not in client.get("/landlords").get_data(as_text=True)


def test_a_tenancy_is_linked_to_the_register_and_shows_its_contact(lapp):
    with lapp.app_context():
        tenancy = current_tenancy("Ali")
        landlord = team_landlord("Kärnhem")
        contact = landlord.contacts[0]
        version = tenancy.version
        ids = tenancy.uuid, landlord.uuid, contact.uuid, person("Ali").uuid
    client = login(lapp, "sara")
    resp = client.post(f"/tenancies/{ids[0]}/landlord/link",
                       data={"landlord": ids[1], "contact": ids[2]})
    assert resp.status_code == 302
    with lapp.app_context():
        tenancy = current_tenancy("Ali")
        assert tenancy.landlord == "Kärnhem" and tenancy.landlord_contact.uuid == ids[2]
        assert tenancy.version > version  # the phones get the new contact
    page = client.get(f"/participants/{ids[3]}").get_data(as_text=True)
    assert "Lena Berg" in page and "042-16 50 21" in page
    # A contact of another landlord than the one chosen is refused, nothing changes.
    with lapp.app_context():
        other = team_landlord("Helsingborgshem").uuid
    resp = client.post(f"/tenancies/{ids[0]}/landlord/link", data={"landlord": other,
                                                                   "contact": ids[2]})
    assert resp.status_code == 400
    with lapp.app_context():
        assert current_tenancy("Ali").landlord == "Kärnhem"


def test_a_contacts_new_phone_number_reaches_the_phones_of_its_tenancies(lapp):
    with lapp.app_context():
        tenancy = current_tenancy("Kim")
        contact, version = tenancy.landlord_contact, tenancy.version
        uuid = contact.uuid
    resp = login(lapp, "sara").post(f"/contacts/{uuid}/edit", data={
        "uuid": uuid, "name": contact.name, "role": "Bovärd", "phone": "070-123 45 67"})
    assert resp.status_code == 302
    with lapp.app_context():
        assert current_tenancy("Kim").version > version


def _plan_form(**changes):
    data = {"landlord_calls": "Teamet, 042-10 20 30", "call_hours": "Vardagar 8–17",
            "landlord_steps": "", "first_contact_hours": "4", "visit_days": "2",
            "counting": "working", "team_steps": "", "checkin_monthly_months": "6",
            "checkin_every_months": "3", "agreed_on": "", "landlord_agreed_by": ""}
    data.update(changes)
    return data


def test_making_the_plan_books_the_move_in_visit_and_the_check_ins(lapp):
    today = team_today()
    with lapp.app_context():
        tenancy = current_tenancy("Conny")
        tenancy.start_date = today + timedelta(days=10)  # moving in soon
        db.session.commit()
        uuid = tenancy.uuid
    client = login(lapp, "sara")
    resp = client.post(f"/tenancies/{uuid}/action-plan",
                       data=_plan_form(joint_visit_on=(today + timedelta(days=10)).isoformat()))
    assert resp.status_code == 302
    with lapp.app_context():
        visits = followups_of("Conny", "joint_move_in")
        # (The demo has a done check-in of its own for everyone: only the open ones.)
        checkins = [f for f in followups_of("Conny", "landlord_checkin") if f.done_on is None]
        assert [f.due_on for f in visits] == [today + timedelta(days=10)]
        assert checkins and checkins[0].due_on > today
        booked = db.session.execute(select(ScheduledCheckin).where(
            ScheduledCheckin.tenancy_id == current_tenancy("Conny").id)).scalars().all()
        assert len(booked) == len(visits) + len(checkins)
    # Saving again changes nothing of the schedule.
    client.post(f"/tenancies/{uuid}/action-plan",
                data=_plan_form(joint_visit_on=(today + timedelta(days=10)).isoformat()))
    with lapp.app_context():
        assert len([f for f in followups_of("Conny", "landlord_checkin")
                    if f.done_on is None]) == len(checkins)


def test_ending_the_tenancy_stops_its_check_ins(lapp):
    with lapp.app_context():
        tenancy = current_tenancy("Kim")
        # the demo books Kim's coming ones
        assert [f for f in followups_of("Kim", "landlord_checkin") if f.done_on is None]
        uuid = tenancy.uuid
    resp = login(lapp, "sara").post(f"/tenancies/{uuid}/end", data={
        "end_date": team_today().isoformat(), "end_reason": "moved_within_programme"})
    assert resp.status_code == 302
    with lapp.app_context():
        open_ones = [f for f in followups_of("Kim", "landlord_checkin") if f.done_on is None]
        assert open_ones == []


def test_a_bad_plan_value_is_said_next_to_its_field_and_the_rest_is_kept(lapp):
    with lapp.app_context():
        uuid = current_tenancy("Ali").uuid
    resp = login(lapp, "sara").post(f"/tenancies/{uuid}/action-plan",
                                    data=_plan_form(first_contact_hours="fyra"))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Ange ett heltal från 1 till 168." in html
    assert "Teamet, 042-10 20 30" in html
    with lapp.app_context():
        assert plan_of(current_tenancy("Ali")) is None


def _report_form(**changes):
    data = {"kind": "disturbance", "channel": "phone", "received_at": "2026-03-06T16:30",
            "reported_by": "Anna Persson", "summary": "Hög musik sent på fredagskvällen.",
            "first_contact_at": "", "visit_at": "", "agreed": "", "closed_at": "",
            "outcome": ""}
    data.update(changes)
    return data


def test_a_report_logged_on_the_server_page_raises_its_follow_ups_and_closes_them(lapp):
    with lapp.app_context():
        uuid = current_tenancy("Kim").uuid
    client = login(lapp, "sara")
    resp = client.post(f"/tenancies/{uuid}/landlord-reports/new", data=_report_form())
    assert resp.status_code == 302
    with lapp.app_context():
        report = reports_of(current_tenancy("Kim"))[-1]
        assert report.commit_contact_hours == 4 and report.received_at == "2026-03-06T16:30"
        assert [f.due_on for f in followups_of("Kim", "landlord_first_contact")] == [
            date(2026, 3, 9)]
        ruuid, version = report.uuid, report.version
    page = client.get(f"/landlord-reports/{ruuid}").get_data(as_text=True)
    assert "Missat: skulle ha skett senast 9 mars 2026 kl. 11:30" in page
    resp = client.post(f"/landlord-reports/{ruuid}/edit", data=_report_form(
        uuid=ruuid, version=str(version), first_contact_at="2026-03-09T09:00"))
    assert resp.status_code == 302
    with lapp.app_context():
        [f] = followups_of("Kim", "landlord_first_contact")
        assert f.done_on == date(2026, 3, 9)
    page = client.get(f"/landlord-reports/{ruuid}").get_data(as_text=True)
    assert "I tid" in page and "2 dygn 16 tim" in page  # Friday 16:30 to Monday 09:00


def test_a_moment_before_the_report_came_in_is_said_and_what_was_typed_stays(lapp):
    with lapp.app_context():
        uuid = current_tenancy("Kim").uuid
    resp = login(lapp, "sara").post(f"/tenancies/{uuid}/landlord-reports/new", data=_report_form(
        first_contact_at="2026-03-06T15:00", agreed="Vi ringde Kim direkt."))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "Det kan inte vara tidigare än när anmälan kom in." in html
    assert "Vi ringde Kim direkt." in html and "Hög musik sent på fredagskvällen." in html


def test_an_edit_against_a_report_changed_meanwhile_is_not_saved_and_keeps_the_text(lapp):
    with lapp.app_context():
        report = reports_of(current_tenancy("Kim"))[0]
        ruuid, version, received = report.uuid, report.version, report.received_at
        report.outcome = "Ändrat i telefonen."
        db.session.commit()
    resp = login(lapp, "sara").post(f"/landlord-reports/{ruuid}/edit", data=_report_form(
        uuid=ruuid, version=str(version), received_at=received,
        outcome="Mitt eget skrivna utfall."))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 409
    assert "Mitt eget skrivna utfall." in html and "Ändrat i telefonen." in html
    with lapp.app_context():
        assert reports_of(current_tenancy("Kim"))[0].outcome == "Ändrat i telefonen."
