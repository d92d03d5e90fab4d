"""Housing retention from tenancies: the pure computation, then the page."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from core.models import Participant, Team, Tenancy
from webapp.extensions import db
from webapp.reports.retention import Stay, add_months, outcome_on, retention

TODAY = date(2026, 6, 30)


@pytest.mark.parametrize("start,months,expected", [
    (date(2025, 1, 31), 1, date(2025, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2025, 11, 15), 2, date(2026, 1, 15)),
    (date(2025, 3, 1), 24, date(2027, 3, 1)),
])
def test_add_months_clamps_to_the_end_of_the_month(start, months, expected):
    assert add_months(start, months) == expected


def test_a_current_tenancy_is_housed():
    assert outcome_on([Stay(date(2025, 1, 1))], date(2026, 1, 1)) == "housed"


def test_a_tenancy_ended_by_eviction_is_not_housed_afterwards():
    stays = [Stay(date(2025, 1, 1), date(2025, 5, 1), "eviction")]
    assert outcome_on(stays, date(2025, 4, 30)) == "housed"
    assert outcome_on(stays, date(2025, 7, 1)) == "not_housed"


def test_a_move_within_the_programme_counts_as_housed_even_between_flats():
    stays = [Stay(date(2025, 1, 1), date(2025, 5, 1), "moved_within_programme"),
             Stay(date(2025, 8, 1))]
    assert outcome_on(stays, date(2025, 6, 15)) == "housed"  # in the gap
    assert outcome_on(stays, date(2026, 1, 1)) == "housed"


def test_a_move_within_the_programme_without_a_new_tenancy_is_not_housed():
    stays = [Stay(date(2025, 1, 1), date(2025, 5, 1), "moved_within_programme")]
    assert outcome_on(stays, date(2025, 7, 1)) == "not_housed"


def test_moving_to_another_flat_of_ones_own_elsewhere_is_not_programme_retention():
    stays = [Stay(date(2025, 1, 1), date(2025, 5, 1), "own_lease_elsewhere")]
    assert outcome_on(stays, date(2025, 7, 1)) == "not_housed"


def test_a_death_is_reported_apart():
    stays = [Stay(date(2025, 1, 1), date(2025, 3, 1), "deceased")]
    assert outcome_on(stays, date(2025, 7, 1)) == "deceased"


def test_retention_counts_only_participants_moved_in_long_enough_ago():
    histories = [
        [Stay(date(2024, 1, 1))],                                        # 30 months, housed
        [Stay(date(2024, 3, 1), date(2025, 1, 10), "eviction")],         # lost it at 10 m
        [Stay(date(2025, 3, 1), date(2025, 6, 1), "moved_within_programme"),
         Stay(date(2025, 6, 20))],                                       # moved, 16 months
        [Stay(date(2026, 2, 1))],                                        # 5 months: not yet
        [],                                                              # never moved in
        [Stay(date(2024, 6, 1), date(2024, 9, 1), "deceased")],          # died at 3 months
    ]
    rows = {r.months: r for r in retention(histories, TODAY)}
    assert (rows[6].counted, rows[6].housed, rows[6].deceased) == (3, 3, 1)
    assert (rows[12].counted, rows[12].housed) == (3, 2)
    assert rows[12].share == pytest.approx(2 / 3)
    assert (rows[24].counted, rows[24].housed, rows[24].deceased) == (2, 1, 1)


def test_no_one_moved_in_long_enough_ago_gives_no_share():
    [row] = retention([[Stay(date(2026, 5, 1))]], TODAY, horizons=(6,))
    assert row.counted == 0 and row.share is None


def test_a_move_in_near_year_9999_is_not_counted_and_does_not_break_the_report():
    # Sync accepts any four-digit year; one typo must not take the team's report down.
    rows = retention([[Stay(date(9998, 12, 1))], [Stay(date(2025, 1, 1))]], TODAY)
    assert [(r.months, r.counted, r.housed) for r in rows] == [(6, 1, 1), (12, 1, 1), (24, 0, 0)]


def test_retention_page_survives_a_tenancy_dated_near_year_9999(demo_app, client, auth):
    with demo_app.app_context():
        marko = db.session.execute(
            select(Participant).where(Participant.preferred_name == "Marko")).scalar_one()
        db.session.add(Tenancy(participant_id=marko.id, address="Gatan", landlord="Hem",
                               start_date=date(9998, 12, 1)))
        db.session.commit()
    auth.login("eva")
    assert client.get("/reports/retention").status_code == 200


def test_retention_page_shows_the_demo_teams_figures(client, auth):
    auth.login("eva")
    resp = client.get("/reports/retention")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "Kvarboende" in html and "6 månader" in html and "24 månader" in html
    assert "100" in html and "%" in html
    assert "Ali" not in html  # figures only, never names


def test_retention_page_counts_only_the_own_team(demo_app, client, auth):
    with demo_app.app_context():
        team = Team(name="Andra teamet")
        db.session.add(team)
        db.session.flush()
        for i in range(5):
            p = Participant(preferred_name=f"Z{i}", team_id=team.id, joined_on=date(2020, 1, 1))
            db.session.add(p)
            db.session.flush()
            db.session.add(Tenancy(participant_id=p.id, address="Gatan", landlord="Hem",
                                   start_date=date(2020, 1, 1), end_date=date(2020, 3, 1),
                                   end_reason="eviction"))
        db.session.commit()
        own = db.session.execute(select(Participant).where(
            Participant.team_id != team.id)).scalars().all()
    auth.login("eva")
    html = client.get("/reports/retention").get_data(as_text=True)
    assert "<strong>0\xa0%</strong>" not in html and "<strong>100\xa0%</strong>" in html
    assert f"{sum(1 for p in own if p.preferred_name != 'Marko')} deltagare har flyttat in" in html


@pytest.mark.parametrize("username", ["sara", "admin", "kim"])
def test_retention_page_is_for_team_leads_only(client, auth, username):
    auth.login(username)
    assert client.get("/reports/retention").status_code == 403
