"""Forms: a new participant, recording and ending a tenancy."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ..pages.once import CreateOnceForm
from ..validators import plausible_date
from .labels import choices


class ParticipantForm(CreateOnceForm):
    preferred_name = StringField(
        _l("The name they want to be called"), validators=[DataRequired(), Length(max=120)]
    )
    joined_on = DateField(_l("Joined the programme on"),
                          validators=[InputRequired(), plausible_date])


class TenancyForm(CreateOnceForm):
    address = StringField(_l("Address"), validators=[DataRequired(), Length(max=255)])
    landlord = StringField(_l("Landlord"), validators=[DataRequired(), Length(max=120)])
    lease_type = SelectField(_l("Lease"), choices=choices("lease_type"))
    start_date = DateField(_l("Move-in date"), validators=[InputRequired(), plausible_date])
    first_hand_eligible_on = DateField(
        _l("Eligible for a first-hand lease from"), validators=[Optional(), plausible_date]
    )

    def validate_first_hand_eligible_on(self, field: DateField) -> None:
        start = self.start_date.data
        if field.data and start and field.data < start:
            raise ValidationError(_l("This date cannot be before the move-in date."))


class EndTenancyForm(FlaskForm):
    end_date = DateField(_l("Moved out on"), validators=[InputRequired(), plausible_date])
    end_reason = SelectField(_l("Why the tenancy ended"), choices=choices("tenancy_end_reason"))
    end_comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=4000)])

    def __init__(self, *args: object, start_date: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.tenancy_start = start_date

    def validate_end_date(self, field: DateField) -> None:
        if field.data and self.tenancy_start and field.data < self.tenancy_start:
            raise ValidationError(_l("The tenancy cannot end before it started."))
