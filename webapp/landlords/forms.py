"""Forms of the landlord pages; every field comes from the field spec (core.spec)."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField

from core.spec.entities import ACTION_ITEM, ACTION_PLAN, LANDLORD, LANDLORD_CONTACT, LANDLORD_REPORT
from core.spec.fields import Invalid

from ..pages.once import CreateOnceForm
from ..spec_forms import problem_text, spec_field


class LandlordForm(CreateOnceForm):
    name = spec_field(LANDLORD, "name")
    phone = spec_field(LANDLORD, "phone", render_kw={"type": "tel", "autocomplete": "off"})
    email = spec_field(LANDLORD, "email", render_kw={"type": "email", "autocomplete": "off"})


class ContactForm(CreateOnceForm):
    name = spec_field(LANDLORD_CONTACT, "name", render_kw={"autocomplete": "off"})
    role = spec_field(LANDLORD_CONTACT, "role")
    phone = spec_field(LANDLORD_CONTACT, "phone", render_kw={"type": "tel", "autocomplete": "off"})
    email = spec_field(LANDLORD_CONTACT, "email",
                       render_kw={"type": "email", "autocomplete": "off"})


class LinkForm(FlaskForm):
    """Which landlord in the register, and which of its people, for this flat."""

    landlord = SelectField(_l("Landlord in the register"), choices=[], validate_choice=True)
    contact = SelectField(_l("Contact person for this flat"), choices=[], validate_choice=True)


class ActionPlanForm(FlaskForm):
    agreed_on = spec_field(ACTION_PLAN, "agreedOn")
    participant_agreed = spec_field(ACTION_PLAN, "participantAgreed")
    landlord_agreed_by = spec_field(ACTION_PLAN, "landlordAgreedBy")
    landlord_calls = spec_field(ACTION_PLAN, "landlordCalls", render_kw={"rows": 2})
    call_hours = spec_field(ACTION_PLAN, "callHours", render_kw={"rows": 2})
    landlord_steps = spec_field(ACTION_PLAN, "landlordSteps", render_kw={"rows": 3})
    first_contact_hours = spec_field(ACTION_PLAN, "firstContactHours")
    visit_days = spec_field(ACTION_PLAN, "visitDays")
    counting = spec_field(ACTION_PLAN, "counting")
    team_steps = spec_field(ACTION_PLAN, "teamSteps", render_kw={"rows": 3})
    joint_visit_on = spec_field(ACTION_PLAN, "jointVisitOn")
    checkin_monthly_months = spec_field(ACTION_PLAN, "checkinMonthlyMonths")
    checkin_every_months = spec_field(ACTION_PLAN, "checkinEveryMonths")
    shared_with_participant = spec_field(ACTION_PLAN, "sharedWithParticipant")


class ItemForm(CreateOnceForm):
    text = spec_field(ACTION_ITEM, "text", render_kw={"rows": 3})
    written_by = spec_field(ACTION_ITEM, "writtenBy")
    # Asked every time, with no answer chosen beforehand: the participant decides.
    sharing = spec_field(ACTION_ITEM, "sharing", radio=True)


REPORT_MOMENTS = ("first_contact_at", "visit_at", "closed_at")


class ReportForm(CreateOnceForm):
    kind = spec_field(LANDLORD_REPORT, "kind")
    channel = spec_field(LANDLORD_REPORT, "channel")
    received_at = spec_field(LANDLORD_REPORT, "receivedAt")
    reported_by = spec_field(LANDLORD_REPORT, "reportedBy")
    summary = spec_field(LANDLORD_REPORT, "summary", render_kw={"rows": 4})
    first_contact_at = spec_field(LANDLORD_REPORT, "firstContactAt")
    visit_at = spec_field(LANDLORD_REPORT, "visitAt")
    agreed = spec_field(LANDLORD_REPORT, "agreed", render_kw={"rows": 3})
    closed_at = spec_field(LANDLORD_REPORT, "closedAt")
    outcome = spec_field(LANDLORD_REPORT, "outcome", render_kw={"rows": 3})
    shared_with_participant = spec_field(LANDLORD_REPORT, "sharedWithParticipant")

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        received = self.received_at.data
        for name in REPORT_MOMENTS:
            field = getattr(self, name)
            if received and field.data and not field.errors and field.data < received:
                field.errors.append(problem_text(Invalid("before_received")))
                ok = False
        return ok
