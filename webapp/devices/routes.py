"""The devices pages. Every role sees its own devices; an admin sees everyone's.
A device outside what the user may see answers 404."""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from core.limits import LOCK_IDLE_MINUTES_DEFAULT, OFFLINE_DAYS_DEFAULT
from core.models import Device, Team
from core.spec.entities import DEVICE, TEAM
from sync import devices
from sync.protocol import DeviceNotFound

from .. import audit, pages
from ..auth import sessions
from ..pages import dbs, me
from . import bp
from .forms import ConfirmForm, LockSettingsForm, NameForm
from .ua import describe

_NAME_MAX = DEVICE.field("label").max_len
# (low, high, default) of each lock setting, for the hints.
_LIMITS = tuple((f.low, f.high, default) for f, default in (
    (TEAM.field("lockIdleMinutes"), LOCK_IDLE_MINUTES_DEFAULT),
    (TEAM.field("offlineDays"), OFFLINE_DAYS_DEFAULT)))


@dataclass
class Row:
    """A device as the page shows it."""

    device: Device
    browser: str
    system: str
    current: bool


def _visible(client_id: str) -> Device:
    try:
        return devices.visible(dbs(), me(), client_id)
    except DeviceNotFound:
        abort(404)


def _rows(this: str | None) -> list[Row]:
    query = (select(Device).options(selectinload(Device.user))
             .order_by(Device.revoked_at.is_not(None), Device.last_seen.desc(), Device.id))
    if me().role != "admin":
        query = query.where(Device.user_id == me().id)
    rows = []
    for device in dbs().execute(query).scalars():
        browser, system = describe(device.user_agent)
        rows.append(Row(device, browser, system, current=device.client_id == this))
    return rows


def _teams() -> list[Team]:
    """The teams whose lock settings this user may change."""
    if me().role == "admin":
        return list(dbs().execute(select(Team).order_by(Team.name)).scalars())
    team = me().team
    return [team] if me().role == "team_lead" and team is not None else []


@bp.get("/")
def mine() -> str:
    # ?this=<clientID>: the field app links here with its own id, so "this device" is marked.
    rows = _rows(request.args.get("this"))
    return render_template("devices/list.html", rows=rows, teams=_teams(),
                           name_form=NameForm(formdata=None), name_max=_NAME_MAX,
                           all_users=me().role == "admin")


@bp.post("/<client_id>/name")
def rename(client_id: str) -> Response | tuple[str, int]:
    device = _visible(client_id)
    form = NameForm()
    if not form.validate_on_submit():
        return render_template("devices/list.html", rows=_rows(None), teams=_teams(),
                               name_form=form, failed=device.client_id, name_max=_NAME_MAX,
                               all_users=me().role == "admin"), 400
    devices.rename(dbs(), me(), device.client_id, form.name.data or "")
    audit.record("device.rename", entity="device", entity_uuid=device.client_id)
    return pages.saved(_("The name is saved."),
                       redirect(url_for(".mine", _anchor=f"d-{device.client_id}"), 303))


@bp.route("/<client_id>/revoke", methods=["GET", "POST"])
def revoke(client_id: str) -> Response | str:
    device = _visible(client_id)
    form = ConfirmForm()
    if device.revoked_at is None and form.validate_on_submit():
        devices.revoke(dbs(), me(), device.client_id)
        sessions.end_sessions_after_revoke(device.user, me())
        audit.record("device.revoke", entity="device", entity_uuid=device.client_id)
        return pages.saved(_("The device is revoked. It deletes everything Bokvar stored on "
                             "it the next time it is online, and gets no new data."),
                           redirect(url_for(".mine"), 303))
    browser, system = describe(device.user_agent)
    return render_template("devices/revoke.html", device=device, form=form,
                           browser=browser, system=system)


@bp.route("/teams/<team_uuid>/settings", methods=["GET", "POST"])
def team_settings(team_uuid: str) -> Response | tuple[str, int]:
    team = next((t for t in _teams() if t.uuid == team_uuid), None)
    if team is None:
        pages.allowed(False)  # the page exists; this team is not the user's to set
    assert team is not None
    form = LockSettingsForm(obj=team)
    if form.validate_on_submit():
        team.lock_idle_minutes = form.lock_idle_minutes.data
        team.offline_days = form.offline_days.data
        audit.record("team.lock_settings", entity="team", entity_uuid=team.uuid)
        return pages.saved(_("The settings are saved. Phones use them from their next sync."),
                           redirect(url_for(".mine"), 303))
    status = 400 if form.is_submitted() else 200
    return render_template("devices/team_settings.html", team=team, form=form,
                           limits=_LIMITS), status
