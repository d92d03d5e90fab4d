"""A commitment about to be missed raises a follow-up (core.landlords.followups): by the
job on the clock, and at once when a report arrives late from a phone; recording the
first contact or the visit, or closing the report, marks it done."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from core.landlords.jobs import tick
from core.models import FollowUp, LandlordReport
from sync import apply_push
from sync.protocol import MutationIn

from ..sync.world import new_uuid


def at(text):
    return datetime.fromisoformat(text)


def _ali(world, **plan):
    tenancy = world.tenancy("Ali")
    world.action_plan(tenancy, first_contact_hours=4, visit_days=2, counting="working", **plan)
    return tenancy


def _report(world, tenancy, received, **values):
    report = LandlordReport(tenancy_id=tenancy.id, participant_id=tenancy.participant_id,
                            received_at=received, created_by_id=world.users["sara"].id,
                            commit_contact_hours=4, commit_visit_days=2,
                            commit_counting="working", **values)
    world.session.add(report)
    world.session.commit()
    return report


def _raised(session, kind=None):
    query = select(FollowUp).where(FollowUp.kind.in_(
        [kind] if kind else ["landlord_first_contact", "landlord_visit"]),
        FollowUp.deleted_at.is_(None)).order_by(FollowUp.id)
    return list(session.execute(query).scalars())


def test_the_job_raises_a_follow_up_at_halfway_once_and_closes_it_when_contact_is_made(world):
    s = world.session
    report = _report(world, _ali(world), "2026-03-06T16:30")  # Friday afternoon
    tick(s, at("2026-03-08T20:00"))  # Sunday evening: no working time has passed
    tick(s, at("2026-03-09T09:29"))  # Monday, a minute before halfway (09:30)
    assert _raised(s) == []
    tick(s, at("2026-03-09T09:30"))
    [contact] = _raised(s)
    assert (contact.kind, contact.due_on) == ("landlord_first_contact", date(2026, 3, 9))
    assert contact.assignee_id == world.users["sara"].id and contact.done_on is None
    assert report.contact_followup == contact.uuid
    tick(s, at("2026-03-09T11:00"))
    assert len(_raised(s)) == 1  # raised once
    report.first_contact_at = "2026-03-09T10:50"
    s.commit()
    tick(s, at("2026-03-09T11:05"))
    assert contact.done_on == date(2026, 3, 9)
    # The visit is due Tuesday 17:00; halfway through its 18.5 working hours is Monday 16:45.
    tick(s, at("2026-03-09T16:44"))
    assert _raised(s, "landlord_visit") == []
    tick(s, at("2026-03-09T16:45"))
    [visit] = _raised(s, "landlord_visit")
    assert visit.due_on == date(2026, 3, 10)
    report.closed_at = "2026-03-10T09:00"
    s.commit()
    tick(s, at("2026-03-10T09:05"))
    assert visit.done_on == date(2026, 3, 10)


def test_clock_time_is_halfway_in_clock_hours(world):
    s = world.session
    report = _report(world, _ali(world), "2026-03-06T22:00")
    report.commit_counting = "clock"
    s.commit()
    tick(s, at("2026-03-06T23:59"))
    assert _raised(s) == []
    tick(s, at("2026-03-07T00:00"))  # Friday 22:00 + 4 clock hours: halfway at midnight
    assert [f.due_on for f in _raised(s)] == [date(2026, 3, 7)]


def test_a_report_without_a_commitment_raises_nothing(world):
    s = world.session
    report = _report(world, _ali(world), "2026-03-06T16:30")
    report.commit_contact_hours = report.commit_visit_days = None
    s.commit()
    tick(s, at("2026-04-01T12:00"))
    assert _raised(s) == []


def _push(world, device, *mutations):
    dev = world.devices[device]
    base = dev.last_mutation_id
    entries = [MutationIn(base + i + 1, {"id": base + i + 1, **m}) for i, m in enumerate(mutations)]
    result = apply_push(world.session, dev.user, dev, entries)
    world.session.commit()
    return result.results


def _create(tenancy_uuid, uuid, received="2026-03-06T16:30", **more):
    return {"name": "landlordreport.create",
            "args": {"uuid": uuid, "tenancy": tenancy_uuid, "kind": "disturbance",
                     "channel": "phone", "receivedAt": received,
                     "summary": "Grannen klagar på hög musik.", **more}}


def test_a_report_synced_late_raises_its_follow_ups_at_once_and_takes_the_plans_commitment(world):
    s = world.session
    tenancy = _ali(world)
    uuid = new_uuid()
    [result] = _push(world, "sara-phone", _create(tenancy.uuid, uuid))
    assert result.status == "applied"
    report = s.execute(select(LandlordReport).where(LandlordReport.uuid == uuid)).scalar_one()
    assert (report.commit_contact_hours, report.commit_visit_days,
            report.commit_counting) == (4, 2, "working")
    assert report.created_by_id == world.users["sara"].id
    raised = {f.kind: f for f in _raised(s)}  # long past its deadlines: both missed already
    assert raised["landlord_first_contact"].due_on == date(2026, 3, 9)
    assert raised["landlord_visit"].due_on == date(2026, 3, 10)
    [again] = _push(world, "sara-phone", _create(tenancy.uuid, uuid))
    assert again.status == "applied" and len(_raised(s)) == 2  # a repeated create: nothing new
    [done] = _push(world, "sara-phone", {"name": "landlordreport.update", "args": {
        "uuid": uuid, "firstContactAt": "2026-03-09T09:15", "visitAt": "2026-03-09T14:00"}})
    assert done.status == "applied"
    s.expire_all()
    assert {f.kind: f.done_on for f in _raised(s)} == {
        "landlord_first_contact": date(2026, 3, 9), "landlord_visit": date(2026, 3, 9)}


def test_a_moment_before_the_report_came_in_is_refused_with_its_reason(world):
    tenancy = _ali(world)
    uuid = new_uuid()
    [bad] = _push(world, "sara-phone",
                  _create(tenancy.uuid, uuid, firstContactAt="2026-03-06T16:00"))
    assert (bad.status, bad.code) == ("error", "bad_args")
    assert bad.detail == {"field": "firstContactAt", "problem": "before_received", "params": {}}
    assert world.session.execute(select(LandlordReport)).first() is None
    [ok] = _push(world, "sara-phone", _create(tenancy.uuid, uuid))
    [later] = _push(world, "sara-phone", {"name": "landlordreport.update", "args": {
        "uuid": uuid, "receivedAt": "2026-03-10T08:00", "closedAt": "2026-03-09T08:00"}})
    assert (ok.status, later.status, later.detail["field"]) == ("applied", "error", "closedAt")


def test_a_report_on_a_tenancy_outside_the_caseload_is_refused(world):
    tenancy = _ali(world)
    [result] = _push(world, "omar-phone", _create(tenancy.uuid, new_uuid()))
    assert (result.status, result.code) == ("error", "not_in_caseload")
    [participant] = _push(world, "kim-phone", _create(tenancy.uuid, new_uuid()))
    assert participant.status == "error"
    assert world.session.execute(select(LandlordReport)).first() is None


def test_moments_are_checked_as_the_spec_says(world):
    tenancy = _ali(world)
    for received, problem in [("2026-03-06 16:30", "not_moment"), ("2026-13-06T16:30", "not_moment"),
                              ("2099-03-06T16:30", "future_moment"), ("1899-03-06T16:30", "not_moment")]:
        [r] = _push(world, "sara-phone", _create(tenancy.uuid, new_uuid(), received=received))
        assert (r.status, r.detail["problem"]) == ("error", problem), received


def test_flask_landlords_tick_runs_the_job_and_commits_it(lapp):
    from datetime import datetime as dt

    from core.clock import team_now
    from tests.landlords.helpers import current_tenancy, followups_of, user
    from webapp.extensions import db

    with lapp.app_context():
        tenancy = current_tenancy("Kim")
        # Came in ten days ago (at least four working days, even over Christmas): both
        # commitments of Kim's plan (4 working hours, 2 working days) are missed by now.
        received = (team_now() - timedelta(days=10)).replace(hour=9, minute=0)
        db.session.add(LandlordReport(
            tenancy_id=tenancy.id, participant_id=tenancy.participant_id,
            received_at=received.strftime("%Y-%m-%dT%H:%M"), created_by_id=user("sara").id,
            commit_contact_hours=4, commit_visit_days=2, commit_counting="working"))
        db.session.commit()
        assert followups_of("Kim", "landlord_first_contact") == []
    result = lapp.test_cli_runner().invoke(args=["landlords", "tick"])
    assert result.exit_code == 0, result.output
    assert "report follow-ups changed: 2" in result.output
    with lapp.app_context():
        [raised] = followups_of("Kim", "landlord_first_contact")
        assert raised.assignee_id == user("sara").id and raised.due_on < dt.now().date()
    again = lapp.test_cli_runner().invoke(args=["landlords", "tick"])
    assert "report follow-ups changed: 0" in again.output
