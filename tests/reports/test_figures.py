"""The team figures on a fixture with known answers (every number worked out by hand
below), through the page and the CSV; the CSV holds no names and no note text."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from sqlalchemy import select

from core.models import FollowUp, Participant, Plan, Team, Tenancy, User, VisitNote
from tests.admin.helpers import logged_in
from tests.conftest import DEMO_PASSWORD
from webapp.auth.passwords import hash_password
from webapp.extensions import db
from webapp.reports.figures import Period, figures, load

D = date
CANARY = "Anteckningstext-QX7Z-som-aldrig-ska-exporteras"
YEAR = Period(D(2025, 1, 1), D(2025, 12, 31))


def _people(team_id: int) -> dict[str, Participant]:
    spec = {  # name: (joined, status, left_on, left_reason)
        "Amir": (D(2023, 6, 1), "active", None, None),
        "Britt": (D(2024, 1, 1), "active", None, None),
        "Cilla": (D(2024, 3, 1), "active", None, None),      # evicted, still supported
        "Dan": (D(2024, 5, 1), "left", D(2025, 5, 20), "deceased"),
        "Eja": (D(2024, 1, 15), "left", D(2025, 3, 1), "own_choice"),
        "Fred": (D(2025, 2, 1), "active", None, None),       # not housed yet
        "Gun": (D(2024, 12, 1), "active", None, None),
        "Ida": (D(2023, 11, 1), "paused", None, None),       # paused by choice: in the programme
        "Lo": (D(2023, 10, 1), "active", None, None),
    }
    people = {}
    for name, (joined, status, left_on, reason) in spec.items():
        p = Participant(preferred_name=name, team_id=team_id, joined_on=joined, status=status,
                        left_on=left_on, left_reason=reason)
        db.session.add(p)
        people[name] = p
    db.session.flush()
    return people


def _tenancy(p, start, end=None, reason=None, lease="second_hand", eligible=None,
             first_hand_on=None):
    db.session.add(Tenancy(participant_id=p.id, address=f"{p.preferred_name}gatan 1",
                           landlord="Hem", lease_type=lease, start_date=start, end_date=end,
                           end_reason=reason, first_hand_eligible_on=eligible,
                           first_hand_on=first_hand_on))


def _note(p, author, day, kind="home_visit", status="draft", signer=None, topics=""):
    db.session.add(VisitNote(
        participant_id=p.id, author_id=author.id, visit_date=day, kind=kind, status=status,
        body=CANARY, participant_topics=topics,
        signed_at=datetime(2025, 12, 1, 12) if status == "signed" else None,
        signed_by_id=signer.id if signer else None))


def _followup(p, kind, due_on, done_on=None):
    db.session.add(FollowUp(participant_id=p.id, kind=kind, title=CANARY, due_on=due_on,
                            done_on=done_on, outcome=CANARY))


@pytest.fixture
def known(app):
    """A team whose 2025 figures are worked out by hand in the tests below."""
    with app.app_context():
        team = Team(name="Kända svar")
        db.session.add(team)
        db.session.flush()
        lead = User(username="lena", display_name="Lena", role="team_lead", team_id=team.id,
                    password_hash=hash_password(DEMO_PASSWORD))
        worker = User(username="kaj", display_name="Kaj", role="case_manager", team_id=team.id,
                      password_hash=hash_password(DEMO_PASSWORD))
        db.session.add_all([lead, worker])
        db.session.flush()
        p = _people(team.id)
        # Tenancies (retention, exits, conversions).
        _tenancy(p["Amir"], D(2023, 7, 1), lease="first_hand", eligible=D(2025, 1, 10),
                 first_hand_on=D(2025, 1, 5))                      # converted on time
        _tenancy(p["Britt"], D(2024, 2, 1), D(2025, 3, 31), "moved_within_programme")
        _tenancy(p["Britt"], D(2025, 4, 10))                       # the new flat
        _tenancy(p["Cilla"], D(2024, 4, 1), D(2025, 3, 15), "eviction")
        _tenancy(p["Dan"], D(2024, 6, 1), D(2025, 5, 20), "deceased")
        _tenancy(p["Eja"], D(2024, 2, 1), D(2025, 2, 28), "chose_to_leave")
        _tenancy(p["Gun"], D(2025, 1, 10))
        _tenancy(p["Ida"], D(2023, 12, 1), lease="first_hand", eligible=D(2025, 6, 1),
                 first_hand_on=D(2025, 7, 15))                     # converted late
        _tenancy(p["Lo"], D(2023, 11, 1))                          # due 2025-05-02, waiting
        # Visits (the last in-person visit up to 2025-12-31).
        _note(p["Amir"], worker, D(2025, 12, 28), topics="kaffe")
        _note(p["Britt"], worker, D(2025, 12, 20), status="signed", signer=lead)
        _note(p["Cilla"], worker, D(2025, 11, 15), status="signed", signer=lead)
        _note(p["Gun"], worker, D(2025, 12, 1))
        _note(p["Gun"], worker, D(2025, 12, 30), kind="phone")     # a call is not a visit
        _note(p["Ida"], worker, D(2025, 12, 24), kind="joint_move_in")
        _note(p["Ida"], worker, D(2026, 1, 5))                     # after the period
        _note(p["Lo"], lead, D(2025, 6, 1), kind="phone", status="signed", signer=lead)
        # Plans.
        for name, agreed in (("Amir", True), ("Britt", True), ("Cilla", False), ("Gun", True),
                             ("Ida", True)):
            db.session.add(Plan(participant_id=p[name].id, participant_agreed=agreed))
        # Follow-ups.
        _followup(p["Amir"], "plan_review", D(2025, 3, 1), D(2025, 2, 28))    # on time
        _followup(p["Britt"], "plan_review", D(2025, 6, 1), D(2025, 6, 10))   # late
        _followup(p["Gun"], "plan_review", D(2025, 9, 1))                     # missed
        _followup(p["Ida"], "plan_review", D(2025, 12, 31))                   # not late yet
        _followup(p["Dan"], "plan_review", D(2025, 8, 1))                     # Dan had left
        _followup(p["Cilla"], "visit", D(2025, 4, 1), D(2025, 4, 1))          # on time
        _followup(p["Lo"], "landlord_checkin", D(2025, 10, 1), D(2025, 10, 5))  # late
        _followup(p["Amir"], "support_decision", D(2026, 1, 15))              # after the period
        team_id = team.id
        db.session.commit()
    return team_id


def _f(app, team_id, period=YEAR):
    with app.app_context():
        return figures(load(team_id), period)


def test_retention_counts_the_marks_that_fall_in_the_period(app, known):
    rows = {r.months: (r.counted, r.housed, r.deceased) for r in _f(app, known).retention}
    # 6 months: Gun (2025-07-10, housed). 12 months: Britt (2025-02-01, housed), Cilla
    # (2025-04-01, evicted), Eja (2025-02-01, housed), Dan (2025-06-01, died: apart).
    # 24 months: Amir (2025-07-01, housed), Lo (2025-11-01, housed), Ida (2025-12-01).
    assert rows == {6: (1, 1, 0), 12: (3, 2, 1), 24: (3, 3, 0)}


def test_exits_by_reason_keep_moves_within_the_programme_and_deaths_apart(app, known):
    exits = _f(app, known).exits
    assert dict(exits.tenancies) == {"eviction": 1, "deceased": 1, "chose_to_leave": 1}
    assert exits.moves_within == 1 and exits.housing_exits == 3
    assert dict(exits.programme) == {"deceased": 1, "own_choice": 1}


def test_lease_conversions_due_and_done(app, known):
    c = _f(app, known).conversions
    # Due in 2025: Amir (2025-01-10), Ida (2025-06-01), Lo (2023-11-01 + 548 days).
    # Britt's and Cilla's first leases ended before their day; Gun's day is in 2026.
    assert (c.due, c.done, c.done_on_time, c.waiting, c.recorded) == (3, 2, 1, 1, 2)


def test_days_since_the_last_home_visit(app, known):
    v = _f(app, known).visits
    days = {p.name: d for p, d in v.days}
    assert days == {"Amir": 3, "Britt": 11, "Cilla": 46, "Fred": None, "Gun": 30, "Ida": 7,
                    "Lo": None}  # Dan and Eja had left; Lo only had a call
    assert [n for _b, n in v.buckets] == [2, 1, 1, 1] and v.never == 2
    assert v.within_week == 2 and v.median == 11


def test_plans_agreed_and_reviewed_on_time(app, known):
    p = _f(app, known).plans
    assert (p.counted, p.with_plan, p.agreed) == (7, 5, 4)
    r = p.reviews
    assert (r.counted, r.on_time, r.late, r.missed) == (3, 1, 1, 1)
    assert p.agreed_and_on_time == 2  # Amir and Ida; Britt's was late, Gun's missed


def test_follow_ups_done_on_time(app, known):
    f = _f(app, known).followups
    assert (f["all"].counted, f["all"].on_time, f["all"].late, f["all"].missed) == (5, 2, 2, 1)
    assert (f["visit"].counted, f["visit"].on_time) == (1, 1)
    assert (f["landlord_checkin"].counted, f["landlord_checkin"].late) == (1, 1)
    assert f["support_decision"].counted == 0


def test_signed_and_self_signed_notes(app, known):
    s = _f(app, known).signing
    assert (s.signed, s.self_signed) == (3, 1)


def test_a_shorter_period_counts_less(app, known):
    f = _f(app, known, Period(D(2025, 1, 1), D(2025, 3, 31)))
    assert dict(f.exits.tenancies) == {"eviction": 1, "chose_to_leave": 1}
    assert {r.months: r.counted for r in f.retention} == {6: 0, 12: 2, 24: 0}


def _csv(client, query="since=2025-01-01&until=2025-12-31"):
    resp = client.get(f"/reports/figures.csv?{query}")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    text = resp.get_data(as_text=True)
    return text, {(r[0], r[1]): r[2:] for r in csv.reader(io.StringIO(text.lstrip("\ufeff")))}


def test_the_page_and_the_csv_show_the_same_numbers_and_no_names_or_text(app, known):
    client, _ = logged_in(app, "lena")
    page = client.get("/reports/figures?since=2025-01-01&until=2025-12-31")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Efter 12 månader: <tspan class=\"chart-value\">2 av 3 (67\xa0%)</tspan>" in html
    assert CANARY not in html
    text, rows = _csv(client)
    assert rows[("retention", "housed_after_12_months")] == ["2", "3", "0.667"]
    assert rows[("retention", "deceased_by_12_months")] == ["1", "", ""]
    assert rows[("tenancy_ended", "eviction")][0] == "1"
    assert rows[("tenancy_ended", "moved_within_programme")][0] == "1"
    assert rows[("lease_conversion", "done")] == ["2", "3", "0.667"]
    assert rows[("days_since_home_visit", "0-7")] == ["2", "7", "0.286"]
    assert rows[("plans", "agreed_and_reviewed_on_time")] == ["2", "7", "0.286"]
    assert rows[("followups_on_time", "all")] == ["2", "5", "0.400"]
    assert rows[("notes_signed", "self_signed")] == ["1", "3", "0.333"]
    assert CANARY not in text and "kaffe" not in text
    with app.app_context():
        names = db.session.execute(select(Participant.preferred_name)).scalars().all()
    assert not [n for n in names if n in text]


def test_a_bad_or_reversed_period_is_said_and_falls_back(app, known):
    client, _ = logged_in(app, "lena")
    html = client.get("/reports/figures?since=2025-13-01").get_data(as_text=True)
    assert "Ett datum kunde inte läsas" in html
    html = client.get("/reports/figures?since=2025-06-01&until=2025-01-01").get_data(as_text=True)
    assert "Perioden började efter att den slutade" in html


def test_figures_are_for_the_teams_lead_only(app, known, demo_app):
    client, _ = logged_in(app, "kaj")
    assert client.get("/reports/figures").status_code == 403
    assert client.get("/reports/figures.csv").status_code == 403
