"""A lease conversion: the same flat goes from second-hand to first-hand, recorded with
its day (the figures count conversions due and done from it)."""
from __future__ import annotations

from datetime import timedelta

from core.clock import team_today
from core.models import AuditEvent, Tenancy


def _kims_tenancy(casework):
    return casework.one(Tenancy, participant_id=casework.participant("Kim").id)


def test_recording_the_first_hand_lease_keeps_the_flat_and_dates_the_conversion(
        client, auth, casework):
    t = _kims_tenancy(casework)
    assert t.lease_type == "second_hand" and t.first_hand_on is None
    auth.login("sara")
    page = client.get(f"/participants/{casework.participant('Kim').uuid}").get_data(as_text=True)
    assert f"/tenancies/{t.uuid}/first-hand" in page
    day = team_today() - timedelta(days=2)
    resp = casework.post(f"/tenancies/{t.uuid}/first-hand", {"first_hand_on": day.isoformat()})
    assert resp.status_code == 302
    after = casework.one(Tenancy, uuid=t.uuid)
    assert (after.lease_type, after.first_hand_on, after.address, after.end_date) == (
        "first_hand", day, t.address, None)
    assert after.version > t.version
    assert casework.count(AuditEvent, action="tenancy.first_hand", entity_uuid=t.uuid) == 1
    page = client.get(f"/participants/{casework.participant('Kim').uuid}").get_data(as_text=True)
    assert "Förstahandskontrakt sedan" in page and f"/tenancies/{t.uuid}/first-hand" not in page
    # A first-hand lease cannot be converted again.
    resp = casework.post(f"/tenancies/{t.uuid}/first-hand", {"first_hand_on": "2020-01-01"})
    assert resp.status_code == 302
    assert casework.one(Tenancy, uuid=t.uuid).first_hand_on == day


def test_the_day_must_be_after_move_in_and_not_in_the_future(client, auth, casework):
    t = _kims_tenancy(casework)
    auth.login("sara")
    before = (t.start_date - timedelta(days=1)).isoformat()
    html = casework.post(f"/tenancies/{t.uuid}/first-hand",
                         {"first_hand_on": before}).get_data(as_text=True)
    assert "Datumet kan inte vara före inflyttningen." in html
    later = (team_today() + timedelta(days=3)).isoformat()
    resp = casework.post(f"/tenancies/{t.uuid}/first-hand", {"first_hand_on": later})
    assert resp.status_code == 200 and 'id="first_hand_on-error"' in resp.get_data(as_text=True)
    resp = casework.post(f"/tenancies/{t.uuid}/first-hand", {"first_hand_on": ""})
    assert resp.status_code == 200 and 'id="first_hand_on-error"' in resp.get_data(as_text=True)
    assert casework.one(Tenancy, uuid=t.uuid).lease_type == "second_hand"


def test_only_the_participants_workers_record_it(client, auth, casework):
    t = casework.one(Tenancy, participant_id=casework.participant("Fatima").id)
    auth.login("sara")
    assert client.get(f"/tenancies/{t.uuid}/first-hand").status_code == 404
    casework.switch_to("kim")
    assert client.get(f"/tenancies/{_kims_tenancy(casework).uuid}/first-hand").status_code == 403
