"""The app's evidence beside each fidelity item, in words (numbers from
webapp/reports/figures.evidence, over the twelve months before the assessment)."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from ..reports.figures_page import of


def _days(value: Any) -> str:
    return str(round(value)) if value is not None else "–"


def words(numbers: dict[str, tuple[Any, ...]]) -> dict[str, str]:
    n = numbers
    median_wait, moved = n["days_to_move_in"]
    within, counted, median_visit = n["visit_rhythm"]
    return {
        "days_to_move_in": _("%(num)d moved in; median %(days)s days from joining to moving in.",
                             num=moved, days=_days(median_wait)) if moved
        else _("No one moved in during these twelve months."),
        "lease_conversions": _("Lease conversions due: %(text)s done.",
                               text=of(*n["lease_conversions"])),
        "choices_recorded": _("Goals paused or changed by choice with the participant's comment: "
                              "%(text)s.", text=of(*n["choices_recorded"])),
        "retention_12": _("Still housed 12 months after moving in: %(text)s.",
                          text=of(*n["retention_12"])),
        "goals_own_words": _("Goals written by the participant or together: %(text)s.",
                             text=of(*n["goals_own_words"])),
        "goals_achieved": _("%(goals)d goals achieved; %(ratings)d self-ratings in these twelve "
                            "months.", goals=n["goals_achieved"][0],
                            ratings=n["goals_achieved"][1]),
        "evictions": _("Evictions in these twelve months: %(num)d.", num=n["evictions"][0]),
        "visit_rhythm": _("Home visit within the last 7 days: %(text)s; median %(days)s days.",
                          text=of(within, counted), days=_days(median_visit)),
        "plans_agreed": _("Participants who agree with their plan: %(text)s.",
                          text=of(*n["plans_agreed"])),
        "topics_recorded": _("Visit notes that say what the participant wanted to talk about: "
                             "%(text)s.", text=of(*n["topics_recorded"])),
        "support_after_lease": _("With a first-hand lease and still in the programme: "
                                 "%(text)s.", text=of(*n["support_after_lease"])),
        "reviews_on_time": _("Plan reviews and support-decision renewals on time: %(text)s.",
                             text=of(*n["reviews_on_time"])),
    }
