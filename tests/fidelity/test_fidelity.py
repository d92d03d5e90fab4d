"""The fidelity self-assessment: the team rates Bokvar's items on the eight principles,
with the app's evidence beside each, as often as it likes, and sees the trend."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from core.clock import team_today
from core.fidelity import ITEMS, PRINCIPLES, average
from core.models import AuditEvent, FidelityAssessment, FidelityRating, Team, User
from core.spec import values
from tests.admin.helpers import logged_in
from tests.conftest import DEMO_PASSWORD
from webapp.auth.passwords import hash_password
from webapp.extensions import db
from webapp.reports.figures import Period, figures, load


def test_every_principle_has_items_and_every_item_has_words():
    assert {i.principle for i in ITEMS} == set(PRINCIPLES) and len(PRINCIPLES) == 8
    assert all(sum(1 for i in ITEMS if i.principle == p) >= 2 for p in PRINCIPLES)
    assert average(["4", "2", ""]) == 3 and average(["", ""]) is None


def test_the_items_are_the_spec_choice_list_and_map_to_its_principles_and_domains():
    assert [i.key for i in ITEMS] == list(values("fidelity_item"))
    assert {i.domain for i in ITEMS} <= set(values("fidelity_domain"))
    assert values("fidelity_principle") == PRINCIPLES


def _form(client, path="/team/fidelity/new"):
    html = client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    uuid = re.search(r'name="uuid" type="hidden" value="([^"]+)"', html).group(1)
    return html, token, uuid


def _data(token, uuid, day, ratings, comment=""):
    data = {"csrf_token": token, "uuid": uuid, "assessed_on": day.isoformat(),
            "comment": comment}
    for i, item in enumerate(ITEMS):
        data[f"items-{i}-item"] = item.key
        data[f"items-{i}-rating"] = ratings.get(item.key, "")
        data[f"items-{i}-comment"] = f"Om {item.key}" if item.key in ratings else ""
    return data


def _count(app, model):
    with app.app_context():
        return db.session.execute(select(func.count(model.id))).scalar_one()


def test_a_self_assessment_is_saved_item_by_item_once(demo_app):
    eva, _ = logged_in(demo_app, "eva")
    html, token, uuid = _form(eva)
    assert html.count('class="fidelity-item"') == len(ITEMS)
    assert html.count("Det Bokvar visar:") == len(ITEMS)
    ratings = {"regular_contact": "3", "plan_with_participant": "4", "no_coercion": "2"}
    day = team_today() - timedelta(days=1)
    data = _data(token, uuid, day, ratings, "Vi gick igenom alla punkter på teamdagen.")
    resp = eva.post("/team/fidelity/new", data=data)
    assert resp.status_code == 302
    again = eva.post("/team/fidelity/new", data=data)  # a double click saves nothing more
    assert again.status_code == 302 and again.headers["Location"] == resp.headers["Location"]
    with demo_app.app_context():
        [a] = db.session.execute(select(FidelityAssessment)).scalars().all()
        saved = {r.item: (r.rating, r.comment) for r in a.ratings}
        assert a.assessed_on == day and a.created_by_id == db.session.execute(
            select(User.id).where(User.username == "eva")).scalar()
        assert db.session.execute(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "fidelity.create", AuditEvent.entity_uuid == a.uuid)
        ).scalar_one() == 1
    assert len(saved) == len(ITEMS)
    assert saved["regular_contact"] == ("3", "Om regular_contact")
    assert saved["choice_of_home"] == ("", "")
    page = eva.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Genomsnitt 3,0 av 4 över 3 skattade punkter" in page
    assert "3 – finns till stor del" in page and "Om regular_contact" in page
    assert "Vi gick igenom alla punkter på teamdagen." in page


def test_a_wrong_rating_or_a_future_date_saves_nothing(demo_app):
    eva, _ = logged_in(demo_app, "eva")
    _html, token, uuid = _form(eva)
    resp = eva.post("/team/fidelity/new", data=_data(token, uuid, team_today(),
                                                     {"own_goals": "7"}))
    assert resp.status_code == 200 and 'id="rating-own_goals-error"' in resp.get_data(
        as_text=True)
    resp = eva.post("/team/fidelity/new", data=_data(
        token, uuid, team_today() + timedelta(days=2), {"own_goals": "2"}))
    assert resp.status_code == 200 and 'id="assessed_on-error"' in resp.get_data(as_text=True)
    assert _count(demo_app, FidelityAssessment) == 0 and _count(demo_app, FidelityRating) == 0


def test_the_trend_shows_every_assessment_in_date_order(demo_app):
    eva, _ = logged_in(demo_app, "eva")
    for days_ago, rating in ((200, "2"), (20, "4"), (100, "3")):
        _html, token, uuid = _form(eva)
        day = team_today() - timedelta(days=days_ago)
        assert eva.post("/team/fidelity/new", data=_data(
            token, uuid, day, {i.key: rating for i in ITEMS})).status_code == 302
    html = eva.get("/team/fidelity").get_data(as_text=True)
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert svg.count("<circle") == 3 and svg.count('class="chart-line"') == 2
    assert "3 skattningar. Den genomsnittliga skattningen gick från 2,0" in svg
    assert "till 4,0" in svg
    cells = re.findall(r'<td class="num">(\d,\d)</td>', html)
    assert cells == ["4,0", "3,0", "2,0"]  # the table lists the newest first


def test_the_evidence_is_the_figures_numbers(demo_app):
    eva, _ = logged_in(demo_app, "eva")
    html, _token, _uuid = _form(eva)
    with demo_app.test_request_context():
        team_id = db.session.execute(select(User.team_id).where(User.username == "eva")).scalar()
        day = team_today()
        f = figures(load(team_id), Period(day - timedelta(days=364), day))
    expected = f"Deltagare som står bakom sin plan: {f.plans.agreed} av {f.plans.counted}"
    assert expected in html
    assert f"Hembesök inom de senaste 7 dagarna: {f.visits.within_week} av {f.visits.counted}" \
        in html


def test_only_the_teams_lead_reaches_the_assessments(demo_app):
    eva, _ = logged_in(demo_app, "eva")
    _html, token, uuid = _form(eva)
    resp = eva.post("/team/fidelity/new", data=_data(token, uuid, team_today(), {}))
    own = resp.headers["Location"]
    with demo_app.app_context():
        other = Team(name="Andra teamet")
        db.session.add(other)
        db.session.flush()
        db.session.add(User(username="olle", display_name="Olle", role="team_lead",
                            team_id=other.id, password_hash=hash_password(DEMO_PASSWORD)))
        db.session.commit()
    olle, _ = logged_in(demo_app, "olle")
    assert olle.get(own).status_code == 404
    assert uuid not in olle.get("/team/fidelity").get_data(as_text=True)
    sara, _ = logged_in(demo_app, "sara")
    for path in ("/team/fidelity", "/team/fidelity/new", own):
        assert sara.get(path).status_code == 403
