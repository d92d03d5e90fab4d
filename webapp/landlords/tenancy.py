"""A tenancy's landlord page, its link to the register, its joint action plan (with
the items the participant wants the landlord to know, or not) and the printout."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import redirect, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from core.clock import team_now
from core.landlords import schedule
from core.models import ActionPlan, ActionPlanItem, Tenancy, utcnow

from .. import pages
from ..extensions import db
from ..pages import owned_or_404, today
from . import bp
from .forms import ActionPlanForm, ItemForm, LinkForm
from .queries import (
    booked_of,
    items_of,
    live_contacts,
    plan_of,
    reports_of,
    team_landlords,
    with_times,
)

PLAN_COLUMNS = ("agreed_on", "participant_agreed", "landlord_agreed_by", "landlord_calls",
                "call_hours", "landlord_steps", "first_contact_hours", "visit_days", "counting",
                "team_steps", "joint_visit_on", "checkin_monthly_months",
                "checkin_every_months", "shared_with_participant")
SCHEDULE_COLUMNS = ("joint_visit_on", "checkin_monthly_months", "checkin_every_months")
TEXT_COLUMNS = ("landlord_agreed_by", "landlord_calls", "call_hours", "landlord_steps",
                "team_steps")
# Dates of the schedule shown ahead on the page and the printout.
SHOWN_AHEAD = 4


def _upcoming(plan: ActionPlan | None, tenancy: Tenancy, day: date) -> list[schedule.Booked]:
    return [] if plan is None else schedule.upcoming(plan, tenancy, day, SHOWN_AHEAD)


@bp.route("/tenancies/<uuid:uuid>/landlord")
def tenancy(uuid: str) -> str:
    tenancy, participant = owned_or_404(Tenancy, uuid, work=True)
    plan = plan_of(tenancy)
    pages.audited("tenancy.landlord_view", tenancy)
    return render_template(
        "landlords/tenancy.html", tenancy=tenancy, participant=participant, plan=plan,
        items=items_of(plan), reports=with_times(reports_of(tenancy), team_now()),
        booked=booked_of(tenancy, today()), upcoming=_upcoming(plan, tenancy, today()),
        today=today())


def _landlord_choices(team_id: int) -> list[SelectChoice]:
    return [SelectChoice("", _l("Not in the register"))] + [
        SelectChoice(la.uuid, la.name) for la in team_landlords(team_id)]


@bp.route("/tenancies/<uuid:uuid>/landlord/link", methods=["GET", "POST"])
def link(uuid: str) -> Response | str | tuple[str, int]:
    tenancy, participant = owned_or_404(Tenancy, uuid, work=True)
    team = pages.my_team()
    landlords = {la.uuid: la for la in team_landlords(team.id)}
    form = LinkForm()
    form.landlord.choices = _landlord_choices(team.id)
    chosen = landlords.get(form.landlord.data or "") if form.is_submitted() else \
        tenancy.registered_landlord
    contacts = [c for la in landlords.values() for c in live_contacts(la)]
    form.contact.choices = [SelectChoice("", _l("No contact person"))] + [
        SelectChoice(c.uuid, f"{c.name} ({c.landlord.name})") for c in contacts]
    if not form.is_submitted():
        form.landlord.data = tenancy.registered_landlord.uuid if tenancy.registered_landlord \
            else ""
        form.contact.data = tenancy.landlord_contact.uuid if tenancy.landlord_contact else ""
    contact = next((c for c in contacts if c.uuid == form.contact.data), None)
    if form.is_submitted() and contact is not None and (chosen is None
                                                        or contact.landlord_id != chosen.id):
        form.contact.errors = [_("Choose a contact person of the landlord chosen above.")]
        return render_template("landlords/link.html", form=form, tenancy=tenancy,
                               participant=participant), 400
    if not form.validate_on_submit():
        return render_template("landlords/link.html", form=form, tenancy=tenancy,
                               participant=participant)
    tenancy.landlord_id = chosen.id if chosen else None
    tenancy.landlord_contact_id = contact.id if contact else None
    if chosen is not None:
        tenancy.landlord = chosen.name
    pages.audited("tenancy.landlord_link", tenancy)
    return pages.saved(_("The landlord of the tenancy was saved."),
                       redirect(url_for(".tenancy", uuid=tenancy.uuid)))


def _new_plan(tenancy: Tenancy) -> ActionPlan:
    return ActionPlan(tenancy_id=tenancy.id, participant_id=tenancy.participant_id,
                      joint_visit_on=tenancy.start_date, counting="working",
                      first_contact_hours=4, visit_days=2, checkin_monthly_months=6,
                      checkin_every_months=3)


@bp.route("/tenancies/<uuid:uuid>/action-plan", methods=["GET", "POST"])
def edit_plan(uuid: str) -> Response | str:
    tenancy, participant = owned_or_404(Tenancy, uuid, work=True)
    plan = plan_of(tenancy)
    form = ActionPlanForm(obj=plan or _new_plan(tenancy))
    if not form.validate_on_submit():
        return render_template("landlords/plan_form.html", form=form, tenancy=tenancy,
                               participant=participant, plan=plan, items=items_of(plan))
    created = plan is None
    if plan is None:
        plan = pages.added("actionplan.create", _new_plan(tenancy), entity="actionplan")
    rescheduled = created or any(getattr(plan, c) != getattr(form, c).data
                                 for c in SCHEDULE_COLUMNS)
    for column in PLAN_COLUMNS:
        value = getattr(form, column).data
        setattr(plan, column, (value or "") if column in TEXT_COLUMNS else value)
    if rescheduled:
        plan.schedule_from = today()
    db.session.flush()
    schedule.ensure(pages.dbs(), plan, today())
    if not created:
        pages.audited("actionplan.update", plan, entity="actionplan")
    return pages.saved(_("The action plan was saved."),
                       redirect(url_for(".tenancy", uuid=tenancy.uuid, _anchor="plan-h")))


def _plan_or_404(uuid: Any) -> tuple[ActionPlan, Any]:
    return owned_or_404(ActionPlan, uuid, work=True)


@bp.route("/action-plans/<uuid:uuid>/items/new", methods=["GET", "POST"])
def create_item(uuid: str) -> Response | str:
    plan, participant = _plan_or_404(uuid)
    form = ItemForm()
    back = redirect(url_for(".edit_plan", uuid=plan.tenancy.uuid, _anchor="items-h"))
    if pages.earlier(form, ActionPlanItem, pages.owned_by(participant)) is not None:
        return back
    if not form.validate_on_submit():
        return render_template("landlords/item_form.html", form=form, plan=plan,
                               participant=participant, item=None)
    pages.added("actionitem.create", ActionPlanItem(
        uuid=form.uuid.data, plan_id=plan.id, participant_id=plan.participant_id,
        text=form.text.data, written_by=form.written_by.data, sharing=form.sharing.data,
        answered_on=today()), entity="actionitem")
    return pages.saved(_("The item was added to the action plan."), back)


def _item_or_404(uuid: Any) -> tuple[ActionPlanItem, Any]:
    return owned_or_404(ActionPlanItem, uuid, work=True)


@bp.route("/action-items/<uuid:uuid>/edit", methods=["GET", "POST"])
def edit_item(uuid: str) -> Response | str:
    item, participant = _item_or_404(uuid)
    form = ItemForm(obj=item)
    if not form.validate_on_submit():
        return render_template("landlords/item_form.html", form=form, plan=item.plan,
                               participant=participant, item=item)
    if item.sharing != form.sharing.data:
        item.answered_on = today()
    item.text, item.written_by, item.sharing = (form.text.data, form.written_by.data,
                                                form.sharing.data)
    pages.audited("actionitem.update", item, entity="actionitem")
    return pages.saved(_("The item was saved."),
                       redirect(url_for(".edit_plan", uuid=item.plan.tenancy.uuid,
                                        _anchor="items-h")))


@bp.route("/action-items/<uuid:uuid>/remove", methods=["POST"])
def remove_item(uuid: str) -> Response:
    item, _participant = _item_or_404(uuid)
    item.deleted_at = utcnow()
    pages.audited("actionitem.remove", item, entity="actionitem")
    return pages.saved(_("The item was removed from the action plan."),
                       redirect(url_for(".edit_plan", uuid=item.plan.tenancy.uuid,
                                        _anchor="items-h")))


@bp.route("/tenancies/<uuid:uuid>/action-plan/print")
def print_plan(uuid: str) -> str:
    """The landlord's copy, always in Swedish: only what the participant agreed to share."""
    tenancy, participant = owned_or_404(Tenancy, uuid, work=True)
    plan = plan_of(tenancy)
    pages.audited("actionplan.print", tenancy)
    agreed = plan is not None and plan.participant_agreed
    shared = [i for i in items_of(plan) if i.sharing == "share"] if agreed else []
    with force_locale("sv"):
        return render_template("landlords/print.html", tenancy=tenancy, plan=plan,
                               agreed=agreed, shared=shared, participant=participant,
                               upcoming=_upcoming(plan, tenancy, today()) if agreed else [],
                               printed_on=today())


def tenancy_ended(tenancy: Tenancy) -> None:
    """Called when a tenancy ends: its booked check-ins stop (core.landlords.schedule)."""
    plan = db.session.execute(select(ActionPlan).where(
        ActionPlan.tenancy_id == tenancy.id, ActionPlan.deleted_at.is_(None))).scalars().first()
    if plan is not None:
        db.session.flush()
        schedule.ensure(pages.dbs(), plan, today())
