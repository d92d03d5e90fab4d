"""Validators shared by the feature forms."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import Field, Form
from wtforms.validators import ValidationError

# Far enough for any real date in this work, near enough that date sums
# (18 months to a first-hand lease, 24 months of retention) stay in range:
# date.max is 9999-12-31. A typo like 0225 for 2025 is caught too.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def plausible_date(form: Form, field: Field) -> None:
    """A date between 1900 and 2100 (or none, when the field is optional)."""
    value = field.data
    if isinstance(value, date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(_l("Enter a date between %(first)d and %(last)d.",
                                 first=FIRST_YEAR, last=LAST_YEAR))
