"""Booked check-ins with the landlord (core.landlords.schedule): the right dates, follow-ups
of kind "landlord_checkin" from the day the plan was made, the joint move-in visit, and
nothing more once the tenancy has ended."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from core.landlords import schedule
from core.models import FollowUp, ScheduledCheckin


def test_monthly_for_half_a_year_then_quarterly_from_the_move_in():
    dates = [b.due_on for b in schedule.checkins(date(2026, 1, 31), 6, 3)][:9]
    assert dates == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31),
                     date(2026, 6, 30), date(2026, 7, 31), date(2026, 10, 31), date(2027, 1, 31),
                     date(2027, 4, 30)]


def test_a_schedule_without_a_later_rhythm_ends_and_one_without_months_is_quarterly():
    assert len(list(schedule.checkins(date(2026, 1, 15), 3, 0))) == 3
    assert [b.due_on for b in schedule.checkins(date(2026, 1, 15), 0, 3)][:2] == [
        date(2026, 4, 15), date(2026, 7, 15)]
    assert list(schedule.checkins(date(2026, 1, 15), 0, 0)) == []


def _plan(world, start=date(2026, 1, 15), **values):
    tenancy = world.tenancy("Ali", start=start)
    plan = world.action_plan(tenancy, joint_visit_on=start, checkin_monthly_months=6,
                             checkin_every_months=3, schedule_from=start, **values)
    return tenancy, plan


def _booked(world):
    s = world.session
    rows = s.execute(select(ScheduledCheckin, FollowUp)
                     .join(FollowUp, FollowUp.id == ScheduledCheckin.followup_id)
                     .order_by(ScheduledCheckin.number)).all()
    return [(item.number, f.kind, f.due_on, f.deleted_at is None, item.cancelled_on)
            for item, f in rows]


def test_the_plan_books_the_move_in_visit_and_the_coming_check_ins_as_follow_ups(world):
    tenancy, plan = _plan(world)
    schedule.ensure(world.session, plan, date(2026, 1, 15))
    world.session.commit()
    # Up to 35 days ahead (Feb 19), and always the next one after that.
    assert _booked(world) == [
        (0, "joint_move_in", date(2026, 1, 15), True, None),
        (1, "landlord_checkin", date(2026, 2, 15), True, None),
        (2, "landlord_checkin", date(2026, 3, 15), True, None),
    ]
    f = world.session.execute(select(FollowUp).where(FollowUp.kind == "landlord_checkin")
                              ).scalars().first()
    assert f.assignee_id == world.users["sara"].id and f.participant_id == tenancy.participant_id
    schedule.ensure(world.session, plan, date(2026, 1, 15))  # again: nothing twice
    world.session.commit()
    assert len(_booked(world)) == 3
    schedule.ensure(world.session, plan, date(2026, 3, 1))  # time passes: the next is booked
    world.session.commit()
    assert [row[2] for row in _booked(world)][-1] == date(2026, 4, 15)


def test_no_backlog_of_dates_from_before_the_plan_was_made(world):
    _tenancy, plan = _plan(world, start=date(2025, 1, 15))
    plan.schedule_from = date(2026, 1, 10)
    world.session.commit()
    schedule.ensure(world.session, plan, date(2026, 1, 10))
    world.session.commit()
    # Monthly Feb-Jul 2025 (1-6), then quarterly: Oct 2025 (7), Jan 2026 (8), Apr 2026 (9).
    # Nothing before Jan 10 2026 is booked; Jan 15 is within 35 days, Apr 15 the next one.
    assert [(n, d) for n, _k, d, _live, _c in _booked(world)] == [
        (8, date(2026, 1, 15)), (9, date(2026, 4, 15))]


def test_the_check_ins_stop_when_the_tenancy_ends(world):
    tenancy, plan = _plan(world)
    s = world.session
    schedule.ensure(s, plan, date(2026, 3, 1))
    s.commit()
    held = s.execute(select(FollowUp).where(FollowUp.due_on == date(2026, 2, 15))).scalar_one()
    held.done_on = date(2026, 2, 16)
    tenancy.end_date, tenancy.end_reason = date(2026, 3, 10), "moved_within_programme"
    s.commit()
    schedule.ensure(s, plan, date(2026, 3, 10))
    s.commit()
    rows = {n: (live, cancelled) for n, _k, _d, live, cancelled in _booked(world)}
    assert rows[1] == (True, None)  # held: kept, and counted
    # The move-in visit (never marked done), Mar 15 and Apr 15: taken away.
    assert rows[0] == rows[2] == rows[3] == (False, date(2026, 3, 10))
    schedule.ensure(s, plan, date(2026, 9, 1))  # later runs book nothing more
    s.commit()
    assert len(_booked(world)) == 4
    live = s.execute(select(FollowUp).where(FollowUp.kind == "landlord_checkin",
                                            FollowUp.deleted_at.is_(None))).scalars().all()
    assert [f.due_on for f in live] == [date(2026, 2, 15)]


def test_a_changed_schedule_moves_the_open_booked_dates(world):
    _tenancy, plan = _plan(world)
    s = world.session
    schedule.ensure(s, plan, date(2026, 1, 15))
    s.commit()
    plan.checkin_monthly_months = 1  # then quarterly: Feb 15, May 15, ...
    plan.joint_visit_on = date(2026, 1, 20)
    s.commit()
    schedule.ensure(s, plan, date(2026, 1, 15))
    s.commit()
    assert [(n, d, live) for n, _k, d, live, _c in _booked(world)] == [
        (0, date(2026, 1, 20), True), (1, date(2026, 2, 15), True), (2, date(2026, 5, 15), True)]


def test_held_on_time_late_and_not_held_are_counted_from_the_booked_date(world):
    _tenancy, plan = _plan(world)
    s = world.session
    schedule.ensure(s, plan, date(2026, 3, 1))
    s.commit()
    items = {i.number: i for i in s.execute(select(ScheduledCheckin)).scalars()}
    items[0].followup.done_on = date(2026, 1, 15)       # the move-in visit, on its day
    items[1].followup.done_on = date(2026, 2, 23)       # 8 days after Feb 15: late
    s.commit()
    today = date(2026, 3, 23)
    assert schedule.held(items[0], today) == schedule.HELD_ON_TIME
    assert schedule.held(items[1], today) == schedule.HELD_LATE
    assert schedule.held(items[2], today) == schedule.NOT_HELD   # Mar 15, nothing by Mar 22
    assert schedule.held(items[2], date(2026, 3, 22)) is None    # still within its week
