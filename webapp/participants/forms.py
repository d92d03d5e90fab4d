"""Forms: a new participant, recording and ending a tenancy (fields from core.spec)."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import ValidationError

from core.spec.entities import PARTICIPANT, TENANCY

from ..pages.once import CreateOnceForm
from ..spec_forms import spec_field


class ParticipantForm(CreateOnceForm):
    preferred_name = spec_field(PARTICIPANT, "preferredName")
    joined_on = spec_field(PARTICIPANT, "joinedOn")


class TenancyForm(CreateOnceForm):
    address = spec_field(TENANCY, "address")
    landlord = spec_field(TENANCY, "landlord")
    lease_type = spec_field(TENANCY, "leaseType")
    start_date = spec_field(TENANCY, "startDate")
    first_hand_eligible_on = spec_field(TENANCY, "firstHandEligibleOn")

    def validate_first_hand_eligible_on(self, field: DateField) -> None:
        start = self.start_date.data
        if field.data and start and field.data < start:
            raise ValidationError(_l("This date cannot be before the move-in date."))


class EndTenancyForm(FlaskForm):
    end_date = spec_field(TENANCY, "endDate", required=True)
    end_reason = spec_field(TENANCY, "endReason", required=True)
    end_comment = spec_field(TENANCY, "endComment")
    comment_hidden = spec_field(TENANCY, "commentHidden")

    def __init__(self, *args: Any, start_date: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tenancy_start = start_date

    def validate_end_date(self, field: DateField) -> None:
        if field.data and self.tenancy_start and field.data < self.tenancy_start:
            raise ValidationError(_l("The tenancy cannot end before it started."))


class FirstHandForm(FlaskForm):
    """A lease conversion: the same flat, now on a first-hand lease from this day."""

    first_hand_on = spec_field(TENANCY, "firstHandOn", required=True,
                               label=_l("First-hand lease since"))

    def __init__(self, *args: Any, start_date: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tenancy_start = start_date

    def validate_first_hand_on(self, field: DateField) -> None:
        if field.data and self.tenancy_start and field.data < self.tenancy_start:
            raise ValidationError(_l("This date cannot be before the move-in date."))
