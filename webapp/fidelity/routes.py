"""The fidelity self-assessments of the team: the list with the trend, a new one, one.

The team rates itself as often as it likes. Beside each item stands what the
app already knows about it (webapp/reports/figures.evidence, over the twelve
months before the assessment's date), so the team discusses its practice
with its own numbers at hand. Ratings are the team's own words; no
participant data is stored with them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import redirect, render_template, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from core import access
from core.fidelity import ITEMS, PRINCIPLES, average
from core.models import FidelityAssessment, FidelityRating
from core.spec import labels

from .. import audit, pages
from ..extensions import db
from ..pages import me, my_team, today
from ..reports.charts import Point, TrendChart
from ..reports.figures import Period, evidence, load
from ..words import format_date
from . import bp
from .evidence import words as evidence_words
from .forms import AssessmentForm

# The evidence beside an assessment: the twelve months up to its date.
EVIDENCE_DAYS = 365


@dataclass
class Summary:
    assessment: FidelityAssessment
    mean: float | None
    by_principle: dict[str, float | None]
    rated: int


def _summary(a: FidelityAssessment) -> Summary:
    by_item = {r.item: r.rating for r in a.ratings}
    principles = {p: average([by_item.get(i.key, "") for i in ITEMS if i.principle == p])
                  for p in PRINCIPLES}
    return Summary(a, average(list(by_item.values())), principles,
                   sum(1 for v in by_item.values() if v))


def _assessments(team_id: int) -> list[FidelityAssessment]:
    return list(db.session.execute(
        select(FidelityAssessment).where(FidelityAssessment.team_id == team_id)
        .order_by(FidelityAssessment.assessed_on, FidelityAssessment.id)).scalars())


def _number(value: float | None) -> str:
    return "–" if value is None else str(format_decimal(round(value, 1), format="0.0"))


def trend(summaries: list[Summary]) -> TrendChart:
    points = tuple(Point(format_date(s.assessment.assessed_on), s.mean, s.assessment.assessed_on)
                   for s in summaries)
    known = [s for s in summaries if s.mean is not None]
    if not known:
        text = _("No assessment has rated items yet.")
    else:
        text = _("%(num)d assessments. The average rating went from %(first)s on %(start)s "
                 "to %(last)s on %(end)s (1 to 4).", num=len(summaries),
                 first=_number(known[0].mean), start=format_date(known[0].assessment.assessed_on),
                 last=_number(known[-1].mean), end=format_date(known[-1].assessment.assessed_on))
    return TrendChart("fidelity-trend", _("Average rating over time"), text, points, 1, 4)


def _checked_team() -> Any:
    team = my_team()
    pages.allowed(access.can_manage_team(me(), team.id))
    return team


@bp.route("/team/fidelity")
def index() -> str:
    team = _checked_team()
    summaries = [_summary(a) for a in _assessments(team.id)]
    return render_template("fidelity/index.html", summaries=summaries, chart=trend(summaries),
                           number=_number, principles=PRINCIPLES)


def _evidence(team_id: int, day: date) -> dict[str, str]:
    period = Period(day - timedelta(days=EVIDENCE_DAYS - 1), day)
    return evidence_words(evidence(load(team_id), period))


def _grouped() -> list[tuple[str, list[Any]]]:
    return [(p, [i for i in ITEMS if i.principle == p]) for p in PRINCIPLES]


@bp.route("/team/fidelity/new", methods=["GET", "POST"])
def create() -> Response | str:
    team = _checked_team()
    form = AssessmentForm()
    if not form.is_submitted():
        form.assessed_on.data = today()
    while len(form.items) < len(ITEMS):
        form.items.append_entry()
    del form.items.entries[len(ITEMS):]
    rating_choices = [SelectChoice("", _("Not rated")),
                      *[SelectChoice(v, _(t)) for v, t in labels("fidelity_rating").items()]]
    for entry, item in zip(form.items, ITEMS, strict=True):
        entry.form.item.data = item.key  # whatever was posted: the position decides
        entry.form.rating.choices = rating_choices
        entry.form.rating.validate_choice = False  # the spec's check runs (SpecCheck)
        entry.form.rating.id = f"rating-{item.key}"
        entry.form.rating.label.field_id = entry.form.rating.id
        entry.form.comment.id = f"comment-{item.key}"
        entry.form.comment.label.field_id = entry.form.comment.id
    earlier = pages.earlier(form, FidelityAssessment, lambda row: row.team_id == team.id)
    if earlier is not None:
        return redirect(url_for(".show", uuid=earlier.uuid))
    if not form.validate_on_submit():
        day = form.assessed_on.data if isinstance(form.assessed_on.data, date) else today()
        return render_template("fidelity/new.html", form=form, groups=_grouped(),
                               entries={i.key: e.form for e, i in zip(form.items, ITEMS,
                                                                        strict=True)},
                               evidence=_evidence(team.id, min(day, today())))
    assessment = FidelityAssessment(uuid=form.uuid.data, team_id=team.id,
                                    assessed_on=form.assessed_on.data,
                                    comment=form.comment.data or "", created_by_id=me().id)
    db.session.add(assessment)
    db.session.flush()
    for entry, item in zip(form.items, ITEMS, strict=True):
        db.session.add(FidelityRating(assessment_id=assessment.id, item=item.key,
                                      rating=entry.form.rating.data or "",
                                      comment=entry.form.comment.data or ""))
    audit.record("fidelity.create", entity="fidelity", entity_uuid=assessment.uuid)
    return pages.saved(_("The self-assessment was saved."),
                       redirect(url_for(".show", uuid=assessment.uuid)))


@bp.route("/team/fidelity/<uuid:uuid>")
def show(uuid: str) -> str:
    team = _checked_team()
    assessment = pages.by_uuid(FidelityAssessment, uuid, live=False)
    assessment = pages.found(assessment, assessment is not None and assessment.team_id == team.id)
    summary = _summary(assessment)
    return render_template("fidelity/show.html", s=summary, groups=_grouped(),
                           ratings={r.item: r for r in assessment.ratings},
                           evidence=_evidence(team.id, min(assessment.assessed_on, today())),
                           number=_number)
