"""Recording a tenancy (with the first-hand lease date) and ending one."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from core import due
from core.models import FollowUp, Tenancy

from .. import pages
from ..extensions import db
from ..pages import me, owned_or_404, participant_or_404
from ..plans import effects
from . import bp
from .forms import EndTenancyForm, FirstHandForm, TenancyForm
from .queries import tenancies_of


@bp.route("/participants/<uuid:uuid>/tenancies/new", methods=["GET", "POST"])
def create_tenancy(uuid: str) -> Response | str:
    participant = participant_or_404(uuid, work=True)
    form = TenancyForm()
    if pages.earlier(form, Tenancy, pages.owned_by(participant)) is not None:
        return redirect(url_for(".show", uuid=participant.uuid))
    if not form.validate_on_submit():
        return render_template("participants/create_tenancy.html", form=form,
                               participant=participant, current=tenancies_of(participant)[0])
    tenancy = pages.added("tenancy.create", Tenancy(
        uuid=form.uuid.data, participant_id=participant.id, address=form.address.data,
        landlord=form.landlord.data, lease_type=form.lease_type.data,
        start_date=form.start_date.data,
        first_hand_eligible_on=form.first_hand_eligible_on.data
        or due.first_hand_eligible_on(form.start_date.data),
    ))
    if tenancy.lease_type == "second_hand" and tenancy.first_hand_eligible_on:
        effects.plan_followup(participant, "lease_conversion", tenancy.first_hand_eligible_on,
                              me().id)
    return pages.saved(_("The tenancy was recorded."),
                       redirect(url_for(".show", uuid=participant.uuid)))


@bp.route("/tenancies/<uuid:uuid>/end", methods=["GET", "POST"])
def end_tenancy(uuid: str) -> Response | str:
    tenancy, participant = owned_or_404(Tenancy, uuid, work=True)
    if tenancy.end_date is not None:
        flash(_("This tenancy has already ended."), "error")
        return redirect(url_for(".show", uuid=participant.uuid))
    form = EndTenancyForm(start_date=tenancy.start_date)
    if not form.validate_on_submit():
        return render_template("participants/end_tenancy.html", form=form,
                               participant=participant, tenancy=tenancy)
    tenancy.end_date = form.end_date.data
    tenancy.end_reason = form.end_reason.data
    tenancy.end_comment = form.end_comment.data or ""
    tenancy.comment_hidden = bool(form.comment_hidden.data)
    pages.audited("tenancy.end", tenancy)
    from ..landlords.tenancy import tenancy_ended

    tenancy_ended(tenancy)  # the booked check-ins with the landlord stop
    return pages.saved(_("The tenancy was ended."),
                       redirect(url_for(".show", uuid=participant.uuid)))


@bp.route("/tenancies/<uuid:uuid>/first-hand", methods=["GET", "POST"])
def first_hand(uuid: str) -> Response | str:
    """Record a lease conversion: the second-hand lease became first-hand, same flat."""
    tenancy, participant = owned_or_404(Tenancy, uuid, work=True)
    if tenancy.end_date is not None or tenancy.lease_type != "second_hand":
        flash(_("Only a current second-hand lease can become first-hand."), "error")
        return redirect(url_for(".show", uuid=participant.uuid))
    form = FirstHandForm(start_date=tenancy.start_date)
    if not form.validate_on_submit():
        return render_template("participants/first_hand.html", form=form,
                               participant=participant, tenancy=tenancy)
    tenancy.lease_type = "first_hand"
    tenancy.first_hand_on = form.first_hand_on.data
    pages.audited("tenancy.first_hand", tenancy)
    # The conversion follow-up is done by it (core.schedule plans one per second-hand lease).
    for followup in db.session.execute(select(FollowUp).where(
            FollowUp.participant_id == participant.id, FollowUp.kind == "lease_conversion",
            FollowUp.done_on.is_(None), FollowUp.deleted_at.is_(None))).scalars():
        followup.done_on = tenancy.first_hand_on
        pages.audited("followup.complete", followup)
    return pages.saved(_("The first-hand lease was recorded."),
                       redirect(url_for(".show", uuid=participant.uuid)))
