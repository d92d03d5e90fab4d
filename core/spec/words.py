"""The words the server and the PWA share, as msgids (English), in one place.

Nothing here is translated: `N_` only marks a msgid for extraction
(scripts/i18n.py). The server pages translate with Flask-Babel's gettext,
the PWA with the same compiled catalogue (/i18n/<locale>.json), so a stored
value, a date or a problem reads the same on every screen.

Placeholders are `{name}` in every msgid shared with the PWA (the JS
catalogue fills them the same way), filled by `fill()` here.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any


def N_(msgid: str) -> str:
    return msgid


def NP_(singular: str, plural: str) -> tuple[str, str]:
    return singular, plural


def fill(text: str, **params: Any) -> str:
    for key, value in params.items():
        text = text.replace("{" + key + "}", str(value))
    return text


# --- what is wrong with a value (core.spec.fields.Invalid codes) -----------------------
PROBLEMS: dict[str, str] = {
    "required": N_("This cannot be empty."),
    "too_long": N_("Use at most {max} characters."),
    "too_short": N_("Use at least {min} characters."),
    "pattern": N_("Use only the characters named above."),
    "not_text": N_("This is not text that can be saved."),
    "one_line": N_("Write this on one line."),
    "choice": N_("Choose one of the options."),
    "not_date": N_("Enter a date between {first} and {last} as YYYY-MM-DD."),
    "date_range": N_("Enter a date between {first} and {last}."),
    "future": N_("The date cannot be in the future."),
    "not_moment": N_("Enter a date between {first} and {last} and a time, as YYYY-MM-DD HH:MM."),
    "future_moment": N_("The time cannot be in the future."),
    "before_received": N_("This cannot be earlier than when the report came in."),
    "too_far_ahead": N_("The date can be at most {days} days from today."),
    "not_bool": N_("Answer yes or no."),
    "not_uuid": N_("This is not a valid reference."),
    "int_range": N_("Enter a whole number from {low} to {high}."),
    "not_value": N_("This is not a value that can be saved."),
    "not_writable": N_("This is set by the server and cannot be changed."),
    "not_yours": N_("You may not change this."),
    "unknown": N_("The server does not know this field."),
    "not_object": N_("The change is not in a form the server understands."),
}

# --- why a change from the PWA was not saved (sync Refused codes) -----------------------
REFUSALS: dict[str, str] = {
    "unknown_mutation": N_("The server does not know this kind of change. Update the app."),
    "bad_args": N_("The change was not saved because some data was not valid: {detail}"),
    "not_in_caseload": N_("The participant is not in your caseload any more, "
                          "so the change was not saved."),
    "not_found": N_("The record no longer exists, so the change was not saved."),
    "not_allowed": N_("You may not make this change."),
    "not_editable": N_("The note has been submitted or signed and can no longer be changed."),
    "duplicate_uuid": N_("Another record already has this id, so the change was not saved."),
    "already_resolved": N_("This conflict was already resolved."),
    "cannot_apply": N_("The change clashes with stored data and was not saved."),
    "note_empty": N_("Write the note before you submit it."),
}

# --- why a sync request as a whole was refused (envelope errors) ------------------------
ENVELOPE: dict[str, str] = {
    "bad_request": N_("The app sent a request the server could not understand."),
    "protocol_mismatch": N_("Bokvar has been updated. Reload the app to keep syncing; "
                            "your unsynced changes are kept."),
    "schema_mismatch": N_("Bokvar has been updated. Reload the app to keep syncing; "
                          "your unsynced changes are kept."),
    "device_revoked": N_("This device has been signed out of Bokvar. "
                         "The data stored on it will now be removed."),
    "client_id_taken": N_("This device id belongs to another user."),
    "not_found": N_("No such device."),
    "too_large": N_("The request was too large for the server."),
    "other": N_("The request could not be understood."),
}

# --- dates --------------------------------------------------------------------------
MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"),
          N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))
DATE = N_("{day} {month} {year}")
DATE_THIS_YEAR = N_("{day} {month}")
TIMESTAMP = N_("{date}, {time}")
TODAY, YESTERDAY, TOMORROW = N_("today"), N_("yesterday"), N_("tomorrow")
DAYS_AGO = NP_("{n} day ago", "{n} days ago")
IN_DAYS = NP_("in {n} day", "in {n} days")
# When something is due, on a worker's list: past its day is said without blame.
DUE_PAST = NP_("{n} day past its date", "{n} days past its date")

# How long something took (a landlord report's response times), and how a commitment went.
DURATION = {"minutes": N_("{m} min"), "hours": N_("{h} h"), "hours_minutes": N_("{h} h {m} min"),
            "days": N_("{d} d"), "days_hours": N_("{d} d {h} h")}
RESPONSE = {
    "met": N_("In time"),
    "late": N_("Late: was due by {due}"),
    "open": N_("Due by {due}"),
    "soon": N_("About to be missed: due by {due}"),
    "missed": N_("Missed: was due by {due}"),
    "not_needed": N_("Not needed: closed before"),
}

Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]


def date_words(value: date | None, gettext: Gettext, *, short: bool = False,
               today: date | None = None) -> str:
    """'1 Dec 2026' / '1 dec. 2026'; `short` drops the year of a date in this year."""
    if value is None:
        return ""
    month = gettext(MONTHS[value.month - 1])
    if short and today is not None and value.year == today.year:
        return fill(gettext(DATE_THIS_YEAR), day=value.day, month=month)
    return fill(gettext(DATE), day=value.day, month=month, year=value.year)


def timestamp_words(value: datetime | None, gettext: Gettext) -> str:
    """A moment in the team's time (pass a local datetime): '1 Dec 2026, 15:04'."""
    if value is None:
        return ""
    return fill(gettext(TIMESTAMP), date=date_words(value.date(), gettext),
                time=f"{value.hour:02d}:{value.minute:02d}")


