"""The fidelity self-assessment (metodtrohet): Bokvar's own items, mapped to the eight
principles of Bostad först.

The items are written for Bokvar. The domains they are grouped under come from
the Pathways Housing First Fidelity Scale (Stefancic, Tsemberis et al. 2013:
housing process and structure, separation of housing and services, service
philosophy, service array, team and programme structure); its items are not
copied. Each item is rated 1–4 like that scale. The words (item statements,
principles, domains, scale) are choice lists in core/spec/choices.py; the
evidence beside an item is computed by the team figures (webapp/reports/figures.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from .spec.choices import values


@dataclass(frozen=True)
class Item:
    key: str
    principle: str  # core.spec choice "fidelity_principle"
    domain: str  # core.spec choice "fidelity_domain"
    evidence: str  # a key of the figures' evidence, or "" when the app holds none


ITEMS: tuple[Item, ...] = (
    Item("no_readiness", "housing_right", "housing_process", "days_to_move_in"),
    Item("ordinary_lease", "housing_right", "housing_process", "lease_conversions"),
    Item("choice_of_home", "choice", "housing_process", ""),
    Item("choice_recorded", "choice", "philosophy", "choices_recorded"),
    Item("lease_not_conditional", "separation", "separation", ""),
    Item("home_kept", "separation", "separation", "retention_12"),
    Item("own_goals", "recovery", "philosophy", "goals_own_words"),
    Item("progress_together", "recovery", "service_array", "goals_achieved"),
    Item("meets_people_where_they_are", "harm_reduction", "philosophy", "evictions"),
    Item("no_sanctions", "harm_reduction", "philosophy", ""),
    Item("regular_contact", "engagement", "service_array", "visit_rhythm"),
    Item("no_coercion", "engagement", "philosophy", ""),
    Item("plan_with_participant", "participant_driven", "philosophy", "plans_agreed"),
    Item("participant_topics", "participant_driven", "philosophy", "topics_recorded"),
    Item("support_after_lease", "flexible", "team_structure", "support_after_lease"),
    Item("reviews_on_time", "flexible", "team_structure", "reviews_on_time"),
)
PRINCIPLES = values("fidelity_principle")
RATINGS = values("fidelity_rating")


def item(key: str) -> Item:
    return next(i for i in ITEMS if i.key == key)


def average(ratings: list[str]) -> float | None:
    """The mean of the rated items ("" is not rated and not counted)."""
    values = [int(r) for r in ratings if r in RATINGS]
    return sum(values) / len(values) if values else None
