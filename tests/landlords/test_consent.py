"""The participant's consent governs what reaches the landlord: item by item, the
printout holds only what they agreed the landlord may know, never a visit note, and
nothing at all before they agreed to the plan. A participant's own account sees a plan
or a report only when it is shared with them; never another team's."""
from __future__ import annotations

from core.models import Device
from sync import build_pull
from tests.landlords.helpers import (
    add_item,
    add_note,
    current_tenancy,
    login,
    plan_of,
    reports_of,
    user,
)
from webapp.extensions import db

SHARED = "Jag har en katt som heter Morris, hon får gå ut i trapphuset."
KEPT = "Hyresvärden ska inte veta om min tid på behandlingshemmet i Lund."
NOTE = "Kim berättade om sin oro inför läkarbesöket (anteckningstext)."


def _kims_plan(app, agreed=True):
    with app.app_context():
        tenancy = current_tenancy("Kim")
        plan = plan_of(tenancy)
        plan.participant_agreed = agreed
        add_item(plan, SHARED, "share")
        kept = add_item(plan, KEPT, "keep")
        add_note("Kim", NOTE)
        db.session.commit()
        return tenancy.uuid, kept.uuid


def test_the_printout_holds_what_the_participant_agreed_to_share_and_nothing_else(lapp):
    tenancy, _kept = _kims_plan(lapp)
    html = login(lapp, "sara").get(f"/tenancies/{tenancy}/action-plan/print").get_data(
        as_text=True)
    assert SHARED in html  # the positive control: the search can find an item
    assert KEPT not in html
    assert NOTE not in html
    assert "Ring mig innan ni kommer" in html  # the demo plan's other shared item
    assert "behandling" not in html  # the demo's kept item: "…min behandling."


def test_an_item_changed_to_keep_leaves_the_printout(lapp):
    tenancy, _kept = _kims_plan(lapp)
    client = login(lapp, "sara")
    with lapp.app_context():
        item = next(i for i in plan_of(current_tenancy("Kim")).items if i.text == SHARED)
        uuid = item.uuid
    resp = client.post(f"/action-items/{uuid}/edit",
                       data={"text": SHARED, "written_by": "participant", "sharing": "keep",
                             "uuid": uuid})
    assert resp.status_code == 302
    assert SHARED not in client.get(f"/tenancies/{tenancy}/action-plan/print").get_data(
        as_text=True)


def test_nothing_of_the_plan_is_printed_before_the_participant_agreed(lapp):
    tenancy, _kept = _kims_plan(lapp, agreed=False)
    html = login(lapp, "sara").get(f"/tenancies/{tenancy}/action-plan/print").get_data(
        as_text=True)
    assert SHARED not in html and KEPT not in html
    assert "har inte godkänt handlingsplanen" in html
    with lapp.app_context():
        assert "042-10 20 30" in plan_of(current_tenancy("Kim")).landlord_calls
    assert "042-10 20 30" not in html  # not even the plan's own parts


def test_an_item_must_be_answered_before_it_is_saved(lapp):
    _kims_plan(lapp)
    with lapp.app_context():
        plan = plan_of(current_tenancy("Kim")).uuid
    client = login(lapp, "sara")
    typed = "Jag vill att hyresvärden vet att jag jobbar natt."
    resp = client.post(f"/action-plans/{plan}/items/new",
                       data={"text": typed, "written_by": "participant"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and 'id="sharing-error"' in html
    assert typed in html  # what was typed stays in the form
    with lapp.app_context():
        assert typed not in [i.text for i in plan_of(current_tenancy("Kim")).items]


def test_the_printout_is_swedish_whatever_language_the_worker_uses(lapp):
    tenancy, _kept = _kims_plan(lapp)
    client = login(lapp, "sara")
    client.post("/language", data={"locale": "en"})
    assert "Log out" in client.get("/landlords").get_data(as_text=True)
    html = client.get(f"/tenancies/{tenancy}/action-plan/print").get_data(as_text=True)
    assert "Gemensam handlingsplan" in html and "Det här vill hyresgästen att ni ska veta" in html
    assert 'lang="sv"' in html


def _share_report(app, shared):
    with app.app_context():
        report = reports_of(current_tenancy("Kim"))[0]
        report.shared_with_participant = shared
        plan = plan_of(current_tenancy("Kim"))
        plan.shared_with_participant = shared
        db.session.commit()
        return report.summary


def test_a_participant_sees_a_plan_or_a_report_only_when_it_is_shared_with_them(lapp):
    summary = _share_report(lapp, False)
    client = login(lapp, "kim")
    html = client.get("/me").get_data(as_text=True)
    assert summary not in html and "Ring mig innan ni kommer" not in html
    _share_report(lapp, True)
    html = client.get("/me").get_data(as_text=True)
    assert summary in html and "Ring mig innan ni kommer" in html
    _share_report(lapp, False)  # un-sharing takes effect at once
    assert summary not in client.get("/me").get_data(as_text=True)


def test_plans_reports_and_report_follow_ups_never_reach_a_participants_offline_store(lapp):
    _share_report(lapp, True)
    with lapp.app_context():
        report = reports_of(current_tenancy("Kim"))[0]
        report.contact_followup = None
        from core.models import FollowUp

        db.session.add(FollowUp(participant_id=report.participant_id,
                                kind="landlord_first_contact", due_on=report.tenancy.start_date))
        db.session.commit()
        kinds = {}
        for username in ("kim", "sara"):
            who = user(username)
            device = Device(client_id=f"device-of-{username}", user_id=who.id)
            db.session.add(device)
            db.session.flush()
            pull = build_pull(db.session, who, device, None, secret=b"k", page_size=5000)
            kinds[username] = {(op["entity"], op["value"].get("kind")) for op in pull.patch
                               if op["op"] == "put"}
        entities = {username: {e for e, _k in found} for username, found in kinds.items()}
    assert {"actionplan", "actionitem", "landlordreport"} <= entities["sara"]  # control
    assert ("followup", "landlord_first_contact") in kinds["sara"]
    assert not {"actionplan", "actionitem", "landlordreport"} & entities["kim"]
    assert ("followup", "landlord_first_contact") not in kinds["kim"]
    assert ("followup", "landlord_checkin") in kinds["kim"]  # booked check-ins are no secret


def test_a_participants_own_page_never_lists_a_report_follow_up(lapp):
    with lapp.app_context():
        from core.models import FollowUp
        from tests.landlords.helpers import person

        db.session.add(FollowUp(participant_id=person("Kim").id, kind="landlord_visit",
                                title="", due_on=current_tenancy("Kim").start_date))
        db.session.commit()
    assert "Besök efter hyresvärdens anmälan" not in login(lapp, "kim").get("/me").get_data(
        as_text=True)
    sara_page = login(lapp, "sara")
    with lapp.app_context():
        from tests.landlords.helpers import person

        kim = person("Kim").uuid
    assert "Besök efter hyresvärdens anmälan" in sara_page.get(f"/participants/{kim}").get_data(
        as_text=True)


def test_the_landlord_pages_are_closed_to_participants_and_admins(lapp):
    tenancy, _kept = _kims_plan(lapp)
    for username in ("kim", "admin"):
        client = login(lapp, username)
        for path in ("/landlords", f"/tenancies/{tenancy}/landlord",
                     f"/tenancies/{tenancy}/action-plan/print"):
            assert client.get(path).status_code == 403, (username, path)
