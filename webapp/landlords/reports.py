"""The landlord-contact log on the server pages (the phone has the same, offline):
a report as it came in, then first contact, the visit, what was agreed and the close."""
from __future__ import annotations

from typing import Any

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms import HiddenField

from core.clock import team_now
from core.landlords import followups
from core.landlords.response import report_times
from core.models import LandlordReport, Tenancy

from .. import pages
from ..extensions import db
from ..pages import me, owned_or_404
from . import bp
from .forms import ReportForm
from .queries import plan_of

COLUMNS = ("kind", "channel", "received_at", "reported_by", "summary", "first_contact_at",
           "visit_at", "agreed", "closed_at", "outcome", "shared_with_participant")
OPTIONAL_MOMENTS = ("first_contact_at", "visit_at", "closed_at")
TEXTS = ("reported_by", "summary", "agreed", "outcome")


class EditReportForm(ReportForm):
    # The version the form was filled in against: a report changed meanwhile (on a
    # phone) is not overwritten unseen.
    version = HiddenField()


def _set(report: LandlordReport, form: ReportForm) -> None:
    for column in COLUMNS:
        value = getattr(form, column).data
        if column in OPTIONAL_MOMENTS:
            value = value or None
        elif column in TEXTS:
            value = value or ""
        if getattr(report, column) != value:
            setattr(report, column, value)


def _follow_up(report: LandlordReport) -> None:
    db.session.flush()
    followups.apply(report, team_now(), followups.OrmWriter(pages.dbs()),
                    followups.assignee_for(pages.dbs(), report))


@bp.route("/tenancies/<uuid:uuid>/landlord-reports/new", methods=["GET", "POST"])
def create_report(uuid: str) -> Response | str:
    tenancy, participant = owned_or_404(Tenancy, uuid, work=True)
    form = ReportForm()
    if not form.is_submitted():
        form.received_at.data = team_now().strftime("%Y-%m-%dT%H:%M")
        if tenancy.landlord_contact is not None:
            form.reported_by.data = tenancy.landlord_contact.name
    again = pages.earlier(form, LandlordReport, pages.owned_by(participant))
    if again is not None:
        return redirect(url_for(".report", uuid=again.uuid))
    if not form.validate_on_submit():
        return render_template("landlords/report_form.html", form=form, tenancy=tenancy,
                               participant=participant, report=None)
    report = LandlordReport(uuid=form.uuid.data, tenancy_id=tenancy.id,
                            participant_id=participant.id, created_by_id=me().id,
                            **followups.commitment_columns(plan_of(tenancy)))
    _set(report, form)
    pages.added("landlordreport.create", report, entity="landlordreport")
    _follow_up(report)
    return pages.saved(_("The report from the landlord was logged."),
                       redirect(url_for(".report", uuid=report.uuid)))


def _report_or_404(uuid: Any) -> tuple[LandlordReport, Any]:
    return owned_or_404(LandlordReport, uuid, work=True)


@bp.route("/landlord-reports/<uuid:uuid>")
def report(uuid: str) -> str:
    report, participant = _report_or_404(uuid)
    pages.audited("landlordreport.view", report, entity="landlordreport")
    return render_template("landlords/report.html", report=report, participant=participant,
                           tenancy=report.tenancy, times=report_times(report, team_now()))


@bp.route("/landlord-reports/<uuid:uuid>/edit", methods=["GET", "POST"])
def edit_report(uuid: str) -> Response | str | tuple[str, int]:
    report, participant = _report_or_404(uuid)
    form = EditReportForm(obj=report)
    if not form.is_submitted():
        form.version.data = str(report.version)
    stale = form.is_submitted() and form.version.data != str(report.version)
    if stale or not form.validate_on_submit():
        if stale:
            form.version.data = str(report.version)
        return render_template("landlords/report_form.html", form=form, tenancy=report.tenancy,
                               participant=participant, report=report,
                               stale=stale), 409 if stale else 200
    _set(report, form)
    pages.audited("landlordreport.update", report, entity="landlordreport")
    _follow_up(report)
    return pages.saved(_("The report was saved."),
                       redirect(url_for(".report", uuid=report.uuid)))
