"""The team's register of landlords and their contact people."""
from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, select
from werkzeug.wrappers import Response

from core.models import Landlord, LandlordContact, Tenancy, utcnow

from .. import audit, pages
from ..extensions import db
from . import bp
from .forms import ContactForm, LandlordForm
from .queries import (
    contact_or_404,
    landlord_or_404,
    live_contacts,
    team_landlords,
    tenancy_counts,
    visible_tenancies,
)


def _audit(action: str, row: Landlord | LandlordContact) -> None:
    audit.record(action, entity=action.partition(".")[0], entity_uuid=row.uuid)


@bp.route("/landlords")
def index() -> str:
    team = pages.my_team()
    landlords = team_landlords(team.id)
    return render_template("landlords/index.html", landlords=landlords,
                           counts=tenancy_counts(team.id),
                           contacts={la.id: len(live_contacts(la)) for la in landlords})


@bp.route("/landlords/new", methods=["GET", "POST"])
def create() -> Response | str:
    team = pages.my_team()
    form = LandlordForm()
    again = pages.earlier(form, Landlord, lambda row: row.team_id == team.id)
    if again is not None:
        return redirect(url_for(".show", uuid=again.uuid))
    if not form.validate_on_submit():
        return render_template("landlords/form.html", form=form, landlord=None)
    landlord = Landlord(uuid=form.uuid.data, team_id=team.id, name=form.name.data,
                        phone=form.phone.data or "", email=form.email.data or "")
    db.session.add(landlord)
    db.session.flush()
    _audit("landlord.create", landlord)
    return pages.saved(_("%(name)s was added.", name=landlord.name),
                       redirect(url_for(".show", uuid=landlord.uuid)))


@bp.route("/landlords/<uuid:uuid>")
def show(uuid: str) -> str:
    landlord = landlord_or_404(uuid)
    return render_template("landlords/show.html", landlord=landlord,
                           contacts=live_contacts(landlord),
                           tenancies=visible_tenancies(landlord))


@bp.route("/landlords/<uuid:uuid>/edit", methods=["GET", "POST"])
def edit(uuid: str) -> Response | str:
    landlord = landlord_or_404(uuid)
    form = LandlordForm(obj=landlord)
    if not form.validate_on_submit():
        return render_template("landlords/form.html", form=form, landlord=landlord)
    renamed = landlord.name != form.name.data
    landlord.name = form.name.data
    landlord.phone, landlord.email = form.phone.data or "", form.email.data or ""
    _touch_tenancies(Tenancy.landlord_id == landlord.id, name=landlord.name if renamed else None)
    _audit("landlord.update", landlord)
    return pages.saved(_("The landlord was saved."),
                       redirect(url_for(".show", uuid=landlord.uuid)))


def _touch_tenancies(where: ColumnElement[bool], name: str | None = None) -> None:
    """Tenancies showing this landlord or contact are sent to the phones again (a new
    version); a renamed landlord's tenancies take the new name."""
    for tenancy in db.session.execute(select(Tenancy).where(where)).scalars():
        tenancy.updated_at = utcnow()
        if name is not None:
            tenancy.landlord = name


@bp.route("/landlords/<uuid:uuid>/contacts/new", methods=["GET", "POST"])
def create_contact(uuid: str) -> Response | str:
    landlord = landlord_or_404(uuid)
    form = ContactForm()
    again = pages.earlier(form, LandlordContact, lambda row: row.landlord_id == landlord.id)
    if again is not None:
        return redirect(url_for(".show", uuid=landlord.uuid))
    if not form.validate_on_submit():
        return render_template("landlords/contact_form.html", form=form, landlord=landlord,
                               contact=None)
    contact = LandlordContact(uuid=form.uuid.data, landlord_id=landlord.id,
                              name=form.name.data, role=form.role.data or "",
                              phone=form.phone.data or "", email=form.email.data or "")
    db.session.add(contact)
    db.session.flush()
    _audit("landlordcontact.create", contact)
    return pages.saved(_("%(name)s was added.", name=contact.name),
                       redirect(url_for(".show", uuid=landlord.uuid)))


@bp.route("/contacts/<uuid:uuid>/edit", methods=["GET", "POST"])
def edit_contact(uuid: str) -> Response | str:
    contact = contact_or_404(uuid)
    form = ContactForm(obj=contact)
    if not form.validate_on_submit():
        return render_template("landlords/contact_form.html", form=form,
                               landlord=contact.landlord, contact=contact)
    contact.name, contact.role = form.name.data, form.role.data or ""
    contact.phone, contact.email = form.phone.data or "", form.email.data or ""
    _touch_tenancies(Tenancy.landlord_contact_id == contact.id)
    _audit("landlordcontact.update", contact)
    return pages.saved(_("The contact person was saved."),
                       redirect(url_for(".show", uuid=contact.landlord.uuid)))


@bp.route("/contacts/<uuid:uuid>/remove", methods=["POST"])
def remove_contact(uuid: str) -> Response:
    contact = contact_or_404(uuid)
    contact.deleted_at = utcnow()
    for tenancy in db.session.execute(
            select(Tenancy).where(Tenancy.landlord_contact_id == contact.id)).scalars():
        tenancy.landlord_contact_id = None
    _audit("landlordcontact.remove", contact)
    return pages.saved(_("%(name)s was removed from the register.", name=contact.name),
                       redirect(url_for(".show", uuid=contact.landlord.uuid)))
