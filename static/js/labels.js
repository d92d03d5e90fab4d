// Labels for the codes the server uses. Functions, so they follow the locale.
import { _ } from "./i18n.js";

const pick = (table, key) => table()[key] || key || "";

export const NOTE_KINDS = ["home_visit", "phone", "joint_move_in", "landlord_meeting",
  "authority_meeting", "other"];
export const noteKind = (k) => pick(() => ({
  home_visit: _("Home visit"), phone: _("Phone call"), joint_move_in: _("Joint move-in visit"),
  landlord_meeting: _("Landlord meeting"), authority_meeting: _("Meeting with an authority"),
  other: _("Other"),
}), k);

export const noteStatus = (s) => pick(() => ({
  draft: _("Draft"), submitted: _("Submitted for review"), returned: _("Returned"),
  signed: _("Signed"),
}), s);

export const LIFE_AREAS = ["home", "health", "social", "meaningful_day", "economy",
  "authorities", "other"];
export const lifeArea = (a) => pick(() => ({
  home: _("Home"), health: _("Health"), social: _("Relationships"),
  meaningful_day: _("A meaningful day"), economy: _("Money"),
  authorities: _("Authorities"), other: _("Other"),
}), a);

export const GOAL_STATUSES = ["active", "achieved", "paused", "changed"];
export const goalStatus = (s) => pick(() => ({
  active: _("Active"), achieved: _("Achieved"), paused: _("Paused by choice"),
  changed: _("Changed"),
}), s);

export const WRITTEN_BY = ["participant", "together", "worker"];
export const writtenBy = (w) => pick(() => ({
  participant: _("The participant"), together: _("Together"), worker: _("The case manager"),
}), w);

export const STEP_WHO = ["participant", "worker", "other"];
export const stepWho = (w) => pick(() => ({
  participant: _("The participant"), worker: _("The case manager"), other: _("Someone else"),
}), w);

export const FOLLOWUP_KINDS = ["visit", "plan_review", "support_decision", "lease_conversion",
  "landlord_checkin", "other"];
export const followupKind = (k) => pick(() => ({
  visit: _("Visit"), plan_review: _("Plan review"), support_decision: _("Support decision renewal"),
  lease_conversion: _("Lease conversion"), landlord_checkin: _("Landlord check-in"), other: _("Other"),
}), k);

export const leaseType = (t) => pick(() => ({
  second_hand: _("Second-hand lease"), first_hand: _("First-hand lease"),
}), t);

export const participantStatus = (s) => pick(() => ({
  active: _("Active"), paused: _("Support paused by choice"), left: _("Has left the programme"),
}), s);

export const fieldName = (f) => pick(() => ({
  lifeArea: _("Life area"), ownWords: _("The goal in their own words"),
  whyItMatters: _("Why it matters to them"), writtenBy: _("Written by"), status: _("Status"),
  statusComment: _("Comment on the status"), what: _("Step"), who: _("Who"), dueOn: _("Due"),
  doneOn: _("Done"), outcome: _("Outcome"), title: _("Title"), kind: _("Kind"),
}), f);

export const entityName = (e) => pick(() => ({
  goal: _("Goal"), step: _("Step"), followup: _("Follow-up"), note: _("Visit note"),
  plan: _("Plan"), participant: _("Participant"), tenancy: _("Tenancy"),
}), e);
