// Labels for stored values, fields and entities: the spec's msgids
// (spec.js), translated by the one catalogue (i18n.js). Functions, so they
// follow the locale.
import { _ } from "./i18n.js";
import SPEC, { choiceValues } from "./spec.js";

/** The label of a stored value of a choice list; an unknown value shows as stored. */
export function label(group, value) {
  const list = SPEC.choices[group];
  const text = list && list.labels[value];
  if (!text) return value || "";
  return list.translate ? _(text) : text;
}

const labelOf = (group) => (value) => label(group, value);

export const NOTE_KINDS = choiceValues("note_kind");
export const LIFE_AREAS = choiceValues("life_area");
export const GOAL_STATUSES = choiceValues("goal_status");
export const WRITTEN_BY = choiceValues("written_by");
export const STEP_WHO = choiceValues("step_who");
export const FOLLOWUP_KINDS = choiceValues("followup_kind");

export const noteKind = labelOf("note_kind");
export const noteStatus = labelOf("note_status");
export const lifeArea = labelOf("life_area");
export const goalStatus = labelOf("goal_status");
export const writtenBy = labelOf("written_by");
export const stepWho = labelOf("step_who");
export const followupKind = labelOf("followup_kind");
export const leaseType = labelOf("lease_type");
export const participantStatus = labelOf("participant_status");

/** A field's label: the entity's own, else the first entity that has the field. */
export function fieldName(wire, entity = null) {
  const names = entity ? [entity, ...Object.keys(SPEC.entities)] : Object.keys(SPEC.entities);
  for (const name of names) {
    const f = SPEC.entities[name] && SPEC.entities[name].fields[wire];
    if (f && f.label) return _(f.label);
  }
  return wire || "";
}

export function entityName(entity) {
  const e = SPEC.entities[entity];
  return e ? _(e.label) : (entity || "");
}

/** What was wrong with a value ({problem, params}), in the app's language. */
export function problemText(detail) {
  const msgid = detail && SPEC.words.problems[detail.problem];
  return msgid ? _(msgid, detail.params || {}) : "";
}

/**
 * Why the server refused a change, in the app's own language (the server's
 * message is in the language of the server pages, which may differ): from the
 * refusal's code and, when a field was wrong, its detail.
 */
export function refusalText(e) {
  const msgid = e && SPEC.words.refusals[e.code];
  if (!msgid) return (e && (e.message || e.code)) || "";
  const d = e.detail;
  const problem = problemText(d);
  const entity = e.entity || (e.name || "").split(".")[0];
  const detail = problem && d.field ? `${fieldName(d.field, entity)}: ${problem}` : problem;
  return _(msgid, { detail: detail || e.message || "" });
}