def days_words(days: int, gettext: Gettext, ngettext: Ngettext) -> str:
    """A distance in days from today: 'today', '3 days ago', 'in 2 days'."""
    if days == 0:
        return gettext(TODAY)
    if days == -1:
        return gettext(YESTERDAY)
    if days == 1:
        return gettext(TOMORROW)
    forms = DAYS_AGO if days < 0 else IN_DAYS
    return fill(ngettext(forms[0], forms[1], abs(days)), n=abs(days))


def due_words(days: int, gettext: Gettext, ngettext: Ngettext) -> str:
    """When a follow-up is due, from today: '2 days past its date', 'Today', 'In 3 days'."""
    if days < 0:
        return fill(ngettext(DUE_PAST[0], DUE_PAST[1], -days), n=-days)
    text = days_words(days, gettext, ngettext)
    return text[:1].upper() + text[1:]


def duration_words(seconds: float, gettext: Gettext) -> str:
    """'45 min', '3 h 20 min', '2 d 4 h' (whole minutes, rounded down)."""
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    key = "minutes"
    if days:
        key = "days_hours" if hours else "days"
    elif hours:
        key = "hours_minutes" if mins else "hours"
    return fill(gettext(DURATION[key]), d=days, h=hours, m=mins)


def shared_msgids() -> dict[str, Any]:
    """The msgids of this module the PWA renders itself (core.spec.export)."""
    return {
        "problems": PROBLEMS, "refusals": REFUSALS, "envelope": ENVELOPE,
        "months": list(MONTHS), "date": DATE, "dateThisYear": DATE_THIS_YEAR,
        "timestamp": TIMESTAMP, "today": TODAY, "yesterday": YESTERDAY,
        "tomorrow": TOMORROW, "daysAgo": list(DAYS_AGO), "inDays": list(IN_DAYS),
        "duePast": list(DUE_PAST), "duration": DURATION, "response": RESPONSE,
    }
