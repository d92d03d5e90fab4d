"""Follow-ups that schedule themselves (pure: the callers write the rows).

- Agreeing the plan plans the review `review_interval_months` later (the
  team's setting, default 3: Ale follows up every third month).
- Completing a plan review plans the next one as far ahead, and moves the
  plan's next review date; completing the yearly support-decision renewal
  plans next year's.
- A second-hand lease plans the conversion follow-up at the date it may
  become first-hand (18 months after moving in, core.due). The conversion
  itself is an event on the same tenancy, never a move.
- A participant who left the programme gets no new follow-ups.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from .due import in_programme

YEARLY_MONTHS = 12


@dataclass(frozen=True)
class Planned:
    kind: str
    due_on: date


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it is shorter."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_after_agreement(agreed_on: date, interval_months: int, status: str | None,
                           deleted: object = None) -> Planned | None:
    if not in_programme(status, deleted):
        return None
    return Planned("plan_review", add_months(agreed_on, interval_months))


def next_after_done(kind: str, done_on: date, interval_months: int, status: str | None,
                    deleted: object = None) -> Planned | None:
    """The follow-up that a completed one of `kind` brings, if any."""
    if not in_programme(status, deleted):
        return None
    if kind == "plan_review":
        return Planned("plan_review", add_months(done_on, interval_months))
    if kind == "support_decision":
        return Planned("support_decision", add_months(done_on, YEARLY_MONTHS))
    return None


def first_support_decision(joined_on: date) -> Planned:
    """The support decision is renewed once a year from joining."""
    return Planned("support_decision", add_months(joined_on, YEARLY_MONTHS))
